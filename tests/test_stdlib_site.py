"""The built site boots the precompiled standard library zip, with calc inside it (issue 5)."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest


def _runtime_dir(site: Path) -> Path:
    found = sorted(site.glob("assets/case-check/runtime-*/"))
    assert len(found) == 1, found
    return found[0]


def _form_options(site: Path) -> dict[str, object]:
    page = (site / "case-check" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-pyodide-options="([^"]*)"', page)
    assert match, "the case-check form carries the loadPyodide options"
    options: dict[str, object] = json.loads(html.unescape(match.group(1)))
    return options


@pytest.mark.node
def test_runtime_ships_the_precompiled_zip_only(built_site: Path) -> None:
    runtime = _runtime_dir(built_site)
    zips = sorted(p.name for p in runtime.glob("*.zip"))
    assert len(zips) == 1
    assert re.fullmatch(r"python_stdlib\.[0-9a-f]{12}\.zip", zips[0])
    assert _form_options(built_site)["stdLibURL"] == zips[0]


@pytest.mark.node
def test_the_zip_holds_calc_and_the_bridge(built_site: Path) -> None:
    (zip_path,) = _runtime_dir(built_site).glob("python_stdlib.*.zip")
    with zipfile.ZipFile(zip_path) as zf:
        names = set(zf.namelist())
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
    assert "calc/__init__.pyc" in names
    assert "calc/engine.pyc" in names
    assert "case_check_bridge.pyc" in names
    assert not [n for n in names if n.endswith(".py")]


PREWARM_TAG = re.compile(r'<script type="module" async id="case-check-start"[^>]*></script>')
RUNTIME_REF = re.compile(
    r'(?:src|href|data-[a-z-]+-url)="[^"]*(?:runtime-[0-9a-f]+/|python_stdlib|\.wasm|pyodide'
    r"|/worker\.[0-9a-f]+\.mjs|case-check\.[0-9a-f]+\.mjs)",
    re.IGNORECASE,
)


def test_guideline_pages_reference_no_runtime(built_site: Path) -> None:
    pages = [p for p in built_site.glob("**/index.html") if p.parent.name != "case-check"]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # The prewarm script's configuration names the runtime for a returning reader; it
        # loads nothing for anyone else (tests/test_engine_start.py watches the requests).
        html = PREWARM_TAG.sub("", html, count=1)
        assert not RUNTIME_REF.search(html), page
    case_page = (built_site / "case-check" / "index.html").read_text(encoding="utf-8")
    assert RUNTIME_REF.search(case_page), "the pattern must match the case-check page"
