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
// Meanwhile the theme's search is held back: its worker's creation and the download of
// the search index wait until the reader goes to the search box (then at once), or the
// engine has started (or failed) and the page has been idle for a while, or 30 s have
// passed; what the theme posts to the worker meanwhile is queued, nothing is lost.
//
// Handed over on globalThis.__caseCheckBoot: {worker, config, messages, adopt(onMessage)};
// hooks on globalThis.__caseCheck: workers, engineWorker, startedBy "head",
// marks.workerCreated, searchHeld, searchReleased (share: read, see engine.mjs).
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
  var NativeWorker = globalThis.Worker;
  var SEARCH_AFTER_ENGINE_MS = 10000;
  var letGo = function () {};
  var boot = { worker: null, config: config, messages: [], listener: null };
  function deliver(event) {
    if (event.type === "error" || (event.data && event.data.type === "startup")) {
      // The first checks (a shared case link) and the offline cache come first.
      setTimeout(function () {
        if (typeof requestIdleCallback === "function") requestIdleCallback(letGo, { timeout: 5000 });
        else letGo();
      }, SEARCH_AFTER_ENGINE_MS);
    }
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
    var port = shared ? shared.port : new NativeWorker(config.workerURL, { type: "module", name: name });
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

  // ---- the theme's search worker waits ------------------------------------------------
  var SEARCH_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js(\?|$)/;
  var held = [];
  var waitingFetches = []; // search index downloads waiting for the release
  hooks.searchHeld = true;
  hooks.searchReleased = false;

  // Stands in for the search worker until released; the theme only uses postMessage,
  // terminate and message/error events on it.
  function HeldWorker(workerURL, workerOptions) {
    var target = new EventTarget();
    var real = null;
    var queue = [];
    var self = {
      onmessage: null,
      onerror: null,
      addEventListener: target.addEventListener.bind(target),
      removeEventListener: target.removeEventListener.bind(target),
      dispatchEvent: target.dispatchEvent.bind(target),
      postMessage: function (message, transfer) {
        if (real) real.postMessage(message, transfer);
        else queue.push([message, transfer]);
      },
      terminate: function () {
        queue = [];
        self.terminated = true;
        if (real) real.terminate();
      },
      start: function () {
        if (real || self.terminated) return;
        real = new NativeWorker(workerURL, workerOptions);
        ["message", "messageerror", "error"].forEach(function (type) {
          real.addEventListener(type, function (event) {
            var copy =
              type === "error"
                ? new ErrorEvent("error", { message: event.message, error: event.error })
                : new MessageEvent(type, { data: event.data });
            target.dispatchEvent(copy);
            var handler = self["on" + type];
            if (typeof handler === "function") handler.call(self, copy);
          });
        });
        queue.forEach(function (item) {
          real.postMessage(item[0], item[1]);
        });
        queue = [];
      },
    };
    held.push(self);
    return self;
  }

  function Deferring(workerURL, workerOptions) {
    if (!hooks.searchReleased && SEARCH_WORKER.test(String(workerURL))) {
      return HeldWorker(workerURL, workerOptions);
    }
    return new NativeWorker(workerURL, workerOptions);
  }
  Deferring.prototype = NativeWorker.prototype;
  globalThis.Worker = Deferring;

  // The theme downloads the search index itself (main thread, XMLHttpRequest or fetch):
  // that waits too.
  var SEARCH_INDEX = /\/search\/search_index\.json(\?|$)/;
  var XHR = globalThis.XMLHttpRequest && globalThis.XMLHttpRequest.prototype;
  var nativeOpen = XHR && XHR.open;
  var nativeSend = XHR && XHR.send;
  if (nativeOpen && nativeSend) {
    XHR.open = function (method, target) {
      this.__caseCheckSearch = SEARCH_INDEX.test(String(target));
      return nativeOpen.apply(this, arguments);
    };
    XHR.send = function () {
      var xhr = this;
      var args = arguments;
      if (!xhr.__caseCheckSearch || hooks.searchReleased) return nativeSend.apply(xhr, args);
      waitingFetches.push(function () {
        nativeSend.apply(xhr, args);
      });
    };
  }
  var nativeFetch = globalThis.fetch;
  function deferringFetch(input, init) {
    var target = typeof input === "string" ? input : input && input.url;
    if (hooks.searchReleased || !SEARCH_INDEX.test(String(target))) {
      return nativeFetch.apply(this, arguments);
    }
    return new Promise(function (resolve) {
      waitingFetches.push(resolve);
    }).then(function () {
      return nativeFetch.call(globalThis, input, init);
    });
  }
  if (typeof nativeFetch === "function") globalThis.fetch = deferringFetch;

  var timer = setTimeout(function () {
    letGo();
  }, 30000);
  function onSearch(event) {
    var el = event.target;
    if (el && el.closest && el.closest('[data-md-component="search"], #__search')) letGo();
  }
  document.addEventListener("focusin", onSearch, true);
  document.addEventListener("change", onSearch, true);
  letGo = function () {
    if (hooks.searchReleased) return;
    hooks.searchReleased = true;
    clearTimeout(timer);
    document.removeEventListener("focusin", onSearch, true);
    document.removeEventListener("change", onSearch, true);
    if (globalThis.Worker === Deferring) globalThis.Worker = NativeWorker;
    if (globalThis.fetch === deferringFetch) globalThis.fetch = nativeFetch;
    waitingFetches.forEach(function (go) {
      go();
    });
    waitingFetches = [];
    // After the engine's own message has been handled (its first paint), not before.
    setTimeout(function () {
      held.forEach(function (w) {
        w.start();
      });
    }, 0);
  };
})();
