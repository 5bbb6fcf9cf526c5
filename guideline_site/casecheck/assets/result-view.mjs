// The result region: the verdict and criteria, the advice, "what would change the
// verdict", references, the stamp and the actions; per-field errors; the engine's status
// line. Everything goes into the DOM with textContent; every clinical word comes from
// calc's reply or from the form's data attributes (calc.describe() at build time).

import { caseRows, controlsOf, fieldBox, fieldTitle, isEmpty, own } from "./case-form.mjs";
import { announce, el } from "./dom.mjs";
import { copyText } from "./share.mjs";
import { fullReference, openItems, stampParts, statusLabel, summaryText, verdictLabel } from "./summary.mjs";

const STAGES = {
  runtime: "Loading the case check (Python runtime)…",
  package: "Loading the case-check rules…",
};
export const CRITERIA_ANCHOR = "case-check-criteria";
const BAD_LINK =
  "This link does not contain a readable case, so nothing was checked and the form has been left empty. " +
  "Enter the case again, or ask for a new link.";

function siteLink(root, section) {
  // Sections are relative to the site root, e.g. "selection/#liver-reserve"; "index/" is the root.
  const [path, anchor] = String(section).split("#");
  const page = path.replace(/^\/+/, "") === "index/" ? "" : path;
  return new URL(page + (anchor ? `#${anchor}` : ""), root).href;
}

function citations(root, refs, references) {
  if (!refs?.length) return null;
  const span = el("span", { class: "case-check-refs" }, "Sources: ");
  refs.forEach((key, i) => {
    if (i > 0) span.append("; ");
    const text = references?.[key] ?? key;
    span.append(el("a", { href: new URL(`references/#ref-${key}`, root).href, text }));
  });
  return span;
}

function itemList(root, heading, items, references, cls) {
  if (!items?.length) return [];
  const list = el("ul", { class: `case-check-list ${cls}` });
  for (const item of items) {
    const li = el("li", { "data-id": item.id }, el("span", { text: item.text }));
    const refs = citations(root, item.refs, references);
    if (refs) li.append(" ", refs);
    list.append(li);
  }
  return [el("h3", { text: heading }), list];
}

function renderStamp(ui, result) {
  const p = el("p", { class: "case-check-stamp" }, "Computed in your browser. ");
  stampParts(ui, result).forEach((part, i) => {
    if (i > 0) p.append("; ");
    p.append(`${part.label} `, el("span", { "data-stamp": part.key, text: part.value }));
  });
  p.append(".");
  return p;
}

function renderCaseTable(rows) {
  const body = el("tbody");
  for (const row of rows) {
    body.append(
      el("tr", { "data-field": row.name }, el("th", { scope: "row", text: row.title }), el("td", { text: row.value })),
    );
  }
  const table = el(
    "table",
    { class: "case-check-case-table" },
    el("caption", { text: "The case as entered" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Detail" }), el("th", { scope: "col", text: "Value" }))),
    body,
  );
  // Shown in print only (on screen the form above holds the same).
  return el("div", { class: "case-check-print-only case-check-case" }, table);
}

// On screen the short citation links to the References page; the printout gives the full
// reference (title, journal, identifiers) from the bibliography, built into the page.
function renderReferences(ui, references) {
  const keys = Object.keys(references ?? {});
  if (!keys.length) return [];
  const list = el("ol", { class: "case-check-references" });
  for (const key of keys) {
    const full = fullReference(ui, key);
    list.append(
      el(
        "li",
        { "data-key": key },
        el("a", { class: "case-check-ref-short", href: new URL(`references/#ref-${key}`, ui.root).href, text: references[key] }),
        full ? el("span", { class: "case-check-print-only case-check-ref-full", text: full }) : null,
      ),
    );
  }
  return [el("h3", { text: "References" }), list];
}

export function renderWhatIf(ui, items) {
  const box = ui.output.querySelector(".case-check-whatif");
  if (!box) return;
  if (!items?.length) {
    box.replaceChildren();
    return;
  }
  const list = el("ul", { class: "case-check-list case-check-whatif-list" });
  for (const item of items) {
    const changes = el("ul", { class: "case-check-whatif-changes" });
    for (const change of item.changes ?? []) {
      changes.append(
        el(
          "li",
          { "data-verdict": change.verdict },
          el("span", { class: "case-check-whatif-text", text: change.text }),
          " → ",
          el("span", { class: "case-check-whatif-verdict", text: verdictLabel(ui, change.verdict) }),
        ),
      );
    }
    list.append(
      el("li", { "data-field": item.field }, el("span", { class: "case-check-whatif-title", text: item.title }), changes),
    );
  }
  box.replaceChildren(
    el("h3", { text: "What would change the verdict" }),
    el("p", { text: "Each detail below, changed alone with everything else as entered, would give another verdict:" }),
    list,
  );
}

async function copyAndSay(ui, text, done) {
  const ok = await copyText(text);
  announce(ui, ok ? done : "Copying failed: your browser did not allow it.");
}

function resultActions(ui) {
  const button = (text, action, onClick) => {
    const b = el("button", { type: "button", class: "md-button", "data-action": action, text });
    b.addEventListener("click", onClick);
    return b;
  };
  return el(
    "div",
    { class: "case-check-result-actions" },
    button("Copy summary", "copy-summary", () => copyAndSay(ui, summaryText(ui), "Summary copied")),
    button("Copy link", "copy-link", () => copyAndSay(ui, location.href, "Link copied")),
    button("Print", "print", () => globalThis.print()),
  );
}

// The verdict box: verdict, headline and what is still open, first in the result (and kept
// in view at the top of the result column on wide screens).
function verdictBox(ui, result) {
  const open = openItems(ui, result);
  return el(
    "div",
    { class: "case-check-verdict-box" },
    el("p", { class: "case-check-verdict" }, "Verdict: ", el("strong", { text: verdictLabel(ui, result.verdict) })),
    el("p", { class: "case-check-headline" }, el("strong", { text: result.headline ?? result.verdict })),
    el("p", { class: "case-check-open", "data-open": String(open.count), text: open.text }),
  );
}

export function renderResult(ui, result, data) {
  const { root } = ui;
  const refs = result.references ?? {};
  const rows = caseRows(ui.form, data ?? {});
  ui.last = { result, rows, whatIf: null };
  const nodes = [
    verdictBox(ui, result),
    resultActions(ui),
    el("p", { class: "case-check-rules-version", text: `Evaluated with rules ${result.version ?? "?"}.` }),
    renderCaseTable(rows),
  ];
  const failedScope = (result.scope ?? []).filter((s) => !s.ok);
  if (failedScope.length) {
    const list = el("ul", { class: "case-check-list case-check-scope" });
    for (const s of failedScope) list.append(el("li", { "data-id": s.id, text: s.reason }));
    nodes.push(el("h3", { text: "Scope" }), list);
  }
  const crit = el("ul", { class: "case-check-criteria-result" });
  for (const c of result.criteria ?? []) {
    const status = statusLabel(ui, c.status);
    const title = el(
      "p",
      { class: "case-check-criterion-title" },
      el("span", { class: "case-check-status", "data-status": c.status, text: status }),
      " ",
      el("a", { href: siteLink(root, c.section), text: c.label }),
      el("span", { class: "case-check-kind", text: c.required ? " (required)" : " (favourable)" }),
    );
    const reason = el("p", { class: "case-check-reason", text: c.reason });
    const li = el("li", { "data-id": c.id, "data-status": c.status }, title, reason);
    const cites = citations(root, c.refs, refs);
    if (cites) li.append(el("p", {}, cites));
    crit.append(li);
  }
  nodes.push(el("h3", { text: "Criteria" }), crit);
  nodes.push(...itemList(root, "Recommendations", result.recommendations, refs, "case-check-recommendations"));
  nodes.push(...itemList(root, "Systemic therapy", result.systemic_therapy, refs, "case-check-therapy"));
  nodes.push(...itemList(root, "Warnings", result.warnings, refs, "case-check-warnings"));
  nodes.push(el("div", { class: "case-check-whatif" }));
  nodes.push(...renderReferences(ui, refs));
  nodes.push(renderStamp(ui, result));
  ui.output.replaceChildren(...nodes);
  delete ui.result.dataset.whatIf; // set again when this result's list arrives
  ui.result.dataset.verdict = result.verdict;
  ui.result.dataset.state = "verdict";
}

export function showLinkProblem(ui) {
  clearResultState(ui);
  ui.result.dataset.state = "link-problem";
  ui.output.replaceChildren(
    el("p", { class: "case-check-headline case-check-invalid case-check-link-problem", role: "alert", text: BAD_LINK }),
  );
}

function clearResultState(ui) {
  delete ui.result.dataset.verdict;
  delete ui.result.dataset.whatIf;
  ui.last = null;
}

export function clearErrors(ui) {
  for (const node of ui.form.querySelectorAll("[aria-invalid]")) {
    node.removeAttribute("aria-invalid");
    const ids = (node.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => !id.endsWith("-error"));
    if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
    else node.removeAttribute("aria-describedby");
  }
  for (const node of ui.form.querySelectorAll(".case-check-field-error")) {
    node.textContent = "";
    node.hidden = true;
  }
  for (const node of ui.form.querySelectorAll(".case-check-field[data-invalid]")) {
    delete node.dataset.invalid;
  }
}

// The reader's words for one of calc's errors: the field's own message (built from the
// schema at build time), "required" when the case left it empty; calc's own text for
// anything the form does not know (an unknown key in a link).
function readerMessage(ui, error, data) {
  const box = error.field ? fieldBox(ui.form, error.field) : null;
  if (!box) return `The link holds a detail this form does not know: “${error.field}”.`;
  const missing = isEmpty(own(data, error.field));
  return (missing ? box.dataset.messageRequired : box.dataset.messageInvalid) || `${box.dataset.title}: ${error.message}`;
}

// Errors that only say a required detail is still empty (the case is incomplete, not wrong).
export function onlyMissing(ui, errors, data) {
  return errors.length > 0 && errors.every((e) => fieldBox(ui.form, e.field) && isEmpty(own(data, e.field)));
}

function inFormOrder(ui, errors) {
  const rank = (error) => {
    const box = error.field ? fieldBox(ui.form, error.field) : null;
    return box ? [...ui.form.querySelectorAll("[data-field]")].indexOf(box) : Number.MAX_SAFE_INTEGER;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b));
}

function fieldLink(control, text) {
  // A same-page link: the page's link guard focuses the control (see page-links.mjs).
  return el("a", { href: `#${control.id}`, text });
}

// Per-field errors: each field marked and described, a linked list in the result. Focus
// moves to the first field only when `focus` is set (after "Check this case").
export function showErrors(ui, errors, data, { focus = false } = {}) {
  const { form } = ui;
  clearResultState(ui);
  ui.result.dataset.state = "invalid";
  let firstControl = null;
  const summary = el("ul", { class: "case-check-error-summary" });
  for (const error of inFormOrder(ui, errors)) {
    const text = readerMessage(ui, error, data);
    const controls = error.field ? controlsOf(form, error.field) : [];
    const wrapper = error.field ? fieldBox(form, error.field) : null;
    if (controls.length === 0 || !wrapper) {
      summary.append(el("li", { text }));
      continue;
    }
    const message = wrapper.querySelector(".case-check-field-error");
    if (message) {
      message.textContent = text;
      message.hidden = false;
    }
    wrapper.dataset.invalid = "";
    for (const control of controls) {
      control.setAttribute("aria-invalid", "true");
      if (message) {
        const ids = (control.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
        if (!ids.includes(message.id)) control.setAttribute("aria-describedby", [...ids, message.id].join(" "));
      }
    }
    const target = controls.find((c) => c.checked) ?? controls[0];
    firstControl ??= target;
    summary.append(el("li", {}, fieldLink(target, text)));
  }
  const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  ui.output.replaceChildren(
    el("p", { class: "case-check-headline case-check-invalid", text: `The case could not be checked: ${count} to correct.` }),
    summary,
  );
  if (focus) firstControl?.focus();
  return { count: errors.length, text: `${count} to correct` };
}

// While answering: the required details still empty, without marking anything invalid.
export function showIncomplete(ui, errors) {
  clearResultState(ui);
  ui.result.dataset.state = "incomplete";
  const list = el("ul", { class: "case-check-missing" });
  for (const error of inFormOrder(ui, errors)) {
    const controls = controlsOf(ui.form, error.field);
    const target = controls.find((c) => c.checked) ?? controls[0];
    const title = fieldTitle(ui.form, error.field);
    list.append(el("li", {}, target ? fieldLink(target, title) : title));
  }
  const count = errors.length === 1 ? "1 required detail" : `${errors.length} required details`;
  ui.output.replaceChildren(
    el("p", { class: "case-check-headline", text: `No verdict yet: ${count} still to enter.` }),
    list,
  );
  return { count: errors.length, text: `${count} to enter` };
}

export function showEngineFailure(ui, text) {
  clearResultState(ui);
  ui.result.dataset.state = "failed";
  ui.output.replaceChildren(el("p", { class: "case-check-headline case-check-invalid", text }));
}

export function clearResult(ui) {
  clearResultState(ui);
  delete ui.result.dataset.state;
  ui.output.replaceChildren();
}

export function focusResult(ui) {
  ui.result.querySelector("#case-result-heading")?.focus();
}

export function renderEngine(ui, engine) {
  const { form, status } = ui;
  form.dataset.engine = engine.state;
  if (engine.state === "loading") {
    status.replaceChildren(
      `${STAGES[engine.stage] ?? STAGES.runtime} You can fill in the form meanwhile; a check requested now runs as soon as it is ready.`,
    );
  } else if (engine.state === "ready") {
    status.replaceChildren("Ready. The check runs in your browser: nothing you enter leaves this device.");
  } else {
    const text = engine.stopped
      ? `The case check stopped working in this browser (${engine.error}).`
      : `The case check could not start in this browser (${engine.error}).`;
    status.replaceChildren(
      `${text} You can still check a case by hand against `,
      el("a", { href: `#${CRITERIA_ANCHOR}`, text: "the criteria listed on this page" }),
      ".",
    );
    if (!ui.failureShown) {
      ui.failureShown = true;
      announce(ui, `${text} The criteria are listed on this page.`);
    }
  }
}
