"""Every page of the built site in Chromium: same-origin requests only, no Python runtime on
guideline pages, and no axe-core violations (light and dark palettes, and the case-check
page with a result and with field errors showing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import assert_no_axe_violations
from playwright.sync_api import Browser, BrowserContext, expect

pytestmark = pytest.mark.browser

READY = 'form#case-check[data-engine="ready"]'
BOOT_TIMEOUT = 60_000
# What only the case check may load: the runtime folder, the calc bundle, the worker.
RUNTIME_MARKERS = (
    "/assets/case-check/runtime-",
    "/assets/case-check/calc-",
    "/assets/case-check/worker.",
)


def site_pages(built_site: Path) -> list[str]:
    """Every HTML page of the built site, as a path relative to the site root."""
    pages = []
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    found = site_pages(built_site)
    assert "case-check/" in found
    return found


@pytest.fixture(scope="module")
def context(browser: Browser, site_server: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def _visit(context: BrowserContext, url: str, *, wait_ready: bool) -> tuple[list[str], list[str]]:
    """(request URLs, worker URLs) made while loading one page in a fresh tab."""
    requests: list[str] = []
    workers: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(url, wait_until="load")
    if wait_ready:
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    page.wait_for_load_state("networkidle")
    page.close()
    return requests, workers


def test_every_request_stays_on_the_site(
    context: BrowserContext, site_server: str, pages: list[str]
) -> None:
    # Context-level: also requests made by workers and by a service worker (precaching).
    everything: list[str] = []
    context.on("request", lambda r: everything.append(r.url))
    guideline_pages = [rel for rel in pages if rel != "case-check/"]
    for rel in guideline_pages:
        requests, workers = _visit(context, site_server + rel, wait_ready=False)
        runtime = [u for u in requests + workers if any(m in u for m in RUNTIME_MARKERS)]
        assert not runtime, f"{rel} loaded the case-check runtime: {runtime}"
    # A service worker registered by those pages has finished installing (and precaching).
    page = context.new_page()
    page.goto(site_server)
    page.evaluate(
        """async () => {
            const reg = await navigator.serviceWorker?.getRegistration();
            if (reg) await Promise.race([navigator.serviceWorker.ready,
                                         new Promise((r) => setTimeout(r, 20000))]);
        }"""
    )
    page.wait_for_load_state("networkidle")
    page.close()
    runtime = [u for u in everything if any(m in u for m in RUNTIME_MARKERS)]
    assert not runtime, f"visiting guideline pages downloaded the Python runtime: {runtime}"
    requests, _ = _visit(context, site_server + "case-check/", wait_ready=True)
    assert any(u.endswith("pyodide.asm.wasm") for u in requests), requests
    foreign = [u for u in everything if not u.startswith((site_server, "data:", "blob:"))]
    assert not foreign, f"requests to other origins: {foreign}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_every_page(browser: Browser, site_server: str, pages: list[str], scheme: str) -> None:
    ctx = browser.new_context(color_scheme=scheme)  # the palette follows prefers-color-scheme
    page = ctx.new_page()
    failures = []
    for rel in pages:
        page.goto(site_server + rel)
        if rel == "case-check/":
            page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
        try:
            assert_no_axe_violations(page, f"{rel} ({scheme})")
        except AssertionError as exc:
            failures.append(str(exc))
    ctx.close()
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_case_check_with_result_and_errors(
    browser: Browser, site_server: str, scheme: str
) -> None:
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    form = page.locator("#case-check")
    form.locator('input[name="hormone_receptor"][value="positive"]').check()
    form.locator('input[name="liver_metastases"]').fill("1")
    form.locator('input[name="ecog"]').fill("0")
    form.locator('input[name="systemic_response"][value="complete_response"]').check()
    form.locator('button[type="submit"]').click()
    expect(page.locator("#case-result")).to_have_attribute("data-verdict", "needs_assessment")
    assert_no_axe_violations(page, f"case-check with a result ({scheme})")
    form.locator('input[name="ecog"]').fill("7")
    form.locator('button[type="submit"]').click()
    expect(form.locator('input[name="ecog"]')).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, f"case-check with a field error ({scheme})")
    ctx.close()
