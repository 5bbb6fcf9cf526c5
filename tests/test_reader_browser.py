"""Reader features in the system Chromium: offline use after one visit, the decision pathway.

The offline tests serve the built site on a server of their own and stop it before going
offline (besides ``context.set_offline``), so nothing can reach the network behind the
service worker's back.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import _Handler, dedicated_engine, golden_cases
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_reader_sw import NODE_MODULES, on_demand_of, precache_of

from guideline_site.localsite import fill_case
from guideline_site.reader.config import DEFAULT_SW_EXCLUDE, DEFAULT_SW_ON_DEMAND
from guideline_site.reader.service_worker import write_service_worker

pytestmark = pytest.mark.browser

SW_TIMEOUT_S = 90
EXCLUDE = [*DEFAULT_SW_EXCLUDE]
ENGINE_TIMEOUT_MS = 60_000


@dataclass
class Server:
    """A static server that a test can take down ("the network is gone")."""

    root: Path
    httpd: http.server.ThreadingHTTPServer = field(init=False)

    def __post_init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        handler = functools.partial(_Handler, directory=str(self.root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{port}/"
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture
def own_server(built_site: Path) -> Iterator[Server]:
    server = Server(built_site)
    yield server
    server.stop()


@pytest.fixture
def fresh_context(browser: Browser) -> Iterator[BrowserContext]:
    # A dedicated engine: offline, a reload must boot from the caches, as it does once a
    # shared engine has gone (or in a browser without one).
    context = dedicated_engine(browser.new_context(service_workers="allow"))
    yield context
    context.close()


# Workbox's precache: one cache per scope, keys carry the revision (__WB_REVISION__).
OFFLINE_READY = """async (manifest) => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg || !reg.active || reg.active.state !== "activated" || reg.installing) return false;
    if (!navigator.serviceWorker.controller) return false;
    const name = `guideline-precache-v2-${reg.scope}`;
    if (!(await caches.has(name))) return false;
    const keys = (await (await caches.open(name)).keys()).map((r) => r.url);
    const wanted = Object.entries(manifest).map(([url, rev]) => {
        const full = new URL(url, reg.scope).href;
        return rev ? `${full}?__WB_REVISION__=${rev}` : full;
    });
    return keys.length === wanted.length && wanted.every((url) => keys.includes(url));
}"""

RUNTIME_CACHED = """async (files) => {
    const reg = await navigator.serviceWorker.getRegistration();
    const cache = await caches.open("case-check-runtime");
    const keys = (await cache.keys()).map((r) => r.url);
    return files.every((f) => keys.includes(new URL(f, reg.scope).href));
}"""


def _poll(page: Page, script: str, arg: object, what: str) -> None:
    # Polled from Python: wait_for_function does not await a predicate's promise.
    deadline = time.monotonic() + SW_TIMEOUT_S
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(250)


def wait_until_offline_ready(page: Page, manifest: dict[str, str | None]) -> None:
    """The worker is active, controls the page, and its precache holds exactly
    ``manifest`` (every file at its revision; older revisions gone)."""
    _poll(page, OFFLINE_READY, manifest, "the service worker never became ready")


def go_offline(context: BrowserContext, server: Server) -> None:
    server.stop()
    context.set_offline(True)


def valid_cases() -> list[dict[str, Any]]:
    return [c for c in golden_cases() if "verdict" in c["expected"]]  # type: ignore[operator]


# --- offline use -----------------------------------------------------------------------------


def test_pages_load_offline_after_one_visit(
    fresh_context: BrowserContext, own_server: Server, built_site: Path
) -> None:
    manifest = precache_of(built_site)
    page = fresh_context.new_page()
    page.goto(own_server.url)
    wait_until_offline_ready(page, manifest)
    go_offline(fresh_context, own_server)

    pages = [u.removesuffix("index.html") for u in manifest if u.endswith("index.html")]
    assert len(pages) >= 10
    for url in pages:
        response = page.goto(own_server.url + url)
        assert response is not None
        assert response.ok, url
        assert response.from_service_worker, url
        expect(page.locator("article h1").first).to_be_visible()
    # A search result's link (?h=term) is the same page offline.
    response = page.goto(own_server.url + "selection/?h=liver")
    assert response is not None
    assert response.ok
    # Search works offline too (index and worker come from the cache).
    page.goto(own_server.url + "selection/")
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("liver")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


def test_case_check_works_offline(
    fresh_context: BrowserContext, own_server: Server, built_site: Path
) -> None:
    """A guideline page, then the case-check page once: both work offline afterwards."""
    if "form" not in (built_site / "case-check" / "index.html").read_text(encoding="utf-8"):
        pytest.skip("the case-check form is not built yet")
    manifest = precache_of(built_site)
    on_demand = on_demand_of(built_site)
    assert on_demand, "the case-check runtime should be cached on demand"
    runtime_requests: list[str] = []
    fresh_context.on(
        "request",
        lambda r: (
            runtime_requests.append(r.url) if "/assets/case-check/runtime-" in r.url else None
        ),
    )
    page = fresh_context.new_page()
    page.goto(own_server.url + "selection/")
    wait_until_offline_ready(page, manifest)
    # Installing the worker did not download the runtime (issue 5).
    assert not runtime_requests, runtime_requests
    page.goto(own_server.url + "case-check/")
    expect(page.locator('form#case-check[data-engine="ready"]')).to_be_attached(
        timeout=ENGINE_TIMEOUT_MS
    )
    # The page asked the worker to cache the rest of the runtime; it did.
    page.wait_for_function("() => globalThis.__caseCheck?.offline", timeout=ENGINE_TIMEOUT_MS)
    answer = page.evaluate("__caseCheck.offline")
    assert answer["ok"], answer
    assert answer["total"] == len(on_demand), answer
    _poll(page, RUNTIME_CACHED, on_demand, "the runtime was not cached")
    go_offline(fresh_context, own_server)

    for url in ("./", "selection/", "how-it-decides/"):
        response = page.goto(own_server.url + ("" if url == "./" else url))
        assert response is not None
        assert response.ok, url
        expect(page.locator("article h1").first).to_be_visible()

    cases = valid_cases()
    assert cases
    picked = {c["expected"]["verdict"]: c for c in cases}  # type: ignore[index]
    for case in list(picked.values())[:2]:
        # A fresh load of the page with the network gone: the runtime from the cache.
        page.goto(own_server.url + "case-check/")
        expect(page.locator('form#case-check[data-engine="ready"]')).to_be_attached(
            timeout=ENGINE_TIMEOUT_MS
        )
        fill_case(page, case["case"])  # type: ignore[arg-type]
        page.locator('form#case-check [type="submit"]').click()
        expected = case["expected"]["verdict"]  # type: ignore[index]
        expect(page.locator(f'#case-result[data-verdict="{expected}"]')).to_be_attached(
            timeout=ENGINE_TIMEOUT_MS
        )


def test_new_build_replaces_the_cache(
    fresh_context: BrowserContext, built_site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    server = Server(copy)
    try:
        first = precache_of(copy)
        page = fresh_context.new_page()
        page.goto(server.url + "about/")
        wait_until_offline_ready(page, first)

        # "Deploy" a new build: one page changes, so sw.js gets a new version.
        about = copy / "about" / "index.html"
        about.write_text(
            about.read_text(encoding="utf-8").replace(
                "</article>", '<p id="second-build">Second build.</p></article>', 1
            ),
            encoding="utf-8",
        )
        write_service_worker(
            copy, node_modules=NODE_MODULES, on_demand=DEFAULT_SW_ON_DEMAND, exclude=EXCLUDE
        )
        second = precache_of(copy)
        assert second["about/index.html"] != first["about/index.html"]
        assert {k: v for k, v in second.items() if k != "about/index.html"} == {
            k: v for k, v in first.items() if k != "about/index.html"
        }
        page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
        wait_until_offline_ready(page, second)  # the old revision is gone

        go_offline(fresh_context, server)
        page.goto(server.url + "about/")
        expect(page.locator("#second-build")).to_be_attached()
    finally:
        server.stop()


def test_old_runtime_and_legacy_caches_removed(
    fresh_context: BrowserContext, built_site: Path, tmp_path: Path
) -> None:
    """On activate: runtime files of an older build (under this scope) and the caches of
    the hand-written worker this one replaced are deleted; other sites' entries are kept."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    server = Server(copy)
    try:
        page = fresh_context.new_page()
        page.goto(server.url + "about/")
        wait_until_offline_ready(page, precache_of(copy))
        page.evaluate(SEED_OLD_CACHES, server.url)
        # A new worker version activates (its content changed): the cleanup runs.
        sw = copy / "sw.js"
        sw.write_text(sw.read_text(encoding="utf-8") + "\n// rebuilt\n", encoding="utf-8")
        page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
        _poll(page, OLD_CACHES_GONE, server.url, "old runtime files or legacy caches remain")
    finally:
        server.stop()


SEED_OLD_CACHES = """async (scope) => {
    const old = scope + "assets/case-check/runtime-000000000000/old.wasm";
    const other = "http://localhost:9/other-site/assets/x.wasm"; // another scope
    const runtime = await caches.open("case-check-runtime");
    await runtime.put(old, new Response("x"));
    await runtime.put(other, new Response("y"));
    await (await caches.open("guideline-0123456789abcdef@/")).put(scope, new Response("z"));
}"""

OLD_CACHES_GONE = """async (scope) => {
    const old = scope + "assets/case-check/runtime-000000000000/old.wasm";
    const other = "http://localhost:9/other-site/assets/x.wasm"; // another scope
    const keys = (await (await caches.open("case-check-runtime")).keys()).map((r) => r.url);
    return !keys.includes(old) && keys.includes(other)
        && !(await caches.has("guideline-0123456789abcdef@/"));
}"""


# --- the decision pathway ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["selection/", "case-check/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pathway_visible_and_accessible(
    page: Page, site_server: str, path: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(site_server + path)
    expected_scheme = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected_scheme)
    pathway = page.locator("figure#decision-pathway")
    expect(pathway, f"no <!-- decision-pathway --> marker on {path}").to_be_attached(timeout=5000)
    pathway.scroll_into_view_if_needed()
    expect(pathway).to_be_visible()
    expect(pathway.locator("[data-criterion]")).not_to_have_count(0)
    results = Axe().run(page, context={"include": [["#decision-pathway"]]})
    assert results.violations_count == 0, results.generate_report()


def test_pathway_prints(page: Page, site_server: str) -> None:
    page.goto(site_server + "selection/")
    page.emulate_media(media="print")
    pathway = page.locator("figure#decision-pathway")
    expect(pathway).to_be_visible()
    expect(pathway.locator("li[data-verdict]").first).to_be_visible()
    colour = pathway.evaluate("(el) => getComputedStyle(el).color")
    assert colour in {"rgb(0, 0, 0)", "rgba(0, 0, 0, 1)"}
