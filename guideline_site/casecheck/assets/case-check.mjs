// Case-check page script (entry module): mounts each form#case-check and runs checks.
// form -> case -> worker -> result; no clinical logic here.
//
// The page modules, by role:
//   engine.mjs       the worker bridge (one worker per visit; its interface at its top)
//   case-form.mjs    form <-> case (reading, filling, the case as entered)
//   result-view.mjs  the result, the errors and the engine status, rendered with textContent
//   share.mjs        the #case= link and the clipboard
//   summary.mjs      the printout's stamp and the plain-text summary
//   dom.mjs          element and live-region helpers
//
// Loaded only by the case-check page. Material's instant navigation re-creates the page
// content on every visit but evaluates a module only once per document, so the state lives
// on globalThis.__caseCheck (one worker for the whole visit) and every form#case-check is
// mounted exactly once, on first load and on each `document$` emission.
// Every URL comes from the form's data attributes (relative to the page), so the site works
// under any sub-path.

import { fillForm, readCase } from "./case-form.mjs";
import { el, parseJSON } from "./dom.mjs";
import { getEngine } from "./engine.mjs";
import {
  clearErrors,
  renderEngine,
  renderResult,
  renderWhatIf,
  showEngineFailure,
  showErrors,
  showLinkProblem,
} from "./result-view.mjs";
import { CASE_PREFIX, clearFragment, decodeCase, writeFragment } from "./share.mjs";
import { refreshPrintedDate } from "./summary.mjs";

const cc = (globalThis.__caseCheck ??= {});
// Test hooks: mounted forms; the ui of the form mounted last (the one on screen).
cc.mounts ??= 0;
cc.forms ??= new WeakSet();
cc.current ??= null;

function showCaseErrors(ui, errors) {
  clearFragment();
  showErrors(ui, errors);
}

function loadFromHash(ui) {
  const hash = location.hash;
  if (!hash.startsWith(CASE_PREFIX) || ui.loadedHash === hash) return;
  ui.loadedHash = hash;
  ui.linkLoading = true;
  ui.form.reset(); // an empty form first: never a mix of two cases
  ui.linkLoading = false;
  const decoded = decodeCase(hash.slice(CASE_PREFIX.length));
  if (!decoded.ok) {
    showLinkProblem(ui);
    return;
  }
  fillForm(ui.form, decoded.data);
  runCheck(ui, decoded.data);
}

function mount(form) {
  if (cc.forms.has(form)) return;
  cc.forms.add(form);
  cc.mounts += 1;
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
    engine: null,
    last: null,
    loadedHash: null,
    linkLoading: false,
  };
  cc.current = ui;
  const engine = getEngine({
    workerURL: url("workerUrl"),
    indexURL: url("runtimeUrl"),
    bundleURL: url("bundleUrl"),
    options: JSON.parse(form.dataset.pyodideOptions || "{}"),
  });
  ui.engine = engine;
  const stop = engine.onChange(() => {
    if (form.isConnected) renderEngine(ui, engine);
    else stop();
  });
  renderEngine(ui, engine);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { data, problems } = readCase(form);
    if (problems.length) {
      ui.token += 1;
      clearErrors(ui);
      showCaseErrors(ui, problems);
      return;
    }
    runCheck(ui, data);
  });
  form.addEventListener("reset", () => {
    ui.token += 1;
    clearErrors(ui);
    delete result.dataset.verdict;
    ui.output.replaceChildren();
    ui.announce.textContent = "";
    ui.last = null;
    if (!ui.linkLoading) clearFragment();
  });
  for (const button of form.querySelectorAll("button")) button.disabled = false;
  loadFromHash(ui);
}

// One check: evaluate, show the result (or the errors), then "what would change".
async function runCheck(ui, data) {
  const { form, result, engine } = ui;
  const token = ++ui.token; // the latest check wins
  clearErrors(ui);
  delete result.dataset.verdict;
  delete result.dataset.whatIf;
  if (engine.state === "loading") {
    ui.output.replaceChildren(el("p", { text: "Checking as soon as the case check is ready…" }));
  }
  result.setAttribute("aria-busy", "true");
  const reply = await engine.request("evaluate", { case: data });
  result.removeAttribute("aria-busy");
  if (token !== ui.token || !form.isConnected) return;
  if (reply.ok) {
    renderResult(ui, reply.result, data);
    writeFragment(data);
    ui.loadedHash = location.hash;
  } else if (reply.error?.kind === "case") showCaseErrors(ui, reply.error.errors ?? []);
  else if (reply.error?.kind === "startup") {
    clearFragment();
    showEngineFailure(ui, `The case check could not start (${reply.error.message}).`);
  } else {
    clearFragment();
    showEngineFailure(ui, `The case check failed unexpectedly (${reply.error?.message}). Please report this.`);
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

cc.mountAll ??= () => {
  for (const form of document.querySelectorAll("form#case-check")) mount(form);
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
  // The printout's stamp holds the date it was printed.
  globalThis.addEventListener("beforeprint", refreshPrintedDate);
}
cc.mountAll();
