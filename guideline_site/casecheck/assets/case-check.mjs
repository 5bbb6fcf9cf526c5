// Case-check page script: form -> case -> worker -> result. No clinical logic here.
//
// Loaded only by the case-check page. Material's instant navigation re-creates the page
// content on every visit but evaluates a module only once per document, so the state lives
// on globalThis.__caseCheck (one worker for the whole visit) and every form#case-check is
// mounted exactly once, on first load and on each `document$` emission.
// Every URL comes from the form's data attributes (relative to the page), so the site works
// under any sub-path. Data goes into the DOM with textContent only.

const STAGES = {
  runtime: "Loading the case check (Python runtime)…",
  package: "Loading the case-check rules…",
};
const STATUS_TEXT = { met: "Met", not_met: "Not met", unknown: "Not known" };
const CRITERIA_ANCHOR = "case-check-criteria";

const cc = (globalThis.__caseCheck ??= {
  // Test and benchmark hooks: worker count, mounted forms, requests sent, ready time.
  workers: 0,
  mounts: 0,
  requests: 0,
  readyAt: null,
  engine: null,
  subscribed: false,
  forms: new WeakSet(),
  mountAll: null,
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
      cc.requests += 1;
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

function renderResult(ui, result) {
  const { root } = ui;
  const refs = result.references ?? {};
  const nodes = [
    el("h2", { id: "case-result-heading", text: "Result" }),
    el("p", { class: "case-check-headline" }, el("strong", { text: result.headline ?? result.verdict })),
  ];
  const failedScope = (result.scope ?? []).filter((s) => !s.ok);
  if (failedScope.length) {
    const list = el("ul", { class: "case-check-list case-check-scope" });
    for (const s of failedScope) list.append(el("li", { "data-id": s.id, text: s.reason }));
    nodes.push(el("h3", { text: "Scope" }), list);
  }
  const crit = el("ul", { class: "case-check-criteria-result" });
  for (const c of result.criteria ?? []) {
    const status = STATUS_TEXT[c.status] ?? c.status;
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
  const stamp = [`Computed in your browser by calc ${result.version ?? "?"}`];
  if (result.guideline_reviewed) stamp.push(`guideline last reviewed ${result.guideline_reviewed}`);
  nodes.push(el("p", { class: "case-check-stamp", text: `${stamp.join("; ")}.` }));
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
  };
  cc.engine ??= createEngine({
    workerURL: url("workerUrl"),
    indexURL: url("runtimeUrl"),
    bundleURL: url("bundleUrl"),
    options: JSON.parse(form.dataset.pyodideOptions || "{}"),
  });
  const engine = cc.engine;
  engine.listeners.set(form, () => renderEngine(ui, engine));
  renderEngine(ui, engine);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = ++ui.token; // the latest submit wins
    clearErrors(ui);
    delete result.dataset.verdict;
    const { data, problems } = readCase(form);
    if (problems.length) {
      showErrors(ui, problems);
      return;
    }
    if (engine.state === "loading") {
      ui.output.replaceChildren(el("p", { text: "Checking as soon as the case check is ready…" }));
    }
    result.setAttribute("aria-busy", "true");
    const reply = await engine.request("evaluate", { case: data });
    result.removeAttribute("aria-busy");
    if (token !== ui.token || !form.isConnected) return;
    if (reply.ok) renderResult(ui, reply.result);
    else if (reply.error?.kind === "case") showErrors(ui, reply.error.errors ?? []);
    else if (reply.error?.kind === "startup") showEngineFailure(ui, `The case check could not start (${reply.error.message}).`);
    else showEngineFailure(ui, `The case check failed unexpectedly (${reply.error?.message}). Please report this.`);
  });
  form.addEventListener("reset", () => {
    ui.token += 1;
    clearErrors(ui);
    delete result.dataset.verdict;
    ui.output.replaceChildren();
    ui.announce.textContent = "";
  });
  for (const button of form.querySelectorAll("button")) button.disabled = false;
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
cc.mountAll();
