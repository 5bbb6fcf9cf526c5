"""Shared fixtures: one strict build of the site per test session, served on 127.0.0.1.

The site is built with ``SITE_URL`` pointing at the test server, as the theme's instant
navigation only intercepts links on the origin named by ``site_url``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from hypothesis import settings
from playwright.sync_api import Browser, BrowserContext, Page

from guideline_site.localsite import (
    CHROMIUM_ARGS,
    DEDICATED_ENGINE,
    StaticHandler,
    build_site,
    find_chromium,
    free_port,
)

# Property tests: CI runs a fixed, derandomised profile, so a failure is reproducible from
# the log alone; `HYPOTHESIS_PROFILE=thorough make test` runs ten times as many random
# examples locally (and keeps Hypothesis' example database for shrinking).
settings.register_profile("ci", max_examples=200, derandomize=True, database=None, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "cases"
BIN = Path(sys.executable).parent
CHROMIUM = find_chromium()
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


#: axe-core's default rules plus the WCAG 2.2 ones it ships disabled (target-size, 2.5.8).
AXE_OPTIONS: dict[str, object] = {
    "resultTypes": ["violations"],
    "rules": {"target-size": {"enabled": True}},
}


def assert_no_axe_violations(page: Page, where: str) -> None:
    """axe-core (WCAG 2.2 rules included) on the page as shown, with no animation running.

    The page must ask for reduced motion (a fade measured mid-way fails the contrast
    check, and the site honours the preference); any animation still running then fails
    the test after a bounded wait instead of being measured mid-way.
    """
    reduced = page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    assert reduced, f"{where}: make the browser context with reduced_motion='reduce'"
    page.wait_for_function(
        "() => document.getAnimations().every((a) => a.playState !== 'running')",
        timeout=10_000,
    )
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


#: The case-check form once its engine is ready, and how long a cold boot may take on a
#: busy 2-core machine (ms).
READY = 'form#case-check[data-engine="ready"]'
BOOT_TIMEOUT = 60_000


def open_case_check(page: Page, base_url: str, fragment: str = "") -> None:
    """The case-check page (with a ``#case=`` fragment, say), its engine ready."""
    page.goto(base_url + "case-check/" + fragment)
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)


def new_context(browser: Browser, **kwargs: Any) -> BrowserContext:
    """A browser context as the fixtures make them: reduced motion unless said otherwise
    (``browser.new_context`` does not apply ``browser_context_args``)."""
    return browser.new_context(**{"reduced_motion": "reduce", **kwargs})


def dedicated_engine(context: BrowserContext) -> BrowserContext:
    """``context`` with its pages' engines in dedicated workers (see DEDICATED_ENGINE)."""
    context.add_init_script(DEDICATED_ENGINE)
    return context


# engine.mjs's support check (extendedLifetime), as a page can run it.
_EXTENDED_LIFETIME = """() => { const known = new Error();
  try { new SharedWorker("http://[", { get extendedLifetime() { throw known; } }); }
  catch (error) { return error === known; } return false; }"""


def skip_without_extended_lifetime(context: BrowserContext) -> None:
    """Skip the test where this Chromium cannot keep a shared worker alive after its page
    (extendedLifetime, Chromium 148+): its engine is a dedicated worker there."""
    page = context.new_page()
    try:
        supported = page.evaluate(_EXTENDED_LIFETIME)
    finally:
        page.close()
    if not supported:
        browser = context.browser
        version = browser.version if browser else "?"
        context.close()
        pytest.skip(f"Chromium {version} has no SharedWorker extendedLifetime (148+)")


def shared_workers(page: Page) -> list[str]:
    """URLs of the shared workers running in ``page``'s browser context (Chromium's target
    list: Playwright does not report shared workers)."""
    session = page.context.new_cdp_session(page)
    try:
        mine = session.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    finally:
        session.detach()
    browser = page.context.browser
    assert browser is not None
    cdp = browser.new_browser_cdp_session()
    try:
        targets = cdp.send("Target.getTargets")["targetInfos"]
    finally:
        cdp.detach()
    return [
        t["url"]
        for t in targets
        if t["type"] == "shared_worker" and t.get("browserContextId") == mine
    ]


def build_project(root: Path) -> subprocess.CompletedProcess[str]:
    """A strict build of a small test project in ``root`` (its own modules importable)."""
    env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def golden_cases() -> list[dict[str, object]]:
    """Every golden case file, parsed; shared by the CPython, parity and browser tests."""
    out = []
    for path in sorted(CASES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.setdefault("name", path.stem)
        out.append(data)
    return out


_Handler = StaticHandler  # the name the browser tests import


@pytest.fixture(scope="session")
def server_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def base_url(server_port: int) -> str:
    return f"http://127.0.0.1:{server_port}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Path:
    """Build the site once, strictly (never with -q: it hides warnings)."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out, base_url)
    if proc.returncode != 0:
        pytest.fail(f"strict build failed:\n{proc.stdout}\n{proc.stderr}")
    return out


@pytest.fixture(scope="session")
def site_server(built_site: Path, server_port: int, base_url: str) -> Iterator[str]:
    """Serve the built site on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_Handler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", server_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- browser tests: the system Chromium through Playwright -------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    if CHROMIUM is None:
        pytest.skip("no system Chromium (apt-get install chromium)")
    return {
        "executable_path": CHROMIUM,
        "args": list(CHROMIUM_ARGS),
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    """Reduced motion: the theme's fades would otherwise be caught mid-way by axe's contrast
    check (the site honours the preference, see site.css)."""
    return {**browser_context_args, "reduced_motion": "reduce"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip with a clear message without Chromium, except in CI."""
    if CHROMIUM is not None:
        return
    if IN_CI:
        raise pytest.UsageError("CI=true but no Chromium found: the browser tests are mandatory")
    skip = pytest.mark.skip(reason="no system Chromium found (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
