"""What the result advises (spec section 6): recommendations, systemic therapy notes and
warnings, as tables.

Each entry: stable id (never reused), the text shown to the reader (the project's own
words), citation keys from `calc.bibliography`, and the condition under which it applies,
written as data (`calc.conditions.When`): the engine evaluates it, and `calc.describe()`
shows it as data and in words. Entries appear in a result in table order.
"""

from __future__ import annotations

from calc.conditions import ANY_SCOPE, Context, When, at_least, below, one_of
from calc.criteria import JUDGEMENT, REMNANT_MIN_PCT, REQUIRED, UNKNOWN
from calc.verdicts import CANDIDATE, NEEDS_ASSESSMENT, NOT_CANDIDATE


class Advice:
    """One recommendation, systemic therapy note or warning.

    ``judgement_text`` (assess_ items only) replaces ``text`` when the criterion is left
    to the team rather than unknown: what to decide instead of what to measure.
    """

    __slots__ = ("id", "judgement_text", "refs", "text", "when")

    def __init__(
        self,
        id: str,
        *,
        text: str,
        refs: tuple[str, ...],
        when: When,
        judgement_text: str | None = None,
    ) -> None:
        self.id = id
        self.text = text
        self.refs = refs
        self.when = when
        self.judgement_text = judgement_text

    def text_for(self, ctx: Context) -> str:
        if self.judgement_text is not None and any(
            ctx.statuses[cid] == JUDGEMENT for cid in self.when.criteria
        ):
            return self.judgement_text
        return self.text


RECOMMENDATIONS: tuple[Advice, ...] = (
    Advice(
        "mdt_referral",
        text=(
            "Discuss early at a multidisciplinary meeting of a tertiary centre with liver "
            "surgery expertise, alongside first-line systemic therapy, never delaying it "
            "(this site's timing: no study has tested one). If chemotherapy is planned, ask "
            "at once, so the lesion is mapped, and marked if needed, before it shrinks or "
            "chemotherapy injures the liver."
        ),
        refs=("golse2017", "vauthey2006", "kepenekian2019"),
        # In scope means exactly one metastasis, so "at least one" covers every in-scope
        # case and the out-of-scope ones a meeting should still see (decisions.py).
        when=When(at_least("liver_metastases", 1), scope=ANY_SCOPE),
    ),
    Advice(
        "biopsy_metastasis",
        text=(
            "Biopsy the liver lesion to confirm metastatic breast cancer, and re-test ER, PR "
            "and HER2 on it: receptor status differs from the primary tumour in a sizeable "
            "minority of patients."
        ),
        refs=("schrijver2018", "abc4"),
        when=When(
            one_of("metastasis_biopsied", False, None),
            at_least("liver_metastases", 1),
            scope=ANY_SCOPE,
        ),
    ),
    Advice(
        "systemic_primary",
        text=(
            "Systemic therapy is the backbone of treatment; surgery, when chosen, is adjuvant "
            "to it (unlike colorectal liver metastases)."
        ),
        refs=("hpb2006", "golse2017"),
        when=When(),
    ),
    Advice(
        "refer_resection",
        text=(
            "Refer for liver resection alongside systemic therapy. Any survival benefit rests "
            "on selected, retrospective series; no randomised trial has tested resection."
        ),
        refs=("golse2017", "adam2006", "mariani2013"),
        when=When(verdicts=(CANDIDATE,)),
    ),
    Advice(
        "adjuvant_systemic",
        text="After resection, continue systemic therapy chosen by receptor status.",
        refs=("hpb2006", "golse2017"),
        when=When(verdicts=(CANDIDATE,)),
    ),
    Advice(
        "surveillance",
        text=(
            "After resection, plan regular imaging surveillance: relapse is common (in one "
            "series of resection or ablation, 10 of 69 patients, 15 %, were free of recurrence "
            "at 5 years)."
        ),
        refs=("sadot2016", "abbott2012"),
        when=When(verdicts=(CANDIDATE,)),
    ),
    Advice(
        "local_options",
        text=(
            "For a limited recurrence in the liver, consider thermal ablation, stereotactic "
            "radiotherapy or repeat resection."
        ),
        refs=("bale2019", "aoki2020", "ruiz2015"),
        when=When(verdicts=(CANDIDATE,)),
    ),
    *(
        Advice(
            f"assess_{criterion.id}",
            text=criterion.assess or "",
            judgement_text=criterion.decide,
            refs=criterion.refs,
            when=When(
                verdicts=(NEEDS_ASSESSMENT,),
                criteria={criterion.id: (UNKNOWN, JUDGEMENT)},
            ),
        )
        for criterion in REQUIRED
    ),
    Advice(
        "consider_remnant_growth",
        text=(
            "If resection is otherwise possible, ask the hepatobiliary surgeon whether portal "
            "vein embolisation or a two-stage hepatectomy could enlarge the future liver "
            "remnant, then re-assess the liver reserve."
        ),
        refs=("kawaguchi2019", "yigitler2003"),
        when=When(
            below("future_liver_remnant_pct", REMNANT_MIN_PCT),
            one_of("liver_function", "normal", None),
        ),
    ),
    Advice(
        "continue_systemic",
        text=(
            "Continue or adjust systemic therapy, and discuss again if the failed criteria "
            "change (for example after a response)."
        ),
        refs=("hpb2006", "golse2017"),
        when=When(verdicts=(NOT_CANDIDATE,)),
    ),
)


SYSTEMIC_THERAPY: tuple[Advice, ...] = (
    Advice(
        "confirm_her2",
        text=(
            "HER2 status is not recorded: obtain it, on the metastasis where possible, "
            "including HER2-low scoring (IHC 1+, or 2+ with negative in-situ hybridisation). "
            "It decides between endocrine-based, HER2-directed and antibody-drug conjugate "
            "options."
        ),
        refs=("wolff2023", "destiny_b04"),
        when=When(one_of("her2", None)),
    ),
    Advice(
        "letrozole_first_line",
        text=(
            "Letrozole 2.5 mg once daily is indicated first line for postmenopausal women "
            "with hormone receptor-positive advanced breast cancer, continued until "
            "progression. Current guidelines prefer a CDK4/6 inhibitor with endocrine therapy "
            "as first-line treatment: an aromatase inhibitor, or fulvestrant if the disease "
            "recurred during or within 12 months of adjuvant aromatase inhibitor therapy."
        ),
        refs=("femara_label", "burstein2021", "gennari2021"),
        when=When(one_of("menopausal_status", "post"), one_of("her2", "negative", "low")),
    ),
    Advice(
        "premenopausal_endocrine",
        text=(
            "Letrozole's first-line indication covers postmenopausal women. In HER2-negative "
            "disease, premenopausal women are treated as postmenopausal women once ovarian "
            "function is suppressed: ovarian suppression and a CDK4/6 inhibitor with an "
            "aromatase inhibitor, or with fulvestrant if the disease recurred during or within "
            "12 months of adjuvant aromatase inhibitor therapy. Not for HER2-positive disease, "
            "where HER2-directed therapy applies."
        ),
        refs=("femara_label", "abc4", "monaleesa7", "burstein2021"),
        when=When(one_of("menopausal_status", "pre")),
    ),
    Advice(
        "chemo_over_cdk46",
        text=(
            "The source suggests that with aggressive liver disease first-line chemotherapy "
            "may be considered instead of a CDK4/6 inhibitor; its support is retrospective. "
            "In the randomised phase II RIGHT Choice trial, in pre- and perimenopausal women "
            "with clinically aggressive disease, ribociclib with endocrine therapy gave longer "
            "progression-free survival than combination chemotherapy (median 21.8 vs 12.8 "
            "months). Chemotherapy remains an option in visceral crisis."
        ),
        refs=("fidan2025", "lu2024", "abc4"),
        when=When(one_of("aggressive_liver_disease", True)),
    ),
    Advice(
        "her2_low_adc",
        text=(
            "HER2-low disease: after endocrine-based therapy, trastuzumab deruxtecan is an "
            "option; in randomised trials it gave longer progression-free survival than "
            "chemotherapy of the physician's choice."
        ),
        refs=("destiny_b04", "destiny_b06"),
        when=When(one_of("her2", "low")),
    ),
    Advice(
        "her2_directed",
        text=(
            "HER2-positive disease: HER2-directed therapy applies, which this guideline does "
            "not detail."
        ),
        refs=("gennari2021",),
        when=When(one_of("her2", "positive")),
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
        refs=("benoist2006",),
        when=When(one_of("systemic_response", "complete_response")),
    ),
    Advice(
        "delay_chemotherapy_caution",
        text=(
            "Chemotherapy has started before a hepatobiliary review: seek surgical evaluation "
            "now (this site's advice; we found no study that tested the timing). In colorectal "
            "liver metastases, chemotherapy injured the liver (steatohepatitis with "
            "irinotecan, sinusoidal injury with oxaliplatin), and lesions that shrink can "
            "become hard to find at surgery."
        ),
        refs=("vauthey2006", "benoist2006", "kepenekian2019"),
        when=When(
            one_of("chemotherapy_started", True),
            one_of("hepatobiliary_review_done", False, None),
        ),
    ),
    Advice(
        "extrahepatic_caution",
        text=(
            "Isolated bone or lung metastases: the source accepts them only while they stay "
            "controlled, and the multidisciplinary team must judge it. In a matched surgical "
            "series bone was the only other site of disease allowed, and bone metastases were "
            "an adverse factor."
        ),
        refs=("mariani2013",),
        when=When(one_of("extrahepatic_disease", "bone_controlled", "lung_isolated")),
    ),
)

ADVICE_TABLES: dict[str, tuple[Advice, ...]] = {
    "recommendations": RECOMMENDATIONS,
    "systemic_therapy": SYSTEMIC_THERAPY,
    "warnings": WARNINGS,
}
