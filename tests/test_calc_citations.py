"""Each criterion's and each advice item's references match the spec's citations for its row.

The tables below are copied by hand from ../shared/spec/references.md ("Source claim ->
publications": what each source mark [S1]..[S9] stands for) and from the rows of
../shared/spec/case-check-rules.md (sections 4 and 6: the marks a row cites and the keys it
names). ``EXPECTED`` is this project's choice within what the spec allows, written down
once so that a dropped, added or swapped reference fails a test.
"""

from __future__ import annotations

import pytest

import calc
from calc.bibliography import BIBLIOGRAPHY

SOURCE_MARKS = {  # references.md, "Source claim -> publications"
    "S1": {"golse2017", "hpb2006", "adam2006", "vauthey2006", "mariani2013"},
    "S2": {"adam2006", "kawaguchi2019", "yigitler2003"},
    "S3": {"golse2017", "abbott2012", "hoffmann2010", "bale2019"},
    "S4": {"femara_label"},
    "S5": {"fidan2025", "lu2024"},
    "S8": {"sadot2016", "abbott2012", "benoist2006"},
}

# Row id -> (source marks the spec row cites, keys the spec row or its evidence note names).
SPEC_ROWS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # section 4, criteria
    "performance_status": (("S2",), ()),
    "complete_resection": (("S1", "S3"), ("golse2017", "hoffmann2010")),  # R1 note
    # v2 judgement reason. The spec also names abc67 ("consensus guidance reserves local
    # treatment for patients without extrahepatic lesions"); that statement was not found in
    # any ABC text (only in a secondary paraphrase of ABC 4), so it is not cited.
    "extrahepatic_disease": (("S1",), ("mariani2013",)),
    "liver_reserve": (("S1", "S2"), ("kawaguchi2019",)),  # v2 judgement reason
    "systemic_response": (("S1", "S3"), ()),
    "disease_free_interval": (("S3",), ()),
    "lesion_size": ((), ("golse2017",)),
    # section 6, recommendations
    # Second clinical review: the reason for an early review (marking a lesion before it
    # shrinks out of sight) is kepenekian2019's.
    "mdt_referral": (("S1", "S2"), ("kepenekian2019",)),
    "systemic_primary": (("S1", "S2"), ()),
    "refer_resection": (("S1", "S2"), ()),
    "adjuvant_systemic": (("S1",), ()),
    "surveillance": (("S8",), ("sadot2016",)),
    # v2 text: each option cited to its own evidence (ablation, stereotactic radiotherapy,
    # repeat hepatectomy); golse2017 calls the role of ablation "still to be defined".
    "local_options": (("S3",), ("aoki2020", "ruiz2015")),
    "continue_systemic": (("S1",), ()),
    # The spec names gennari2021; its biopsy statement could not be read, ABC 4's was
    # (PMC7360146: biopsy a metastatic lesion, reassess HR and HER2 at least once).
    "biopsy_metastasis": ((), ("schrijver2018", "abc4")),
    "consider_remnant_growth": ((), ("kawaguchi2019", "yigitler2003")),
    # section 6, systemic therapy notes
    "confirm_her2": ((), ("wolff2023", "destiny_b04")),  # spec names none: testing, trial
    "letrozole_first_line": (("S4",), ("burstein2021", "gennari2021")),
    # ABC 4: premenopausal women with adequate ovarian suppression are treated as
    # postmenopausal women (read in PMC7360146), in place of gennari2021 (not read).
    "premenopausal_endocrine": (("S4",), ("monaleesa7", "abc4", "burstein2021")),
    # ABC 4: endocrine therapy even with visceral disease, unless visceral crisis.
    "chemo_over_cdk46": (("S5",), ("lu2024", "abc4")),
    "her2_low_adc": ((), ("destiny_b04", "destiny_b06")),
    "her2_directed": ((), ("gennari2021",)),  # no source mark: the ESMO guideline
    # section 6, warnings
    "complete_response_caution": (("S8", "S1"), ("benoist2006",)),
    # Second clinical review: golse2017 supports neither the liver injury (vauthey2006,
    # colorectal) nor lesions lost at surgery (benoist2006, kepenekian2019).
    "delay_chemotherapy_caution": (("S1", "S2"), ("benoist2006", "kepenekian2019")),
    "extrahepatic_caution": (("S1",), ("mariani2013",)),  # abc67: see extrahepatic_disease
}

EXPECTED: dict[str, set[str]] = {
    "performance_status": {"adam2006"},
    "complete_resection": {"golse2017", "hoffmann2010"},
    "extrahepatic_disease": {"mariani2013"},
    "liver_reserve": {"kawaguchi2019", "yigitler2003"},
    "systemic_response": {"golse2017", "abbott2012", "mariani2013"},
    "disease_free_interval": {"hoffmann2010", "golse2017"},
    "lesion_size": {"golse2017"},
    "mdt_referral": {"golse2017", "vauthey2006", "kepenekian2019"},
    "systemic_primary": {"hpb2006", "golse2017"},
    "refer_resection": {"golse2017", "adam2006", "mariani2013"},
    "adjuvant_systemic": {"hpb2006", "golse2017"},
    "surveillance": {"sadot2016", "abbott2012"},
    "local_options": {"bale2019", "aoki2020", "ruiz2015"},
    "continue_systemic": {"hpb2006", "golse2017"},
    "biopsy_metastasis": {"schrijver2018", "abc4"},
    "consider_remnant_growth": {"kawaguchi2019", "yigitler2003"},
    "confirm_her2": {"wolff2023", "destiny_b04"},
    "letrozole_first_line": {"femara_label", "burstein2021", "gennari2021"},
    "premenopausal_endocrine": {"femara_label", "monaleesa7", "abc4", "burstein2021"},
    "chemo_over_cdk46": {"fidan2025", "lu2024", "abc4"},
    "her2_low_adc": {"destiny_b04", "destiny_b06"},
    "her2_directed": {"gennari2021"},
    # Correction (references.md): "complete response is not cure" is benoist2006 alone.
    "complete_response_caution": {"benoist2006"},
    "delay_chemotherapy_caution": {"vauthey2006", "benoist2006", "kepenekian2019"},
    "extrahepatic_caution": {"mariani2013"},
}

D = calc.describe()
ADVICE = {
    item["id"]: item for g in ("recommendations", "systemic_therapy", "warnings") for item in D[g]
}
CRITERIA = {c["id"]: c for c in D["criteria"]}
REQUIRED = [c["id"] for c in D["criteria"] if c["required"]]


def _refs(row: str) -> list[str]:
    return list((CRITERIA.get(row) or ADVICE[row])["refs"])


def test_every_row_is_in_the_tables() -> None:
    rows = set(CRITERIA) | {i for i in ADVICE if not i.startswith("assess_")}
    assert rows == set(EXPECTED) == set(SPEC_ROWS)


@pytest.mark.parametrize("row", sorted(EXPECTED))
def test_references_of_each_row(row: str) -> None:
    refs = _refs(row)
    assert len(refs) == len(set(refs)), "no key twice"
    assert set(refs) == EXPECTED[row]


@pytest.mark.parametrize("row", sorted(EXPECTED))
def test_expected_references_are_what_the_spec_row_allows(row: str) -> None:
    marks, named = SPEC_ROWS[row]
    allowed = set(named).union(*(SOURCE_MARKS[m] for m in marks))
    assert EXPECTED[row] <= allowed, EXPECTED[row] - allowed
    assert set(named) <= EXPECTED[row], "every key the spec row names is cited"
    assert EXPECTED[row] <= set(BIBLIOGRAPHY)


@pytest.mark.parametrize("criterion", REQUIRED)
def test_assess_items_cite_their_criterion(criterion: str) -> None:
    assert ADVICE[f"assess_{criterion}"]["refs"] == CRITERIA[criterion]["refs"]


def test_results_carry_the_same_references() -> None:
    """A result item cites what its row cites (spot check on the four menu examples)."""
    for example in calc.examples():
        result = calc.evaluate(example["case"])
        for criterion in result["criteria"]:
            assert set(criterion["refs"]) == EXPECTED[criterion["id"]]
        for group in ("recommendations", "systemic_therapy", "warnings"):
            for item in result[group]:
                row = item["id"].removeprefix("assess_")
                assert set(item["refs"]) == EXPECTED[row]
