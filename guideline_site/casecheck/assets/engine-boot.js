// Head start of the case-check engine on the case-check page: a classic script FILE in
// <head>, before the stylesheets (guideline_site/casecheck/headstart.py), so it runs before
// the theme's bundle, whatever the network does (an async module could lose that race), and
// without waiting for the stylesheets to load.
//
// It creates (or, where a shared engine is still running, connects to) the engine's
// worker at once, configured both in its name and by "init"
// (from this script element's data attributes, URLs relative to the page), and keeps the
// worker's messages until engine.mjs adopts the worker (getEngine: the same worker, no
// second one).
// The theme's search waits meanwhile (search-hold.js, just before the theme's bundle).
//
// Handed over on globalThis.__caseCheckBoot: {worker, config, messages, adopt(onMessage)};
// hooks on globalThis.__caseCheck: workers, engineWorker, startedBy "head",
// marks.workerCreated (share: read, see engine.mjs).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || globalThis.__caseCheckBoot || typeof Worker !== "function") return;
  var hooks = (globalThis.__caseCheck = globalThis.__caseCheck || {});
  var url = function (value) {
    return new URL(value || "", document.baseURI).href;
  };
  var options = {};
  try {
    options = JSON.parse(script.dataset.pyodideOptions || "{}");
  } catch (error) {
    // the worker reports a start-up failure if anything it needs is missing
  }
  var config = {
    workerURL: url(script.dataset.workerUrl),
    indexURL: url(script.dataset.runtimeUrl),
    options: options,
  };
  var boot = { worker: null, config: config, messages: [], listener: null };
  function deliver(event) {
    if (boot.listener) boot.listener(event);
    else boot.messages.push(event);
  }
  // As engine.mjs (extendedLifetime, openWorker) does it: a shared worker that outlives
  // the page where the browser offers one, else a dedicated worker. Either is handed over
  // as {postMessage, close}.
  var UNPARSABLE = "http://["; // an unterminated IPv6 host: no worker is ever created
  function extendedLifetime() {
    if (typeof SharedWorker !== "function") return false;
    var known = new Error("extendedLifetime");
    try {
      new SharedWorker(UNPARSABLE, {
        get extendedLifetime() {
          throw known;
        },
      });
    } catch (error) {
      return error === known;
    }
    return false;
  }
  var worker;
  try {
    // The configuration travels in the name too: the worker starts without waiting for
    // "init" (see worker.mjs, configFromName).
    var name = "case-check " + JSON.stringify({ indexURL: config.indexURL, options: options });
    var shared = null;
    if (hooks.share !== false && extendedLifetime()) {
      try {
        shared = new SharedWorker(config.workerURL, { type: "module", name: name, extendedLifetime: true });
      } catch (error) {
        shared = null; // a dedicated worker, below
      }
    }
    // Messages come on the shared worker's port, or from the dedicated worker itself.
    var port = shared ? shared.port : new Worker(config.workerURL, { type: "module", name: name });
    (shared || port).addEventListener("error", deliver);
    port.addEventListener("message", deliver);
    if (shared) port.start();
    hooks.engineWorker = shared ? "shared" : "dedicated";
    worker = {
      postMessage: function (message) {
        port.postMessage(message);
      },
      close: function () {
        if (shared) port.close();
        else port.terminate();
      },
    };
  } catch (error) {
    return; // engine.mjs creates its own worker and reports the failure
  }
  boot.worker = worker;
  hooks.workers = (hooks.workers || 0) + 1;
  hooks.startedBy = "head";
  hooks.marks = { workerCreated: performance.timeOrigin + performance.now() };
  worker.postMessage({ type: "init", config: { indexURL: config.indexURL, options: options } });
  boot.adopt = function (listener) {
    boot.listener = listener;
    var queued = boot.messages;
    boot.messages = [];
    queued.forEach(listener);
    return worker;
  };
  globalThis.__caseCheckBoot = boot;
})();
