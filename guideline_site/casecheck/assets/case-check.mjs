// Case-check page script (entry module): mounts each form#case-check and runs checks.
// form -> case -> worker -> result; no clinical logic here.
//
// The page modules, by role:
//   engine.mjs       the worker bridge (one worker per visit; its interface at its top)
//   case-form.mjs    form <-> case (reading, filling, the case as entered)
//   form-tools.mjs   "Start from an example" and the explanations switch
//   result-view.mjs  the result, the errors and the engine status, rendered with textContent
//   verdict-bar.mjs  the verdict bar at the bottom of a narrow screen
//   page-links.mjs   same-page links that keep the case (instead of a re-render)
//   share.mjs        the #case= link and the clipboard
//   summary.mjs      the printout's stamp, header and footer, and the plain-text summary
//   dom.mjs          element and live-region helpers
//
// Checks: "Check this case" checks and moves the focus to the result (or to the first
// field to correct). Once the engine is ready, every change to the form checks the case
// again after a short pause ("live"), without moving the focus; the live region then
// speaks only when the verdict changes. The address (#case=...) and the printout follow
// the result on screen.
//
// Loaded only by the case-check page. Material's instant navigation re-creates the page
// content on every visit but evaluates a module only once per document, so the state lives
// on globalThis.__caseCheck (one worker for the whole visit) and every form#case-check is
// mounted exactly once, on first load and on each `document$` emission. The case being
// entered is kept there too (in memory only), so a re-rendered page gets it back.
// Every URL comes from the form's data attributes (relative to the page), so the site works
// under any sub-path.

import { emptyForm, fillForm, readCase } from "./case-form.mjs";
import { announce, el, parseJSON } from "./dom.mjs";
import { getEngine } from "./engine.mjs";
import { setupExamples, setupHelp } from "./form-tools.mjs";
import { guardSamePageLinks } from "./page-links.mjs";
import {
  clearErrors,
  clearResult,
  focusResult,
  onlyMissing,
  renderEngine,
  renderResult,
  renderWhatIf,
  showEngineFailure,
  showErrors,
  showIncomplete,
  showLinkProblem,
} from "./result-view.mjs";
import { CASE_PREFIX, clearFragment, decodeCase, writeFragment } from "./share.mjs";
import { openItems, refreshPrintout, verdictLabel } from "./summary.mjs";
import { setupBar, uncoverFocus, updateBar } from "./verdict-bar.mjs";

// Pause after the last keystroke before a live check; a choice is checked at once.
const TYPING_PAUSE_MS = 400;
const CHOICE_PAUSE_MS = 30;

const cc = (globalThis.__caseCheck ??= {});
// Test hooks: mounted forms; the ui of the form mounted last (the one on screen); checks
// by kind ({submit, live, link, example, restore}); the case entered (null after a reset).
cc.mounts ??= 0;
cc.forms ??= new WeakSet();
cc.current ??= null;
cc.checks ??= { submit: 0, live: 0, link: 0, example: 0, restore: 0 };
cc.saved ??= null;

const hasSavedCase = () => Boolean(cc.saved && Object.keys(cc.saved).length);

// What the live region says after a check, and whether it must: a check the reader asked
// for always speaks; a live one only when the verdict (or the lack of one) changed.
function speak(ui, key, text, always) {
  if (!always && key === ui.spoken) return;
  ui.spoken = key;
  announce(ui, text);
}

function loadFromHash(ui) {
  const hash = location.hash;
  if (!hash.startsWith(CASE_PREFIX) || ui.loadedHash === hash) return false;
  ui.loadedHash = hash;
  resetCase(ui, { keepAddress: true }); // an empty form first: never a mix of two cases
  const decoded = decodeCase(hash.slice(CASE_PREFIX.length));
  if (!decoded.ok) {
    showLinkProblem(ui);
    updateBar(ui, null);
    return true;
  }
  fillForm(ui.form, decoded.data);
  cc.saved = readCase(ui.form);
  runCheck(ui, decoded.data, "link");
  return true;
}

// Form, result, bar and (unless a link is being opened) the address back to empty.
function resetCase(ui, { keepAddress = false } = {}) {
  ui.token += 1;
  clearTimeout(ui.liveTimer);
  ui.pendingLive = false;
  ui.result.removeAttribute("aria-busy");
  clearErrors(ui);
  emptyForm(ui.form);
  clearResult(ui);
  clearTimeout(ui.announceTimer); // nothing said before the reset is said after it
  ui.announce.textContent = "";
  ui.spoken = null;
  cc.saved = null;
  updateBar(ui, null);
  if (!keepAddress) clearFragment();
}

function scheduleLive(ui, pause) {
  cc.saved = readCase(ui.form);
  if (ui.engine.state !== "ready") {
    ui.pendingLive = ui.engine.state === "loading"; // checked once the engine is ready
    return;
  }
  clearTimeout(ui.liveTimer);
  ui.liveTimer = setTimeout(() => runCheck(ui, readCase(ui.form), "live"), pause);
}

function mount(form) {
  if (cc.forms.has(form)) return;
  cc.forms.add(form);
  cc.mounts += 1;
  try {
    mountForm(form);
  } catch (err) {
    // Never a dead form without a word: say so where the engine's status goes.
    form.dataset.engine = "failed";
    const status = form.querySelector("#case-check-engine");
    if (status) {
      status.textContent =
        `The case check could not start on this page (${err?.message ?? err}). ` +
        "Reload the page; the criteria listed on this page still apply.";
    }
  }
}

function mountForm(form) {
  const result = document.getElementById("case-result");
  const url = (key) => new URL(form.dataset[key] ?? "", document.baseURI).href;
  const ui = {
    form,
    result,
    output: result.querySelector(".case-check-output"),
    announce: result.querySelector("#case-check-announce"),
    status: form.querySelector("#case-check-engine"),
    root: url("siteRoot"),
    token: 0,
    failureShown: false,
    labels: parseJSON(form.dataset.verdictLabels),
    statusLabels: parseJSON(form.dataset.statusLabels),
    references: parseJSON(result.dataset.references),
    engine: null,
    last: null,
    loadedHash: null,
    liveTimer: 0,
    pendingLive: false,
    spoken: null,
    bar: null,
  };
  cc.current = ui;
  const engine = getEngine({
    workerURL: url("workerUrl"),
    indexURL: url("runtimeUrl"),
    options: JSON.parse(form.dataset.pyodideOptions || "{}"),
  });
  ui.engine = engine;
  const stop = engine.onChange(() => {
    if (!form.isConnected) {
      stop();
      return;
    }
    renderEngine(ui, engine);
    if (engine.state === "ready" && ui.pendingLive) scheduleLive(ui, 0);
  });
  renderEngine(ui, engine);
  setupBar(ui);
  setupHelp(ui);
  setupExamples(ui, (data) => {
    resetCase(ui);
    fillForm(form, data);
    cc.saved = readCase(form);
    runCheck(ui, cc.saved, "example");
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(ui.liveTimer);
    ui.pendingLive = false;
    runCheck(ui, readCase(form), "submit");
  });
  form.addEventListener("reset", (event) => {
    event.preventDefault(); // the same reset as for a new link or example, in one place
    resetCase(ui);
    announce(ui, "The form, the result and the case link have been cleared.");
  });
  form.addEventListener("input", (event) => {
    const text = event.target instanceof HTMLInputElement && event.target.type === "text";
    scheduleLive(ui, text ? TYPING_PAUSE_MS : CHOICE_PAUSE_MS);
  });
  form.addEventListener("change", (event) => {
    // A text field's "change" (on leaving it) needs no second check after its "input".
    if (event.target instanceof HTMLInputElement && event.target.type === "text") return;
    scheduleLive(ui, CHOICE_PAUSE_MS);
  });
  for (const button of form.querySelectorAll("button")) button.disabled = false;
  if (loadFromHash(ui)) return;
  if (hasSavedCase()) {
    // Back on the page after an instant navigation (or a re-render): the case as it was.
    fillForm(form, cc.saved);
    runCheck(ui, cc.saved, "restore");
  }
}

// One check: evaluate, show the result (or the errors), then "what would change".
// kind: "submit" (the button), "live" (a change), "link", "example", "restore".
async function runCheck(ui, data, kind) {
  const { form, result, engine } = ui;
  const token = ++ui.token; // the latest check wins
  cc.checks[kind] += 1;
  const asked = kind === "submit";
  if (engine.state === "loading" && asked) {
    clearErrors(ui);
    clearResult(ui);
    ui.output.replaceChildren(el("p", { text: "Checking as soon as the case check is ready…" }));
  }
  result.setAttribute("aria-busy", "true");
  const reply = await engine.request("evaluate", { case: data });
  if (token !== ui.token || !form.isConnected) return;
  result.removeAttribute("aria-busy");
  clearErrors(ui);
  if (reply.ok) {
    const verdict = verdictLabel(ui, reply.result.verdict);
    renderResult(ui, reply.result, data);
    writeFragment(data);
    ui.loadedHash = location.hash;
    refreshPrintout();
    updateBar(ui, { kind: "verdict", label: verdict, detail: openItems(ui, reply.result).text });
    speak(ui, `verdict:${reply.result.verdict}`, `Verdict: ${verdict}. ${reply.result.headline ?? ""}`, asked);
    if (asked) focusResult(ui);
  } else if (reply.error?.kind === "case") {
    clearFragment();
    const errors = reply.error.errors ?? [];
    if (!asked && kind !== "link" && onlyMissing(ui, errors, data)) {
      const shown = showIncomplete(ui, errors);
      updateBar(ui, { kind: "incomplete", label: "No verdict yet", detail: shown.text });
      speak(ui, "incomplete", `No verdict yet: ${shown.text}.`, false);
    } else {
      const shown = showErrors(ui, errors, data, { focus: asked || kind === "link" });
      updateBar(ui, { kind: "invalid", label: "No verdict", detail: shown.text });
      speak(ui, "invalid", `The case could not be checked: ${shown.text}.`, asked);
    }
  } else {
    clearFragment();
    const text =
      reply.error?.kind === "startup"
        ? `The case check could not start (${reply.error.message}).`
        : `The case check failed unexpectedly (${reply.error?.message}). Please report this.`;
    showEngineFailure(ui, text);
    updateBar(ui, null);
    speak(ui, "failed", text, asked);
  }
  if (!reply.ok) return;
  // calc decides for which verdicts there is anything to list (an empty list otherwise).
  const whatIf = await engine.request("what_if", { case: data });
  if (token !== ui.token || !form.isConnected) return;
  if (whatIf.ok) {
    if (ui.last) ui.last.whatIf = whatIf.result;
    renderWhatIf(ui, whatIf.result);
    result.dataset.whatIf = whatIf.result.length ? "shown" : "none";
  } else {
    result.dataset.whatIf = "failed";
  }
}

// After a new build is deployed, instant navigation can bring that build's page into a tab
// still running this script (and this engine, with the old rules): then the page is
// loaded afresh (the case is in the address), once per new script.
const RUNNING = import.meta.url;
function fromAnotherBuild(form) {
  const wanted = new URL(form.dataset.scriptUrl ?? "", document.baseURI).href;
  if (!form.dataset.scriptUrl || wanted === RUNNING) return false;
  try {
    if (sessionStorage.getItem("case-check-reloaded-for") === wanted) return false;
    sessionStorage.setItem("case-check-reloaded-for", wanted);
  } catch {
    return false; // no storage: no way to avoid a reload loop, so no reload
  }
  // The case entered so far goes into the address, where the new page reads it.
  if (hasSavedCase() && !location.hash.startsWith(CASE_PREFIX)) {
    writeFragment(cc.saved);
  }
  globalThis.location.reload();
  return true;
}

cc.mountAll ??= () => {
  for (const form of document.querySelectorAll("form#case-check")) {
    if (fromAnotherBuild(form)) return;
    mount(form);
  }
};

// Material's `document$` emits on load and after each instant navigation (and replays the
// latest document to a new subscriber). Subscribe once per document.
function subscribe() {
  if (cc.subscribed || !globalThis.document$?.subscribe) return false;
  cc.subscribed = true;
  globalThis.document$.subscribe(() => cc.mountAll());
  return true;
}
if (!subscribe()) globalThis.addEventListener("load", subscribe, { once: true });
if (!cc.windowListeners) {
  cc.windowListeners = true;
  // A case link opened on this very page (pasted into the address bar).
  globalThis.addEventListener("hashchange", () => {
    const ui = cc.current;
    if (ui?.form.isConnected) loadFromHash(ui);
  });
  // The printout's stamp holds the date it was printed, its footer the case's address.
  globalThis.addEventListener("beforeprint", refreshPrintout);
  // The verdict bar never covers the focused field.
  document.addEventListener("focusin", () => uncoverFocus(cc.current));
}
guardSamePageLinks(cc);
cc.mountAll();
