"""calc.examples(): the form's menu and the build's trace inputs reach every rule.

The build traces the modules the browser runtime needs by running these inputs (it never
reads tests/), so they must reach every verdict, every status each criterion can take,
every advice item and every kind of input error.
"""

from __future__ import annotations

import pytest

import calc
from calc.example_cases import INVALID_INPUTS, trace_inputs

EXAMPLES = calc.examples()
RESULTS = [calc.evaluate(e["case"]) for e in EXAMPLES]
# The menu as the issue names it: label -> the verdict that label promises.
MENU = {
    "Ideal candidate": "candidate",
    "Needs assessment": "needs_assessment",
    "Not a candidate now": "not_candidate",
    "Outside this guideline": "out_of_scope",
}


def test_menu_examples_give_the_verdict_their_label_names() -> None:
    menu = [(e, r) for e, r in zip(EXAMPLES, RESULTS, strict=True) if e["menu"]]
    assert [e["label"] for e, _ in menu] == list(MENU)
    for example, result in menu:
        assert result["verdict"] == MENU[example["label"]], example["id"]
    ideal = next(r for e, r in menu if e["label"] == "Ideal candidate")
    assert ideal["ideal"] is True


def test_the_needs_assessment_example_is_the_team_decision_on_the_remnant() -> None:
    example = next(e for e in EXAMPLES if e["label"] == "Needs assessment")
    result = calc.evaluate(example["case"])
    statuses = {c["id"]: c["status"] for c in result["criteria"]}
    assert statuses["liver_reserve"] == "judgement"
    assert example["case"]["future_liver_remnant_pct"] == 25


def test_examples_have_unique_ids_and_texts() -> None:
    assert len({e["id"] for e in EXAMPLES}) == len(EXAMPLES)
    for e in EXAMPLES:
        assert e["label"].strip()
        assert e["description"].strip()


def test_examples_reach_every_verdict_status_and_advice_item() -> None:
    described = calc.describe()
    assert {r["verdict"] for r in RESULTS} == {v["code"] for v in described["verdicts"]}
    possible = {  # spec section 4: the statuses each criterion can take
        c["id"]: {"met", "not_met", "unknown"} | ({"judgement"} if c["judgement"] else set())
        for c in described["criteria"]
    }
    for criterion, statuses in possible.items():
        seen = {c["status"] for r in RESULTS for c in r["criteria"] if c["id"] == criterion}
        assert seen == statuses, criterion
    groups = ("recommendations", "systemic_therapy", "warnings")
    every = {item["id"] for g in groups for item in described[g]}
    reached = {item["id"] for r in RESULTS for g in groups for item in r[g]}
    assert reached == every
    assert {r["ideal"] for r in RESULTS if r["verdict"] == "candidate"} == {True, False}


def test_examples_include_numbers_written_as_text() -> None:
    assert any(
        isinstance(v, str) and v.strip()[:1].isdigit() for e in EXAMPLES for v in e["case"].values()
    )


@pytest.mark.parametrize("bad", INVALID_INPUTS, ids=range(len(INVALID_INPUTS)))
def test_invalid_inputs_are_case_errors(bad: object) -> None:
    with pytest.raises(calc.CaseError):
        calc.evaluate(bad)  # type: ignore[arg-type]


def test_invalid_inputs_reach_every_kind_of_error() -> None:
    messages = []
    for bad in INVALID_INPUTS:
        with pytest.raises(calc.CaseError) as caught:
            calc.evaluate(bad)  # type: ignore[arg-type]
        messages.extend(e["message"] for e in caught.value.errors)
    text = " | ".join(messages)
    for phrase in (
        "did you mean",  # a misspelt key
        "unknown key",
        "which is not a number",
        "which is out of range",
        "which is not whole",
        "which is not a finite number",
        "is required",
        "must be an object",
        "true or false",
    ):
        assert phrase in text, phrase


def test_trace_inputs_are_every_example_then_every_invalid_input() -> None:
    inputs = trace_inputs()
    assert inputs == [e["case"] for e in EXAMPLES] + list(INVALID_INPUTS)
    inputs[0]["ecog"] = 4  # fresh copies: the tables are never changed by a caller
    assert calc.examples()[0]["case"]["ecog"] == 0
