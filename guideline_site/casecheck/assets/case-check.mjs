// Case-check page script: form -> case -> worker -> result. No clinical logic here.
//
// Loaded only by the case-check page. Material's instant navigation re-creates the page
// content on every visit but evaluates a module only once per document, so the state lives
// on globalThis.__caseCheck (one worker for the whole visit) and every form#case-check is
// mounted exactly once, on first load and on each `document$` emission.
// Every URL comes from the form's data attributes (relative to the page), so the site works
// under any sub-path. Data goes into the DOM with textContent only.
// After a result: a print-only "case as entered" table and a stamp (the printout), "Copy
// summary" (the same as plain text), the case in the address bar's fragment (#case=...,
// reopened by loadFromHash) and calc's "what would change the verdict" list.

const STAGES = {
  runtime: "Loading the case check (Python runtime)…",
  package: "Loading the case-check rules…",
};
// Fallback only: the labels come from calc.describe() through the form's data-status-labels.
const STATUS_TEXT = { met: "Met", not_met: "Not met", unknown: "Not known", judgement: "Team decision" };
const CRITERIA_ANCHOR = "case-check-criteria";
// Shareable link: the case lives in the fragment (never sent to a server), as base64url
// of compact JSON after this prefix. Written only while a result is shown.
const CASE_PREFIX = "#case=";
const BAD_LINK =
  "This link does not contain a readable case, so nothing was checked and the form has been left empty. " +
  "Enter the case again, or ask for a new link.";

const cc = (globalThis.__caseCheck ??= {
  // Test and benchmark hooks: worker count, mounted forms, checks requested (evaluate;
  // each is followed by one "what_if" request, counted apart), ready time.
  workers: 0,
  mounts: 0,
  requests: 0,
  whatIfRequests: 0,
  readyAt: null,
  engine: null,
  subscribed: false,
  forms: new WeakSet(),
  mountAll: null,
  current: null, // the ui of the form mounted last (the one on screen)
  offline: null, // the service worker's answer to "cache-on-demand"
});

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child);
  }
  return node;
}

// ---- engine (one worker per page visit, shared by every mounted form) ----------------

function createEngine(config) {
  const engine = {
    state: "loading",
    stage: "runtime",
    error: null,
    info: null,
    listeners: new Map(), // form -> callback
    request: null,
  };
  const pending = new Map();
  let nextId = 1;
  let worker = null;

  const notify = () => {
    for (const [form, callback] of engine.listeners) {
      if (form.isConnected) callback(engine);
      else engine.listeners.delete(form);
    }
  };
  const fail = (reason) => {
    if (engine.state === "failed") return;
    engine.state = "failed";
    engine.error = reason || "unknown error";
    for (const [id, resolve] of pending) {
      resolve({ id, ok: false, error: { kind: "startup", message: engine.error } });
    }
    pending.clear();
    notify();
  };

  engine.request = (type, payload = {}) =>
    new Promise((resolve) => {
      if (engine.state === "failed") {
        resolve({ ok: false, error: { kind: "startup", message: engine.error } });
        return;
      }
      const id = nextId++;
      pending.set(id, resolve);
      if (type === "what_if") cc.whatIfRequests += 1;
      else cc.requests += 1;
      worker.postMessage({ id, type, ...payload });
    });

  try {
    worker = new Worker(config.workerURL, { type: "module", name: "case-check" });
    cc.workers += 1;
  } catch (err) {
    fail(`the worker could not be created (${err?.message ?? err})`);
    return engine;
  }
  worker.addEventListener("message", (event) => {
    const msg = event.data ?? {};
    if (msg.type === "progress") {
      engine.stage = msg.stage;
      notify();
    } else if (msg.type === "startup") {
      if (msg.ok) {
        engine.state = "ready";
        engine.info = msg.info;
        cc.readyAt = performance.now();
        cc.bootMs = msg.ms;
        notify();
        cacheForOffline();
      } else {
        fail(msg.error?.message);
      }
    } else if (pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    fail(event.message || "the case-check worker could not be loaded");
  });
  worker.postMessage({
    type: "init",
    config: { indexURL: config.indexURL, bundleURL: config.bundleURL, options: config.options },
  });
  return engine;
}

// Offline use: once the engine has started, the service worker (when there is one; it may
// register only now) is asked to cache the rest of the runtime it does not precache.
function cacheForOffline() {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw || cc.offlineRequested) return;
  cc.offlineRequested = true;
  sw.ready
    .then((registration) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        cc.offline = event.data;
      };
      registration.active?.postMessage({ type: "cache-on-demand" }, [channel.port2]);
    })
    .catch(() => {});
}

// ---- form -> case ---------------------------------------------------------------------

function controlsOf(form, name) {
  const item = form.elements.namedItem(name);
  if (item === null) return [];
  return item instanceof RadioNodeList ? [...item] : [item];
}

function fieldTitle(form, name) {
  return form.querySelector(`[data-field="${CSS.escape(name)}"]`)?.dataset.title ?? name;
}

// Empty = not known (omitted). Booleans travel as true/false; numbers as typed (calc
// accepts numeric strings and is the one place that validates them).
function readCase(form) {
  const data = {};
  const problems = [];
  for (const name of (form.dataset.fields ?? "").split(" ").filter(Boolean)) {
    const controls = controlsOf(form, name);
    if (controls.length === 0) continue;
    const first = controls[0];
    const kind = first.dataset.kind;
    if (kind === "number" && first.validity.badInput) {
      problems.push({ field: name, message: "Enter a number, or leave it empty if not known." });
      continue;
    }
    const checked = first.type === "radio" ? controls.find((c) => c.checked) : first;
    const value = (checked?.value ?? "").trim();
    if (value === "") continue;
    data[name] = kind === "boolean" ? value === "true" : value;
  }
  return { data, problems };
}

// ---- rendering ------------------------------------------------------------------------

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

function formValue(value) {
  return typeof value === "boolean" ? String(value) : String(value ?? "");
}

// The case as entered, in form order: [{name, title, value}] with the form's own labels
// (from calc.schema() at build time) and "Not known" for anything left empty.
function caseRows(form, data) {
  const rows = [];
  for (const name of (form.dataset.fields ?? "").split(" ").filter(Boolean)) {
    const raw = data[name];
    let value = STATUS_TEXT.unknown; // "Not known": the form's own word for an empty answer
    if (raw !== undefined && raw !== null && raw !== "") {
      const controls = controlsOf(form, name);
      const wanted = formValue(raw);
      const first = controls[0];
      if (first?.type === "radio") {
        const chosen = controls.find((c) => c.value === wanted);
        value = chosen?.closest("label")?.textContent.trim() || wanted;
      } else if (first?.tagName === "SELECT") {
        value = [...first.options].find((o) => o.value === wanted)?.textContent.trim() || wanted;
      } else {
        const unit = form.querySelector(`[data-field="${CSS.escape(name)}"] .case-check-unit`)?.textContent.trim();
        value = unit ? `${wanted} ${unit}` : wanted;
      }
    }
    rows.push({ name, title: fieldTitle(form, name), value });
  }
  return rows;
}

function verdictLabel(ui, code) {
  return ui.labels?.[code] ?? code;
}

function statusLabel(ui, code) {
  return ui.statusLabels?.[code] ?? STATUS_TEXT[code] ?? code;
}

function pad(n) {
  return String(n).padStart(2, "0");
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// The stamp: [{key, label, value}], the same on screen, in print and in the summary.
function stampParts(ui, result) {
  return [
    { key: "version", label: "rules", value: result.version ?? "?" },
    { key: "rules", label: "rules archive", value: ui.form.dataset.rulesHash || "?" },
    { key: "reviewed", label: "guideline last reviewed", value: result.guideline_reviewed ?? "?" },
    { key: "printed", label: "printed", value: today() },
  ];
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

function refreshPrintedDate() {
  for (const node of document.querySelectorAll('#case-result [data-stamp="printed"]')) node.textContent = today();
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

function renderReferences(root, references) {
  const keys = Object.keys(references ?? {});
  if (!keys.length) return [];
  const list = el("ol", { class: "case-check-references" });
  for (const key of keys) {
    list.append(
      el("li", { "data-key": key }, el("a", { href: new URL(`references/#ref-${key}`, root).href, text: references[key] })),
    );
  }
  return [el("h3", { text: "References" }), list];
}

function renderWhatIf(ui, items) {
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

function resultActions(ui) {
  const button = (text, action, onClick) => {
    const b = el("button", { type: "button", class: "md-button", "data-action": action, text });
    b.addEventListener("click", onClick);
    return b;
  };
  return el(
    "div",
    { class: "case-check-result-actions" },
    button("Copy summary", "copy-summary", () => copyText(ui, summaryText(ui), "Summary copied")),
    button("Copy link", "copy-link", () => copyText(ui, location.href, "Link copied")),
    button("Print", "print", () => globalThis.print()),
  );
}

// ---- plain-text summary (the same content as the printout) -----------------------------

function summaryText(ui) {
  const last = ui.last;
  if (!last) return "";
  const { result, rows, whatIf } = last;
  const refs = (keys) => (keys?.length ? ` [${keys.join(", ")}]` : "");
  const lines = [`Case check: ${document.title}`, "", "Case as entered:"];
  for (const row of rows) lines.push(`- ${row.title}: ${row.value}`);
  lines.push("", `Verdict: ${verdictLabel(ui, result.verdict)}`, result.headline ?? "", `Evaluated with rules ${result.version ?? "?"}.`);
  const failedScope = (result.scope ?? []).filter((s) => !s.ok);
  if (failedScope.length) {
    lines.push("", "Scope:");
    for (const s of failedScope) lines.push(`- ${s.reason}`);
  }
  lines.push("", "Criteria:");
  for (const c of result.criteria ?? []) {
    const kind = c.required ? "required" : "favourable";
    lines.push(`- ${c.label} (${kind}): ${statusLabel(ui, c.status)}. ${c.reason}${refs(c.refs)}`);
  }
  const section = (heading, items) => {
    if (!items?.length) return;
    lines.push("", `${heading}:`);
    for (const item of items) lines.push(`- ${item.text}${refs(item.refs)}`);
  };
  section("Recommendations", result.recommendations);
  section("Systemic therapy", result.systemic_therapy);
  section("Warnings", result.warnings);
  if (whatIf?.length) {
    lines.push("", "What would change the verdict (each detail changed alone):");
    for (const item of whatIf) {
      for (const change of item.changes ?? []) {
        lines.push(`- ${item.title}: ${change.text} -> ${verdictLabel(ui, change.verdict)}`);
      }
    }
  }
  const references = Object.entries(result.references ?? {});
  if (references.length) {
    lines.push("", "References:");
    for (const [key, text] of references) lines.push(`- [${key}] ${text}`);
  }
  const stamp = stampParts(ui, result).map((part) => `${part.label} ${part.value}`);
  lines.push("", `${stamp.join("; ")}.`);
  return lines.join("\n");
}

async function copyText(ui, text, done) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // Fallback where the Clipboard API is missing or refused: a selected textarea.
    const area = el("textarea", { readonly: true, "aria-hidden": "true", class: "case-check-copy-area" });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
  }
  announce(ui, ok ? done : "Copying failed: your browser did not allow it.");
}

// ---- shareable link ----------------------------------------------------------------------

function encodeCase(data) {
  const bytes = new TextEncoder().encode(JSON.stringify(data));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// {ok: true, data} for a JSON object, else {ok: false}. Unknown keys and bad values are
// left for calc to report; only "not a case at all" is refused here.
function decodeCase(text) {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false };
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (data === null || typeof data !== "object" || Array.isArray(data)) return { ok: false };
    return { ok: true, data };
  } catch {
    return { ok: false };
  }
}

function writeFragment(data) {
  const url = new URL(location.href);
  url.hash = CASE_PREFIX.slice(1) + encodeCase(data);
  cc.caseHash = url.hash;
  if (url.href !== location.href) history.replaceState(history.state, "", url.href);
}

function clearFragment() {
  cc.caseHash = null;
  if (!location.hash.startsWith(CASE_PREFIX)) return;
  const url = new URL(location.href);
  url.hash = "";
  history.replaceState(history.state, "", url.href.replace(/#$/, ""));
}

function fillForm(form, data) {
  for (const [name, raw] of Object.entries(data)) {
    if (raw === null || raw === undefined) continue;
    const controls = controlsOf(form, name);
    if (!controls.length) continue; // unknown key: calc names it
    const value = formValue(raw);
    const first = controls[0];
    if (first.type === "radio") {
      const option = controls.find((c) => c.value === value);
      if (option) option.checked = true;
    } else {
      first.value = value;
    }
  }
}

function showLinkProblem(ui) {
  delete ui.result.dataset.verdict;
  ui.output.replaceChildren(
    el("h2", { id: "case-result-heading", text: "Result" }),
    el("p", { class: "case-check-headline case-check-invalid case-check-link-problem", role: "alert", text: BAD_LINK }),
  );
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

function renderResult(ui, result, data) {
  const { root } = ui;
  const refs = result.references ?? {};
  const rows = caseRows(ui.form, data ?? {});
  ui.last = { result, rows, whatIf: null };
  const nodes = [
    el("h2", { id: "case-result-heading", text: "Result" }),
    renderCaseTable(rows),
    el("p", { class: "case-check-verdict" }, "Verdict: ", el("strong", { text: verdictLabel(ui, result.verdict) })),
    el("p", { class: "case-check-headline" }, el("strong", { text: result.headline ?? result.verdict })),
    el("p", { class: "case-check-rules-version", text: `Evaluated with rules ${result.version ?? "?"}.` }),
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
  nodes.push(...renderReferences(root, refs));
  nodes.push(renderStamp(ui, result));
  nodes.push(resultActions(ui));
  ui.output.replaceChildren(...nodes);
  ui.result.dataset.verdict = result.verdict;
  announce(ui, `Result: ${result.headline ?? result.verdict}`);
}

function announce(ui, text) {
  // Clear first so the same text twice in a row is announced again.
  ui.announce.textContent = "";
  setTimeout(() => {
    ui.announce.textContent = text;
  }, 50);
}

function clearErrors(ui) {
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

function showErrors(ui, errors) {
  const { form } = ui;
  delete ui.result.dataset.verdict;
  clearFragment();
  let firstControl = null;
  const summary = el("ul", { class: "case-check-error-summary" });
  // In form order, so the first focused is the first on screen.
  const order = (form.dataset.fields ?? "").split(" ");
  const sorted = [...errors].sort((a, b) => {
    const ia = order.indexOf(a.field);
    const ib = order.indexOf(b.field);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
  });
  for (const error of sorted) {
    const controls = error.field ? controlsOf(form, error.field) : [];
    const label = error.field ? fieldTitle(form, error.field) : "Case";
    if (controls.length === 0) {
      summary.append(el("li", { text: `${label}: ${error.message}` }));
      continue;
    }
    const wrapper = form.querySelector(`[data-field="${CSS.escape(error.field)}"]`);
    const message = wrapper?.querySelector(".case-check-field-error");
    if (message) {
      message.textContent = message.textContent ? `${message.textContent} ${error.message}` : error.message;
      message.hidden = false;
    }
    if (wrapper) wrapper.dataset.invalid = "";
    for (const control of controls) {
      control.setAttribute("aria-invalid", "true");
      if (message) {
        const ids = (control.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
        if (!ids.includes(message.id)) control.setAttribute("aria-describedby", [...ids, message.id].join(" "));
      }
    }
    const target = controls.find((c) => c.checked) ?? controls[0];
    firstControl ??= target;
    const link = el("a", { href: `#${target.id}`, text: `${label}: ${error.message}` });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      target.focus();
    });
    summary.append(el("li", {}, link));
  }
  const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  ui.output.replaceChildren(
    el("h2", { id: "case-result-heading", text: "Result" }),
    el("p", { class: "case-check-headline case-check-invalid", text: `The case could not be checked: ${count} to correct.` }),
    summary,
  );
  announce(ui, `The case could not be checked: ${count} to correct.`);
  firstControl?.focus();
}

function showEngineFailure(ui, text) {
  delete ui.result.dataset.verdict;
  clearFragment();
  ui.output.replaceChildren(el("p", { class: "case-check-headline case-check-invalid", text }));
  announce(ui, text);
}

function renderEngine(ui, engine) {
  const { form, status } = ui;
  form.dataset.engine = engine.state;
  if (engine.state === "loading") {
    status.replaceChildren(
      `${STAGES[engine.stage] ?? STAGES.runtime} You can fill in the form meanwhile; a check requested now runs as soon as it is ready.`,
    );
  } else if (engine.state === "ready") {
    status.replaceChildren("Ready. The check runs in your browser: nothing you enter leaves this device.");
  } else {
    const text = `The case check could not start in this browser (${engine.error}).`;
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

// ---- mounting -------------------------------------------------------------------------

function parseJSON(text) {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return {};
  }
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
  cc.engine ??= createEngine({
    workerURL: url("workerUrl"),
    indexURL: url("runtimeUrl"),
    bundleURL: url("bundleUrl"),
    options: JSON.parse(form.dataset.pyodideOptions || "{}"),
  });
  const engine = cc.engine;
  ui.engine = engine;
  engine.listeners.set(form, () => renderEngine(ui, engine));
  renderEngine(ui, engine);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { data, problems } = readCase(form);
    if (problems.length) {
      ui.token += 1;
      clearErrors(ui);
      showErrors(ui, problems);
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
  } else if (reply.error?.kind === "case") showErrors(ui, reply.error.errors ?? []);
  else if (reply.error?.kind === "startup") showEngineFailure(ui, `The case check could not start (${reply.error.message}).`);
  else showEngineFailure(ui, `The case check failed unexpectedly (${reply.error?.message}). Please report this.`);
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
