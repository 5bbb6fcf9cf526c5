"""A returning reader (issue 11): the case check is ready before the reader arrives.

One run = a fresh profile that has used the case check once (cold visit, settled: the
service worker has cached the runtime), then, with the engine in a dedicated worker of
each page (``DEDICATED_ENGINE``: the prewarm boots from the caches, as in a browser
without SharedWorker's extendedLifetime; in Chromium with the first visit's shared engine
still running, every figure below is shorter):

1. opens a guideline page (full load): the head start prewarms the engine at idle; the
   cost is measured on that page (the worker's own start-up, main-thread blocking time
   from long tasks, bytes the server sent), and the same page is measured again with
   Save-Data on (no prewarm) for comparison;
2. clicks the navigation link to the case check (instant navigation): ms from the click
   until the form shows ``data-engine="ready"``; one worker must exist afterwards;
3. opens a shared ``#case=`` link to the case check (a new full navigation): ms from
   navigation start until the verdict is on screen (``#case-result[data-verdict]``).
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page, Playwright

from bench.browser import BREAKDOWN, ServerLog, _wait_ready, fresh_context, settle
from guideline_site.localsite import DEDICATED_ENGINE

CASE_PAGE = "case-check/"

PROBES = """(() => {
  const rec = (window.__returning = { longTasks: [], clickAt: null, verdictMs: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  document.addEventListener("click", () => { rec.clickAt ??= performance.now(); }, true);
  const check = () => {
    if (rec.verdictMs == null && document.querySelector("#case-result[data-verdict]")) {
      rec.verdictMs = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-verdict"],
  });
})();"""

SAVE_DATA = """Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true, get: () => ({ saveData: true }),
});"""

ENGINE_SETTLED = """() => { const e = globalThis.__caseCheck && globalThis.__caseCheck.engine;
  return Boolean(e && e.state !== "loading"); }"""


@dataclass
class ReturningRun:
    nav_link_ms: float | None = None
    prewarm_ready_at_click: bool | None = None
    workers_after_navigation: int | None = None
    case_link_verdict_ms: float | None = None
    prewarm_boot_ms: float | None = None
    prewarm_breakdown: dict[str, Any] = field(default_factory=dict)
    blocking_ms_prewarm: float | None = None
    blocking_ms_save_data: float | None = None
    bytes_guideline_visit: int | None = None
    runtime_bytes_guideline_visit: int | None = None
    error: str | None = None


def case_fragment(case: dict[str, Any]) -> str:
    """``#case=`` + base64url of compact JSON, as the page's share link writes it."""
    data = json.dumps(case, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return "#case=" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _blocking(page: Page, until_ms: float | None = None) -> float:
    """Total blocking time (sum of long tasks' time beyond 50 ms) so far on this page."""
    tasks = page.evaluate("window.__returning.longTasks")
    return float(
        sum(max(0.0, d - 50.0) for start, d in tasks if until_ms is None or start < until_ms)
    )


def _guideline_visit(page: Page, url: str, wait_engine: bool) -> float:
    page.goto(url, wait_until="load")
    if wait_engine:
        page.wait_for_function(ENGINE_SETTLED, timeout=60_000)
    time.sleep(1.0)  # long tasks right after the engine settles are counted too
    return _blocking(page)


def returning_reader(
    pw: Playwright,
    chromium: str,
    base: str,
    guideline: str,
    case: dict[str, Any],
    server_log: ServerLog,
    runtime_file: Any,
) -> ReturningRun:
    run = ReturningRun()
    with fresh_context(pw, chromium) as (ctx, page):
        ctx.add_init_script(PROBES)
        ctx.add_init_script(DEDICATED_ENGINE)
        try:
            page.goto(base + CASE_PAGE, wait_until="commit")
            state, _ = _wait_ready(page, 120_000)
            if state != "ready":
                run.error = f"first visit: engine {state}"
                return run
            settle(page)

            # 1. A guideline page, prewarm off (Save-Data), then on.
            off = ctx.new_page()
            off.add_init_script(SAVE_DATA)
            run.blocking_ms_save_data = _guideline_visit(off, base + guideline, False)
            off.close()
            start = len(server_log())
            run.blocking_ms_prewarm = _guideline_visit(page, base + guideline, True)
            entries = server_log()[start:]
            run.bytes_guideline_visit = sum(e["sent"] for e in entries)
            run.runtime_bytes_guideline_visit = sum(
                e["sent"] for e in entries if runtime_file.search(e["path"]) and e["status"] == 200
            )
            run.prewarm_boot_ms = page.evaluate("globalThis.__caseCheck.bootMs ?? null")
            run.prewarm_breakdown = page.evaluate(BREAKDOWN)
            time.sleep(1.0)  # the reader reads a little

            # 2. The navigation link to the case check (instant navigation).
            run.prewarm_ready_at_click = page.evaluate(ENGINE_SETTLED)
            link = page.locator(f'nav a.md-nav__link[href$="{CASE_PAGE}"]').first
            link.click()
            page.wait_for_selector('form#case-check[data-engine="ready"]', timeout=60_000)
            ready = page.evaluate("window.__bench.readyMs")
            clicked = page.evaluate("window.__returning.clickAt")
            if ready is not None and clicked is not None:
                run.nav_link_ms = ready - clicked
            run.workers_after_navigation = page.evaluate("globalThis.__caseCheck.workers")

            # 3. A shared case link, opened anew.
            page.goto("about:blank")
            page.goto(base + CASE_PAGE + case_fragment(case), wait_until="commit")
            page.wait_for_selector("#case-result[data-verdict]", timeout=60_000)
            run.case_link_verdict_ms = page.evaluate("window.__returning.verdictMs")
        except Exception as exc:  # recorded: one failed run must not hide the others
            run.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return run
