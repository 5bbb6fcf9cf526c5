"""The engine's head start (engine-start.mjs) in the system Chromium.

- On the case-check page the head start alone starts the engine (the page script only
  adopts it): one worker, one set of handlers, also across instant navigations.
- The theme's search worker waits for the engine, yet the search box works when opened.
  On every page it waits until some seconds after load, and after a loading engine has
  started (or until the reader searches); a search result's address starts it at once.
- A visit that stores the runtime primes Chrome's code cache of its JavaScript (a short-lived
  second worker), which the next visit's engine reads instead of compiling.
- On guideline pages: a first-time reader never downloads the runtime (not even on
  intent); a returning reader's engine starts ahead (idle or intent) and is ready when
  the case check opens by instant navigation; Save-Data and prefers-reduced-data turn
  that off.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import READY, dedicated_engine, golden_cases
from playwright.sync_api import Browser, BrowserContext, Page, Route, Worker, expect

from guideline_site.casecheck.headstart import SEARCH_QUIET_MS
from guideline_site.localsite import HELPERS_SETTLED, fill_case

pytestmark = pytest.mark.browser

BOOT_TIMEOUT = 90_000  # longer than conftest's: these tests boot twice, or prewarm first
RUNTIME_MARKERS = ("/assets/case-check/runtime-", "/assets/case-check/worker.")
CASE_LINK = "nav.md-nav--primary a.md-nav__link[href$='case-check/']"
SEARCH_WORKER = "/assets/javascripts/workers/search."
SAVE_DATA = """Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true, get: () => ({ saveData: true }),
});"""
REDUCED_DATA = """(() => {
  const native = window.matchMedia.bind(window);
  window.matchMedia = (query) => query.includes("prefers-reduced-data")
    ? { matches: true, media: query, addEventListener() {}, removeEventListener() {} }
    : native(query);
})();"""


def _valid_case() -> dict[str, Any]:
    for golden in golden_cases():
        if "verdict" in golden["expected"]:  # type: ignore[operator]
            return golden  # type: ignore[return-value]
    raise AssertionError("no valid golden case")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # The start-up itself: a dedicated engine, so that a reload boots again, and Playwright
    # reports (and routes) its worker. The shared engine: test_shared_engine.py.
    ctx = dedicated_engine(browser.new_context(service_workers="allow", reduced_motion="reduce"))
    yield ctx
    ctx.close()


def _hooks(page: Page, *keys: str) -> dict[str, Any]:
    return dict(
        page.evaluate(
            "(keys) => Object.fromEntries(keys.map((k) => [k, (globalThis.__caseCheck || {})[k]"
            " ?? null]))",
            list(keys),
        )
    )


def _returning(page: Page, site_server: str) -> None:
    """Use the case check once and wait until the service worker has cached the runtime and
    the page's helpers are done: code cache primed, memory snapshot stored (the requests of
    that first visit are over)."""
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    page.wait_for_function(
        "() => globalThis.__caseCheck?.offline?.ok === true", timeout=BOOT_TIMEOUT
    )
    page.wait_for_function(HELPERS_SETTLED, timeout=BOOT_TIMEOUT)


def _watch_workers(page: Page) -> tuple[list[Worker], list[str]]:
    """The page's workers as they start, and the URLs of those that have closed."""
    workers: list[Worker] = []
    closed: list[str] = []
    page.on("worker", lambda w: (workers.append(w), w.on("close", lambda w: closed.append(w.url))))
    return workers, closed


def _one_helper_terminated(
    page: Page, workers: list[Worker], closed: list[str], fragment: str
) -> None:
    """Exactly one short-lived helper worker (worker.mjs + `fragment`) ran, and it was
    terminated (within 10 s)."""
    helpers = [w.url for w in workers if w.url.endswith(fragment)]
    assert len(helpers) == 1, [w.url for w in workers]
    deadline = time.monotonic() + 10
    while helpers[0] not in closed and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert helpers[0] in closed, f"the {fragment} worker was not terminated"


def test_head_start_alone_starts_the_engine(context: BrowserContext, site_server: str) -> None:
    """With the page script blocked, the head start still boots the engine (so it does not
    wait for the page script); it created the worker before the theme's bundle ran, and
    held the search worker back until the engine was ready."""
    context.route("**/assets/case-check/case-check.*.mjs", lambda route: route.abort())
    page = context.new_page()
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(site_server + "case-check/")
    page.wait_for_function(
        "() => (globalThis.__caseCheckBoot?.messages || [])"
        ".some((e) => e.data?.type === 'startup' && e.data.ok)",
        timeout=BOOT_TIMEOUT,
    )
    hooks = _hooks(page, "startedBy", "workers", "searchHeld", "marks")
    assert hooks["startedBy"] == "head"
    assert hooks["workers"] == 1
    assert hooks["searchHeld"] is True
    assert hooks["marks"]["workerCreated"] - page.evaluate("performance.timeOrigin") > 0
    # The worker came first; the theme's search (worker and index) waits beyond ready.
    assert "/assets/case-check/worker." in workers[0], workers
    assert not any(SEARCH_WORKER in w for w in workers), workers
    assert not page.evaluate(
        "performance.getEntriesByType('resource').some((e) => e.name.includes('search_index'))"
    )
    assert _hooks(page, "searchReleased")["searchReleased"] is False
    assert len([w for w in workers if "/assets/case-check/worker." in w]) == 1


def test_page_script_adopts_the_head_start(context: BrowserContext, site_server: str) -> None:
    page = context.new_page()
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    hooks = _hooks(page, "startedBy", "workers", "marks", "requests")
    assert hooks["startedBy"] == "head"
    assert hooks["workers"] == 1
    assert page.evaluate("globalThis.__caseCheckBoot.adopted") is True
    marks = hooks["marks"]
    steps = ("workerCreated", "runtimeCompiled", "pythonReady", "calcImported", "warmedUp", "ready")
    assert all(marks.get(s) for s in steps), marks
    assert [marks[s] for s in steps] == sorted(marks[s] for s in steps)
    # The warm-up ran calc's example and an empty case inside the worker, before ready;
    # it is not one of the page's requests.
    assert marks["warmUp"] == "ok ok case"
    assert hooks["requests"] == 0


# A worker made the way the page makes it, configured only by its name (no "init"), or
# with a name that is not a configuration; reports its first message, or none in 4 s.
NAMED_WORKER = """async (named) => {
  const form = document.querySelector("form#case-check");
  const config = {
    indexURL: new URL(form.dataset.runtimeUrl, location.href).href,
    options: JSON.parse(form.dataset.pyodideOptions),
  };
  const name = named ? "case-check " + JSON.stringify(config) : "case-check";
  const url = new URL(form.dataset.workerUrl, location.href);
  const worker = new Worker(url, { type: "module", name });
  const first = await new Promise((resolve) => {
    worker.addEventListener("message", (event) => resolve(event.data));
    setTimeout(() => resolve(null), named ? 60000 : 4000);
  });
  worker.terminate();
  return first && { type: first.type, stage: first.stage ?? null };
}"""


def test_worker_starts_from_its_name_without_init(
    context: BrowserContext, site_server: str
) -> None:
    """The start-up begins as the worker loads (configuration in its name), not when the
    page's "init" reaches it; a plain name still waits for "init"."""
    page = context.new_page()
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert page.evaluate(NAMED_WORKER, True) == {"type": "progress", "stage": "runtime"}
    assert page.evaluate(NAMED_WORKER, False) is None


# A worker made as engine.mjs makes the code-cache one; reports its first message (30 s).
CODE_CACHE_WORKER = """async (indexURL) => {
  const form = document.querySelector("form#case-check");
  const url = new URL(form.dataset.workerUrl, location.href).href + "#code-cache";
  const name = "case-check code cache " + JSON.stringify({ indexURL });
  const worker = new Worker(url, { type: "module", name });
  const first = await new Promise((resolve) => {
    worker.addEventListener("message", (event) => resolve(event.data));
    setTimeout(() => resolve(null), 30000);
  });
  worker.terminate();
  return first;
}"""


def test_code_cache_worker_only_loads_the_runtime_scripts(
    context: BrowserContext, site_server: str
) -> None:
    """Named for the code cache, the worker boots nothing: its one message says whether the
    runtime's scripts loaded, and why not."""
    page = context.new_page()
    page.goto(site_server + "case-check/")
    runtime = page.evaluate(
        "new URL(document.querySelector('form#case-check').dataset.runtimeUrl, location.href).href"
    )
    assert page.evaluate(CODE_CACHE_WORKER, runtime) == {"type": "code-cache", "ok": True}
    missing = page.evaluate(CODE_CACHE_WORKER, site_server + "no-such-runtime/")
    assert missing["type"] == "code-cache", missing
    assert missing["ok"] is False, missing
    assert "no-such-runtime/pyodide" in missing["error"], missing


def _trace_v8(page: Page, action: Any) -> list[dict[str, Any]]:
    """Chrome's "v8" trace events (all threads, workers included) while `action()` runs."""
    cdp = page.context.new_cdp_session(page)
    events: list[dict[str, Any]] = []
    done: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda p: events.extend(p["value"]))
    cdp.on("Tracing.tracingComplete", lambda p: done.append(True))
    config = {"includedCategories": ["v8"]}
    cdp.send("Tracing.start", {"traceConfig": config, "transferMode": "ReportEvents"})
    action()
    cdp.send("Tracing.end")
    deadline = time.monotonic() + 30
    while not done and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert done, "the trace did not end"
    return events


def test_first_visit_primes_the_runtime_code_cache(
    context: BrowserContext, site_server: str, built_site: Path
) -> None:
    """The visit that stores the runtime has a second, short-lived worker load its scripts
    from Cache Storage; the next visit's engine then reads Chrome's code cache of the 1.2 MB
    pyodide.asm.mjs, complete thanks to the build's compile hint, instead of compiling it."""
    page = context.new_page()
    workers, closed = _watch_workers(page)
    _returning(page, site_server)
    offline = _hooks(page, "offline")["offline"]
    assert offline["stored"] == offline["total"] > 0, offline
    assert _hooks(page, "codeCache")["codeCache"] == "primed"
    _one_helper_terminated(page, workers, closed, "#code-cache")

    def reload() -> None:
        page.reload()
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)

    events = _trace_v8(page, reload)
    compiled = [
        e["args"]["data"]
        for e in events
        if e.get("name") == "v8.compileModule"
        and str(e.get("args", {}).get("data", {}).get("url", "")).endswith("/pyodide.asm.mjs")
    ]
    assert compiled, "pyodide.asm.mjs was not compiled on the reload"
    source = next((built_site / "assets" / "case-check").glob("runtime-*/pyodide.asm.mjs"))
    # A cache of the top level alone is about 20 KB; of every function, larger than the file.
    assert compiled[-1].get("consumedCacheSize", 0) > source.stat().st_size // 2, compiled
    # This visit stored nothing new, so it primes nothing.
    page.wait_for_function("() => globalThis.__caseCheck?.offline?.ok === true")
    assert _hooks(page, "offline")["offline"]["stored"] == 0
    page.wait_for_timeout(2000)
    assert _hooks(page, "codeCache")["codeCache"] is None


def test_search_works_while_the_engine_loads(context: BrowserContext, site_server: str) -> None:
    """The search worker is held back while the engine boots, but opening the search box
    releases it at once: results appear although the engine is still loading."""
    held: list[Route] = []
    context.route("**/*.wasm", lambda route: held.append(route))  # the boot waits
    page = context.new_page()
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    try:
        page.goto(site_server + "case-check/")
        page.wait_for_selector('form#case-check[data-engine="loading"]')
        page.wait_for_timeout(500)
        assert not any(SEARCH_WORKER in w for w in workers), workers
        assert _hooks(page, "searchReleased")["searchReleased"] is False
        page.locator("input[data-md-component=search-query]").click()
        page.keyboard.type("liver")
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
        assert page.locator("form#case-check").get_attribute("data-engine") == "loading"
        assert _hooks(page, "searchReleased")["searchReleased"] is True
        assert any(SEARCH_WORKER in w for w in workers), workers
    finally:
        for route in held:
            route.continue_()


def _watch_search(page: Page) -> list[str]:
    """The search index requests and search workers of the page, as they start."""
    seen: list[str] = []
    page.on("worker", lambda w: seen.append(w.url) if SEARCH_WORKER in w.url else None)
    page.on("request", lambda r: seen.append(r.url) if "search_index" in r.url else None)
    return seen


def _search_started(seen: list[str]) -> tuple[bool, bool]:
    """Whether the search index was requested, and whether the search worker started."""
    return any("search_index" in u for u in seen), any(SEARCH_WORKER in u for u in seen)


@pytest.mark.parametrize("how", ["shortcut", "search icon"])
def test_guideline_page_search_waits_for_the_reader(
    browser: Browser, site_server: str, how: str
) -> None:
    """After load a guideline page has neither the search worker nor the index; going to
    the search box (the keyboard shortcut on a wide screen, the search icon on a phone)
    starts both at once, and results appear."""
    phone = how == "search icon"
    ctx = browser.new_context(viewport={"width": 390, "height": 800} if phone else None)
    try:
        page = ctx.new_page()
        seen = _watch_search(page)
        page.goto(site_server + "selection/", wait_until="load")
        page.wait_for_timeout(1500)
        assert _hooks(page, "searchHeld")["searchHeld"] is True
        assert _search_started(seen) == (False, False)
        if phone:
            page.locator("header label.md-header__button[for=__search]").click()
        else:
            page.keyboard.press("/")  # the theme's shortcut: focus goes to the search box
        page.keyboard.type("liver")
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
        assert _hooks(page, "searchReleased")["searchReleased"] is True
        assert _search_started(seen) == (True, True)
    finally:
        ctx.close()


def test_search_result_address_starts_the_search_at_once(
    context: BrowserContext, site_server: str
) -> None:
    """A search result opened by its address (?h=term): the theme highlights the term with
    the index's settings, so the search does not wait."""
    page = context.new_page()
    seen = _watch_search(page)
    page.goto(site_server + "selection/?h=liver", wait_until="load")
    expect(page.locator("article mark").first).to_be_visible(timeout=10_000)
    assert _hooks(page, "searchReleased")["searchReleased"] is True
    assert _search_started(seen)[0]


LOADED_AT = "addEventListener('load', () => { globalThis.__loadedAt = Date.now(); })"


def _paused_after_load(page: Page, url: str) -> int:
    """Open ``url`` with the page's clock installed, pause the clock just after load and
    return the page's milliseconds since load (timers then run only when told to)."""
    page.add_init_script(LOADED_AT)
    page.clock.install()
    page.goto(url, wait_until="load")
    now = page.evaluate("Date.now()") + 50
    page.clock.pause_at(now / 1000)  # a number is read as seconds since the epoch
    return now - int(page.evaluate("globalThis.__loadedAt"))


def _until_search_started(page: Page, seen: list[str]) -> None:
    page.wait_for_function("() => globalThis.__caseCheck.searchReleased === true")
    deadline = time.monotonic() + 10
    while _search_started(seen) != (True, True) and time.monotonic() < deadline:
        page.clock.run_for(100)  # the held worker starts on the next (faked) task
        page.wait_for_timeout(100)
    assert _search_started(seen) == (True, True)


def test_guideline_page_starts_the_search_after_load(
    context: BrowserContext, site_server: str
) -> None:
    """Without the reader, the search starts SEARCH_QUIET_MS after load (at idle), not
    before; the page's clock is run forward instead of waiting."""
    page = context.new_page()
    seen = _watch_search(page)
    since_load = _paused_after_load(page, site_server + "selection/")
    page.clock.run_for(SEARCH_QUIET_MS - since_load - 500)
    assert _hooks(page, "searchReleased")["searchReleased"] is False
    assert _search_started(seen) == (False, False)
    page.clock.run_for(6000)  # past the delay and the idle callback's 5 s timeout
    _until_search_started(page, seen)
    # The search then works as usual.
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("liver")
    page.clock.run_for(1000)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)


def test_search_waits_for_a_loading_engine(context: BrowserContext, site_server: str) -> None:
    """On the case-check page (and after an instant navigation to it) the search waits
    while the engine loads, and SEARCH_QUIET_MS more once it has started."""
    held: list[Route] = []
    context.route("**/*.wasm", lambda route: held.append(route))  # the boot waits
    page = context.new_page()
    seen = _watch_search(page)
    try:
        since_load = _paused_after_load(page, site_server + "case-check/")
        page.wait_for_selector('form#case-check[data-engine="loading"]')
        page.clock.run_for(SEARCH_QUIET_MS - since_load + 7000)  # the engine still loads
        assert _hooks(page, "searchReleased")["searchReleased"] is False
    finally:
        for route in held:
            route.continue_()
        held.clear()
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    page.clock.run_for(1000)  # the hold looks once a second: it sees the engine started
    page.clock.run_for(SEARCH_QUIET_MS - 1500)
    assert _hooks(page, "searchReleased")["searchReleased"] is False
    assert _search_started(seen) == (False, False)
    page.clock.run_for(7000)
    _until_search_started(page, seen)


def _runtime_requests(context: BrowserContext) -> list[str]:
    seen: list[str] = []
    context.on(
        "request",
        lambda r: seen.append(r.url) if any(m in r.url for m in RUNTIME_MARKERS) else None,
    )
    return seen


def test_first_time_reader_never_downloads_the_runtime(
    context: BrowserContext, site_server: str
) -> None:
    seen = _runtime_requests(context)
    page = context.new_page()
    page.goto(site_server + "selection/", wait_until="load")
    page.wait_for_function("() => globalThis.__caseCheck?.prewarm === 'first-visit'")
    # Intent on the link to the case check (pointer, then keyboard focus): still nothing.
    page.locator(CASE_LINK).first.hover()
    page.locator(CASE_LINK).first.focus()
    page.wait_for_timeout(3000)
    assert not seen, seen
    assert _hooks(page, "workers")["workers"] in (None, 0)
    assert not page.evaluate("Boolean(globalThis.__caseCheck.engine)")


def test_returning_reader_finds_the_engine_ready(context: BrowserContext, site_server: str) -> None:
    page = context.new_page()
    _returning(page, site_server)
    page.goto(site_server + "selection/", wait_until="load")  # a full load: a new engine
    page.wait_for_function(
        "() => globalThis.__caseCheck?.engine?.state === 'ready'", timeout=BOOT_TIMEOUT
    )
    hooks = _hooks(page, "prewarm", "startedBy", "workers")
    assert hooks["prewarm"] == "started"
    assert hooks["startedBy"] in {"idle", "intent"}
    assert hooks["workers"] == 1
    page.evaluate("window.__noReload = true")
    clicked = time.monotonic()
    page.locator(CASE_LINK).first.click()
    page.wait_for_selector(READY, timeout=5_000)
    assert time.monotonic() - clicked < 5
    assert page.evaluate("window.__noReload") is True  # instant navigation
    assert _hooks(page, "workers")["workers"] == 1  # the page adopted the prewarmed engine


def test_failed_prewarm_is_started_again_by_the_case_check(
    context: BrowserContext, site_server: str
) -> None:
    """A prewarm that failed on a guideline page (here: no worker could be created) does not
    leave the case check failed: opened by instant navigation, it starts its own engine."""
    page = context.new_page()
    _returning(page, site_server)
    page.add_init_script(
        "window.__RealWorker = window.Worker;"
        "window.Worker = function () { throw new Error('blocked by the test'); };"
    )
    page.goto(site_server + "selection/", wait_until="load")
    page.wait_for_function(
        "() => globalThis.__caseCheck?.engine?.state === 'failed'", timeout=BOOT_TIMEOUT
    )
    page.evaluate("window.Worker = window.__RealWorker; window.__noReload = true")
    page.locator(CASE_LINK).first.click()
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert page.evaluate("window.__noReload") is True  # instant navigation: same window
    assert _hooks(page, "startedBy")["startedBy"] == "page"


def test_intent_starts_a_returning_readers_engine_at_once(
    context: BrowserContext, site_server: str
) -> None:
    page = context.new_page()
    _returning(page, site_server)
    # The first idle moment (the checks) comes; the second (the idle start) never does:
    # the intent must start it.
    page.add_init_script(
        "let idle = 0; window.requestIdleCallback = (cb) => (idle++ === 0 ? setTimeout(cb) : 0);"
    )
    page.goto(site_server + "selection/", wait_until="load")
    page.wait_for_function("() => globalThis.__caseCheck?.prewarm === 'waiting'")
    page.locator(CASE_LINK).first.hover()
    page.wait_for_function("() => globalThis.__caseCheck?.prewarm === 'started'")
    assert _hooks(page, "startedBy")["startedBy"] == "intent"


@pytest.mark.parametrize("setting", [SAVE_DATA, REDUCED_DATA], ids=["save-data", "reduced-data"])
def test_data_saving_turns_prewarm_off(
    context: BrowserContext, site_server: str, setting: str
) -> None:
    page = context.new_page()
    _returning(page, site_server)
    seen = _runtime_requests(context)
    reader = context.new_page()
    reader.add_init_script(setting)
    reader.goto(site_server + "selection/", wait_until="load")
    reader.wait_for_function("() => globalThis.__caseCheck?.prewarm === 'off'")
    reader.locator(CASE_LINK).first.hover()
    reader.wait_for_timeout(3000)
    assert not reader.evaluate("Boolean(globalThis.__caseCheck.engine)")
    assert not seen, seen


# --- the per-reader memory snapshot (mkdocs.yml: case-check memory_snapshot) ---------------

SNAPSHOT_KEY = """() => new URL("memory-snapshot.packed", new URL(
  document.querySelector("form#case-check").dataset.runtimeUrl, document.baseURI)).href"""

BREAK_SNAPSHOT = """async (key) => {
  const cache = await caches.open("case-check-snapshot");
  if (!(await cache.match(key))) return false;
  await cache.put(key, new Response(new Uint8Array(4096).fill(7)));
  return true;
}"""


def _check_a_case(page: Page) -> None:
    golden = _valid_case()
    fill_case(page, golden["case"])
    page.locator('form#case-check [type="submit"]').click()
    expect(page.locator("#case-result")).to_have_attribute(
        "data-verdict", golden["expected"]["verdict"], timeout=BOOT_TIMEOUT
    )


def _snapshot_made(page: Page) -> None:
    """The first visit's engine is ready, and the snapshot worker has stored a snapshot."""
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    page.wait_for_function("() => globalThis.__caseCheck?.snapshot === 'made'", timeout=60_000)


def test_memory_snapshot_restored_on_a_later_visit(
    context: BrowserContext, site_server: str
) -> None:
    """The first visit's engine restores nothing and makes nothing: a second worker stores
    the snapshot and is terminated; the next visit's engine restores it, and makes none."""
    page = context.new_page()
    workers, closed = _watch_workers(page)
    page.goto(site_server + "case-check/")
    _snapshot_made(page)
    assert _hooks(page, "marks")["marks"].get("snapshot") == "none"
    _one_helper_terminated(page, workers, closed, "#snapshot")
    workers.clear()
    page.reload()
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert _hooks(page, "marks")["marks"].get("snapshot") == "restored"
    _check_a_case(page)
    page.wait_for_timeout(3000)  # past the moment a snapshot worker would start
    assert not [w.url for w in workers if w.url.endswith("#snapshot")]
    assert _hooks(page, "snapshot")["snapshot"] is None


# A worker made as engine.mjs makes the snapshot one, sent a case and a ping as well; its
# messages until it reports the snapshot (90 s) and a moment after.
SNAPSHOT_WORKER = """async ([config, kase]) => {
  const form = document.querySelector("form#case-check");
  const url = new URL(form.dataset.workerUrl, location.href).href + "#snapshot";
  const name = "case-check snapshot " + JSON.stringify(config);
  const worker = new Worker(url, { type: "module", name });
  const seen = [];
  await new Promise((resolve) => {
    worker.addEventListener("message", (event) => {
      seen.push(event.data);
      if (event.data?.type === "snapshot") setTimeout(resolve, 1000);
    });
    worker.postMessage({ id: 1, type: "evaluate", case: kase });
    worker.postMessage({ id: 2, type: "ping" });
    setTimeout(resolve, 90000);
  });
  worker.terminate();
  return seen;
}"""


def test_snapshot_worker_answers_no_request(context: BrowserContext, site_server: str) -> None:
    """The worker that makes the snapshot never checks a case: sent one, it answers nothing,
    and its one message is the snapshot's outcome (with its reason when it fails)."""
    page = context.new_page()
    page.goto(site_server + "case-check/")
    config = page.evaluate(
        """() => { const f = document.querySelector("form#case-check");
        return { indexURL: new URL(f.dataset.runtimeUrl, location.href).href,
                 options: JSON.parse(f.dataset.pyodideOptions) }; }"""
    )
    assert config["options"].get("memorySnapshot") is True, config
    case = _valid_case()["case"]
    assert page.evaluate(SNAPSHOT_WORKER, [config, case]) == [{"type": "snapshot", "state": "made"}]
    assert page.evaluate(FIND_IN_SNAPSHOT, [page.evaluate(SNAPSHOT_KEY), "calc"]) is True
    missing = {**config, "indexURL": site_server + "no-such-runtime/"}
    [only] = page.evaluate(SNAPSHOT_WORKER, [missing, case])
    assert only["type"] == "snapshot", only
    assert only["state"].startswith("not made: "), only
    assert "no-such-runtime" in only["state"], only


def test_broken_memory_snapshot_falls_back_to_a_normal_boot(
    context: BrowserContext, site_server: str
) -> None:
    page = context.new_page()
    page.goto(site_server + "case-check/")
    _snapshot_made(page)
    key = page.evaluate(SNAPSHOT_KEY)
    assert page.evaluate(BREAK_SNAPSHOT, key)
    page.reload()
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    state = _hooks(page, "marks")["marks"].get("snapshot")
    assert str(state).startswith("failed"), state
    _check_a_case(page)
    # The broken snapshot was dropped and a good one made in its place.
    _snapshot_made(page)


# A case with a remnant no example or test data uses, checked as soon as the engine is ready:
# its JSON text must not be in the stored snapshot (the interpreter's whole memory).
PRIVATE_REMNANT = 41.73

FIND_IN_SNAPSHOT = """async ([key, needle]) => {
  const cache = await caches.open("case-check-snapshot");
  const hit = await cache.match(key);
  if (!hit) return null;
  const bytes = new Uint8Array(await hit.arrayBuffer());
  const want = new TextEncoder().encode(needle);
  outer: for (let i = 0; i + want.length <= bytes.length; i++) {
    for (let j = 0; j < want.length; j++) if (bytes[i + j] !== want[j]) continue outer;
    return true;
  }
  return false;
}"""


def test_memory_snapshot_holds_no_checked_case(context: BrowserContext, site_server: str) -> None:
    """A case checked as soon as the engine is ready is not in the stored snapshot."""
    page = context.new_page()
    page.goto(site_server + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    case = {**_valid_case()["case"], "future_liver_remnant_pct": PRIVATE_REMNANT}
    reply = page.evaluate(
        "(c) => globalThis.__caseCheck.engine.request('evaluate', {case: c})", case
    )
    assert reply["ok"], reply
    _snapshot_made(page)
    needle = f'"future_liver_remnant_pct":{PRIVATE_REMNANT}'
    assert page.evaluate(FIND_IN_SNAPSHOT, [page.evaluate(SNAPSHOT_KEY), needle]) is False
