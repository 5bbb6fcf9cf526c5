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
from conftest import _Handler, golden_cases
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_reader_sw import on_demand_of, precache_of

from guideline_site.localsite import fill_case
from guideline_site.reader.service_worker import write_service_worker

pytestmark = pytest.mark.browser

SW_TIMEOUT_S = 90
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
    context = browser.new_context(service_workers="allow")
    yield context
    context.close()


OFFLINE_READY = """async ([version, count]) => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg || !reg.active || reg.active.state !== "activated") return false;
    if (!navigator.serviceWorker.controller) return false;
    const names = (await caches.keys()).filter((k) => k.startsWith("guideline-"));
    if (names.length !== 1 || !names[0].startsWith(`guideline-${version}@`)) return false;
    const cache = await caches.open(names[0]);
    return (await cache.keys()).length >= count;
}"""


def wait_until_offline_ready(page: Page, version: str, count: int) -> None:
    """The worker of ``version`` is active, controls the page, and its cache is full."""
    # Polled from Python: wait_for_function does not await a predicate's promise.
    deadline = time.monotonic() + SW_TIMEOUT_S
    while not page.evaluate(OFFLINE_READY, [version, count]):
        assert time.monotonic() < deadline, "the service worker never became ready"
        page.wait_for_timeout(250)


def go_offline(context: BrowserContext, server: Server) -> None:
    server.stop()
    context.set_offline(True)


def valid_cases() -> list[dict[str, Any]]:
    return [c for c in golden_cases() if "verdict" in c["expected"]]  # type: ignore[operator]


# --- offline use -----------------------------------------------------------------------------


def test_pages_load_offline_after_one_visit(
    fresh_context: BrowserContext, own_server: Server, built_site: Path
) -> None:
    version, urls = precache_of(built_site)
    page = fresh_context.new_page()
    page.goto(own_server.url)
    wait_until_offline_ready(page, version, len(urls))
    go_offline(fresh_context, own_server)

    pages = [u for u in urls if u.endswith("/")]
    assert len(pages) >= 10
    for url in pages:
        response = page.goto(own_server.url + ("" if url == "./" else url))
        assert response is not None
        assert response.ok, url
        assert response.from_service_worker, url
        expect(page.locator("article h1").first).to_be_visible()
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
    version, urls = precache_of(built_site)
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
    wait_until_offline_ready(page, version, len(urls))
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
    wait_until_offline_ready(page, version, len(urls) + len(on_demand))
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
        # A fresh load of the page with the network gone: runtime and bundle from the cache.
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
        version, urls = precache_of(copy)
        page = fresh_context.new_page()
        page.goto(server.url + "about/")
        wait_until_offline_ready(page, version, len(urls))

        # "Deploy" a new build: one page changes, so sw.js gets a new version.
        about = copy / "about" / "index.html"
        about.write_text(
            about.read_text(encoding="utf-8").replace(
                "</article>", '<p id="second-build">Second build.</p></article>', 1
            ),
            encoding="utf-8",
        )
        second = write_service_worker(copy, unversioned=["sitemap.xml"])
        assert second.version != version
        page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
        wait_until_offline_ready(page, second.version, len(second.urls))  # old cache gone

        go_offline(fresh_context, server)
        page.goto(server.url + "about/")
        expect(page.locator("#second-build")).to_be_attached()
    finally:
        server.stop()


def test_worker_ignores_other_origins(built_site: Path) -> None:
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    assert 'if (request.method !== "GET"' in text
    assert "url.origin !== self.location.origin" in text


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
