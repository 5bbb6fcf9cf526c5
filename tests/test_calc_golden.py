"""Golden cases (tests/cases/*.json): expected outcomes written by hand from the spec."""

from __future__ import annotations

import json
import math

import pytest
from conftest import golden_cases

import calc
from calc.bibliography import BIBLIOGRAPHY

CASES = golden_cases()
VALID: list[dict] = [c for c in CASES if "verdict" in c["expected"]]
INVALID: list[dict] = [c for c in CASES if "error_fields" in c["expected"]]
IDEAL = next(c["case"] for c in VALID if c["name"] == "001-ideal-candidate")

SPEC_CRITERIA = [  # spec section 4, in table order
    "performance_status",
    "complete_resection",
    "extrahepatic_disease",
    "liver_reserve",
    "systemic_response",
    "disease_free_interval",
]
RESULT_KEYS = {
    "verdict",
    "ideal",
    "headline",
    "scope",
    "criteria",
    "recommendations",
    "systemic_therapy",
    "warnings",
    "references",
    "version",
    "guideline_reviewed",
}


def _ids(result: dict) -> set[str]:
    return {
        item["id"]
        for group in ("recommendations", "systemic_therapy", "warnings")
        for item in result[group]
    }


def test_enough_golden_cases() -> None:
    assert len(VALID) >= 30
    assert len(INVALID) >= 10
    assert len(VALID) + len(INVALID) == len(CASES), "every case file is valid or invalid"


@pytest.mark.parametrize("golden", VALID, ids=[c["name"] for c in VALID])
def test_valid_case(golden: dict) -> None:
    expected = golden["expected"]
    result = calc.evaluate(golden["case"])
    assert result["verdict"] == expected["verdict"], result["headline"]
    assert result["ideal"] is expected["ideal"]
    assert {c["id"]: c["status"] for c in result["criteria"]} == expected["criteria"]
    ids = _ids(result)
    assert set(expected["must_include"]) <= ids, f"missing {set(expected['must_include']) - ids}"
    assert not set(expected["must_exclude"]) & ids, (
        f"unexpected {set(expected['must_exclude']) & ids}"
    )


@pytest.mark.parametrize("golden", VALID, ids=[c["name"] for c in VALID])
def test_result_shape(golden: dict) -> None:
    result = calc.evaluate(golden["case"])
    assert set(result) == RESULT_KEYS
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert [c["id"] for c in result["criteria"]] == SPEC_CRITERIA
    assert [s["id"] for s in result["scope"]] == ["hormone_receptor", "single_metastasis"]
    assert result["version"] == calc.__version__
    assert result["guideline_reviewed"] == calc.GUIDELINE_REVIEWED
    assert isinstance(result["headline"], str)
    assert result["headline"].endswith(".")
    cited = [key for s in result["scope"] for key in s.get("refs", [])]
    for group in ("criteria", "recommendations", "systemic_therapy", "warnings"):
        for item in result[group]:
            assert item["text" if group != "criteria" else "reason"].strip()
            cited.extend(item["refs"])
    assert list(result["references"]) == list(dict.fromkeys(cited))
    for key, short in result["references"].items():
        assert short == BIBLIOGRAPHY[key].short
    if result["verdict"] != "candidate":
        assert result["ideal"] is False


@pytest.mark.parametrize("golden", VALID, ids=[c["name"] for c in VALID])
def test_scope_matches_verdict(golden: dict) -> None:
    result = calc.evaluate(golden["case"])
    in_scope = all(s["ok"] for s in result["scope"])
    assert (result["verdict"] == "out_of_scope") is not in_scope


@pytest.mark.parametrize("golden", INVALID, ids=[c["name"] for c in INVALID])
def test_invalid_case(golden: dict) -> None:
    with pytest.raises(calc.CaseError) as caught:
        calc.evaluate(golden["case"])
    errors = caught.value.errors
    assert isinstance(caught.value, ValueError)
    assert {e["field"] for e in errors} == set(golden["expected"]["error_fields"])
    assert len(errors) == len(golden["expected"]["error_fields"]), "one error per problem"
    for error in errors:
        assert set(error) == {"field", "message"}
        assert error["message"].strip()


def test_every_emittable_id_is_exercised() -> None:
    """Every recommendation, therapy note and warning id appears in some must_include."""
    described = calc.describe()
    emittable = {
        item["id"]
        for group in ("recommendations", "systemic_therapy", "warnings")
        for item in described[group]
    }
    included = {i for c in VALID for i in c["expected"]["must_include"]}
    assert emittable <= included, f"never exercised: {sorted(emittable - included)}"


def test_every_verdict_and_status_is_exercised() -> None:
    verdicts = {c["expected"]["verdict"] for c in VALID}
    assert verdicts == {"candidate", "needs_assessment", "not_candidate", "out_of_scope"}
    assert {c["expected"]["ideal"] for c in VALID if c["expected"]["verdict"] == "candidate"} == {
        True,
        False,
    }
    for criterion in SPEC_CRITERIA:
        seen = {c["expected"]["criteria"][criterion] for c in VALID}
        assert seen == {"met", "not_met", "unknown"}, criterion


@pytest.mark.parametrize(
    ("key", "value", "status"),
    [
        ("future_liver_remnant_pct", 30, "met"),
        ("future_liver_remnant_pct", 29.9, "not_met"),
        ("future_liver_remnant_pct", math.nextafter(30, 0), "not_met"),
        ("months_to_liver_metastasis", 12, "not_met"),
        ("months_to_liver_metastasis", math.nextafter(12, 13), "met"),
        ("months_to_liver_metastasis", 12.5, "met"),
        ("ecog", 1, "met"),
        ("ecog", 2, "not_met"),
    ],
)
def test_boundaries(key: str, value: float, status: str) -> None:
    base = IDEAL
    assert calc.evaluate(base)["verdict"] == "candidate"
    result = calc.evaluate({**base, key: value})
    criterion = {
        "future_liver_remnant_pct": "liver_reserve",
        "months_to_liver_metastasis": "disease_free_interval",
        "ecog": "performance_status",
    }[key]
    assert {c["id"]: c["status"] for c in result["criteria"]}[criterion] == status


def test_reason_names_the_deciding_value() -> None:
    base = IDEAL
    reasons = {
        c["id"]: c["reason"]
        for c in calc.evaluate(
            {**base, "ecog": 3, "future_liver_remnant_pct": 29.9, "months_to_liver_metastasis": 7}
        )["criteria"]
    }
    assert "ECOG 3" in reasons["performance_status"]
    assert "29.9 %" in reasons["liver_reserve"]
    assert "7 months" in reasons["disease_free_interval"]
    not_started = calc.evaluate({**base, "systemic_response": "not_started"})["criteria"]
    assert "assess after systemic therapy" in not_started[4]["reason"]
