"""Input validation: every problem at once, each naming the field and what it accepts."""

from __future__ import annotations

import types

import pytest

import calc
from calc.fields import FIELDS, FIELDS_BY_KEY, Field

BASE = {
    "hormone_receptor": "positive",
    "liver_metastases": 1,
    "ecog": 0,
    "expected_resection": "R0",
    "extrahepatic_disease": "none",
    "liver_function": "normal",
    "future_liver_remnant_pct": 45,
    "systemic_response": "stable",
}


def _errors(case: object) -> list[dict[str, str]]:
    with pytest.raises(calc.CaseError) as caught:
        calc.evaluate(case)  # type: ignore[arg-type]  # deliberately wrong types
    return caught.value.errors


def test_fields_table_matches_spec_keys() -> None:
    assert [f.key for f in FIELDS] == [
        "hormone_receptor",
        "liver_metastases",
        "her2",
        "ecog",
        "expected_resection",
        "extrahepatic_disease",
        "liver_function",
        "future_liver_remnant_pct",
        "systemic_response",
        "months_to_liver_metastasis",
        "menopausal_status",
        "aggressive_liver_disease",
        "chemotherapy_started",
        "hepatobiliary_review_done",
        "lesion_size_cm",
        "metastasis_biopsied",
    ]
    assert [f.key for f in FIELDS if f.required] == ["hormone_receptor", "liver_metastases"]


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind == "enum"], ids=lambda f: f.key)
def test_enum_error_lists_every_allowed_value(field: Field) -> None:
    (error,) = _errors({**BASE, field.key: "Nonsense"})
    assert error["field"] == field.key
    for value in field.values:
        assert f'"{value}"' in error["message"]
    assert '"Nonsense"' in error["message"]


@pytest.mark.parametrize("value", [0, -1, 30.01, "0"])
def test_lesion_size_must_be_above_0_and_at_most_30(value: object) -> None:
    (error,) = _errors({**BASE, "lesion_size_cm": value})
    assert error["field"] == "lesion_size_cm"
    assert "greater than 0 and at most 30 (cm)" in error["message"]


@pytest.mark.parametrize("value", [0.1, 30, "4.9", 5])
def test_lesion_size_bounds_accept(value: object) -> None:
    calc.evaluate({**BASE, "lesion_size_cm": value})


def test_her2_low_is_a_value() -> None:
    assert FIELDS_BY_KEY["her2"].values == ("negative", "low", "positive")
    (error,) = _errors({**BASE, "her2": "ultralow"})
    assert '"low"' in error["message"]


def test_number_error_states_range_and_unit() -> None:
    (error,) = _errors({**BASE, "future_liver_remnant_pct": 101})
    assert "from 0 to 100" in error["message"]
    assert "%" in error["message"]
    assert "out of range" in error["message"]
    (error,) = _errors({**BASE, "ecog": 2.5})
    assert "whole number from 0 to 4" in error["message"]


def test_boolean_error_says_true_or_false() -> None:
    (error,) = _errors({**BASE, "chemotherapy_started": "yes"})
    assert error["field"] == "chemotherapy_started"
    assert "true or false" in error["message"]


@pytest.mark.parametrize(
    ("wrong", "meant"),
    [
        ("ecgo", "ecog"),
        ("ECOG", "ecog"),
        ("her-2", "her2"),
        ("liver_metastasis", "liver_metastases"),
    ],
)
def test_misspelt_key_is_named_with_a_suggestion(wrong: str, meant: str) -> None:
    errors = _errors({**BASE, wrong: 1})
    (error,) = [e for e in errors if e["field"] == wrong]
    assert f'did you mean "{meant}"' in error["message"]


def test_unrelated_unknown_key_lists_allowed_keys_without_a_guess() -> None:
    (error,) = _errors({**BASE, "tumour_grade": 2})
    assert "did you mean" not in error["message"]
    assert "hepatobiliary_review_done" in error["message"]


@pytest.mark.parametrize("case", [[], "case", 3, None, [("ecog", 1)]])
def test_non_mapping_case_is_a_case_error(case: object) -> None:
    (error,) = _errors(case)
    assert error["field"] == "(case)"


def test_any_mapping_is_accepted() -> None:
    assert calc.evaluate(types.MappingProxyType(BASE)) == calc.evaluate(dict(BASE))


def test_null_means_not_known_for_optional_keys() -> None:
    without = {k: v for k, v in BASE.items() if k != "ecog"}
    assert calc.evaluate({**BASE, "ecog": None}) == calc.evaluate(without)


@pytest.mark.parametrize("text", ["45", " 45 ", "45.0", "+45", "4.5e1", "45\n"])
def test_numeric_strings_are_numbers(text: str) -> None:
    assert calc.evaluate({**BASE, "future_liver_remnant_pct": text}) == calc.evaluate(BASE)


@pytest.mark.parametrize(
    "text", ["", " ", "NaN", "nan", "inf", "-Infinity", "1e999", "4_5", "45 %", "0x2d", "٤٥", "--4"]
)
def test_non_numeric_strings_are_rejected(text: str) -> None:
    (error,) = _errors({**BASE, "future_liver_remnant_pct": text})
    assert error["field"] == "future_liver_remnant_pct"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), True, False, [], {}])
def test_non_finite_or_non_number_values_are_rejected(value: object) -> None:
    (error,) = _errors({**BASE, "months_to_liver_metastasis": value})
    assert error["field"] == "months_to_liver_metastasis"


@pytest.mark.parametrize("value", ["2", 2.0, "2.0"])
def test_whole_numbers_in_any_form_are_integers(value: object) -> None:
    result = calc.evaluate({**BASE, "ecog": value})
    assert result["criteria"][0]["status"] == "not_met"
    assert "ECOG 2 " in result["criteria"][0]["reason"]


def test_all_errors_at_once_in_field_order_then_unknown_keys() -> None:
    errors = _errors({"zzz": 1, "ecog": -1, "her2": 1})
    assert [e["field"] for e in errors] == [
        "hormone_receptor",
        "liver_metastases",
        "her2",
        "ecog",
        "zzz",
    ]
    assert "hormone_receptor" in str(errors)
    assert len(errors) == 5


def test_case_error_message_summarises_every_problem() -> None:
    with pytest.raises(calc.CaseError) as caught:
        calc.evaluate({"hormone_receptor": "maybe", "liver_metastases": 1, "ecog": 9})
    assert "hormone_receptor" in str(caught.value)
    assert "ecog" in str(caught.value)


def test_input_is_not_modified() -> None:
    case = {**BASE, "ecog": "1"}
    before = dict(case)
    calc.evaluate(case)
    assert case == before


def test_fields_by_key_is_the_same_table() -> None:
    assert list(FIELDS_BY_KEY.values()) == list(FIELDS)


def test_huge_integers_are_handled_like_any_other_number() -> None:
    huge = 10**5000  # more digits than int -> str allows by default
    result = calc.evaluate({**BASE, "liver_metastases": huge, "months_to_liver_metastasis": huge})
    assert result["verdict"] == "out_of_scope"
    assert result["criteria"][5]["status"] == "met"
    (error,) = _errors({**BASE, "liver_metastases": -huge})
    assert error["field"] == "liver_metastases"
