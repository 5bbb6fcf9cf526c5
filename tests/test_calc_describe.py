"""describe(): the rules as data for the generated page, from the engine's own tables."""

from __future__ import annotations

import json
import re

import pytest
from conftest import golden_cases
from hypothesis import given, settings
from hypothesis import strategies as st

import calc
from calc.bibliography import BIBLIOGRAPHY

D = calc.describe()
ADVICE_GROUPS = ("recommendations", "systemic_therapy", "warnings")
# Fixed contract (PLAN.md): criterion -> guideline section.
SECTIONS = {
    "performance_status": "selection/#performance-status",
    "complete_resection": "selection/#complete-resection",
    "extrahepatic_disease": "selection/#extrahepatic-disease",
    "liver_reserve": "selection/#liver-reserve",
    "systemic_response": "selection/#systemic-response",
    "disease_free_interval": "selection/#disease-free-interval",
}
# Spec section 6: every id the result may carry.
SPEC_IDS = {
    "recommendations": {
        "mdt_referral",
        "systemic_primary",
        "refer_resection",
        "adjuvant_systemic",
        "surveillance",
        "local_options",
        "continue_systemic",
        *(f"assess_{c}" for c in list(SECTIONS)[:5]),
    },
    "systemic_therapy": {
        "letrozole_first_line",
        "premenopausal_endocrine",
        "chemo_over_cdk46",
        "her2_directed",
    },
    "warnings": {"complete_response_caution", "delay_chemotherapy_caution", "extrahepatic_caution"},
}
MARKUP = re.compile(r"<[a-z/]|\*\*|`|\[\^|\]\(|^#|\n")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_top_level_form() -> None:
    assert set(D) == {
        "version",
        "guideline_reviewed",
        "scope",
        "criteria",
        "verdicts",
        "recommendations",
        "systemic_therapy",
        "warnings",
        "decisions",
    }
    assert D["version"] == calc.__version__ == "0.1.0"
    assert D["guideline_reviewed"] == calc.GUIDELINE_REVIEWED == "2026-11-26"
    assert json.loads(json.dumps(D)) == D


def test_sections_have_the_plan_form() -> None:
    for item in D["scope"]:
        assert set(item) == {"id", "label", "rule", "fails_to", "refs"}
    assert [s["id"] for s in D["scope"]] == ["hormone_receptor", "single_metastasis"]
    for item in D["criteria"]:
        assert set(item) == {
            "id",
            "label",
            "required",
            "met",
            "not_met",
            "unknown",
            "refs",
            "section",
        }
        assert isinstance(item["required"], bool)
    assert {c["id"]: c["section"] for c in D["criteria"]} == SECTIONS
    assert list(SECTIONS) == [c["id"] for c in D["criteria"]], "spec table order"
    assert [c["required"] for c in D["criteria"]] == [True] * 5 + [False]
    assert [v["code"] for v in D["verdicts"]] == [
        "out_of_scope",
        "not_candidate",
        "needs_assessment",
        "candidate",
    ]
    for verdict in D["verdicts"]:
        assert set(verdict) == {"code", "label", "when"}
    for group in ADVICE_GROUPS:
        for item in D[group]:
            assert set(item) == {"id", "text", "trigger", "refs"}
    for decision in D["decisions"]:
        assert set(decision) == {"topic", "decision"}
    assert len(D["decisions"]) >= 5


def test_described_ids_are_exactly_the_spec_ids() -> None:
    for group in ADVICE_GROUPS:
        ids = [item["id"] for item in D[group]]
        assert len(ids) == len(set(ids))
        assert set(ids) == SPEC_IDS[group]


def test_every_ref_key_exists_in_the_bibliography() -> None:
    groups = ["scope", "criteria", *ADVICE_GROUPS]
    keys = [k for g in groups for item in D[g] for k in item["refs"]]
    assert keys, "something is cited"
    assert set(keys) <= set(BIBLIOGRAPHY)
    for group in ["criteria", *ADVICE_GROUPS]:
        for item in D[group]:
            assert 1 <= len(item["refs"]) <= 3, item["id"]


def test_all_text_is_plain_and_non_empty() -> None:
    for text in _strings(D):
        assert text.strip(), "no empty text"
        assert not MARKUP.search(text), text


def _result_ids(result: dict) -> dict[str, set[str]]:
    return {g: {i["id"] for i in result[g]} for g in ADVICE_GROUPS}


@pytest.mark.parametrize("golden", [c for c in golden_cases() if "verdict" in c["expected"]])
def test_golden_result_ids_are_described(golden: dict) -> None:
    result = calc.evaluate(golden["case"])
    for group, ids in _result_ids(result).items():
        assert ids <= {i["id"] for i in D[group]}
    described = {c["id"]: c for c in D["criteria"]}
    for criterion in result["criteria"]:
        entry = described[criterion["id"]]
        assert (criterion["label"], criterion["refs"], criterion["section"]) == (
            entry["label"],
            entry["refs"],
            entry["section"],
        )
    advice = {i["id"]: i for g in ADVICE_GROUPS for i in D[g]}
    for group in ADVICE_GROUPS:
        for item in result[group]:
            assert (item["text"], item["refs"]) == (
                advice[item["id"]]["text"],
                advice[item["id"]]["refs"],
            )


CHOICES = {
    "hormone_receptor": ["positive", "negative"],
    "liver_metastases": [0, 1, 1, 1, 2],
    "her2": [None, "negative", "positive"],
    "ecog": [None, 0, 1, 2, 4],
    "expected_resection": [None, "R0", "R1", "R2", "not_feasible"],
    "extrahepatic_disease": [None, "none", "bone_controlled", "lung_isolated", "other"],
    "liver_function": [None, "normal", "impaired"],
    "future_liver_remnant_pct": [None, 29.9, 30, 80],
    "systemic_response": [None, "not_started", "complete_response", "stable", "progression"],
    "months_to_liver_metastasis": [None, 12, 12.5],
    "menopausal_status": [None, "pre", "post"],
    "aggressive_liver_disease": [None, True, False],
    "chemotherapy_started": [None, True, False],
    "hepatobiliary_review_done": [None, True, False],
}


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CHOICES.items()}))
def test_any_result_ids_are_described(case: dict) -> None:
    result = calc.evaluate(case)
    for group, ids in _result_ids(result).items():
        assert ids <= {i["id"] for i in D[group]}
