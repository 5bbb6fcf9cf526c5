// Ready before the reader arrives: an async module in the <head> of every guideline page
// (guideline_site/casecheck/headstart.py writes the tag; its data attributes carry the
// configuration, URLs relative to the page). The case-check page has engine-boot.js.
//
// Starts the engine ahead of the reader only if the runtime is already in the reader's
// cache (a returning reader; no runtime byte is fetched for anyone else, even on intent),
// and only without Save-Data or prefers-reduced-data: at idle after the page has loaded,
// or at once on intent (pointer over or focus on a link to the case-check page; watched
// from the first idle moment after load, when the checks run). An
// instant navigation to the case check then finds the engine ready (getEngine() in the
// page script returns this same engine).
// Hooks on globalThis.__caseCheck: headStart "guideline",
// prewarm ("off" | "first-visit" | "waiting" | "started").

import { RUNTIME_CACHE, getEngine } from "./engine.mjs";

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

// Nothing at all happens before the page has loaded and the browser is idle (the page's
// own rendering comes first; measured with Lighthouse), then the checks below.
async function prewarm(config, casePage) {
  await new Promise((resolve) => whenLoadedAndIdle(resolve));
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
  // One more idle moment: a pointer already on its way to the link wins the race.
  whenLoadedAndIdle(() => start("idle"));
}

if (script && !hooks.headStart && !globalThis.__caseCheckBoot) {
  hooks.headStart = "guideline";
  prewarm(configOf(script), script.dataset.casePage ?? "");
}
