"""Example cases: the web form's "Start from an example" menu, and inputs that reach every rule.

The examples belong to the rules package so that the site never reads the test folder:
the form's menu shows the ``menu`` examples, and the build traces the modules the browser
runtime needs by running `trace_inputs()` (every example, then invalid inputs that drive
each kind of input error). A test checks that together they reach every verdict, every
status of every criterion and every advice item; the golden cases in ``tests/`` are
checked against the same rules separately.
"""

from __future__ import annotations

import copy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from calc.validation import Value


class Example:
    """A named case; ``menu`` examples are offered to readers of the case-check page."""

    __slots__ = ("case", "description", "id", "label", "menu")

    def __init__(
        self, id: str, label: str, description: str, case: dict[str, Value], *, menu: bool
    ) -> None:
        self.id = id
        self.label = label
        self.description = description
        self.case = case
        self.menu = menu


# A complete, favourable case; the other examples change a few inputs of it.
_IDEAL: dict[str, Value] = {
    "hormone_receptor": "positive",
    "liver_metastases": 1,
    "her2": "negative",
    "ecog": 0,
    "expected_resection": "R0",
    "extrahepatic_disease": "none",
    "liver_function": "normal",
    "future_liver_remnant_pct": 45,
    "systemic_response": "partial_response",
    "months_to_liver_metastasis": 36,
    "menopausal_status": "post",
    "aggressive_liver_disease": False,
    "chemotherapy_started": False,
    "hepatobiliary_review_done": True,
    "lesion_size_cm": 3,
    "metastasis_biopsied": True,
}


def _like_ideal(**changes: Value) -> dict[str, Value]:
    return {**_IDEAL, **changes}


EXAMPLES: tuple[Example, ...] = (
    Example(
        "ideal_candidate",
        "Ideal candidate",
        "Biopsied 3 cm metastasis, partial response on first-line therapy, normal liver with a "
        "45 % remnant, no disease elsewhere, 3 years after the primary.",
        _like_ideal(),
        menu=True,
    ),
    Example(
        "needs_assessment",
        "Needs assessment",
        "As the ideal candidate, but the future liver remnant is 25 %: the liver team decides.",
        _like_ideal(future_liver_remnant_pct=25),
        menu=True,
    ),
    Example(
        "not_candidate",
        "Not a candidate now",
        "The liver metastasis progresses on systemic therapy.",
        _like_ideal(systemic_response="progression"),
        menu=True,
    ),
    Example(
        "out_of_scope",
        "Outside this guideline",
        "Three liver metastases: outside this single-metastasis guideline.",
        _like_ideal(liver_metastases=3, metastasis_biopsied=False),
        menu=True,
    ),
    # Not offered to readers: together with the above they reach every rule.
    Example(
        "bone_disease_premenopausal",
        "Controlled bone disease, premenopausal, HER2-low",
        "Bone metastases controlled by radiotherapy, aggressive liver disease, chemotherapy "
        "started before a liver review, a 6 cm lesion 8 months after the primary.",
        _like_ideal(
            extrahepatic_disease="bone_controlled",
            menopausal_status="pre",
            her2="low",
            aggressive_liver_disease=True,
            chemotherapy_started=True,
            hepatobiliary_review_done=None,
            expected_resection="R1",
            lesion_size_cm=6,
            months_to_liver_metastasis=8,
            ecog="1",
            metastasis_biopsied=None,
        ),
        menu=False,
    ),
    Example(
        "only_required",
        "Only the required details",
        "Hormone receptor-positive, one liver metastasis, nothing else known yet.",
        {"hormone_receptor": "positive", "liver_metastases": 1},
        menu=False,
    ),
    Example(
        "small_remnant_her2_positive",
        "Small remnant, HER2-positive, complete response",
        "A 15 % remnant in a normal liver after a complete response; HER2-positive.",
        _like_ideal(
            future_liver_remnant_pct="15",
            her2="positive",
            systemic_response="complete_response",
            extrahepatic_disease="lung_isolated",
            menopausal_status=None,
        ),
        menu=False,
    ),
    Example(
        "candidate_not_ideal",
        "Candidate, not ideal",
        "ECOG 1, stable disease, R1 expected; interval and size not recorded.",
        _like_ideal(
            ecog=1,
            systemic_response="stable",
            expected_resection="R1",
            months_to_liver_metastasis=None,
            lesion_size_cm=None,
            her2=None,
        ),
        menu=False,
    ),
    Example(
        "several_failures",
        "Several criteria fail",
        "ECOG 3, other extrahepatic disease, impaired liver, R2 expected, systemic therapy "
        "not started.",
        _like_ideal(
            ecog=3,
            extrahepatic_disease="other",
            liver_function="impaired",
            future_liver_remnant_pct=None,
            expected_resection="R2",
            systemic_response="not_started",
        ),
        menu=False,
    ),
    Example(
        "not_feasible_unknown_function",
        "Resection not feasible, liver function not recorded",
        "Resection not feasible; a 25 % remnant with liver function not recorded.",
        _like_ideal(
            expected_resection="not_feasible",
            liver_function=None,
            future_liver_remnant_pct=25.5,
            systemic_response=None,
            ecog=None,
            extrahepatic_disease=None,
        ),
        menu=False,
    ),
    Example(
        "receptor_negative",
        "Hormone receptor-negative",
        "A single liver metastasis of hormone receptor-negative disease.",
        _like_ideal(hormone_receptor="negative", metastasis_biopsied=None),
        menu=False,
    ),
    Example(
        "no_liver_metastasis",
        "No liver metastasis",
        "Staging shows no liver metastasis.",
        {"hormone_receptor": "positive", "liver_metastases": 0, "menopausal_status": "pre"},
        menu=False,
    ),
)

# Inputs that fail validation, one per kind of problem: unknown and misspelt keys, wrong
# types, text that is not a number, out of range, not whole, a bad choice, a missing or
# null required key, and input that is not a case at all.
INVALID_INPUTS: tuple[object, ...] = (
    {"hormone_receptor": "positive", "liver_metastases": 1, "ecgo": 1, "tumour size": 2},
    {
        "hormone_receptor": "maybe",
        "liver_metastases": "two",
        "ecog": 1.5,
        "future_liver_remnant_pct": "30 %",
        "months_to_liver_metastasis": -1,
        "lesion_size_cm": 0,
        "metastasis_biopsied": "yes",
        "her2": "LOW",
        "aggressive_liver_disease": 1,
    },
    {"liver_metastases": None, "ecog": True, "future_liver_remnant_pct": "NaN"},
    {"hormone_receptor": "positive", "liver_metastases": 1, "lesion_size_cm": "1e999"},
    {},
    [],
    "not a case",
)


def examples() -> list[dict[str, object]]:
    """Every example as ``{"id", "label", "description", "menu", "case"}`` (fresh copies)."""
    return [
        {
            "id": e.id,
            "label": e.label,
            "description": e.description,
            "menu": e.menu,
            "case": copy.deepcopy(e.case),
        }
        for e in EXAMPLES
    ]


def trace_inputs() -> list[object]:
    """Every example case, then every invalid input: for tracing the code paths in use."""
    return [copy.deepcopy(e.case) for e in EXAMPLES] + copy.deepcopy(list(INVALID_INPUTS))
