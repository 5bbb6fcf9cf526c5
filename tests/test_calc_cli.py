"""The command line: JSON mode and CSV mode, exit codes 0 and 2, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import calc

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
GOOD = json.loads((CASES / "001-ideal-candidate.json").read_text(encoding="utf-8"))["case"]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calc", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_json_file_prints_the_result(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    proc = run(str(path))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == calc.evaluate(GOOD)
    assert proc.stderr == ""


def test_json_from_stdin() -> None:
    proc = run("-", stdin=json.dumps({**GOOD, "ecog": 3}))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "not_candidate"


def test_invalid_case_exits_2_naming_every_field() -> None:
    proc = run("-", stdin=json.dumps({**GOOD, "ecgo": 1, "her2": "equivocal"}))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "ecgo" in proc.stderr
    assert "her2" in proc.stderr
    assert '"positive"' in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        ("[1, 2]", "(case)"),
        ('{"ecog": 1, "ecog": 2}', "duplicate key"),
        ('{"liver_metastases": ' + "9" * 5000 + "}", "number that cannot be read"),
    ],
)
def test_unreadable_json_exits_2_with_a_message(stdin: str, expected: str) -> None:
    proc = run("-", stdin=stdin)
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    proc = run(str(tmp_path / "nope.json"))
    assert proc.returncode == 2
    assert "cannot read" in proc.stderr
    assert "nope.json" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_arguments_is_a_usage_error() -> None:
    proc = run()
    assert proc.returncode == 2
    assert "usage" in proc.stderr.lower()


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_batch_continues_past_a_bad_row(tmp_path: Path) -> None:
    header = list(GOOD)
    rows = [
        {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in GOOD.items()},
        {
            **dict.fromkeys(header, ""),
            "hormone_receptor": "positive",
            "liver_metastases": "1",
            "ecog": "seven",
        },
        {**dict.fromkeys(header, ""), "hormone_receptor": "positive", "liver_metastases": "1"},
        {
            **dict.fromkeys(header, ""),
            "hormone_receptor": "negative",
            "liver_metastases": "1",
            "chemotherapy_started": "TRUE",
        },
    ]
    path = tmp_path / "board.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    proc = run("--csv", str(path))
    assert proc.returncode == 0, proc.stderr
    out = _csv_rows(proc.stdout)
    assert [r["row"] for r in out] == ["1", "2", "3", "4"]
    assert list(out[0]) == [
        "row",
        "verdict",
        "ideal",
        "failed_criteria",
        "unknown_criteria",
        "judgement_criteria",
        "recommendations",
        "errors",
    ]
    assert out[0]["verdict"] == "candidate"
    assert out[0]["ideal"] == "true"
    assert out[0]["errors"] == ""
    assert out[1]["verdict"] == ""
    assert "ecog" in out[1]["errors"]
    # Empty cells are unknown: every criterion unknown, nothing failed.
    assert out[2]["verdict"] == "needs_assessment"
    assert out[2]["failed_criteria"] == ""
    assert out[2]["unknown_criteria"].split() == [
        "performance_status",
        "complete_resection",
        "extrahepatic_disease",
        "liver_reserve",
        "systemic_response",
        "disease_free_interval",
        "lesion_size",
    ]
    assert out[2]["judgement_criteria"] == ""
    assert out[3]["verdict"] == "out_of_scope"
    assert out[3]["errors"] == ""


def test_csv_failed_criteria_and_unknown_column(tmp_path: Path) -> None:
    path = tmp_path / "board.csv"
    path.write_text(
        "hormone_receptor,liver_metastases,ecog,expected_resection,tumour_size\n"
        "positive,1,3,R2,\n"
        "positive,1,0,R0,12\n",
        encoding="utf-8",
    )
    proc = run("--csv", str(path))
    assert proc.returncode == 0, proc.stderr
    first, second = _csv_rows(proc.stdout)
    assert first["verdict"] == "not_candidate"
    assert first["failed_criteria"].split() == ["performance_status", "complete_resection"]
    assert first["ideal"] == "false"
    assert "tumour_size" in second["errors"]
    assert second["verdict"] == ""


def test_csv_judgement_column(tmp_path: Path) -> None:
    """Spec section 1 (v2): the criteria left to the team's judgement have their own column."""
    path = tmp_path / "board.csv"
    path.write_text(
        "hormone_receptor,liver_metastases,liver_function,future_liver_remnant_pct,"
        "extrahepatic_disease,lesion_size_cm,metastasis_biopsied\n"
        "positive,1,normal,25,lung_isolated,3,false\n",
        encoding="utf-8",
    )
    proc = run("--csv", str(path))
    assert proc.returncode == 0, proc.stderr
    (row,) = _csv_rows(proc.stdout)
    assert row["verdict"] == "needs_assessment"
    assert row["judgement_criteria"].split() == ["extrahepatic_disease", "liver_reserve"]
    assert "liver_reserve" not in row["unknown_criteria"].split()
    assert "biopsy_metastasis" in row["recommendations"].split()


def test_csv_row_with_too_many_cells_is_an_error_row(tmp_path: Path) -> None:
    path = tmp_path / "board.csv"
    path.write_text("hormone_receptor,liver_metastases\npositive,1,extra\npositive,2\n")
    proc = run("--csv", str(path))
    assert proc.returncode == 0
    first, second = _csv_rows(proc.stdout)
    assert first["errors"]
    assert first["verdict"] == ""
    assert second["verdict"] == "out_of_scope"


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "cannot read"), ("", "no header"), ("ecog,ecog\n1,2\n", "duplicate columns")],
)
def test_csv_that_cannot_be_read_exits_2(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "board.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = run("--csv", str(path))
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr


def test_main_is_callable_in_process(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from calc.__main__ import main

    path = tmp_path / "case.json"
    path.write_text(json.dumps({**GOOD, "ecog": "x"}), encoding="utf-8")
    assert main([str(path)]) == 2
    assert "ecog" in capsys.readouterr().err
