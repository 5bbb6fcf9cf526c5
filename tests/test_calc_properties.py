"""Property tests: evaluate on arbitrary and near-valid input, and agreement with the schema."""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import calc
from calc.fields import FIELDS, Field

# JSON-like values: what json.loads can produce (finite floats only, as in real JSON).
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)

# Text that no numeric field accepts, chosen by hand (not derived from the code).
NON_NUMERIC_TEXT = ["", " ", "abc", "NaN", "inf", "-Infinity", "1,5", "30 %", "thirty", "0x1E"]
MISSPELT_KEYS = ["ecgo", "ECOG", "her2_status", "tumour_size", "liver_metastasis", "biopsied", ""]


def _top(field: Field) -> int:
    return field.maximum if field.maximum is not None else 240


# Values that favour resection, so that candidates (all five required criteria met, in
# scope) are generated often enough; hand-picked from the spec's tables.
FAVOURABLE = {
    "hormone_receptor": ["positive"],
    "liver_metastases": [1, 1.0],
    "ecog": [0, 1],
    "expected_resection": ["R0", "R1"],
    "extrahepatic_disease": ["none", "none", "bone_controlled", "lung_isolated"],
    "liver_function": ["normal"],
    "future_liver_remnant_pct": [30, 30.0, 45.5, 100, 20, 25],
    "systemic_response": ["complete_response", "partial_response", "stable"],
    "lesion_size_cm": [3, 4.9, 5],
}


def _valid_value(field: Field, numeric_text: bool) -> st.SearchStrategy[object]:
    """Values the spec allows for the field (boundaries included)."""
    if field.kind == "enum":
        values: st.SearchStrategy[object] = st.sampled_from(field.values)
    elif field.kind == "boolean":
        values = st.booleans()
    else:
        low, top = field.minimum or 0, _top(field)
        if field.exclusive_minimum:  # a size: more than 0
            values = st.integers(low + 1, top) | st.floats(low, top, exclude_min=True)
            values = values | st.sampled_from([0.1, 4.9, 5, 5.0, top])
        else:
            values = st.integers(low, top) | st.integers(low, top).map(float)
        if field.kind == "number" and not field.exclusive_minimum:
            edges = [low, top, 19.9, 20, 29.9, 30, 30.0, 12, 12.5, -0.0]
            values = values | st.floats(low, top) | st.sampled_from(edges)
        if numeric_text:
            values = values | values.map(repr) | values.map(lambda v: f" {v} ")
    if field.key in FAVOURABLE:
        favourable = st.sampled_from(FAVOURABLE[field.key])
        values = st.sampled_from([True] * 3 + [False]).flatmap(
            lambda pick, any_value=values: favourable if pick else any_value
        )
    return values


def _invalid_value(field: Field) -> st.SearchStrategy[object]:
    """Typical mistakes for the field: wrong type, near-miss text, out of range."""
    wrong_type = st.sampled_from([True, False, [], {}, [1], {"a": 1}])
    if field.kind == "enum":
        near = [v.upper() for v in field.values] + [v + " " for v in field.values]
        return st.sampled_from([*near, "", "unknown"]) | st.integers(-1, 5) | wrong_type
    if field.kind == "boolean":
        return st.sampled_from(["true", "false", "yes", 0, 1, 1.0]) | wrong_type
    low, top = field.minimum or 0, _top(field)
    below = low if field.exclusive_minimum else low - 1  # the bound itself fails if exclusive
    out_of_range = st.integers(max_value=below) | st.floats(max_value=low - 0.01)
    if field.maximum is not None:
        out_of_range = out_of_range | st.integers(min_value=top + 1) | st.floats(top + 0.01)
    mistakes = out_of_range | st.sampled_from(NON_NUMERIC_TEXT) | wrong_type
    if field.kind == "integer":
        mistakes = mistakes | st.sampled_from([0.5, 1.5, 3.25])
    return mistakes


@st.composite
def near_valid_cases(draw: st.DrawFn, numeric_text: bool = False) -> dict[str, object]:
    """A valid case with 0-3 fields spoilt and sometimes an unknown key.

    With ``numeric_text`` false the case is canonical JSON: numbers are JSON numbers.
    """
    case: dict[str, object] = {}
    for field in FIELDS:
        how = draw(st.sampled_from(["value"] * 14 + ([] if field.required else ["absent", "null"])))
        if how == "value":
            case[field.key] = draw(_valid_value(field, numeric_text))
        elif how == "null":
            case[field.key] = None
    spoil = draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=spoil, unique_by=lambda f: f.key)):
        if field.required and draw(st.booleans()):
            case[field.key] = draw(st.sampled_from([None, "absent"]))
            if case[field.key] == "absent":
                del case[field.key]
        else:
            case[field.key] = draw(_invalid_value(field))
    if draw(st.integers(0, 9)) == 0:
        case[draw(st.sampled_from(MISSPELT_KEYS))] = draw(json_values)
    return case


canonical_cases = near_valid_cases()
lenient_cases = near_valid_cases(numeric_text=True)
arbitrary_mappings = st.dictionaries(
    st.sampled_from([f.key for f in FIELDS]) | st.text(max_size=10), json_values, max_size=16
)
any_case = arbitrary_mappings | lenient_cases

VALIDATOR = Draft202012Validator(calc.schema())
REQUIRED_IDS = [c["id"] for c in calc.describe()["criteria"] if c["required"]]  # type: ignore[index, union-attr]


def _evaluate_or_none(case: object) -> dict | None:
    """The result, or None for CaseError; any other exception propagates and fails the test."""
    try:
        return calc.evaluate(case)  # type: ignore[arg-type]
    except calc.CaseError as exc:
        errors = exc.errors
    assert errors, "a CaseError carries at least one error"
    for error in errors:
        assert set(error) == {"field", "message"}
        assert isinstance(error["field"], str)
        assert isinstance(error["message"], str)
    json.dumps(errors)
    return None


@given(any_case)
def test_result_is_json_or_case_error(case: dict) -> None:
    result = _evaluate_or_none(case)
    if result is not None:
        assert json.loads(json.dumps(result, allow_nan=False)) == result


@given(any_case)
def test_deterministic(case: dict) -> None:
    first = _evaluate_or_none(case)
    assert _evaluate_or_none(copy.deepcopy(case)) == first
    assert _evaluate_or_none(dict(reversed(list(case.items())))) == first


@given(lenient_cases)
def test_verdict_invariants(case: dict) -> None:
    result = _evaluate_or_none(case)
    if result is None:
        return
    statuses = {c["id"]: c["status"] for c in result["criteria"]}
    required = {statuses[i] for i in REQUIRED_IDS}
    ids = {i["id"] for g in ("recommendations", "systemic_therapy", "warnings") for i in result[g]}
    if "not_met" in required or "unknown" in required:
        assert result["verdict"] != "candidate"
    if result["verdict"] == "out_of_scope":
        assert "refer_resection" not in ids
    if result["verdict"] != "candidate":
        assert result["ideal"] is False
    if result["verdict"] == "candidate":
        assert required == {"met"}
    assert ("refer_resection" in ids) is (result["verdict"] == "candidate")


@given(lenient_cases)
def test_judgement_never_gives_candidate(case: dict) -> None:
    result = _evaluate_or_none(case)
    if result is None:
        return
    statuses = {c["id"]: c["status"] for c in result["criteria"]}
    if "judgement" in {statuses[i] for i in REQUIRED_IDS}:
        assert result["verdict"] != "candidate"
        if result["verdict"] != "out_of_scope" and "not_met" not in statuses.values():
            assert result["verdict"] == "needs_assessment"


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    return float(value)  # type: ignore[arg-type]


@given(lenient_cases)
def test_remnant_growth_exactly_when_remnant_below_30_and_liver_not_impaired(case: dict) -> None:
    """Spec section 6 (v2): below 30 % and liver function normal or not known, in scope."""
    result = _evaluate_or_none(case)
    if result is None:
        return
    remnant = _number(case.get("future_liver_remnant_pct"))
    in_scope = result["verdict"] != "out_of_scope"
    expected = (
        in_scope
        and remnant is not None
        and remnant < 30
        and case.get("liver_function") in ("normal", None)
    )
    ids = {i["id"] for i in result["recommendations"]}
    assert ("consider_remnant_growth" in ids) is expected


@given(lenient_cases)
def test_biopsy_advice_exactly_when_not_recorded_as_done(case: dict) -> None:
    result = _evaluate_or_none(case)
    if result is None:
        return
    count = _number(case.get("liver_metastases"))
    expected = case.get("metastasis_biopsied") is not True and count is not None and count >= 1
    ids = {i["id"] for i in result["recommendations"]}
    assert ("biopsy_metastasis" in ids) is expected


@given(canonical_cases | arbitrary_mappings)
def test_schema_accepts_exactly_what_evaluate_accepts(case: dict) -> None:
    numeric = {f.key for f in FIELDS if f.kind in ("integer", "number")}
    if any(isinstance(case.get(k), str) and case[k] not in NON_NUMERIC_TEXT for k in numeric):
        return  # not canonical JSON (arbitrary text in a numeric field may be a number)
    accepted = _evaluate_or_none(case) is not None
    assert VALIDATOR.is_valid(case) is accepted, [e.message for e in VALIDATOR.iter_errors(case)]


def test_strategies_reach_valid_and_invalid_cases_and_every_verdict() -> None:
    """Guards the strategies: the properties above mean little if one side is never hit."""
    outcomes: set[str] = set()

    @settings(max_examples=300, database=None, derandomize=True)
    @given(canonical_cases)
    def collect(case: dict) -> None:
        result = _evaluate_or_none(case)
        outcomes.add("invalid" if result is None else str(result["verdict"]))

    collect()
    assert outcomes == {"invalid", "candidate", "needs_assessment", "not_candidate", "out_of_scope"}


def test_strategies_reach_every_status() -> None:
    """Every status of every criterion, judgement included, is generated."""
    seen: dict[str, set[str]] = {}

    @settings(max_examples=400, database=None, derandomize=True)
    @given(lenient_cases)
    def collect(case: dict) -> None:
        result = _evaluate_or_none(case)
        if result is not None:
            for c in result["criteria"]:
                seen.setdefault(c["id"], set()).add(c["status"])

    collect()
    assert seen["liver_reserve"] == {"met", "not_met", "unknown", "judgement"}
    assert seen["extrahepatic_disease"] == {"met", "not_met", "unknown", "judgement"}
    assert seen["lesion_size"] == {"met", "not_met", "unknown"}
