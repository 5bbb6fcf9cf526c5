"""Every page of the built site in Chromium: same-origin requests only, no Python runtime on
guideline pages, no Content Security Policy violation and no page error (full loads,
instant navigation, a case checked), and no axe-core violations with the WCAG 2.2 rules
(light and dark palettes, and the case-check page with a result and with field errors)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    BOOT_TIMEOUT,
    READY,
    assert_no_axe_violations,
    dedicated_engine,
    new_context,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect

import calc
from guideline_site.casecheck import csp
from guideline_site.localsite import HELPERS_SETTLED

pytestmark = pytest.mark.browser

# What only the case check may load: the runtime folder (calc inside) and the worker.
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
    # A dedicated engine: Playwright reports its requests (not a shared worker's).
    ctx = dedicated_engine(new_context(browser))
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
    # Bounded, and failing when it runs out: a worker still installing could precache
    # the runtime after the check below.
    page.wait_for_function(
        """async () => {
            const reg = await navigator.serviceWorker?.getRegistration();
            return !reg || (reg.active !== null && !reg.installing && !reg.waiting);
        }""",
        timeout=60_000,
        polling=200,
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
    # The palette follows prefers-color-scheme.
    ctx = new_context(browser, color_scheme=scheme)
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
    ctx = new_context(browser, color_scheme=scheme)
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


# --- Content Security Policy -------------------------------------------------------------

VIOLATIONS = """
    document.addEventListener("securitypolicyviolation", (e) => window.__reportViolation(
        `${location.pathname}: ${e.violatedDirective} ${e.blockedURI} `
        + `${e.sourceFile}:${e.lineNumber}`));
"""


def _quiet(page: Page) -> None:
    """The page's late requests are over. Playwright's "networkidle" never comes on a page
    that has just created a shared worker (it counts the worker's script as a request of
    the page that never ends, and reports no request of the worker itself): there, the
    case check's own late work (offline caching, helper workers) is waited for instead."""
    if page.evaluate("globalThis.__caseCheck?.engineWorker === 'shared'"):
        page.wait_for_function(HELPERS_SETTLED, timeout=BOOT_TIMEOUT)
        page.wait_for_timeout(1000)
    else:
        page.wait_for_load_state("networkidle")


def test_no_policy_violation_or_page_error(
    browser: Browser, site_server: str, pages: list[str]
) -> None:
    """Every page loaded in full, then every page reached by instant navigation, then a
    case checked: the policy blocks nothing the site needs, and nothing throws. Reports
    reach the test at once (a binding), so a page that reloads loses none."""
    ctx = new_context(browser)
    problems: list[str] = []
    ctx.expose_binding("__reportViolation", lambda _source, text: problems.append(text))
    ctx.add_init_script(VIOLATIONS)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    for rel in pages:
        page.goto(site_server + rel)
        if rel == "case-check/":
            page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
        _quiet(page)
    # Instant navigation keeps the first page's policy: every page's scripts must pass it.
    page.goto(site_server)
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    visited = 0
    for rel in pages:
        link = page.locator(f'nav.md-nav--primary a.md-nav__link[href="{site_server}{rel}"]')
        if not rel.endswith("/") or link.count() == 0:
            continue
        link.first.evaluate("(a) => a.click()")  # also the links of collapsed sections
        page.wait_for_url(site_server + rel)
        page.wait_for_load_state("networkidle")
        visited += 1
    assert visited >= len(pages) - 2  # all but the site root and 404.html
    assert len(loads) < visited, "no page was reached by instant navigation"
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    example = next(e for e in calc.examples() if e["menu"])
    page.locator(".case-check-examples > button").click()
    page.locator(f'button[data-example="{example["id"]}"]').click()
    expect(page.locator("#case-result")).to_have_attribute("data-what-if", "none")
    page.wait_for_load_state("networkidle")
    ctx.close()
    assert not problems, "\n".join(problems)
    assert not errors, "\n".join(errors)


def test_every_page_carries_the_policy(built_site: Path, pages: list[str]) -> None:
    for rel in pages:
        path = built_site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
        html = path.read_text("utf-8")
        head = html[html.index("<head") : html.index("</head>")]
        policy = head.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"')[0]
        # First in <head> (right after the charset): it governs every script after it.
        assert head.index("Content-Security-Policy") < head.index("<script"), rel
        assert '<meta name="referrer" content="no-referrer">' in head, rel
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'", rel
        assert directives["object-src"] == "'none'", rel
        assert directives["base-uri"] == "'self'", rel
        assert directives["form-action"] == "'self'", rel
        assert directives["style-src"] == "'self'", rel
        assert "unsafe-inline" not in policy, rel
        assert "unsafe-eval'" not in policy.replace("wasm-unsafe-eval", ""), rel
        # Exactly the hashes of the inline scripts the page runs.
        sources = directives["script-src"].split()
        assert sources[0] == "'self'", rel
        hashes = [s for s in sources if s.startswith("'sha256-")]
        assert hashes == csp.inline_script_hashes(html), rel
        assert hashes, f"{rel}: the theme's inline scripts are not allowed"
        # Nothing in the markup that a policy without 'unsafe-inline' would block.
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), rel
        assert not re.search(r"<style\b|\sstyle\s*=", html, re.I), rel
