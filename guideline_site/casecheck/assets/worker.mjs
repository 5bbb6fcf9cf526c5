// Case-check engine: boots Pyodide from the site's own files and answers with `calc`.
//
// Runs as a module Web Worker (started by case-check.mjs), and is imported as a plain
// module by tests/node/run_cases.mjs, so the parity test exercises this very code.
//
// Protocol (page -> worker):
//   {type: "init", config: {indexURL, bundleURL, options}}   starts the one start-up promise
//   {id, type: "ping"}                                     -> {id, ok: true, result: {version, ...}}
//   {id, type: "evaluate", case}                           -> {id, ok: true, result}
//                                                          |  {id, ok: false, error: {kind: "case", errors}}
//                                                          |  {id, ok: false, error: {kind: "internal"|"startup", message}}
//   {id, type: "what_if", case}                            -> {id, ok: true, result: [...]} (calc.what_would_change),
//                                                             errors as for "evaluate"
// Notifications (worker -> page):
//   {type: "progress", stage: "runtime"|"package"}
//   {type: "startup", ok: true, info, ms} | {type: "startup", ok: false, error: {kind: "startup", message}}
// Requests sent before start-up ends wait for it; none is dropped.

const BRIDGE_MODULE = "case_check_bridge"; // bundled beside `calc` (guideline_site/casecheck/bridge.py)
const EXTRACT_DIR = "/case-check";

function message(err) {
  if (err instanceof Error) return err.message || String(err);
  return String(err);
}

// `base` is a URL in the browser, and may be a plain directory path in Node.
function resolve(value, base) {
  if (URL.canParse?.(base)) return new URL(value, base).href;
  return URL.canParse?.(value) || value.startsWith("/") ? value : base + value;
}

// Option values whose key ends in "URL" (e.g. stdLibURL) are relative to the runtime folder.
function resolveOptions(options, indexURL) {
  const out = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    out[key] = key.endsWith("URL") && typeof value === "string" ? resolve(value, indexURL) : value;
  }
  return out;
}

// Pyodide 314 only logs a failed download or compile of its wasm ("wasm instantiation
// failed!") and never settles loadPyodide's promise. So while booting, fetch and the
// WebAssembly compile calls are observed: a failure of any of them fails the start-up
// with its reason, instead of "loading" forever. Restored once the boot has ended.
function guardBoot() {
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  const restore = [];
  const name = (target) => String(target?.url ?? target ?? "").split("/").pop() || "a runtime file";
  const watch = (owner, key, check, label) => {
    const original = owner?.[key];
    if (typeof original !== "function") return;
    owner[key] = function (...args) {
      return Promise.resolve(original.apply(this, args)).then(
        (value) => {
          const problem = check?.(value, args);
          if (problem) fail(new Error(problem));
          return value;
        },
        (err) => {
          fail(new Error(`${label(args)}: ${message(err)}`));
          throw err;
        },
      );
    };
    restore.push(() => {
      owner[key] = original;
    });
  };
  watch(
    globalThis,
    "fetch",
    (response, args) => (response.ok ? null : `could not download ${name(args[0])} (HTTP ${response.status})`),
    (args) => `could not download ${name(args[0])}`,
  );
  for (const key of ["instantiateStreaming", "instantiate", "compileStreaming", "compile"]) {
    watch(globalThis.WebAssembly, key, null, () => "could not start the WebAssembly runtime");
  }
  failed.catch(() => {}); // raced below; this only avoids an "unhandled rejection" report
  return { failed, restore: () => restore.forEach((undo) => undo()) };
}

function timeout(ms) {
  return new Promise((_, reject) => {
    if (ms > 0) setTimeout(() => reject(new Error(`no answer after ${Math.round(ms / 1000)} s`)), ms);
  });
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Boot Pyodide and load the calc bundle. Resolves to {info, ms, evaluate(case)}.
 * `readBytes` and `loadPyodide` may be injected (Node has no fetch for file: URLs).
 */
export async function startEngine({
  indexURL,
  bundleURL,
  options = {},
  readBytes = fetchBytes,
  loadPyodide = null,
  onProgress = () => {},
  timeoutMs = 120_000,
}) {
  const started = performance.now();
  onProgress("runtime");
  const guard = guardBoot();
  let pyodide;
  let bytes;
  try {
    const bundle = readBytes(bundleURL); // in parallel with the runtime
    const boot = (async () => {
      const load = loadPyodide ?? (await import(resolve("pyodide.mjs", indexURL))).loadPyodide;
      return load({ ...resolveOptions(options, indexURL), indexURL });
    })();
    [pyodide, bytes] = await Promise.race([Promise.all([boot, bundle]), guard.failed, timeout(timeoutMs)]);
  } finally {
    guard.restore();
  }
  onProgress("package");
  pyodide.unpackArchive(bytes, "zip", { extractDir: EXTRACT_DIR });
  const sys = pyodide.pyimport("sys");
  const path = sys.path;
  // Appended, not prepended: a standard library zip that already holds calc (issue 5)
  // wins, and the bundle is the fallback.
  path.append(EXTRACT_DIR);
  path.destroy();
  sys.destroy();
  // Kept for the engine's lifetime (its attributes are borrowed from this proxy).
  const bridge = pyodide.pyimport(BRIDGE_MODULE);
  const evaluateJSON = bridge.evaluate_json;
  const whatIfJSON = bridge.what_would_change_json;
  const info = JSON.parse(bridge.info_json());
  return {
    info,
    ms: performance.now() - started,
    // JSON strings both ways: no Python proxies reach JavaScript.
    evaluate(caseData) {
      return JSON.parse(evaluateJSON(JSON.stringify(caseData ?? {})));
    },
    whatIf(caseData) {
      return JSON.parse(whatIfJSON(JSON.stringify(caseData ?? {})));
    },
  };
}

function serve(scope) {
  let engine = null;

  function start(config) {
    if (engine === null) {
      engine = startEngine({
        ...config,
        onProgress: (stage) => scope.postMessage({ type: "progress", stage }),
      });
      engine.then(
        (e) => scope.postMessage({ type: "startup", ok: true, info: e.info, ms: e.ms }),
        (err) =>
          scope.postMessage({ type: "startup", ok: false, error: { kind: "startup", message: message(err) } }),
      );
    }
    return engine;
  }

  async function answer(msg) {
    const { id } = msg;
    if (engine === null) {
      return { id, ok: false, error: { kind: "internal", message: "the engine was not initialised" } };
    }
    let e;
    try {
      e = await engine;
    } catch (err) {
      return { id, ok: false, error: { kind: "startup", message: message(err) } };
    }
    try {
      if (msg.type === "ping") return { id, ok: true, result: e.info };
      if (msg.type === "evaluate") return { id, ...e.evaluate(msg.case) };
      if (msg.type === "what_if") return { id, ...e.whatIf(msg.case) };
      return { id, ok: false, error: { kind: "internal", message: `unknown request type ${msg.type}` } };
    } catch (err) {
      return { id, ok: false, error: { kind: "internal", message: message(err) } };
    }
  }

  scope.addEventListener("message", async (event) => {
    const msg = event.data ?? {};
    if (msg.type === "init") {
      start(msg.config ?? {});
      return;
    }
    scope.postMessage(await answer(msg));
  });
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  serve(globalThis);
}
