// The theme's search waits: a classic script FILE on every page just before the theme's
// bundle (guideline_site/casecheck/headstart.py), so it runs before the bundle creates the
// search worker and downloads the search index. Both wait until the reader goes to the
// search box (then at once), or until the page no longer needs the CPU: some time after
// load (data-release-after-load-ms), at idle, and, where the case check's engine is
// loading then (its form's data-engine, also after an instant navigation to it), until
// the same time after it has started or failed; whatever happens, 30 s after this script
// ran. On a guideline page the index's parse and hand-over to the worker no longer fall
// in the reader's first seconds there (Lighthouse's blocking time, README); on the
// case-check page the engine's boot and the first checks keep the CPU. A search result
// opened by its address (?h=term) starts the search at once: the theme highlights the
// term with the index's settings. What the theme posts to the worker meanwhile is
// queued; nothing is lost.
//
// Hooks on globalThis.__caseCheck: searchHeld, searchReleased; __caseCheckSearch.release()
// (the bench). Instant navigation does not run this script again (it is outside the
// replaced content); a second run does nothing.
(function () {
  "use strict";
  var script = document.currentScript;
  var hooks = (globalThis.__caseCheck = globalThis.__caseCheck || {});
  if (!script || globalThis.__caseCheckSearch || typeof Worker !== "function") return;
  var NativeWorker = globalThis.Worker;
  var LAST_RESORT_MS = 30000;
  var SEARCH_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js(\?|$)/;
  var SEARCH_INDEX = /\/search\/search_index\.json(\?|$)/;
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

  var timer = setTimeout(release, LAST_RESORT_MS);
  function onSearch(event) {
    var el = event.target;
    if (el && el.closest && el.closest('[data-md-component="search"], #__search')) release();
  }
  document.addEventListener("focusin", onSearch, true);
  document.addEventListener("change", onSearch, true);

  function release() {
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
    // After the current task (on the case-check page, the engine's message and its
    // first paint), not inside it.
    setTimeout(function () {
      held.forEach(function (w) {
        w.start();
      });
    }, 0);
  }
  // At idle, within 5 s: a waiting release never waits for long.
  function releaseWhenIdle() {
    if (typeof requestIdleCallback === "function") requestIdleCallback(release, { timeout: 5000 });
    else release();
  }
  function engineLoading() {
    return document.querySelector('form#case-check[data-engine="loading"]') !== null;
  }
  var quietMs = Number(script.dataset.releaseAfterLoadMs) || 0;
  function whenQuiet() {
    if (hooks.searchReleased) return;
    if (!engineLoading()) return releaseWhenIdle();
    var poll = setInterval(function () {
      if (engineLoading() && !hooks.searchReleased) return;
      clearInterval(poll);
      if (!hooks.searchReleased) setTimeout(releaseWhenIdle, quietMs);
    }, 1000);
  }
  globalThis.__caseCheckSearch = { release: release };

  if (new URLSearchParams(location.search).has("h")) {
    release();
  } else {
    var afterLoad = function () {
      setTimeout(whenQuiet, quietMs);
    };
    if (document.readyState === "complete") afterLoad();
    else globalThis.addEventListener("load", afterLoad, { once: true });
  }
})();
