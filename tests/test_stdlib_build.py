"""The precompiled, trimmed standard library zip (guideline_site.stdlib) for Pyodide.

Builds the zip from the real ``calc`` and the golden cases, checks its shape (only
``.pyc``, stored, ``calc`` inside, reproducible), then boots Pyodide in Node from it and
compares every golden case, valid and invalid, with CPython's ``calc.evaluate``.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import golden_cases

import calc
from guideline_site.stdlib import build as stdlib_build
from guideline_site.stdlib.build import (
    StdlibBuildError,
    build_stdlib_zip,
    manifest_path,
    run_cases,
)

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
CALC_DIR = ROOT / "calc"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _require_node() -> None:
    if shutil.which("node") and (PYODIDE_DIR / "pyodide.mjs").is_file():
        return
    if IN_CI:
        pytest.fail("CI=true but Node.js or node_modules/pyodide is missing")
    pytest.skip("Node.js or node_modules/pyodide missing (install Node 20 and run `npm ci`)")


def _cpython(case: Any) -> dict[str, Any]:
    """What the Node script reports for a case, computed with CPython's calc."""
    try:
        return {"ok": True, "result": json.loads(json.dumps(calc.evaluate(case)))}
    except calc.CaseError as exc:
        return {"ok": False, "error": {"type": "CaseError", "errors": exc.errors}}


def _canon(obj: object) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def cases() -> list[Any]:
    """Every golden case, valid and invalid (the site's own build traces calc's examples)."""
    return [golden["case"] for golden in golden_cases()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, cases: list[dict[str, Any]]) -> Path:
    """One full build (own cache dir, so nothing is reused from earlier runs)."""
    _require_node()
    tmp = tmp_path_factory.mktemp("stdlib")
    return build_stdlib_zip(PYODIDE_DIR, [CALC_DIR], cases, tmp / "out", cache_dir=tmp / "cache")


@pytest.fixture(scope="module")
def manifest(built: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(manifest_path(built).read_text(encoding="utf-8"))
    return data


# --- shape of the artefact ------------------------------------------------------------


@pytest.mark.node
def test_name_is_content_hashed(built: Path, manifest: dict[str, Any]) -> None:
    assert built.name == f"python_stdlib.{manifest['sha256'][:12]}.zip"
    assert manifest["zip"] == built.name
    assert manifest["bytes"] == built.stat().st_size


@pytest.mark.node
def test_entries_are_bytecode_and_stored(built: Path) -> None:
    with zipfile.ZipFile(built) as zf:
        infos = zf.infolist()
    files = [i for i in infos if not i.filename.endswith("/")]
    assert files
    not_pyc = [i.filename for i in files if not i.filename.endswith(".pyc")]
    assert not_pyc == [], "calc has no data files, so every file must be bytecode"
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.node
def test_calc_is_inside(built: Path) -> None:
    with zipfile.ZipFile(built) as zf:
        names = set(zf.namelist())
    expected = {
        f"calc/{p.relative_to(CALC_DIR).with_suffix('.pyc').as_posix()}"
        for p in CALC_DIR.rglob("*.py")
        if "__pycache__" not in p.parts and p.name != "__main__.py"
    }
    assert expected <= names
    assert "calc/__main__.pyc" not in names  # command line only


@pytest.mark.node
def test_pyc_headers_are_unchecked_hash(built: Path, manifest: dict[str, Any]) -> None:
    magic = bytes.fromhex(manifest["pyc_magic"])
    with zipfile.ZipFile(built) as zf:
        for name in zf.namelist():
            if name.endswith(".pyc"):
                head = zf.read(name)[:8]
                assert head[:4] == magic, name
                # flags: bit 0 = hash-based, bit 1 = check source; unchecked-hash = 0b01
                assert int.from_bytes(head[4:8], "little") == 1, name


@pytest.mark.node
def test_trimmed_to_traced_modules_plus_margin(built: Path, manifest: dict[str, Any]) -> None:
    with zipfile.ZipFile(built) as zf:
        names = set(zf.namelist())
    stock = set(zipfile.ZipFile(PYODIDE_DIR / "python_stdlib.zip").namelist())
    stock_py = {n for n in stock if n.endswith(".py")}
    # Much smaller than the stock library, yet everything on the rare paths is there.
    assert len([n for n in names if not n.startswith("calc/")]) < len(stock_py) / 2
    for module in ("traceback", "linecache", "tokenize", "warnings", "weakref", "json/__init__"):
        assert f"{module}.pyc" in names, module
    assert "encodings/utf_8.pyc" in names
    assert "encodings/latin_1.pyc" in names
    assert "encodings/cp437.pyc" in names  # zip member names: pyodide.unpackArchive
    assert "encodings/cp866.pyc" not in names  # other codec tables are not expanded
    assert "asyncio/windows_events.pyc" not in names  # cannot run in a browser
    # Frozen modules are never read from the zip.
    assert "os.pyc" not in names
    assert "codecs.pyc" not in names
    traced = set(manifest["traced_modules"])
    assert {"calc", "calc.engine", "json", "traceback"} <= traced
    assert manifest["margin_imports_failed"] == []


@pytest.mark.node
def test_build_is_reproducible_and_cached(
    tmp_path: Path, built: Path, cases: list[dict[str, Any]]
) -> None:
    again = build_stdlib_zip(
        PYODIDE_DIR,
        [CALC_DIR],
        cases,
        tmp_path / "out",
        cache_dir=tmp_path / "cache",
        verify=False,
    )
    assert again.name == built.name
    assert again.read_bytes() == built.read_bytes()
    started = time.perf_counter()
    cached = build_stdlib_zip(
        PYODIDE_DIR, [CALC_DIR], cases, tmp_path / "out2", cache_dir=tmp_path / "cache"
    )
    assert time.perf_counter() - started < 5, "a cache hit must not run Node"
    assert cached.read_bytes() == built.read_bytes()
    assert manifest_path(cached).is_file()


# --- the zip in Pyodide ------------------------------------------------------------


@pytest.fixture(scope="module")
def node_run(built: Path, cases: list[dict[str, Any]]) -> dict[str, Any]:
    return run_cases(PYODIDE_DIR, cases, stdlib_zip=built)


@pytest.mark.node
def test_calc_is_imported_from_the_zip(node_run: dict[str, Any]) -> None:
    assert node_run["api_file"] == "/lib/python314.zip/calc/__init__.pyc"


@pytest.mark.node
def test_every_golden_case_matches_cpython(
    node_run: dict[str, Any], cases: list[dict[str, Any]]
) -> None:
    results = node_run["results"]
    assert len(results) == len(cases)
    invalid = 0
    for case, got in zip(cases, results, strict=True):
        want = _cpython(case)
        invalid += not want["ok"]
        assert _canon(got) == _canon(want), case
    assert invalid > 0, "the golden cases must include invalid ones (CaseError paths)"


@pytest.mark.node
def test_rare_paths_work_from_the_zip(node_run: dict[str, Any]) -> None:
    tb = node_run["traceback"]
    assert "Traceback (most recent call last)" in tb
    assert "ValueError: traced failure" in tb
    assert "KeyError" in tb  # the chained cause
    assert "RuntimeError: from python" in node_run["jsSideError"]


# --- failing loudly ---------------------------------------------------------------


def test_missing_node_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(stdlib_build.shutil, "which", lambda _name: None)
    with pytest.raises(StdlibBuildError, match=r"Node\.js is required"):
        build_stdlib_zip(PYODIDE_DIR, [CALC_DIR], [], tmp_path, cache_dir=tmp_path / "c")


def test_missing_pyodide_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "pyodide").mkdir()
    with pytest.raises(StdlibBuildError, match=r"Pyodide files missing .*pyodide\.asm\.wasm"):
        build_stdlib_zip(tmp_path / "pyodide", [CALC_DIR], [], tmp_path, cache_dir=tmp_path / "c")


def test_not_a_package_is_a_clear_error(tmp_path: Path) -> None:
    if not (PYODIDE_DIR / "pyodide.mjs").is_file() or shutil.which("node") is None:
        pytest.skip("needs node_modules/pyodide")
    with pytest.raises(StdlibBuildError, match="not a Python package"):
        build_stdlib_zip(PYODIDE_DIR, [tmp_path], [], tmp_path / "o", cache_dir=tmp_path / "c")


@pytest.mark.node
def test_unexpected_exception_in_a_trace_case_fails_the_build(tmp_path: Path) -> None:
    _require_node()
    pkg = tmp_path / "src" / "fakecalc"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        "class CaseError(ValueError):\n"
        "    errors = []\n"
        "def evaluate(case):\n"
        "    return {'value': case['x']}\n",
        encoding="utf-8",
    )
    with pytest.raises(StdlibBuildError, match=r"case 1 raised KeyError"):
        build_stdlib_zip(
            PYODIDE_DIR,
            [pkg],
            [{"x": 1}, {}],
            tmp_path / "out",
            cache_dir=tmp_path / "cache",
            api_module="fakecalc",
        )
