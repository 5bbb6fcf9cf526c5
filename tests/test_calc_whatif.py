"""`calc.what_would_change`: every change it lists really changes the verdict, alone."""

from __future__ import annotations

import pytest
from conftest import golden_cases

import calc
from calc.fields import BOOLEAN, ENUM, FIELDS_BY_KEY

VALID = [c for c in golden_cases() if "verdict" in c["expected"]]
INVALID = [c for c in golden_cases() if "error_fields" in c["expected"]]


@pytest.mark.parametrize("golden", VALID, ids=[c["name"] for c in VALID])
def test_each_listed_change_gives_the_stated_verdict(golden: dict) -> None:
    case = golden["case"]
    before = calc.evaluate(case)["verdict"]
    items = calc.what_would_change(case)
    if before not in ("needs_assessment", "not_candidate"):
        assert items == []
        return
    for item in items:
        assert item["changes"], item
        for change in item["changes"]:
            after = calc.evaluate({**case, item["field"]: change["example"]})["verdict"]
            assert after == change["verdict"]
            assert after not in (before, "out_of_scope")


@pytest.mark.parametrize("golden", VALID, ids=[c["name"] for c in VALID])
def test_no_choice_that_changes_the_verdict_is_missing(golden: dict) -> None:
    case = golden["case"]
    before = calc.evaluate(case)["verdict"]
    if before not in ("needs_assessment", "not_candidate"):
        return
    listed = {item["field"]: item for item in calc.what_would_change(case)}
    for key, field in FIELDS_BY_KEY.items():
        if field.kind not in (ENUM, BOOLEAN):
            continue
        values = field.values if field.kind == ENUM else (True, False)
        for value in values:
            after = calc.evaluate({**case, key: value})["verdict"]
            if after in (before, "out_of_scope"):
                continue
            verdicts = {c["verdict"] for c in listed[key]["changes"]}
            assert after in verdicts, (key, value)


def test_remnant_just_below_threshold_names_both_thresholds() -> None:
    # Spec section 4 (v2): at least 30 % meets liver_reserve; 20 up to 30 % is a team
    # decision (needs assessment); below 20 % is not met.
    case = {
        "hormone_receptor": "positive",
        "liver_metastases": 1,
        "ecog": 0,
        "expected_resection": "R0",
        "extrahepatic_disease": "none",
        "liver_function": "normal",
        "future_liver_remnant_pct": 29.9,
        "systemic_response": "stable",
    }
    assert calc.evaluate(case)["verdict"] == "needs_assessment"
    items = {item["field"]: item for item in calc.what_would_change(case)}
    changes = {c["verdict"]: c["text"] for c in items["future_liver_remnant_pct"]["changes"]}
    assert changes == {"not_candidate": "0 to 19.9 %", "candidate": "30 to 100 %"}


def test_lesion_size_never_changes_the_verdict() -> None:
    """A favourable criterion marks an ideal candidate; it never changes the verdict."""
    case = {"hormone_receptor": "positive", "liver_metastases": 1, "lesion_size_cm": 6}
    assert "lesion_size_cm" not in {i["field"] for i in calc.what_would_change(case)}


@pytest.mark.parametrize("golden", INVALID, ids=[c["name"] for c in INVALID])
def test_invalid_input_raises_case_error(golden: dict) -> None:
    with pytest.raises(calc.CaseError):
        calc.what_would_change(golden["case"])
