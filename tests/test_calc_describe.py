"""describe(): the rules as data, checked against expectations copied from the spec.

Every expected value here is read off ../shared/spec/case-check-rules.md (v2) by hand:
criterion ids, order, sections and statuses (section 4), the verdict rules (section 5) and
each advice item's trigger (section 6). The triggers are then checked against `evaluate`
with a small interpreter of the spec's conditions written here, so that the conditions
`describe()` publishes and the behaviour of the engine both agree with the spec.
"""

from __future__ import annotations

import json
import re
from typing import Any

from conftest import golden_cases
from hypothesis import given
from hypothesis import strategies as st

import calc
from calc.bibliography import BIBLIOGRAPHY

D: dict[str, Any] = calc.describe()
ADVICE_GROUPS = ("recommendations", "systemic_therapy", "warnings")
MARKUP = re.compile(r"<[a-z/]|\*\*|`|\[\^|\]\(|^#|\n")

# Section 4: id -> (required, section, statuses it can take).
CRITERIA = {
    "performance_status": (True, "selection/#performance-status", {"met", "not_met", "unknown"}),
    "complete_resection": (True, "selection/#complete-resection", {"met", "not_met", "unknown"}),
    "extrahepatic_disease": (
        True,
        "selection/#extrahepatic-disease",
        {"met", "not_met", "unknown", "judgement"},
    ),
    "liver_reserve": (True, "selection/#liver-reserve", {"met", "not_met", "unknown", "judgement"}),
    "systemic_response": (True, "selection/#systemic-response", {"met", "not_met", "unknown"}),
    "disease_free_interval": (
        False,
        "selection/#disease-free-interval",
        {"met", "not_met", "unknown"},
    ),
    "lesion_size": (False, "selection/#lesion-size", {"met", "not_met", "unknown"}),
}
REQUIRED = [c for c, (required, _, _) in CRITERIA.items() if required]

# Section 5, in evaluation order.
VERDICT_RULES = [
    ("out_of_scope", {"scope_fails": True}),
    ("not_candidate", {"any_required": ["not_met"]}),
    ("needs_assessment", {"any_required": ["unknown", "judgement"]}),
    ("candidate", {"all_required": ["met"]}),
]

IN = "in_scope"
ANY = "any"


def _when(
    scope: str = IN,
    verdicts: tuple[str, ...] = (),
    criteria: dict[str, list[str]] | None = None,
    **inputs: dict[str, object],
) -> dict[str, object]:
    return {
        "scope": scope,
        "verdicts": list(verdicts),
        "criteria": criteria or {},
        "inputs": [{"field": field, **test} for field, test in inputs.items()],
    }


# Section 6: the trigger of every advice id, as data.
TRIGGERS: dict[str, dict[str, object]] = {
    "mdt_referral": _when(ANY, liver_metastases={"at_least": 1}),
    "biopsy_metastasis": _when(
        ANY, metastasis_biopsied={"one_of": [False, None]}, liver_metastases={"at_least": 1}
    ),
    "systemic_primary": _when(),
    "refer_resection": _when(verdicts=("candidate",)),
    "adjuvant_systemic": _when(verdicts=("candidate",)),
    "surveillance": _when(verdicts=("candidate",)),
    "local_options": _when(verdicts=("candidate",)),
    **{
        f"assess_{c}": _when(verdicts=("needs_assessment",), criteria={c: ["unknown", "judgement"]})
        for c in REQUIRED
    },
    "consider_remnant_growth": _when(
        future_liver_remnant_pct={"below": 30}, liver_function={"one_of": ["normal", None]}
    ),
    "continue_systemic": _when(verdicts=("not_candidate",)),
    "confirm_her2": _when(her2={"one_of": [None]}),
    "letrozole_first_line": _when(
        menopausal_status={"one_of": ["post"]}, her2={"one_of": ["negative", "low"]}
    ),
    "premenopausal_endocrine": _when(menopausal_status={"one_of": ["pre"]}),
    "chemo_over_cdk46": _when(aggressive_liver_disease={"one_of": [True]}),
    "her2_low_adc": _when(her2={"one_of": ["low"]}),
    "her2_directed": _when(her2={"one_of": ["positive"]}),
    "complete_response_caution": _when(systemic_response={"one_of": ["complete_response"]}),
    "delay_chemotherapy_caution": _when(
        chemotherapy_started={"one_of": [True]},
        hepatobiliary_review_done={"one_of": [False, None]},
    ),
    "extrahepatic_caution": _when(
        extrahepatic_disease={"one_of": ["bone_controlled", "lung_isolated"]}
    ),
}
GROUP_OF = {
    **dict.fromkeys(
        [
            "mdt_referral",
            "biopsy_metastasis",
            "systemic_primary",
            "refer_resection",
            "adjuvant_systemic",
            "surveillance",
            "local_options",
            *(f"assess_{c}" for c in REQUIRED),
            "consider_remnant_growth",
            "continue_systemic",
        ],
        "recommendations",
    ),
    **dict.fromkeys(
        [
            "confirm_her2",
            "letrozole_first_line",
            "premenopausal_endocrine",
            "chemo_over_cdk46",
            "her2_low_adc",
            "her2_directed",
        ],
        "systemic_therapy",
    ),
    **dict.fromkeys(
        ["complete_response_caution", "delay_chemotherapy_caution", "extrahepatic_caution"],
        "warnings",
    ),
}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_version_and_review_date() -> None:
    assert D["version"] == calc.__version__ == "0.2.0"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", D["guideline_reviewed"])
    assert D["guideline_reviewed"] == calc.GUIDELINE_REVIEWED
    assert json.loads(json.dumps(D)) == D


def test_statuses_are_the_four_of_the_spec() -> None:
    assert [s["code"] for s in D["statuses"]] == ["met", "not_met", "unknown", "judgement"]
    labels = {s["code"]: s["label"] for s in D["statuses"]}
    assert labels["judgement"] != labels["unknown"], "a team decision is not 'not known'"
    judgement = next(s for s in D["statuses"] if s["code"] == "judgement")
    assert "multidisciplinary team" in judgement["meaning"]


def test_criteria_order_kind_section_and_states() -> None:
    assert [c["id"] for c in D["criteria"]] == list(CRITERIA)
    for c in D["criteria"]:
        required, section, statuses = CRITERIA[c["id"]]
        assert c["required"] is required
        assert c["section"] == section
        for status in ("met", "not_met", "unknown"):
            assert c[status].strip()
        assert (c["judgement"] is not None) is ("judgement" in statuses), c["id"]


def test_thresholds_are_the_spec_numbers() -> None:
    thresholds = {c["id"]: c["thresholds"] for c in D["criteria"]}
    assert thresholds["liver_reserve"] == {"future_liver_remnant_pct": [20, 30]}
    assert thresholds["performance_status"] == {"ecog": [1]}
    assert thresholds["disease_free_interval"] == {"months_to_liver_metastasis": [12]}
    assert thresholds["lesion_size"] == {"lesion_size_cm": [5]}
    liver = next(c for c in D["criteria"] if c["id"] == "liver_reserve")
    assert "20 %" in liver["judgement"]
    assert "30 %" in liver["judgement"]
    assert "below 20 %" in liver["not_met"]


def test_remnant_bands_are_the_spec_table() -> None:
    """Spec section 4 (v2): by remnant band and liver function (normal, impaired, absent)."""
    bands = next(c for c in D["criteria"] if c["id"] == "liver_reserve")["bands"]
    assert bands["input"] == "future_liver_remnant_pct"
    assert bands["by"] == "liver_function"
    assert len(bands["columns"]) == 3
    assert [(r["band"], r["statuses"]) for r in bands["rows"]] == [
        ("below 20 %", ["not_met", "not_met", "not_met"]),
        ("from 20 % to below 30 %", ["judgement", "not_met", "unknown"]),
        ("30 % or more", ["met", "not_met", "unknown"]),
        ("not known", ["unknown", "not_met", "unknown"]),
    ]
    lesion = next(c for c in D["criteria"] if c["id"] == "lesion_size")["bands"]
    assert [(r["band"], r["statuses"]) for r in lesion["rows"]] == [
        ("below 5 cm", ["met"]),
        ("5 cm or more", ["not_met"]),
        ("not known", ["unknown"]),
    ]
    interval = next(c for c in D["criteria"] if c["id"] == "disease_free_interval")["bands"]
    assert [r["band"] for r in interval["rows"]][:2] == [
        "12 months or less",
        "more than 12 months",
    ]


def test_verdict_rules_are_section_5() -> None:
    assert [(v["code"], v["rule"]) for v in D["verdicts"]] == VERDICT_RULES
    for verdict in D["verdicts"]:
        assert verdict["label"].strip()
        assert verdict["when"].strip()


def test_scope_checks_fail_to_out_of_scope() -> None:
    assert [s["id"] for s in D["scope"]] == ["hormone_receptor", "single_metastasis"]
    assert {s["fails_to_verdict"] for s in D["scope"]} == {"out_of_scope"}
    assert [s["inputs"] for s in D["scope"]] == [["hormone_receptor"], ["liver_metastases"]]


def test_advice_ids_groups_and_triggers_are_section_6() -> None:
    described = {item["id"]: (group, item) for group in ADVICE_GROUPS for item in D[group]}
    assert set(described) == set(TRIGGERS)
    for advice_id, (group, item) in described.items():
        assert group == GROUP_OF[advice_id], advice_id
        assert item["when"] == TRIGGERS[advice_id], advice_id
        assert item["trigger"].strip().endswith(".")
        assert item["refs"], advice_id
    judgement_texts = {i for i, (_, item) in described.items() if item["judgement_text"]}
    assert judgement_texts == {"assess_extrahepatic_disease", "assess_liver_reserve"}


def test_every_ref_key_exists_in_the_bibliography() -> None:
    groups = ["scope", "criteria", *ADVICE_GROUPS]
    keys = [k for g in groups for item in D[g] for k in item["refs"]]
    assert set(keys) <= set(BIBLIOGRAPHY)


def test_all_text_is_plain_and_non_empty() -> None:
    for text in _strings(D):
        assert text.strip(), "no empty text"
        assert not MARKUP.search(text), text


# --- the spec's triggers against the engine --------------------------------------------


def _holds(when: dict[str, Any], case: dict[str, Any], result: dict[str, Any]) -> bool:
    """The spec's condition (``TRIGGERS``) for one evaluated case."""
    in_scope = result["verdict"] != "out_of_scope"
    if when["scope"] == IN and not in_scope:
        return False
    if when["verdicts"] and result["verdict"] not in when["verdicts"]:
        return False
    statuses = {c["id"]: c["status"] for c in result["criteria"]}
    if any(statuses[c] not in allowed for c, allowed in when["criteria"].items()):
        return False
    for test in when["inputs"]:
        value = case.get(test["field"])
        if isinstance(value, str) and test["field"] in {
            "future_liver_remnant_pct",
            "liver_metastases",
        }:
            value = float(value)
        if "one_of" in test and not any(
            value is v if v is None or isinstance(v, bool) else value == v for v in test["one_of"]
        ):
            return False
        if "below" in test and not (value is not None and value < test["below"]):
            return False
        if "at_least" in test and not (value is not None and value >= test["at_least"]):
            return False
    return True


def _check_triggers(case: dict[str, Any]) -> None:
    result = calc.evaluate(case)
    shown = {item["id"] for group in ADVICE_GROUPS for item in result[group]}
    for advice_id, when in TRIGGERS.items():
        assert (advice_id in shown) is _holds(when, case, result), advice_id


def test_golden_cases_follow_the_spec_triggers() -> None:
    for golden in golden_cases():
        if "verdict" in golden["expected"]:
            _check_triggers(golden["case"])


CHOICES = {
    "hormone_receptor": ["positive", "negative"],
    "liver_metastases": [0, 1, 1, 1, 2],
    "her2": [None, "negative", "low", "positive"],
    "ecog": [None, 0, 1, 2, 4],
    "expected_resection": [None, "R0", "R1", "R2", "not_feasible"],
    "extrahepatic_disease": [None, "none", "bone_controlled", "lung_isolated", "other"],
    "liver_function": [None, "normal", "impaired"],
    "future_liver_remnant_pct": [None, 19.9, 20, 25, 29.9, 30, 80],
    "systemic_response": [None, "not_started", "complete_response", "stable", "progression"],
    "months_to_liver_metastasis": [None, 12, 12.5],
    "menopausal_status": [None, "pre", "post"],
    "aggressive_liver_disease": [None, True, False],
    "chemotherapy_started": [None, True, False],
    "hepatobiliary_review_done": [None, True, False],
    "lesion_size_cm": [None, 4.9, 5],
    "metastasis_biopsied": [None, True, False],
}


@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CHOICES.items()}))
def test_any_case_follows_the_spec_triggers(case: dict) -> None:
    _check_triggers(case)
