// Head start of the case-check engine: an async module in every page's <head>
// (guideline_site/casecheck/headstart.py writes the tag; its data attributes carry the
// configuration, URLs relative to the page).
//
// - Case-check page: create the worker now, before the theme's bundle runs, and hold the
//   theme's search worker back until the engine is ready or has failed, or the reader
//   goes to the search box (then at once), or 15 s have passed. The page script
//   (case-check.mjs) calls getEngine() later and gets this same engine.
// - Guideline page: start the engine ahead of the reader only if the runtime is already
//   in the reader's cache (a returning reader; no runtime byte is fetched for anyone
//   else), and only without Save-Data or prefers-reduced-data: at idle after the page has
//   loaded, or at once on intent (pointer over or focus on a link to the case-check page).
//   An instant navigation to the case check then finds the engine ready.
// Hooks on globalThis.__caseCheck: headStart ("case-check" | "guideline"),
// prewarm ("off" | "first-visit" | "waiting" | "started"), searchHeld, searchReleased.

import { RUNTIME_CACHE, getEngine } from "./engine.mjs";

const SEARCH_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js(\?|$)/;
const SEARCH_HOLD_MS = 15_000;
const IDLE_TIMEOUT_MS = 3_000;

const hooks = (globalThis.__caseCheck ??= {});
const script = document.getElementById("case-check-start");

function configOf(el) {
  const url = (value) => new URL(value ?? "", document.baseURI).href;
  let options = {};
  try {
    options = JSON.parse(el.dataset.pyodideOptions || "{}");
  } catch {
    // the worker reports a start-up failure if anything it needs is missing
  }
  return { workerURL: url(el.dataset.workerUrl), indexURL: url(el.dataset.runtimeUrl), options };
}

// ---- case-check page: the theme's search worker waits for the engine ------------------

function holdSearchWorker(release) {
  const Native = globalThis.Worker;
  if (typeof Native !== "function" || hooks.searchHeld) return;
  hooks.searchHeld = true;
  hooks.searchReleased = false;
  const held = new Set();

  // Stands in for the search worker until it is released: queues what the theme posts,
  // then forwards both ways. The theme only uses postMessage and message events.
  class HeldWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.queue = [];
      this.real = null;
      this.args = [url, options];
      held.add(this);
      if (hooks.searchReleased) this.start();
    }

    start() {
      if (this.real || this.terminated) return;
      const real = new Native(...this.args);
      this.real = real;
      const forward = (type, make) =>
        real.addEventListener(type, (event) => {
          const copy = make(event);
          this.dispatchEvent(copy);
          this[`on${type}`]?.(copy);
        });
      forward("message", (e) => new MessageEvent("message", { data: e.data }));
      forward("messageerror", (e) => new MessageEvent("messageerror", { data: e.data }));
      forward("error", (e) => new ErrorEvent("error", { message: e.message, error: e.error }));
      for (const [message, transfer] of this.queue) real.postMessage(message, transfer);
      this.queue = [];
    }

    postMessage(message, transfer) {
      if (this.real) this.real.postMessage(message, transfer);
      else this.queue.push([message, transfer]);
    }

    terminate() {
      this.terminated = true;
      this.queue = [];
      this.real?.terminate();
      held.delete(this);
    }
  }

  function Worker(url, options) {
    return SEARCH_WORKER.test(String(url)) && !hooks.searchReleased
      ? new HeldWorker(url, options)
      : new Native(url, options);
  }
  Worker.prototype = Native.prototype;
  globalThis.Worker = Worker;

  let timer = null;
  const letGo = () => {
    if (hooks.searchReleased) return;
    hooks.searchReleased = true;
    clearTimeout(timer);
    document.removeEventListener("focusin", onSearch, true);
    document.removeEventListener("change", onSearch, true);
    globalThis.Worker = Native;
    for (const worker of held) worker.start();
  };
  // The reader goes to the search box (click, keyboard shortcut, or tab): search now.
  function onSearch(event) {
    if (event.target?.closest?.('[data-md-component="search"], #__search')) letGo();
  }
  document.addEventListener("focusin", onSearch, true);
  document.addEventListener("change", onSearch, true);
  timer = setTimeout(letGo, SEARCH_HOLD_MS);
  release(letGo);
}

function startOnCasePage(config) {
  let engine = null;
  holdSearchWorker((letGo) => {
    const settled = () => engine && engine.state !== "loading";
    engine = getEngine({ ...config, reason: "head" });
    if (settled()) letGo();
    else {
      const off = engine.onChange(() => {
        if (!settled()) return;
        off();
        // After the result's first paint, not in the same task.
        setTimeout(letGo, 0);
      });
    }
  });
  if (!engine) getEngine({ ...config, reason: "head" });
}

// ---- guideline page: ready before the reader arrives -----------------------------------

function dataSaving() {
  if (globalThis.navigator?.connection?.saveData === true) return true;
  return globalThis.matchMedia?.("(prefers-reduced-data: reduce)").matches === true;
}

// Only a reader whose cache already holds the runtime's WebAssembly (put there by the
// service worker after a first use of the case check). caches.match never creates a cache.
async function runtimeCached(config) {
  if (typeof globalThis.caches?.match !== "function") return false;
  try {
    const wasm = new URL("pyodide.asm.wasm", config.indexURL).href;
    return Boolean(await caches.match(wasm, { cacheName: RUNTIME_CACHE }));
  } catch {
    return false;
  }
}

function whenLoadedAndIdle(run) {
  const idle = () =>
    typeof globalThis.requestIdleCallback === "function"
      ? requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS })
      : setTimeout(run, 200);
  if (document.readyState === "complete") idle();
  else globalThis.addEventListener("load", idle, { once: true });
}

async function prewarm(config, casePage) {
  if (dataSaving()) {
    hooks.prewarm = "off";
    return;
  }
  if (!(await runtimeCached(config))) {
    hooks.prewarm = "first-visit";
    return;
  }
  hooks.prewarm = "waiting";
  const casePath = new URL(casePage, document.baseURI).pathname;
  const start = (reason) => {
    if (hooks.prewarm === "started") return;
    hooks.prewarm = "started";
    document.removeEventListener("pointerover", onIntent, true);
    document.removeEventListener("focusin", onIntent, true);
    getEngine({ ...config, reason });
  };
  function onIntent(event) {
    const link = event.target?.closest?.("a[href]");
    if (!link) return;
    const url = new URL(link.href, document.baseURI);
    if (url.origin === location.origin && url.pathname === casePath) start("intent");
  }
  document.addEventListener("pointerover", onIntent, { capture: true, passive: true });
  document.addEventListener("focusin", onIntent, true);
  whenLoadedAndIdle(() => start("idle"));
}

if (script && !hooks.headStart) {
  const config = configOf(script);
  hooks.headStart = script.dataset.role === "case-check" ? "case-check" : "guideline";
  if (hooks.headStart === "case-check") startOnCasePage(config);
  else prewarm(config, script.dataset.casePage ?? "");
}
