// Registers the site's service worker (offline use after the first visit).
// Loaded once per full page load through extra_javascript; instant navigation does not
// re-run it, and the guard below makes a second run harmless anyway.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || window.__guidelineSwRegistered) return;
  window.__guidelineSwRegistered = true;
  var script = document.currentScript;
  if (!script || !script.src) return;
  // This file is served from <site root>/assets/reader/: the site root is two levels up,
  // whatever sub-path the site is published under.
  var root = new URL("../../", script.src);
  // Longest wait for the case check's start-up before registering anyway.
  var ENGINE_WAIT_MS = 15000;

  function register() {
    navigator.serviceWorker
      .register(new URL("sw.js", root).href, { scope: root.href })
      .catch(function (error) {
        // Offline use is an extra: the site works without it.
        console.warn("Offline use is not available:", error);
      });
  }

  // The precache must not compete with the first start of the case check: while its
  // engine is loading (form#case-check[data-engine="loading"]), wait until it is ready
  // or has failed, then for
  // an idle moment (the first check of a shared case link comes first); the runtime then
  // comes from the HTTP cache, not a second download.
  function whenIdle(next) {
    if (typeof window.requestIdleCallback === "function") {
      window.requestIdleCallback(next, { timeout: 5000 });
    } else {
      setTimeout(next, 200);
    }
  }
  function afterEngine(next) {
    var form = document.querySelector("form#case-check[data-engine]");
    if (!form) return next();
    if (form.getAttribute("data-engine") !== "loading") return whenIdle(next);
    var done = false;
    function finish() {
      if (done) return;
      done = true;
      observer.disconnect();
      whenIdle(next);
    }
    var observer = new MutationObserver(function () {
      if (form.getAttribute("data-engine") !== "loading") finish();
    });
    observer.observe(form, { attributes: true, attributeFilter: ["data-engine"] });
    setTimeout(finish, ENGINE_WAIT_MS);
  }

  function start() {
    afterEngine(register);
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
})();
