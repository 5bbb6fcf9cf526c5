"""Runtime parity: the built site's Pyodide gives CPython's answers, as JSON.

``tests/node/run_cases.mjs`` boots the very files the browser loads (runtime folder with
the precompiled stdlib zip that holds calc, worker module, loadPyodide options, all read
from the built case-check page) and runs every golden case; here each reply is compared
with ``calc.evaluate`` in CPython.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES_DIR, IN_CI, ROOT, golden_cases

import calc

NODE = shutil.which("node")
SCRIPT = ROOT / "tests" / "node" / "run_cases.mjs"

pytestmark = pytest.mark.node


def _canonical(obj: object) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, allow_nan=False)


def _cpython_reply(case: dict[str, Any]) -> dict[str, Any]:
    """What the worker should send for this case, computed by CPython's calc."""
    try:
        return {"ok": True, "result": calc.evaluate(case)}
    except calc.CaseError as exc:
        return {"ok": False, "error": {"kind": "case", "errors": list(exc.errors)}}


@pytest.fixture(scope="module")
def pyodide_replies(built_site: Path) -> dict[str, dict[str, Any]]:
    if NODE is None:
        if IN_CI:
            pytest.fail("CI=true but node is missing: the runtime-parity test is mandatory")
        pytest.skip("node not found: the runtime-parity test needs Node.js (apt install nodejs)")
    proc = subprocess.run(
        [NODE, str(SCRIPT), str(built_site), str(CASES_DIR)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"run_cases.mjs failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    out = json.loads(proc.stdout)
    assert out["info"]["version"] == calc.__version__
    return {r["name"]: r["reply"] for r in out["results"]}


def test_every_golden_case_ran(pyodide_replies: dict[str, dict[str, Any]]) -> None:
    names = {str(g["name"]) for g in golden_cases()}
    assert names, "no golden cases in tests/cases"
    assert set(pyodide_replies) == names


@pytest.mark.parametrize("golden", golden_cases(), ids=lambda g: str(g["name"]))
def test_pyodide_matches_cpython(
    golden: dict[str, Any], pyodide_replies: dict[str, dict[str, Any]]
) -> None:
    reply = pyodide_replies[golden["name"]]
    expected = _cpython_reply(golden["case"])
    assert _canonical(reply) == _canonical(expected)
    # The golden file's own expectation holds in Pyodide too (valid vs invalid).
    if "error_fields" in golden["expected"]:
        assert reply["ok"] is False
        assert reply["error"]["kind"] == "case"
        fields = {e["field"] for e in reply["error"]["errors"]}
        assert fields == set(golden["expected"]["error_fields"])
    else:
        assert reply["ok"] is True
        assert reply["result"]["verdict"] == golden["expected"]["verdict"]
