"""The benchmark's own pages and server (``make bench``): what its comparisons rest on.

The engine-alone page must boot the very worker, runtime folder and options of the built
case-check page, or its figure says nothing about the page's cost; the server's priming
must leave its request log (from which page bytes are counted) as it was.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import BOOT_TIMEOUT
from playwright.sync_api import Page

from bench.baseline import write_engine_only
from bench.server import serve

CASE_PAGE = "case-check/"


def _engine_config(script: str) -> tuple[str, str, dict[str, object]]:
    worker = re.search(r'new Worker\(("[^"]+")', script)
    runtime = re.search(r'indexURL: new URL\(("[^"]+")', script)
    options = re.search(r"options: (\{.*\}) \},\n", script)
    assert worker, script
    assert runtime, script
    assert options, script
    return json.loads(worker.group(1)), json.loads(runtime.group(1)), json.loads(options.group(1))


def test_engine_only_page_uses_the_built_case_check_engine(
    built_site: Path, tmp_path: Path
) -> None:
    out = write_engine_only(built_site, CASE_PAGE, tmp_path / "engine-only")
    worker, runtime, options = _engine_config((out / "start.mjs").read_text(encoding="utf-8"))
    page = (built_site / CASE_PAGE / "index.html").read_text(encoding="utf-8")
    # The same files the case-check page names (site-root paths here, relative there).
    assert worker.startswith("/assets/case-check/worker.")
    assert worker.removeprefix("/") in page.replace("../", "")
    assert (built_site / worker.lstrip("/")).is_file()
    assert (built_site / runtime.lstrip("/") / "pyodide.asm.wasm").is_file()
    stdlib = options.get("stdLibURL")
    assert isinstance(stdlib, str)
    assert (built_site / runtime.lstrip("/") / stdlib).is_file()


@pytest.mark.browser
def test_engine_only_page_boots_in_the_browser(
    built_site: Path, tmp_path: Path, page: Page
) -> None:
    out = write_engine_only(built_site, CASE_PAGE, tmp_path / "engine-only")
    with serve({"/": built_site, "/engine-only/": out}) as server:
        page.goto(server.url + "engine-only/")
        page.wait_for_selector('#engine[data-engine="ready"]', timeout=BOOT_TIMEOUT)
        marks = page.evaluate("Object.keys(globalThis.__caseCheck.marks)")
    assert {"runtimeCompiled", "pythonReady", "ready"} <= set(marks)


def test_prime_compresses_once_and_leaves_the_log_alone(tmp_path: Path) -> None:
    (tmp_path / "big.js").write_text("const x = 1;\n" * 5000, encoding="utf-8")
    (tmp_path / "icon.png").write_bytes(b"\x89PNG not compressed")
    with serve({"/": tmp_path}) as server:
        assert server.prime() == 1  # the image is never compressed, so not primed
        assert server.entries() == []
        request = urllib.request.Request(server.url + "big.js", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = response.read()
        # The server logs a response just after sending it.
        deadline = time.monotonic() + 5
        while not server.entries() and time.monotonic() < deadline:
            time.sleep(0.01)
        [entry] = server.entries()
    assert entry["path"] == "/big.js"
    assert entry["sent"] < entry["raw"]
    assert len(body) < entry["raw"]
