"""What the result advises (spec section 6): recommendations, systemic therapy notes and
warnings, as tables.

Each entry: stable id, the text shown to the reader (the project's own words), the trigger
in words (shown on the "How the case check decides" page), citation keys from
`calc.bibliography`, and the predicate the engine applies. Entries appear in a result in
table order.
"""

from __future__ import annotations

from calc.criteria import REQUIRED, UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from calc.validation import Value

CANDIDATE = "candidate"
NEEDS_ASSESSMENT = "needs_assessment"
NOT_CANDIDATE = "not_candidate"
OUT_OF_SCOPE = "out_of_scope"


class Context:
    """What a predicate may look at: the validated case, the scope, the statuses, the verdict."""

    __slots__ = ("case", "in_scope", "statuses", "verdict")

    def __init__(
        self, case: dict[str, Value], in_scope: bool, statuses: dict[str, str], verdict: str
    ) -> None:
        self.case = case
        self.in_scope = in_scope
        self.statuses = statuses
        self.verdict = verdict


class Advice:
    """One recommendation, systemic therapy note or warning."""

    __slots__ = ("applies", "id", "refs", "text", "trigger")

    def __init__(
        self,
        id: str,
        *,
        text: str,
        trigger: str,
        refs: tuple[str, ...],
        applies: Callable[[Context], bool],
    ) -> None:
        self.id = id
        self.text = text
        self.trigger = trigger
        self.refs = refs
        self.applies = applies


def _verdict_is(verdict: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.verdict == verdict


def _assess(criterion_id: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.verdict == NEEDS_ASSESSMENT and ctx.statuses[criterion_id] == UNKNOWN


def _has_liver_metastasis(ctx: Context) -> bool:
    count = ctx.case["liver_metastases"]
    return isinstance(count, int) and count >= 1


RECOMMENDATIONS: tuple[Advice, ...] = (
    Advice(
        "mdt_referral",
        text=(
            "Discuss at a multidisciplinary meeting at a tertiary centre with hepatic surgery "
            "expertise, ideally before systemic therapy starts."
        ),
        trigger=(
            "Every case in scope; also an out-of-scope case with at least one liver "
            "metastasis (2 or more, or hormone receptor-negative disease)."
        ),
        refs=("golse2017", "adam2006"),
        applies=lambda ctx: ctx.in_scope or _has_liver_metastasis(ctx),
    ),
    Advice(
        "systemic_primary",
        text=(
            "Systemic therapy is the backbone of treatment; surgery, when chosen, is adjuvant "
            "to it (unlike colorectal liver metastases)."
        ),
        trigger="Every case in scope.",
        refs=("hpb2006", "golse2017"),
        applies=lambda ctx: ctx.in_scope,
    ),
    Advice(
        "refer_resection",
        text=(
            "Refer for hepatic resection alongside systemic therapy. The benefit rests on "
            "selected, non-randomised series."
        ),
        trigger="Verdict candidate.",
        refs=("golse2017", "adam2006", "mariani2013"),
        applies=_verdict_is(CANDIDATE),
    ),
    Advice(
        "adjuvant_systemic",
        text="After resection, continue systemic therapy chosen by receptor status.",
        trigger="Verdict candidate.",
        refs=("hpb2006", "golse2017"),
        applies=_verdict_is(CANDIDATE),
    ),
    Advice(
        "surveillance",
        text=(
            "After resection, plan regular imaging surveillance: relapse is common (in one "
            "series only 15 % of patients were free of recurrence at 5 years)."
        ),
        trigger="Verdict candidate.",
        refs=("sadot2016", "abbott2012"),
        applies=_verdict_is(CANDIDATE),
    ),
    Advice(
        "local_options",
        text=(
            "For a limited recurrence, consider local treatment such as radiofrequency "
            "ablation or radioembolisation."
        ),
        trigger="Verdict candidate.",
        refs=("bale2019", "golse2017"),
        applies=_verdict_is(CANDIDATE),
    ),
    *(
        Advice(
            f"assess_{criterion.id}",
            text=criterion.assess or "",
            trigger=(
                f"Verdict needs_assessment and the {criterion.label.lower()} criterion is unknown."
            ),
            refs=criterion.refs,
            applies=_assess(criterion.id),
        )
        for criterion in REQUIRED
    ),
    Advice(
        "continue_systemic",
        text=(
            "Continue or adjust systemic therapy, and discuss again if the failed criteria "
            "change (for example after a response)."
        ),
        trigger="Verdict not_candidate.",
        refs=("hpb2006", "golse2017"),
        applies=_verdict_is(NOT_CANDIDATE),
    ),
)


SYSTEMIC_THERAPY: tuple[Advice, ...] = (
    Advice(
        "letrozole_first_line",
        text=(
            "Letrozole 2.5 mg once daily is indicated first line for postmenopausal women "
            "with hormone receptor-positive metastatic breast cancer, continued until "
            "progression. Current guidelines prefer an aromatase inhibitor combined with a "
            "CDK4/6 inhibitor as first-line treatment."
        ),
        trigger=(
            "In scope, menopausal status post, and HER2 not positive (negative or not known)."
        ),
        refs=("femara_label", "burstein2021", "gennari2021"),
        applies=lambda ctx: (
            ctx.in_scope
            and ctx.case["menopausal_status"] == "post"
            and ctx.case["her2"] != "positive"
        ),
    ),
    Advice(
        "premenopausal_endocrine",
        text=(
            "Letrozole's first-line indication covers postmenopausal women; endocrine therapy "
            "for premenopausal women needs specialist advice."
        ),
        trigger="In scope and menopausal status pre.",
        refs=("femara_label",),
        applies=lambda ctx: ctx.in_scope and ctx.case["menopausal_status"] == "pre",
    ),
    Advice(
        "chemo_over_cdk46",
        text=(
            "With aggressive liver disease, first-line chemotherapy may be considered instead "
            "of a CDK4/6 inhibitor. The support is retrospective; the randomised RIGHT Choice "
            "trial favoured ribociclib with endocrine therapy."
        ),
        trigger="In scope and aggressive liver disease true.",
        refs=("fidan2025", "lu2024"),
        applies=lambda ctx: ctx.in_scope and ctx.case["aggressive_liver_disease"] is True,
    ),
    Advice(
        "her2_directed",
        text=(
            "HER2-positive disease: HER2-directed therapy applies, which this guideline does "
            "not detail."
        ),
        trigger="In scope and HER2 positive.",
        refs=("gennari2021",),
        applies=lambda ctx: ctx.in_scope and ctx.case["her2"] == "positive",
    ),
)


WARNINGS: tuple[Advice, ...] = (
    Advice(
        "complete_response_caution",
        text=(
            "A complete radiological response does not mean there is no disease: microscopic "
            "tumour often remains, and the lesion may be hard to find at surgery (evidence "
            "from colorectal liver metastases)."
        ),
        trigger="In scope and systemic response complete_response.",
        refs=("benoist2006", "golse2017"),
        applies=lambda ctx: ctx.in_scope and ctx.case["systemic_response"] == "complete_response",
    ),
    Advice(
        "delay_chemotherapy_caution",
        text=(
            "Chemotherapy has started before a hepatobiliary review: seek surgical evaluation "
            "now. Prolonged chemotherapy injures the liver (steatosis) and can make lesions "
            "hard to locate."
        ),
        trigger=(
            "In scope, chemotherapy started true, and hepatobiliary review done not true "
            "(false or not known)."
        ),
        refs=("golse2017", "vauthey2006"),
        applies=lambda ctx: (
            ctx.in_scope
            and ctx.case["chemotherapy_started"] is True
            and ctx.case["hepatobiliary_review_done"] is not True
        ),
    ),
    Advice(
        "extrahepatic_caution",
        text=(
            "Isolated bone or lung metastases are acceptable only while they stay controlled, "
            "and need multidisciplinary judgement."
        ),
        trigger="In scope and extrahepatic disease bone_controlled or lung_isolated.",
        refs=("golse2017", "mariani2013"),
        applies=lambda ctx: (
            ctx.in_scope
            and ctx.case["extrahepatic_disease"] in ("bone_controlled", "lung_isolated")
        ),
    ),
)
