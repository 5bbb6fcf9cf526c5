// Case-check engine: boots Pyodide from the site's own files and answers with `calc`.
//
// Runs as a module Web Worker (created by the page's head-start script or by engine.mjs):
// a shared worker that outlives its page where the browser offers one (Chromium's
// extendedLifetime), else a dedicated worker of the page. It is imported as a plain module
// by tests/node/run_cases.mjs, so the parity test exercises this very code. `calc` and the
// bridge live inside the precompiled standard library zip (options.stdLibURL), so the boot
// fetches nothing else.
//
// Protocol (page -> worker):
//   {type: "init", config: {indexURL, options}}            starts the one start-up promise
//                                                          (a second "init" is ignored)
//   The same configuration may come in the worker's name, "case-check " + JSON: the
//   start-up then begins as the worker loads, and "init" is ignored (configFromName).
//   {id, type: "ping"}                                     -> {id, ok: true, result: {version, ...}}
//   {id, type: "evaluate", case}                           -> {id, ok: true, result}
//                                                          |  {id, ok: false, error: {kind: "case", errors}}
//                                                          |  {id, ok: false, error: {kind: "internal"|"startup", message}}
//   {id, type: "what_if", case}                            -> {id, ok: true, result: [...]} (calc.what_would_change),
//                                                             errors as for "evaluate"
// Notifications (worker -> page):
//   {type: "progress", stage: "runtime"|"package"}
//   {type: "startup", ok: true, info, ms, marks} | {type: "startup", ok: false, error: {kind: "startup", message}, marks}
//   A worker of this script named "case-check code cache " + JSON {indexURL} boots nothing:
//   it loads the runtime's JavaScript once, as the engine does (loadRuntimeScripts), posts
//   {type: "code-cache", ok, error?} and is then terminated (engine.mjs, primeCodeCache).
//   A worker named "case-check snapshot " + JSON {indexURL, options} boots an interpreter
//   of its own only to store the reader's memory snapshot of it (storeReaderSnapshot), posts
//   {type: "snapshot", state: "made" | "not made: <reason>"} and is then terminated
//   (engine.mjs, storeSnapshotLater). It answers no request: it never sees a case.
//   `marks`: {name: epoch ms} (performance.timeOrigin + now(), comparable across the page
//   and the worker): workerStart, init, runtimeImported, runtimeCompiled, pythonReady,
//   calcImported, warmedUp (bridge.warm_up, on calc's own example; not in the snapshot
//   worker, whose interpreter checks no case), ready. The benchmark's breakdown is made of
//   them. Also `warmUp`: warm_up's outcomes, e.g. "ok ok case"; with the memory snapshot
//   on, `snapshot`: "restored" | "failed: <reason>" (then a normal boot) |
//   "none" (no snapshot stored yet).
// Requests sent before start-up ends wait for it; none is dropped.
// As a shared worker, each page talks to it on its own port ("connect"), with the same
// protocol; replies go to the port the request came on. A page that connects after the
// start-up has ended gets the "startup" notification at once, with `reused: true` and
// marks {connected} only (its page saw no boot). A start-up that failed is not kept: the
// worker tells every page connected, and the next page that connects (its "init") starts
// a new attempt.

const BRIDGE_MODULE = "case_check_bridge"; // in the stdlib zip beside `calc` (guideline_site/casecheck/bridge.py)
const WORKER_START = now();

// Epoch milliseconds: the page and the worker have different time origins.
function now() {
  return performance.timeOrigin + performance.now();
}

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

// Cache Storage cache of the runtime files, filled by the service worker once the
// case-check page has been used (guideline_site/reader: runtime_cache). Must match there.
export const RUNTIME_CACHE = "case-check-runtime";

// While online, the runtime's WebAssembly comes from the network, i.e. from the HTTP
// cache: V8 keeps its compiled code beside that cache entry, so a later boot reuses it
// instead of compiling again, but only if the file comes from the same source every time
// (a Cache Storage copy served on the next visit is compiled anew; measured, see README).
// So the service worker leaves that file to the network while online. If the network
// fails anyway (a server down, a flaky link that still counts as "online"), the boot
// reads the runtime's files from Cache Storage itself.
function fallBackToCache(indexURL) {
  const original = globalThis.fetch;
  if (typeof original !== "function" || typeof globalThis.caches?.open !== "function") return () => {};
  const base = new URL(indexURL, globalThis.location.href).href;
  globalThis.fetch = function (input, init) {
    const request = original.call(this, input, init);
    const url = new URL(String(input?.url ?? input), globalThis.location.href).href;
    if (!url.startsWith(base)) return request;
    return request.catch(async (err) => {
      const hit = await caches
        .open(RUNTIME_CACHE)
        .then((cache) => cache.match(url))
        .catch(() => undefined);
      if (hit) return hit;
      throw err;
    });
  };
  return () => {
    globalThis.fetch = original;
  };
}

// Pyodide 314 only logs a failed download or compile of its wasm ("wasm instantiation
// failed!") and never settles loadPyodide's promise. So while booting, fetch and the
// WebAssembly compile calls are observed: a failure of any of them fails the start-up
// with its reason, instead of "loading" forever. Restored once the boot has ended.
function guardBoot(mark = () => {}) {
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
    // The runtime itself, not the tiny modules Pyodide compiles for its trampolines.
    const compiled = (_, args) => {
      if (key.endsWith("Streaming") || (args[0]?.byteLength ?? 0) > 1_000_000) mark("runtimeCompiled");
      return null;
    };
    watch(globalThis.WebAssembly, key, compiled, () => "could not start the WebAssembly runtime");
  }
  failed.catch(() => {}); // raced below; this only avoids an "unhandled rejection" report
  return { failed, restore: () => restore.forEach((undo) => undo()) };
}

// A promise that rejects after `ms`, and a way to cancel it (a pending timer would keep
// Node's event loop, and so the parity test, alive for the whole timeout).
function timeout(ms) {
  let timer = null;
  const expired = new Promise((_, reject) => {
    if (ms > 0) timer = setTimeout(() => reject(new Error(`no answer after ${Math.round(ms / 1000)} s`)), ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

// The reader's memory snapshot, in its own Cache Storage cache, one per runtime folder
// (the folder's name changes with every runtime file and option, so a new build never
// restores an old interpreter). Known limits (Pyodide's private API): the file system is
// not in it (the stdlib zip is installed again on restore, the same bytes), and Python's
// hash seed is the one of the first boot.
// Privacy: a snapshot holds an interpreter's whole memory, so the engine, which checks
// cases, never makes one: a second worker that answers no request boots its own
// interpreter, stores its snapshot and is terminated (storeReaderSnapshot).
export const SNAPSHOT_CACHE = "case-check-snapshot";
const SNAPSHOT_TIMEOUT_MS = 15_000; // from the runtime compiled to Python restored

// A snapshot is stored without its zero pages (as "memory-snapshot.packed"). An
// interpreter's memory is mostly zero: 62 % of the 4 KB pages of a 31.5 MB snapshot, which
// packed to 11.9 MB. So the reader's storage holds less, and the later visit's engine
// reads less on its own thread (25-35 ms instead of 80-160 ms; its ready time did not
// measurably change: README, "How the case check starts, and what it costs"). Layout,
// little-endian uint32: PACKED_MAGIC, the full length, the number of runs of non-zero
// pages, each run's offset and length; then the runs' bytes one after another.
const PACKED_MAGIC = 0x70636373; // the bytes "sccp"
const PAGE = 4096;

function zeroPage(words, first, end) {
  for (let i = first; i < end; i++) if (words[i] !== 0) return false;
  return true;
}

/** `bytes` without its zero pages (unpackSnapshot gives them back). */
export function packSnapshot(bytes) {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 4));
  const runs = [];
  for (let at = 0; at < aligned.length; at += PAGE) {
    const end = Math.min(at + PAGE, aligned.length);
    const zero = end % 4 === 0 ? zeroPage(words, at / 4, end / 4) : aligned.subarray(at, end).every((b) => b === 0);
    if (zero) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === at) last[1] += end - at;
    else runs.push([at, end - at]);
  }
  const head = 12 + 8 * runs.length;
  const packed = new Uint8Array(head + runs.reduce((sum, [, length]) => sum + length, 0));
  const view = new DataView(packed.buffer);
  view.setUint32(0, PACKED_MAGIC, true);
  view.setUint32(4, aligned.length, true);
  view.setUint32(8, runs.length, true);
  let data = head;
  runs.forEach(([offset, length], i) => {
    view.setUint32(12 + 8 * i, offset, true);
    view.setUint32(16 + 8 * i, length, true);
    packed.set(aligned.subarray(offset, offset + length), data);
    data += length;
  });
  return packed;
}

/** The snapshot packSnapshot packed; throws on anything else (a damaged copy). */
export function unpackSnapshot(packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 12 || view.getUint32(0, true) !== PACKED_MAGIC) throw new Error("not a packed snapshot");
  const total = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  let data = 12 + 8 * count;
  if (data > packed.length) throw new Error("a damaged snapshot");
  const bytes = new Uint8Array(total);
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(12 + 8 * i, true);
    const length = view.getUint32(16 + 8 * i, true);
    if (data + length > packed.length || offset + length > total) throw new Error("a damaged snapshot");
    bytes.set(packed.subarray(data, data + length), offset);
    data += length;
  }
  if (data !== packed.length) throw new Error("a damaged snapshot");
  return bytes;
}

function snapshotStore(indexURL) {
  if (typeof globalThis.caches?.open !== "function" || !globalThis.location) return null;
  const key = new URL("memory-snapshot.packed", new URL(indexURL, globalThis.location.href)).href;
  const open = () => caches.open(SNAPSHOT_CACHE);
  return {
    key,
    // The stored response (cheap: its body is not read yet), or null.
    async find() {
      try {
        return (await (await open()).match(key)) ?? null;
      } catch {
        return null;
      }
    },
    async write(bytes) {
      const cache = await open();
      // Older runtimes' snapshots of this site only (runtime folders beside this one);
      // another site on the same origin keeps its own.
      const folder = new URL("../", new URL("./", key)).href;
      for (const request of await cache.keys()) {
        if (request.url !== key && request.url.startsWith(folder)) await cache.delete(request);
      }
      await cache.put(key, new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
    },
    async remove() {
      try {
        await (await open()).delete(key);
      } catch {
        // nothing to forget
      }
    },
  };
}

/**
 * Boot Pyodide; `calc` and the bridge come from its standard library zip.
 * Resolves to {info, ms, marks, evaluate(case), whatIf(case)}.
 * `loadPyodide` may be injected (Node loads it from a directory path).
 * `forSnapshot`: boot a fresh interpreter able to snapshot itself (Pyodide's
 * `_makeSnapshot`), never restoring one; the result then has `memorySnapshot()`.
 */
export async function startEngine({
  indexURL,
  options = {},
  loadPyodide = null,
  onProgress = () => {},
  timeoutMs = 120_000,
  marks = {},
  forSnapshot = false,
}) {
  const started = performance.now();
  const watchers = new Map(); // mark name -> what starts then (the snapshot's own limit)
  const mark = (name) => {
    if (marks[name] != null) return;
    marks[name] = now();
    watchers.get(name)?.();
  };
  marks.workerStart ??= WORKER_START;
  mark("init");
  onProgress("runtime");
  const uncache = fallBackToCache(indexURL);
  // Issue 11's optional lever, behind the build flag options.memorySnapshot: a reader's
  // own memory snapshot of an interpreter that has imported calc and checked no case,
  // made by another worker (storeReaderSnapshot) and restored here.
  const { memorySnapshot = false, ...pyOptions } = options;
  const snapshots = memorySnapshot && !loadPyodide && !forSnapshot ? snapshotStore(indexURL) : null;
  // Started at once, in parallel with reading a snapshot: pyodide.mjs, and the module it
  // imports (pyodide.asm.mjs, fetched in parallel; one module instance either way).
  if (!loadPyodide && globalThis.location) import(resolve("pyodide.asm.mjs", indexURL)).catch(() => {});
  const loader = loadPyodide
    ? Promise.resolve(loadPyodide)
    : import(resolve("pyodide.mjs", indexURL)).then((m) => m.loadPyodide);
  loader.catch(() => {}); // awaited (and reported) in attempt()
  // `restoreMs`: a snapshot's restore gets its own, shorter limit, counted from the moment
  // the runtime has compiled: a slow download is not a broken snapshot.
  const attempt = async (extra, ms, restoreMs = 0) => {
    const guard = guardBoot(mark);
    const limit = timeout(ms);
    let restoreLimit = null;
    const racers = [limit.expired];
    if (restoreMs > 0) {
      racers.push(
        new Promise((_, reject) => {
          watchers.set("runtimeCompiled", () => {
            restoreLimit = timeout(restoreMs);
            restoreLimit.expired.catch(reject);
          });
        }),
      );
    }
    try {
      const boot = (async () => {
        const load = await loader;
        mark("runtimeImported");
        return load({ ...resolveOptions(pyOptions, indexURL), indexURL, ...extra });
      })();
      return await Promise.race([boot, guard.failed, ...racers]);
    } finally {
      limit.cancel();
      restoreLimit?.cancel();
      watchers.delete("runtimeCompiled");
      guard.restore();
    }
  };
  let pyodide = null;
  try {
    const saved = snapshots ? await snapshots.find() : null;
    if (snapshots && !saved) marks.snapshot = "none";
    if (saved) {
      try {
        // A promise: Pyodide starts downloading the runtime while the snapshot is read.
        const bytes = saved.arrayBuffer().then((buffer) => unpackSnapshot(new Uint8Array(buffer)));
        bytes.catch(() => {}); // a failed read fails the attempt below
        pyodide = await attempt({ _loadSnapshot: bytes }, timeoutMs, SNAPSHOT_TIMEOUT_MS);
        pyodide.pyimport(BRIDGE_MODULE).destroy(); // in the snapshot: a dictionary look-up
        marks.snapshot = "restored";
      } catch (err) {
        // Any failure: forget that snapshot and boot the normal way.
        marks.snapshot = `failed: ${message(err)}`;
        pyodide = null;
        await snapshots.remove();
      }
    }
    if (pyodide === null) pyodide = await attempt(forSnapshot ? { _makeSnapshot: true } : {}, timeoutMs);
  } finally {
    uncache();
  }
  mark("pythonReady");
  onProgress("package");
  // Kept for the engine's lifetime (its attributes are borrowed from this proxy).
  const bridge = pyodide.pyimport(BRIDGE_MODULE);
  const evaluateJSON = bridge.evaluate_json;
  const whatIfJSON = bridge.what_would_change_json;
  const info = JSON.parse(bridge.info_json());
  mark("calcImported");
  // The request paths once, on calc's own example (bridge.warm_up: the reader's first
  // check then runs as fast as the next ones). Not in the snapshot worker's interpreter,
  // which has checked no case at all.
  if (!forSnapshot) {
    marks.warmUp = bridge.warm_up();
    mark("warmedUp");
  }
  mark("ready");
  return {
    info,
    ms: performance.now() - started,
    marks,
    ...(forSnapshot ? { memorySnapshot: () => pyodide.makeMemorySnapshot() } : {}),
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
  // A worker named for the code cache only loads the runtime's scripts, and answers nothing.
  const priming = configFromName(scope.name, CODE_CACHE_NAME);
  if (priming) {
    loadRuntimeScripts(priming.indexURL).then(
      () => scope.postMessage({ type: "code-cache", ok: true }),
      (err) => scope.postMessage({ type: "code-cache", ok: false, error: message(err) }),
    );
    return;
  }
  // A worker named for the snapshot boots only to store one, and answers nothing either.
  const snapshotting = configFromName(scope.name, SNAPSHOT_NAME);
  if (snapshotting) {
    storeReaderSnapshot(snapshotting).then((state) => scope.postMessage({ type: "snapshot", state }));
    return;
  }
  // Where replies and notifications go: the worker itself (a dedicated worker), or one
  // port per page connected to a shared worker (see the protocol at the top).
  const shared = typeof SharedWorkerGlobalScope !== "undefined" && scope instanceof SharedWorkerGlobalScope;
  const waiting = new Set(); // endpoints connected before the start-up ended
  let engine = null;
  let stage = null;
  let outcome = null; // the "startup" notification, once the start-up has ended

  function start(config) {
    if (engine === null) {
      const marks = {};
      engine = startEngine({
        indexURL: config.indexURL,
        options: config.options,
        marks,
        onProgress: (current) => {
          stage = current;
          for (const endpoint of waiting) endpoint.postMessage({ type: "progress", stage });
        },
      });
      engine.then(
        (e) => announce({ type: "startup", ok: true, info: e.info, ms: e.ms, marks }),
        (err) => {
          announce({ type: "startup", ok: false, error: { kind: "startup", message: message(err) }, marks });
          // A shared engine's failure is not kept for later pages: the next page that
          // connects (its "init") starts a new attempt in this worker. (Closing the worker
          // instead left a window in which a page could still connect to it, and a page of
          // a test run once stayed "loading" when it closed right after telling its pages.)
          if (shared) {
            engine = null;
            outcome = null;
            stage = null;
          }
        },
      );
    }
    return engine;
  }

  function announce(startup) {
    outcome = startup;
    for (const endpoint of waiting) endpoint.postMessage(outcome);
    waiting.clear();
  }

  function attach(endpoint) {
    endpoint.addEventListener("message", async (event) => {
      const msg = event.data ?? {};
      if (msg.type === "init") {
        start(msg.config ?? {});
        return;
      }
      endpoint.postMessage(await answer(msg));
    });
    if (outcome) {
      // A page that connected after the start-up had ended (a reload, another tab, a page
      // of the site opened while the engine outlived the last one) learns it with
      // `reused`; its marks say only when it connected.
      endpoint.postMessage({ ...outcome, reused: true, marks: { connected: now() } });
      return;
    }
    waiting.add(endpoint);
    if (stage) endpoint.postMessage({ type: "progress", stage });
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

  if (shared) {
    scope.addEventListener("connect", (event) => {
      const port = event.ports[0];
      attach(port);
      port.start();
    });
  } else {
    attach(scope);
  }

  // The page also puts the configuration in the worker's name, which is read at once: the
  // start-up does not wait for "init", which reaches a new worker only when the page's
  // main thread has a moment (35-75 ms into a warm load, measured).
  const named = configFromName(scope.name);
  if (named) start(named);
}

/** The page's name for a worker that only loads the runtime's JavaScript (see serve). */
export const CODE_CACHE_NAME = "case-check code cache ";

/** The page's name for a worker that only stores the reader's memory snapshot (see serve). */
export const SNAPSHOT_NAME = "case-check snapshot ";

/**
 * Boot an interpreter (calc imported, no case checked: this worker answers no request),
 * store its memory snapshot for later visits' engines, and say so: "made" or
 * "not made: <reason>". Never rejects.
 */
export async function storeReaderSnapshot({ indexURL, options = {} }) {
  try {
    const store = snapshotStore(indexURL);
    if (!store) throw new Error("no Cache Storage here");
    const booted = await startEngine({ indexURL, options, forSnapshot: true });
    await store.write(packSnapshot(booted.memorySnapshot()));
    return "made";
  } catch (err) {
    return `not made: ${message(err)}`;
  }
}

/**
 * The runtime's two scripts, imported as startEngine imports them. In a worker of its own,
 * right after the runtime was stored in Cache Storage: Chrome then compiles them (every
 * function, with the build's compile hint: guideline_site/casecheck/runtime.py) and keeps
 * that code beside the stored copies, which the next visit's engine reads, not compiling.
 */
export async function loadRuntimeScripts(indexURL) {
  await Promise.all([import(resolve("pyodide.asm.mjs", indexURL)), import(resolve("pyodide.mjs", indexURL))]);
}

/**
 * `name` is `prefix` + JSON {indexURL, options}: that configuration; null otherwise.
 * The engine's prefix is "case-check " (a plain "case-check" carries none).
 */
export function configFromName(name, prefix = "case-check ") {
  if (typeof name !== "string" || !name.startsWith(prefix)) return null;
  try {
    const config = JSON.parse(name.slice(prefix.length));
    return typeof config?.indexURL === "string" ? config : null;
  } catch {
    return null;
  }
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  serve(globalThis);
}
