"""The case-check engine as a shared worker that outlives its page (Chromium's
``extendedLifetime``; casecheck/assets/engine.mjs, openWorker; worker.mjs, serve).

A reload, another tab or a later page of the site finds Python running; each page gets
its own answers on its own port; a failed engine is never handed to a page again; and
where the browser lacks the option, the engine is a dedicated worker as before. The
start-up itself (code cache, snapshot, offline boot) is tested with dedicated engines in
test_engine_start.py and test_reader_browser.py.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    BOOT_TIMEOUT,
    READY,
    _Handler,
    golden_cases,
    new_context,
    shared_workers,
    skip_without_extended_lifetime,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect

from guideline_site.localsite import HELPERS_SETTLED, fill_case, free_port

pytestmark = pytest.mark.browser

ENGINE = "/assets/case-check/worker."


def _hooks(page: Page) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => { const c = globalThis.__caseCheck || {};
            return {kind: c.engineWorker ?? null, reused: c.engineReused ?? null,
                    workers: c.workers ?? null, marks: c.marks ?? {},
                    state: c.engine?.state ?? null, error: c.engine?.error ?? null}; }"""
        )
    )


def _engines(page: Page) -> list[str]:
    return [url for url in shared_workers(page) if ENGINE in url]


def _verdict_cases() -> list[dict[str, Any]]:
    """Two golden cases with different verdicts."""
    found: dict[str, dict[str, Any]] = {}
    for golden in golden_cases():
        verdict = golden["expected"].get("verdict")  # type: ignore[union-attr]
        if verdict and verdict not in found:
            found[str(verdict)] = golden  # type: ignore[assignment]
    assert len(found) >= 2, found
    return list(found.values())[:2]


def _check(page: Page, golden: dict[str, Any]) -> None:
    fill_case(page, golden["case"])
    page.locator('form#case-check [type="submit"]').click()
    expect(page.locator("#case-result")).to_have_attribute(
        "data-verdict", golden["expected"]["verdict"], timeout=BOOT_TIMEOUT
    )


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = new_context(browser)
    skip_without_extended_lifetime(ctx)
    yield ctx
    ctx.close()


def test_a_reload_finds_the_engine_running(context: BrowserContext, site_server: str) -> None:
    page = context.new_page()
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    first = _hooks(page)
    assert (first["kind"], first["reused"]) == ("shared", False), first
    assert first["marks"].get("pythonReady"), first  # this page saw the boot
    assert len(_engines(page)) == 1
    page.reload()
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    again = _hooks(page)
    assert (again["kind"], again["reused"], again["workers"]) == ("shared", True, 1), again
    # No boot on this page: only when it connected.
    assert again["marks"].get("connected"), again
    assert not again["marks"].get("pythonReady"), again
    assert len(_engines(page)) == 1
    _check(page, _verdict_cases()[0])
    # A full page load of another page, then back: the same engine still.
    page.goto(site_server + "selection/", wait_until="load")
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert _hooks(page)["reused"] is True
    assert len(_engines(page)) == 1


# Each page sends its own requests at the same time (their ids overlap: each page counts
# from 1); every reply must carry that page's case's verdict.
BURST = """async (kase) => {
  const engine = globalThis.__caseCheck.engine;
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => engine.request("evaluate", { case: kase })),
  );
  return replies.map((r) => (r.ok ? r.result.verdict : "error"));
}"""


def test_pages_share_one_engine_and_get_their_own_answers(
    context: BrowserContext, site_server: str
) -> None:
    one, two = context.new_page(), context.new_page()
    for page in (one, two):
        page.goto(site_server + "case-check/")
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert _hooks(two)["reused"] is True
    assert len(_engines(one)) == 1
    first, second = _verdict_cases()
    handles = [
        one.evaluate_handle(f"(kase) => ({BURST})(kase)", first["case"]),
        two.evaluate_handle(f"(kase) => ({BURST})(kase)", second["case"]),
    ]
    got = [h.json_value() for h in handles]
    assert got[0] == [first["expected"]["verdict"]] * 20
    assert got[1] == [second["expected"]["verdict"]] * 20


# A browser without the option: no SharedWorker at all, or one that ignores
# extendedLifetime (it passes on only the options it knows).
NO_SHARED_WORKER = "delete globalThis.SharedWorker;"
SHARED_WORKER_WITHOUT_THE_OPTION = """(() => {
  const Native = globalThis.SharedWorker;
  globalThis.SharedWorker = function (url, options) {
    const known = typeof options === "string" ? options
      : { type: options?.type, name: options?.name, credentials: options?.credentials };
    return new Native(url, known);
  };
})();"""


# One that knows the option (it reads it) but cannot be created here (a sandbox, say).
SHARED_WORKER_REFUSED = """(() => {
  globalThis.SharedWorker = function (url, options) {
    if (options && typeof options === "object") void options.extendedLifetime;
    throw new DOMException("refused by the test", "SecurityError");
  };
})();"""


@pytest.mark.parametrize(
    "script",
    [NO_SHARED_WORKER, SHARED_WORKER_WITHOUT_THE_OPTION, SHARED_WORKER_REFUSED],
    ids=["no-shared-worker", "without-the-option", "refused"],
)
def test_without_extended_lifetime_the_engine_is_dedicated(
    context: BrowserContext, site_server: str, script: str
) -> None:
    context.add_init_script(script)
    page = context.new_page()
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    hooks = _hooks(page)
    assert (hooks["kind"], hooks["reused"]) == ("dedicated", False), hooks
    assert [w for w in workers if ENGINE in w and "#" not in w], workers
    assert _engines(page) == []
    _check(page, _verdict_cases()[0])


def test_a_guideline_page_connects_to_the_running_engine(
    context: BrowserContext, site_server: str
) -> None:
    """A returning reader's guideline page (a full load) starts no engine of its own when
    the case check's is still running: its prewarm connects to it, and the navigation
    link then finds it ready."""
    page = context.new_page()
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    page.wait_for_function(
        "() => globalThis.__caseCheck?.offline?.ok === true", timeout=BOOT_TIMEOUT
    )
    page.wait_for_function(HELPERS_SETTLED, timeout=BOOT_TIMEOUT)
    page.goto(site_server + "selection/", wait_until="load")
    page.wait_for_function(
        "() => globalThis.__caseCheck?.engine?.state === 'ready'", timeout=BOOT_TIMEOUT
    )
    hooks = _hooks(page)
    assert (hooks["kind"], hooks["reused"], hooks["workers"]) == ("shared", True, 1), hooks
    assert len(_engines(page)) == 1
    page.evaluate("window.__noReload = true")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='case-check/']").first.click()
    page.wait_for_selector(READY, timeout=5_000)
    assert page.evaluate("window.__noReload") is True  # instant navigation
    assert _hooks(page)["workers"] == 1
    _check(page, _verdict_cases()[1])


class _Blocking(_Handler):
    """The built site, with the runtime's WebAssembly missing while ``blocked`` is set."""

    blocked = threading.Event()

    def do_GET(self) -> None:
        if self.blocked.is_set() and self.path.split("?")[0].endswith(".wasm"):
            self.send_error(404)
            return
        super().do_GET()


@pytest.fixture
def blocking_server(built_site: Path) -> Iterator[tuple[str, threading.Event]]:
    """The built site on a server of its own (a route does not reach a shared worker's
    downloads), and the switch that makes its runtime's WebAssembly missing."""

    class Handler(_Blocking):
        blocked = threading.Event()

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", free_port()), functools.partial(Handler, directory=str(built_site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", Handler.blocked
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_failed_shared_engine_starts_again_for_the_next_page(
    context: BrowserContext, blocking_server: tuple[str, threading.Event]
) -> None:
    """A shared engine whose start-up failed says so on the page; its failure is not handed
    to the next page (here a reload at once): that page's start-up is a new attempt, which
    starts, in the same worker."""
    url, blocked = blocking_server
    blocked.set()
    page = context.new_page()
    page.goto(url + "case-check/")
    expect(page.locator("form#case-check")).to_have_attribute(
        "data-engine", "failed", timeout=BOOT_TIMEOUT
    )
    expect(page.locator("#case-check-engine")).to_contain_text("could not start")
    assert "pyodide.asm.wasm" in str(_hooks(page)["error"]), _hooks(page)
    assert len(_engines(page)) == 1
    blocked.clear()
    page.reload()
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    hooks = _hooks(page)
    assert (hooks["kind"], hooks["reused"]) == ("shared", False), hooks
    assert hooks["marks"].get("pythonReady"), hooks  # this page saw a boot
    assert len(_engines(page)) == 1
    _check(page, _verdict_cases()[0])


def test_a_shared_engine_that_cannot_load_is_shown(
    context: BrowserContext, site_server: str
) -> None:
    context.route(f"**{ENGINE}*.mjs", lambda route: route.abort())
    page = context.new_page()
    page.goto(site_server + "case-check/")
    expect(page.locator("form#case-check")).to_have_attribute(
        "data-engine", "failed", timeout=BOOT_TIMEOUT
    )
    assert _hooks(page)["kind"] == "shared"
    expect(page.locator("#case-check-engine")).to_contain_text("could not start")
