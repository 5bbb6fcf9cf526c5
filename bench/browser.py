"""Chromium measurements through Playwright: cold and warm ready times, round trip, bytes.

Every cold run starts the system Chromium with a new, empty profile directory
(``launch_persistent_context`` on a fresh temporary directory), so nothing is in the
HTTP cache, the code cache or Cache Storage, and lets the browser finish starting up before
it navigates (``BROWSER_START_S``): a reader's browser is already running when a page is
first opened, and a trace showed Chromium's own start-up work (its omnibox pop-up's scripts
compiled on background threads, about 0.5 s of CPU) in the first second of every cold run
that navigated at once, on a two-core machine. The ready time is ``performance.now()`` (ms
since navigation start) when an element first gets ``data-engine="ready"`` (the case
check's ``form#case-check`` or the baseline's ``#baseline``), recorded in the page by a
``MutationObserver`` installed before any page script runs.

Bytes come from the server's own log (what it sent, and the size of the file before
compression): a page-level CDP session does not see the requests of a dedicated worker,
which is where the runtime is downloaded. Playwright's request events (which do follow
workers) tell which requests belong to the page and its workers; anything else the server
sent in the same window came from a service worker.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright

from guideline_site.localsite import CHROMIUM_ARGS, DEDICATED_ENGINE, HELPERS_SETTLED

READY_PROBE = """(() => {
  if (window.__bench) return;
  const rec = (window.__bench = { state: null, readyMs: null });
  const check = () => {
    if (rec.state) return;
    const el = document.querySelector('[data-engine="ready"], [data-engine="failed"]');
    if (el) {
      rec.readyMs = performance.now();
      rec.state = el.getAttribute("data-engine");
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-engine"],
  });
})();"""

# First request through the page's own engine (the test/benchmark hook of case-check.mjs).
ROUND_TRIP = """async (data) => {
  const cc = globalThis.__caseCheck;
  if (!cc || !cc.engine || !cc.engine.request) return null;
  const out = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const reply = await cc.engine.request("evaluate", { case: data });
    out.push({ ms: performance.now() - t, ok: reply.ok, verdict: reply.result?.verdict ?? null });
  }
  return out;
}"""

# Where the time went, in ms after navigation start: the document (response end, DOM
# ready), then the engine's marks (engine.mjs and worker.mjs, epoch ms).
BREAKDOWN = """() => {
  const t0 = performance.timeOrigin;
  const nav = performance.getEntriesByType("navigation")[0];
  const cc = globalThis.__caseCheck || {};
  const marks = cc.marks || {};
  const at = (name) => (marks[name] == null ? null : marks[name] - t0);
  return {
    navigation: nav ? nav.responseEnd : null,
    dom_ready: nav ? nav.domContentLoadedEventEnd || null : null,
    worker_created: at("workerCreated"),
    connected: at("connected"),
    worker_started: at("workerStart"),
    runtime_compiled: at("runtimeCompiled"),
    python_ready: at("pythonReady"),
    calc_imported: at("calcImported"),
    ready: at("ready"),
    started_by: cc.startedBy || null,
    engine_worker: cc.engineWorker || null,
    reused: Boolean(cc.engineReused),
    workers: cc.workers || 0,
  };
}"""

# The runtime's files are in the reader's Cache Storage (the service worker's answer to
# "cache-on-demand"), as after any first use of the case check.
RUNTIME_CACHED = """() => Boolean(globalThis.__caseCheck && globalThis.__caseCheck.offline
  && globalThis.__caseCheck.offline.ok)"""

SW_SETTLED = """async (limitMs) => {
  if (!("serviceWorker" in navigator)) return "none";
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    const reg = await navigator.serviceWorker.getRegistration();
    if (reg && reg.active && !reg.installing && !reg.waiting) return "active";
    if (!reg && window.__guidelineSwRegistered !== true) return "none";
    await new Promise((r) => setTimeout(r, 100));
  }
  return "timeout";
}"""

ServerLog = Callable[[], list[dict[str, Any]]]


@dataclass
class Throttle:
    """Chromium network emulation (applies to the page and its dedicated workers)."""

    mbit: float = 20.0
    latency_ms: float = 40.0

    def conditions(self) -> dict[str, Any]:
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.mbit * 1e6 / 8,
            "uploadThroughput": 5e6 / 8,
        }


@dataclass
class Run:
    page: str
    cold_ms: float | None = None
    warm_ms: float | None = None
    # case check only: a reload whose engine has gone (a dedicated worker booting from the
    # caches), after the reload that found the shared engine still running (warm_ms)
    warm_gone_ms: float | None = None
    # case check only: the worker's own start-up time (loadPyodide + calc), and when the
    # page created the worker (ms after navigation start)
    engine_ms: float | None = None
    cold_breakdown: dict[str, Any] = field(default_factory=dict)
    warm_breakdown: dict[str, Any] = field(default_factory=dict)
    warm_gone_breakdown: dict[str, Any] = field(default_factory=dict)
    state: str | None = None
    round_trips: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    error: str | None = None


#: Seconds between the browser's launch and the first navigation (see the module's docstring).
BROWSER_START_S = 2.0


@contextmanager
def fresh_context(pw: Playwright, chromium: str) -> Iterator[tuple[BrowserContext, Page]]:
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        ctx = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            ctx.add_init_script(READY_PROBE)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            time.sleep(BROWSER_START_S)
            yield ctx, page
        finally:
            ctx.close()


def _wait_ready(page: Page, timeout_ms: float) -> tuple[str | None, float | None]:
    page.wait_for_function("() => window.__bench && window.__bench.state", timeout=timeout_ms)
    rec = page.evaluate("window.__bench")
    return rec["state"], rec["readyMs"]


def measure_page(
    pw: Playwright,
    chromium: str,
    url: str,
    name: str,
    *,
    throttle: Throttle | None = None,
    warm: bool = True,
    gone: bool = False,
    round_trip_case: dict[str, Any] | None = None,
    timeout_ms: float = 120_000,
) -> Run:
    """One cold load (fresh profile) of a page that sets data-engine, then a warm reload.

    With ``gone``, one more reload whose engine is a dedicated worker
    (``DEDICATED_ENGINE``): the start-up from the caches alone, as in a browser without
    a shared engine (in Chromium, once the first visit's shared engine has ended, a new
    shared one boots from the same caches; not measured apart)."""
    run = Run(page=name)
    with fresh_context(pw, chromium) as (ctx, page):
        page.on("requestfinished", lambda r: run.requests.append(r.url))
        if throttle is not None:
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", throttle.conditions())
        try:
            page.goto(url, wait_until="commit", timeout=timeout_ms)
            run.state, run.cold_ms = _wait_ready(page, timeout_ms)
            if run.state != "ready":
                run.error = f"engine state {run.state}"
                return run
            run.engine_ms = page.evaluate("globalThis.__caseCheck?.bootMs ?? null")
            run.cold_breakdown = page.evaluate(BREAKDOWN)
            if round_trip_case is not None:
                run.round_trips = page.evaluate(ROUND_TRIP, round_trip_case) or []
            if warm:
                settle(page)
                page.reload(wait_until="commit", timeout=timeout_ms)
                state, run.warm_ms = _wait_ready(page, timeout_ms)
                run.warm_breakdown = page.evaluate(BREAKDOWN)
                if state != "ready":
                    run.error = f"warm engine state {state}"
                    return run
            if warm and gone:
                time.sleep(2.0)
                ctx.add_init_script(DEDICATED_ENGINE)
                page.reload(wait_until="commit", timeout=timeout_ms)
                state, run.warm_gone_ms = _wait_ready(page, timeout_ms)
                run.warm_gone_breakdown = page.evaluate(BREAKDOWN)
                if state != "ready":
                    run.error = f"warm (engine gone) engine state {state}"
        except Exception as exc:  # recorded: one failed run must not hide the others
            run.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return run


def settle(page: Page, quiet_s: float = 3.0) -> None:
    """The first visit has settled: the service worker is installed, the case-check page
    (if that is the page) has had the runtime cached for offline use, its code cache primed
    and its memory snapshot stored (when the build turns it on), and a few quiet seconds
    have passed (V8 writes the WebAssembly's compiled-code cache once the hot code has been
    optimised, a little after the engine is ready)."""
    page.evaluate(SW_SETTLED, 15_000)
    if page.evaluate("Boolean(globalThis.__caseCheck && globalThis.__caseCheck.engine)"):
        page.wait_for_function(RUNTIME_CACHED, timeout=60_000)
        page.wait_for_function(HELPERS_SETTLED, timeout=120_000)
    time.sleep(quiet_s)


# The theme's search: its index and its worker.
SEARCH_FILE = re.compile(r"/search/search_index\.json$|/workers/search\.[0-9a-f]+\.min\.js$")


def page_transfer(
    pw: Playwright,
    chromium: str,
    url: str,
    server_log: ServerLog,
    *,
    settle_s: float = 2.0,
    extra_wait: Callable[[Page], None] | None = None,
    release_search: bool = False,
) -> dict[str, Any]:
    """Bytes one cold visit transfers, split into the page (and its workers) and the rest.
    The engine is a dedicated worker (``DEDICATED_ENGINE``): Playwright does not report a
    shared worker's requests, and the bytes are the same. ``release_search``: the theme's
    search (held back for some seconds, ``search-hold.js``) starts at load, so that its
    bytes are counted."""
    page_urls: list[str] = []
    with fresh_context(pw, chromium) as (ctx, page):
        ctx.add_init_script(DEDICATED_ENGINE)
        page.on("requestfinished", lambda r: page_urls.append(r.url))
        start = len(server_log())
        page.goto(url, wait_until="load", timeout=120_000)
        if release_search:
            page.evaluate("globalThis.__caseCheckSearch?.release()")
        if extra_wait is not None:
            extra_wait(page)
        time.sleep(settle_s)
        entries = server_log()[start:]
    # Each page request claims one server log entry with its path, in order; the rest
    # (a service worker precaching the same files, say) is reported apart.
    wanted = Counter("/" + u.split("://", 1)[-1].split("/", 1)[-1].split("?")[0] for u in page_urls)
    own, other = [], []
    for e in entries:
        if wanted[e["path"]] > 0:
            wanted[e["path"]] -= 1
            own.append(e)
        else:
            other.append(e)
    return {
        "url": url,
        "requests": len(own),
        "compressed": sum(e["sent"] for e in own),
        "raw": sum(e["raw"] for e in own),
        "files": sorted(e["path"] for e in own),
        "search_compressed": sum(e["sent"] for e in own if SEARCH_FILE.search(e["path"])),
        "other_requests": len(other),
        "other_compressed": sum(e["sent"] for e in other),
        "other_files": sorted(e["path"] for e in other),
    }


def summary(values: list[float]) -> dict[str, float | int | None]:
    vals = [v for v in values if v is not None]
    if not vals:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {
        "median": statistics.median(vals),
        "min": min(vals),
        "max": max(vals),
        "n": len(vals),
    }


def lighthouse_available(root: Path) -> Path | None:
    cli = root / "node_modules" / "lighthouse" / "cli" / "index.js"
    return cli if cli.is_file() else None
