"""schema(): a valid draft 2020-12 JSON Schema of the input, enough to render the form."""

from __future__ import annotations

from jsonschema import Draft202012Validator

import calc

S = calc.schema()
PROPS = S["properties"]
NUMERIC = [
    "liver_metastases",
    "ecog",
    "future_liver_remnant_pct",
    "months_to_liver_metastasis",
    "lesion_size_cm",
]


def test_is_a_valid_2020_12_schema() -> None:
    assert S["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(S)
    assert S["type"] == "object"
    assert S["additionalProperties"] is False
    assert S["required"] == ["hormone_receptor", "liver_metastases"]


def test_every_spec_key_has_title_and_description() -> None:
    assert len(PROPS) == 16
    for key, prop in PROPS.items():
        assert prop["title"].strip(), key
        assert prop["description"].strip(), key


def test_v2_fields() -> None:
    assert PROPS["her2"]["enum"] == ["negative", "low", "positive", None]
    low = next(c for c in PROPS["her2"]["oneOf"] if c["const"] == "low")
    assert low["title"] == "Low (IHC 1+ or 2+ with negative ISH)"
    size = PROPS["lesion_size_cm"]
    assert (size["exclusiveMinimum"], size["maximum"], size["x-unit"]) == (0, 30, "cm")
    assert "minimum" not in size
    assert PROPS["metastasis_biopsied"]["type"] == ["boolean", "null"]
    validator = Draft202012Validator(S)
    base = {"hormone_receptor": "positive", "liver_metastases": 1}
    assert not validator.is_valid({**base, "lesion_size_cm": 0})
    assert validator.is_valid({**base, "lesion_size_cm": 0.1})


def test_enums_bounds_and_units() -> None:
    assert PROPS["hormone_receptor"]["enum"] == ["positive", "negative"]
    assert PROPS["expected_resection"]["enum"] == ["R0", "R1", "R2", "not_feasible", None]
    assert PROPS["systemic_response"]["enum"][:-1] == [
        "not_started",
        "complete_response",
        "partial_response",
        "stable",
        "progression",
    ]
    assert [c["const"] for c in PROPS["extrahepatic_disease"]["oneOf"]] == [
        "none",
        "bone_controlled",
        "lung_isolated",
        "other",
        None,
    ]
    assert PROPS["ecog"]["type"] == ["integer", "null"]
    assert (PROPS["ecog"]["minimum"], PROPS["ecog"]["maximum"]) == (0, 4)
    assert PROPS["liver_metastases"]["type"] == "integer"
    assert PROPS["liver_metastases"]["minimum"] == 0
    remnant = PROPS["future_liver_remnant_pct"]
    assert (remnant["minimum"], remnant["maximum"], remnant["x-unit"]) == (0, 100, "%")
    assert PROPS["months_to_liver_metastasis"]["x-unit"] == "months"
    assert PROPS["aggressive_liver_disease"]["type"] == ["boolean", "null"]


def test_numeric_string_leniency_is_stated() -> None:
    for key in NUMERIC:
        assert "typed into a form" in PROPS[key]["description"], key
    assert "typed into a form" not in PROPS["her2"]["description"]


def test_each_call_returns_a_fresh_schema() -> None:
    first = calc.schema()
    first["properties"]["ecog"]["maximum"] = 99
    assert calc.schema()["properties"]["ecog"]["maximum"] == 4


def test_every_field_names_its_form_group() -> None:
    """x-group (non-validating) groups related fields in the form; four groups, in order."""
    groups = [prop["x-group"] for prop in PROPS.values()]
    assert all(isinstance(g, str) and g for g in groups)
    assert list(dict.fromkeys(groups)) == ["Tumour", "Liver", "Patient", "Treatment so far"]
    assert PROPS["future_liver_remnant_pct"]["x-group"] == "Liver"
    assert PROPS["systemic_response"]["x-group"] == "Treatment so far"
    # A keyword the validator ignores: the same cases stay valid.
    assert Draft202012Validator(S).is_valid({"hormone_receptor": "positive", "liver_metastases": 1})
