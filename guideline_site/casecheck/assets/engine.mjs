// Case-check engine bridge: the engine's one worker (shared across the site's pages where
// the browser keeps a shared worker alive, see openWorker), and requests to it.
//
// Interface (the page modules use nothing else):
//   getEngine(config) -> engine     config: {workerURL, indexURL, options, reason?};
//   (reason: set by a prewarm; a failed prewarm is replaced when the page asks)
//                                   the first call creates the worker (or adopts the one
//                                   the head start engine-boot.js created), later calls
//                                   (after instant navigation, or the page script after a
//                                   prewarm by engine-start.mjs) return the same engine.
//                                   `reason` ("head", "idle", "intent"; default "page") is
//                                   kept in hooks.startedBy.
//   RUNTIME_CACHE                   Cache Storage name of the runtime (as in worker.mjs).
//   engine.state                    "loading" | "ready" | "failed"
//   engine.stage                    while loading: "runtime" | "package"
//   engine.error                    when failed: the reason, as text
//   engine.info                     when ready: what the worker reports (rules version...)
//   engine.request(type, payload)   -> Promise of the worker's reply ({ok, result} or
//                                   {ok: false, error: {kind, message|errors}}); never
//                                   rejects; queued by the worker while it is loading.
//   engine.onChange(listener)       listener(engine) on every state or stage change;
//                                   returns a function that removes the listener.
// Test and benchmark hooks on globalThis.__caseCheck: workers, engineWorker ("shared" |
// "dedicated"), engineReused (the start-up had ended before this page connected), share
// (set to false before the page's scripts run: a dedicated worker, see openWorker),
// requests (evaluate and other non-what-if requests), whatIfRequests, readyAt, bootMs,
// offline, engine, startedBy, marks ({workerCreated, ready, ...the worker's marks, or
// {connected} from a running engine}: epoch ms, see worker.mjs),
// snapshotRequested (true once a snapshot worker is due: the memory snapshot on, none
// restored), snapshot ("made" or "not made: ..." once that worker has stored it, or not),
// codeCache (after a visit that stored the runtime: "priming", "primed" or "failed: ...").
// The worker's protocol is described at the top of worker.mjs.

const hooks = (globalThis.__caseCheck ??= {});
hooks.workers ??= 0;
hooks.requests ??= 0;
hooks.whatIfRequests ??= 0;
hooks.readyAt ??= null;
hooks.offline ??= null; // the service worker's answer to "cache-on-demand"

export const RUNTIME_CACHE = "case-check-runtime";

export function getEngine(config) {
  // A prewarm that failed in the background (a guideline page, offline say) is not the
  // reader's start-up: the case-check page starts afresh and shows its own outcome.
  if (hooks.engine?.state === "failed" && hooks.engine.prewarm && !config.reason) {
    hooks.engine.stop();
    hooks.engine = null;
  }
  if (!hooks.engine) {
    if (!globalThis.__caseCheckBoot?.worker) hooks.startedBy = config.reason ?? "page";
    hooks.engine = createEngine(config);
    hooks.engine.prewarm = Boolean(config.reason);
  }
  return hooks.engine;
}

// Epoch milliseconds, comparable with the worker's marks.
const now = () => performance.timeOrigin + performance.now();

function createEngine(config) {
  const listeners = new Set();
  const pending = new Map();
  let nextId = 1;
  let worker = null;
  const engine = {
    state: "loading",
    stage: "runtime",
    error: null,
    info: null,
    request,
    stop() {
      worker?.close();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  function notify() {
    for (const listener of [...listeners]) listener(engine);
  }

  function fail(reason) {
    if (engine.state === "failed") return;
    engine.stopped = engine.state === "ready"; // it had started, then failed
    engine.state = "failed";
    engine.error = reason || "unknown error";
    for (const [id, resolve] of pending) {
      resolve({ id, ok: false, error: { kind: "startup", message: engine.error } });
    }
    pending.clear();
    notify();
  }

  function request(type, payload = {}) {
    return new Promise((resolve) => {
      if (engine.state === "failed") {
        resolve({ ok: false, error: { kind: "startup", message: engine.error } });
        return;
      }
      const id = nextId++;
      pending.set(id, resolve);
      if (type === "what_if") hooks.whatIfRequests += 1;
      else hooks.requests += 1;
      worker.postMessage({ id, type, ...payload });
    });
  }

  function onMessage(event) {
    if (event.type === "error") {
      event.preventDefault?.();
      fail(event.message || "the case-check worker could not be loaded");
      return;
    }
    const msg = event.data ?? {};
    if (msg.type === "progress") {
      engine.stage = msg.stage;
      notify();
    } else if (msg.type === "startup") {
      Object.assign(hooks.marks, msg.marks ?? {}, { ready: now() });
      if (msg.ok) {
        engine.state = "ready";
        engine.info = msg.info;
        hooks.readyAt = performance.now();
        hooks.bootMs = msg.ms;
        hooks.engineReused = Boolean(msg.reused);
        notify();
        cacheForOffline(config);
        // Only after a start-up this page saw: a reused engine's page made its snapshot.
        const restored = msg.marks?.snapshot === "restored";
        if (config.options?.memorySnapshot && !restored && !msg.reused) storeSnapshotLater(config);
      } else {
        fail(msg.error?.message);
      }
    } else if (pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  }

  // The head start (engine-boot.js) may have created the worker already: adopt it, with
  // the messages it kept, instead of creating a second one.
  const boot = globalThis.__caseCheckBoot;
  if (boot?.worker && !boot.adopted) {
    boot.adopted = true;
    hooks.marks ??= {};
    worker = boot.adopt(onMessage);
    return engine;
  }
  // The configuration in the name as well: the worker starts at once (worker.mjs).
  const init = { indexURL: config.indexURL, options: config.options };
  try {
    worker = openWorker(config.workerURL, `case-check ${JSON.stringify(init)}`, onMessage);
    hooks.workers += 1;
    hooks.marks = { workerCreated: now() };
  } catch (err) {
    fail(`the worker could not be created (${err?.message ?? err})`);
    return engine;
  }
  worker.postMessage({ type: "init", config: init });
  return engine;
}

// Whether this browser keeps a shared worker alive for a while after its last page has
// gone (SharedWorker's `extendedLifetime` option: Chromium 148 and later). The option is
// read after every other one, and only by a browser that knows it: a getter that throws
// tells, and an address that cannot be parsed (an unterminated IPv6 host) makes sure no
// worker is ever created by asking. engine-boot.js asks the same way.
const UNPARSABLE = "http://[";

export function extendedLifetime() {
  if (typeof globalThis.SharedWorker !== "function") return false;
  const known = new Error("extendedLifetime");
  try {
    new SharedWorker(UNPARSABLE, {
      get extendedLifetime() {
        throw known;
      },
    });
  } catch (err) {
    return err === known;
  }
  return false;
}

// The engine's worker (engine-boot.js opens it the same way). Where the browser keeps a
// shared worker alive after its page has gone, the engine is one: a reload, the back
// button, another page of the site or another tab then finds Python running (README, "How
// the case check starts"); the worker answers each page on its own port. Elsewhere, or
// with hooks.share === false (tests and the benchmark's "engine gone" runs), a dedicated
// worker of the page (also if the shared one cannot be created); hooks.engineWorker says
// which. Returns {postMessage, close}; `listener` gets the messages and a failure to load
// the script (an "error" event).
export function openWorker(workerURL, name, listener) {
  let shared = null;
  if (hooks.share !== false && extendedLifetime()) {
    try {
      shared = new SharedWorker(workerURL, { type: "module", name, extendedLifetime: true });
    } catch {
      shared = null; // a dedicated worker, below
    }
  }
  // Messages come on the shared worker's port, or from the dedicated worker itself.
  const port = shared ? shared.port : new Worker(workerURL, { type: "module", name });
  (shared ?? port).addEventListener("error", listener);
  port.addEventListener("message", listener);
  shared?.port.start();
  hooks.engineWorker = shared ? "shared" : "dedicated";
  return {
    postMessage: (message) => port.postMessage(message),
    close: () => (shared ? port.close() : port.terminate()),
  };
}

// Offline use: once the engine has started, the service worker (when there is one; it may
// register only now) is asked to cache the rest of the runtime it does not precache.
function cacheForOffline(config) {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw || hooks.offlineRequested) return;
  hooks.offlineRequested = true;
  sw.ready
    .then((registration) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        hooks.offline = event.data;
        if (event.data?.stored > 0) primeCodeCache(config);
      };
      registration.active?.postMessage({ type: "cache-on-demand" }, [channel.port2]);
    })
    .catch((err) => {
      hooks.offline = { ok: false, error: String(err) }; // offline use not prepared
    });
}

// At idle (or at once, without requestIdleCallback).
function atIdle(fn) {
  if (typeof globalThis.requestIdleCallback === "function") requestIdleCallback(fn, { timeout: 5000 });
  else setTimeout(fn, 0);
}

// A short-lived helper: a worker of worker.mjs named `prefix` + JSON `config` for its one
// task (the prefixes must match worker.mjs: CODE_CACHE_NAME, SNAPSHOT_NAME), with "#" +
// `task` in its URL only to tell it apart (a fragment is not part of the request, so the
// stored worker script answers it). Resolves to its one message, of type `task`, or to
// {error} (not created, not loaded, or no answer within `timeoutMs`); it is then
// terminated either way.
function runHelper(workerURL, task, prefix, config, timeoutMs) {
  return new Promise((resolve) => {
    let worker = null;
    let timer = null;
    const done = (result) => {
      clearTimeout(timer);
      worker?.terminate();
      resolve(result);
    };
    try {
      const name = prefix + JSON.stringify(config);
      worker = new Worker(`${workerURL.split("#")[0]}#${task}`, { type: "module", name });
    } catch (err) {
      done({ error: err?.message ?? String(err) });
      return;
    }
    worker.addEventListener("message", (event) => {
      if (event.data?.type === task) done(event.data);
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      done({ error: event.message || "the worker could not be loaded" });
    });
    timer = setTimeout(() => done({ error: "no answer" }), timeoutMs);
  });
}

// The runtime has just been stored in Cache Storage (a first visit): at idle, a helper
// worker (#code-cache) loads the runtime's JavaScript once from there, so Chrome compiles
// it and keeps that code beside the stored copy (every function: the build puts V8's
// compile hint in the file, guideline_site/casecheck/runtime.py). The next visit's engine
// reads that code instead of compiling 1.2 MB of JavaScript (README, "How the case check
// starts"). A visit that stored nothing has that code already.
// Outcome in hooks.codeCache: "priming", then "primed" or "failed: <reason>".
const CODE_CACHE_TIMEOUT_MS = 60_000;

function primeCodeCache(config) {
  if (hooks.codeCache || !config?.workerURL || !config.indexURL) return;
  hooks.codeCache = "priming";
  atIdle(() =>
    runHelper(
      config.workerURL,
      "code-cache",
      "case-check code cache ",
      { indexURL: config.indexURL },
      CODE_CACHE_TIMEOUT_MS,
    ).then((reply) => {
      hooks.codeCache = reply.ok ? "primed" : `failed: ${reply.error}`;
    }),
  );
}

// The reader's memory snapshot (build option memory_snapshot; README, "How the case check
// starts"): after a visit whose engine restored none, a helper worker (#snapshot) boots an
// interpreter of its own at idle, stores its snapshot in Cache Storage and is terminated
// (worker.mjs, storeReaderSnapshot). That worker answers no request, so no case the reader
// checks can ever be in a snapshot, and the engine's first answer never waits for a memory
// copy. It starts after the offline caching and the code-cache priming of this visit, whose
// requests and compiling it would otherwise compete with. Outcome in hooks.snapshot.
const SNAPSHOT_DELAY_MS = 1_500; // after ready
const SNAPSHOT_WAIT_MS = 30_000; // at most, for the offline caching and the priming
const SNAPSHOT_TIMEOUT_MS = 120_000; // a whole boot, on a slow machine

function storeSnapshotLater(config) {
  if (hooks.snapshotRequested || !config?.workerURL || !config.indexURL) return;
  hooks.snapshotRequested = true;
  const since = performance.now();
  const busy = () =>
    (hooks.offlineRequested && hooks.offline === null) || hooks.codeCache === "priming";
  const start = () => {
    if (busy() && performance.now() - since < SNAPSHOT_WAIT_MS) {
      setTimeout(() => atIdle(start), 500);
      return;
    }
    runHelper(
      config.workerURL,
      "snapshot",
      "case-check snapshot ",
      { indexURL: config.indexURL, options: config.options },
      SNAPSHOT_TIMEOUT_MS,
    ).then((reply) => {
      hooks.snapshot = reply.error ? `not made: ${reply.error}` : String(reply.state);
    });
  };
  setTimeout(() => atIdle(start), SNAPSHOT_DELAY_MS);
}
