"""The scope checks (spec section 3) and the selection criteria (spec section 4), as tables.

Each criterion is a row: stable id, label, required or favourable, a pure check returning
(status, reason naming the deciding value), citation keys from `calc.bibliography`, the
guideline section that explains it, the "when" texts shown on the "How the case check
decides" page, the inputs it reads, and what to do next when it is unknown or left to the
team. The engine walks these rows in order; nothing else holds a threshold.

Statuses (spec section 4, v2): ``met``, ``not_met``, ``unknown`` (a deciding fact is not
recorded: never read as absent or normal) and ``judgement`` (the facts are known and the
source or the literature leaves the decision to the multidisciplinary team). Within a
criterion: not met if any part fails, else unknown if any part is missing, else judgement
if a part is borderline, else met.
"""

from __future__ import annotations

from calc.fields import FIELDS_BY_KEY
from calc.validation import format_number

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from calc.validation import Value

    Case = dict[str, Value]

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
JUDGEMENT = "judgement"
STATUSES = (MET, NOT_MET, UNKNOWN, JUDGEMENT)


class Status:
    """A criterion status as shown to readers: label and what it means for the verdict."""

    __slots__ = ("code", "label", "meaning")

    def __init__(self, code: str, label: str, meaning: str) -> None:
        self.code = code
        self.label = label
        self.meaning = meaning


STATUS_TABLE: tuple[Status, ...] = (
    Status(MET, "Met", "The recorded findings meet the criterion."),
    Status(
        NOT_MET,
        "Not met",
        "The recorded findings fail the criterion. For a required criterion the verdict is "
        "not a candidate for resection now.",
    ),
    Status(
        UNKNOWN,
        "Not known",
        "A finding the criterion needs is not recorded. It is never read as absent or "
        "normal: a required criterion in this state holds the verdict at needs assessment.",
    ),
    Status(
        JUDGEMENT,
        "Team decision",
        "The findings are known, and the source or the literature leaves the decision to the "
        "multidisciplinary team; the reason says what the team must decide. A required "
        "criterion in this state holds the verdict at needs assessment.",
    ),
)

# Thresholds (spec section 4), named once.
ECOG_MAX = 1  # ECOG 0 or 1 meets performance_status (texts below say "0 or 1")
REMNANT_MIN_PCT = 30  # "at least 30 %": exactly 30 meets liver_reserve
REMNANT_FLOOR_PCT = 20  # below 20 % fails; 20 up to (not including) 30 % is a team decision
INTERVAL_MONTHS = 12  # more than 12 months is favourable; 12 or fewer is not
LESION_MAX_CM = 5  # a metastasis smaller than 5 cm is favourable; 5 cm or more is not
# Each numeric input's thresholds, probed on either side by `calc.whatif`.
THRESHOLDS: dict[str, tuple[float, ...]] = {
    "ecog": (ECOG_MAX,),
    "future_liver_remnant_pct": (REMNANT_FLOOR_PCT, REMNANT_MIN_PCT),
    "months_to_liver_metastasis": (INTERVAL_MONTHS,),
    "lesion_size_cm": (LESION_MAX_CM,),
}


def _number(case: Case, key: str) -> int | float | None:
    value = case[key]
    if value is None or isinstance(value, (str, bool)):
        return None
    return value


def _text(case: Case, key: str) -> str | None:
    value = case[key]
    return value if isinstance(value, str) else None


def _choice_label(key: str, value: str) -> str:
    """The form label of an enum value, lower-cased for use inside a sentence."""
    for choice, label in FIELDS_BY_KEY[key].choices:
        if choice == value:
            return label[0].lower() + label[1:] if label[1:2].islower() else label
    return value


# --- scope ---------------------------------------------------------------------------


class ScopeCheck:
    """A check that decides whether the guideline applies at all."""

    __slots__ = ("check", "fails_to", "id", "inputs", "label", "refs", "rule")

    def __init__(
        self,
        id: str,
        *,
        label: str,
        rule: str,
        fails_to: str,
        refs: tuple[str, ...],
        inputs: tuple[str, ...],
        check: Callable[[Case], tuple[bool, str]],
    ) -> None:
        self.id = id
        self.label = label
        self.rule = rule
        self.fails_to = fails_to
        self.refs = refs
        self.inputs = inputs
        self.check = check


def _hormone_receptor(case: Case) -> tuple[bool, str]:
    if case["hormone_receptor"] == "positive":
        return True, "hormone receptor-positive disease"
    return False, (
        "hormone receptor-negative disease (this guideline covers hormone "
        "receptor-positive disease)"
    )


def _single_metastasis(case: Case) -> tuple[bool, str]:
    count = _number(case, "liver_metastases")
    if count == 1:
        return True, "a single liver metastasis"
    if count == 0:
        return False, "no liver metastasis (0), so there is nothing to assess"
    return False, (
        f"{format_number(count or 0)} liver metastases, outside this single-metastasis "
        "guideline (discuss at a multidisciplinary meeting)"
    )


SCOPE: tuple[ScopeCheck, ...] = (
    ScopeCheck(
        "hormone_receptor",
        label="Hormone receptor-positive disease",
        rule="Hormone receptor status is positive (ER and/or PR).",
        fails_to="This guideline covers hormone receptor-positive disease.",
        refs=(),
        inputs=("hormone_receptor",),
        check=_hormone_receptor,
    ),
    ScopeCheck(
        "single_metastasis",
        label="A single liver metastasis",
        rule="Exactly 1 liver metastasis on staging imaging.",
        fails_to=(
            "0 means there is no liver metastasis to assess; 2 or more is outside this "
            "single-metastasis guideline (discuss at a multidisciplinary meeting)."
        ),
        refs=(),
        inputs=("liver_metastases",),
        check=_single_metastasis,
    ),
)


# --- selection criteria --------------------------------------------------------------


class Criterion:
    """One selection criterion: a row of spec section 4."""

    __slots__ = (
        "assess",
        "check",
        "decide",
        "id",
        "inputs",
        "judgement",
        "label",
        "met",
        "not_met",
        "refs",
        "required",
        "section",
        "unknown",
    )

    def __init__(
        self,
        id: str,
        *,
        label: str,
        required: bool,
        met: str,
        not_met: str,
        unknown: str,
        refs: tuple[str, ...],
        section: str,
        inputs: tuple[str, ...],
        check: Callable[[Case], tuple[str, str]],
        judgement: str | None = None,
        assess: str | None = None,
        decide: str | None = None,
    ) -> None:
        self.id = id
        self.label = label
        self.required = required
        self.met = met
        self.not_met = not_met
        self.unknown = unknown
        self.judgement = judgement  # when the criterion is left to the team (None: never)
        self.refs = refs
        self.section = section
        self.inputs = inputs  # the case keys the check reads
        self.assess = assess  # text of assess_<id> when unknown (required criteria only)
        self.decide = decide  # text of assess_<id> when left to the team
        self.check = check


def _performance_status(case: Case) -> tuple[str, str]:
    ecog = _number(case, "ecog")
    if ecog is None:
        return UNKNOWN, "ECOG performance status not recorded"
    needed = "(0 or 1 needed)"
    if ecog <= ECOG_MAX:
        return MET, f"ECOG {format_number(ecog)} {needed}"
    return NOT_MET, f"ECOG {format_number(ecog)} {needed}"


def _complete_resection(case: Case) -> tuple[str, str]:
    margin = _text(case, "expected_resection")
    if margin is None:
        return UNKNOWN, "expected resection margin not recorded"
    if margin == "R0":
        return MET, "expected resection R0 (R0 or R1 needed)"
    if margin == "R1":
        return MET, (
            "expected resection R1: accepted when R0 cannot be achieved, but surgery aims for "
            "R0, as positive margins were an adverse factor after resection (R0 or R1 needed)"
        )
    if margin == "R2":
        return NOT_MET, "expected resection R2: macroscopic tumour would remain (R0 or R1 needed)"
    return NOT_MET, "resection not feasible (R0 or R1 needed)"


def _extrahepatic_disease(case: Case) -> tuple[str, str]:
    disease = _text(case, "extrahepatic_disease")
    if disease is None:
        return UNKNOWN, "extrahepatic disease not recorded"
    if disease == "none":
        return MET, "no extrahepatic disease"
    if disease == "other":
        return NOT_MET, "other or uncontrolled extrahepatic disease"
    label = _choice_label("extrahepatic_disease", disease)
    return JUDGEMENT, (
        f"{label}: a decision for the multidisciplinary team. The source says such disease "
        "may be acceptable while it is controlled; in a matched surgical series, bone was the "
        "only other site of disease allowed, and bone metastases were an adverse factor. The "
        "team decides whether it is controlled and acceptable"
    )


def _liver_reserve(case: Case) -> tuple[str, str]:
    function = _text(case, "liver_function")
    remnant = _number(case, "future_liver_remnant_pct")
    remnant_text = "" if remnant is None else f"future liver remnant {format_number(remnant)} %"
    failed = []
    if function == "impaired":
        failed.append("liver function impaired")
    if remnant is not None and remnant < REMNANT_FLOOR_PCT:
        failed.append(
            f"{remnant_text} (below {REMNANT_FLOOR_PCT} %: too small for resection now; the "
            f"source asks for at least {REMNANT_MIN_PCT} %)"
        )
    if failed:
        return NOT_MET, " and ".join(failed)
    if function is None or remnant is None:
        missing = []
        if function is None:
            missing.append("liver function not recorded")
        if remnant is None:
            missing.append("future liver remnant not measured")
        known = "liver function normal" if function == "normal" else remnant_text
        return UNKNOWN, " and ".join(missing) + (f" ({known})" if known else "")
    if remnant < REMNANT_MIN_PCT:
        return JUDGEMENT, (
            f"liver function normal and {remnant_text}: a decision for the hepatobiliary "
            f"surgeon and the liver multidisciplinary team. The source asks for at least "
            f"{REMNANT_MIN_PCT} %; liver-resection series (not specific to breast cancer) set the "
            "minimum at "
            f"{REMNANT_FLOOR_PCT}-26.6 % for a normal liver, and {REMNANT_MIN_PCT} % after "
            "more than 3 months of chemotherapy"
        )
    return MET, f"liver function normal and {remnant_text} (at least {REMNANT_MIN_PCT} % needed)"


def _systemic_response(case: Case) -> tuple[str, str]:
    response = _text(case, "systemic_response")
    if response is None:
        return UNKNOWN, "response to systemic therapy not recorded"
    if response == "not_started":
        return UNKNOWN, "systemic therapy not started: assess after systemic therapy"
    label = _choice_label("systemic_response", response)
    if response == "progression":
        return NOT_MET, f"{label} on systemic therapy (stable or responding disease needed)"
    return MET, f"{label} on systemic therapy"


def _disease_free_interval(case: Case) -> tuple[str, str]:
    months = _number(case, "months_to_liver_metastasis")
    if months is None:
        return UNKNOWN, "interval from primary diagnosis to liver metastasis not recorded"
    interval = f"{format_number(months)} months from primary diagnosis to liver metastasis"
    if months > INTERVAL_MONTHS:
        return MET, f"{interval} (more than {INTERVAL_MONTHS} is favourable)"
    return NOT_MET, f"{interval} ({INTERVAL_MONTHS} or fewer: an unfavourable factor, not a bar)"


def _lesion_size(case: Case) -> tuple[str, str]:
    size = _number(case, "lesion_size_cm")
    if size is None:
        return UNKNOWN, "size of the liver metastasis not recorded"
    measured = f"liver metastasis {format_number(size)} cm"
    if size < LESION_MAX_CM:
        return MET, f"{measured} (smaller than {LESION_MAX_CM} cm is favourable)"
    return NOT_MET, f"{measured} ({LESION_MAX_CM} cm or more: an unfavourable factor, not a bar)"


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "performance_status",
        label="Performance status",
        required=True,
        met="ECOG 0 or 1.",
        not_met="ECOG 2, 3 or 4.",
        unknown="ECOG not recorded.",
        refs=("adam2006",),
        section="selection/#performance-status",
        inputs=("ecog",),
        assess="Record the ECOG performance status (0 or 1 is needed for resection).",
        check=_performance_status,
    ),
    Criterion(
        "complete_resection",
        label="Complete resection",
        required=True,
        met=(
            "The hepatobiliary surgeon expects an R0 resection, or R1 when R0 cannot be "
            "achieved (surgery aims for R0)."
        ),
        not_met="The expected margin is R2, or resection is not feasible.",
        unknown="Expected resection margin not recorded.",
        refs=("golse2017", "hoffmann2010"),
        section="selection/#complete-resection",
        inputs=("expected_resection",),
        assess="Ask a hepatobiliary surgeon whether an R0 or R1 resection can be achieved.",
        check=_complete_resection,
    ),
    Criterion(
        "extrahepatic_disease",
        label="Extrahepatic disease",
        required=True,
        met="No extrahepatic disease.",
        not_met="Any other extrahepatic disease, or disease that is not controlled.",
        unknown="Extrahepatic disease not recorded.",
        judgement=(
            "Isolated bone metastases controlled by radiotherapy, or isolated pulmonary "
            "metastases: the source says they may be acceptable, while surgical series allowed "
            "little or no disease outside the liver. The multidisciplinary team decides."
        ),
        refs=("mariani2013",),
        section="selection/#extrahepatic-disease",
        inputs=("extrahepatic_disease",),
        assess=(
            "Complete staging for disease outside the liver, and record whether any is "
            "isolated and controlled."
        ),
        decide=(
            "Decide at the multidisciplinary meeting whether the isolated bone or lung disease "
            "is controlled, and whether liver resection still makes sense with it."
        ),
        check=_extrahepatic_disease,
    ),
    Criterion(
        "liver_reserve",
        label="Liver reserve",
        required=True,
        met=(
            f"Liver function normal and a future liver remnant of at least "
            f"{REMNANT_MIN_PCT} % (exactly {REMNANT_MIN_PCT} % meets it)."
        ),
        not_met=(
            f"Liver function impaired, or a future liver remnant below {REMNANT_FLOOR_PCT} % "
            "(either one is enough)."
        ),
        unknown=(
            "Liver function or the future liver remnant not recorded, and neither has failed."
        ),
        judgement=(
            f"Liver function normal and a future liver remnant from {REMNANT_FLOOR_PCT} % up "
            f"to, not including, {REMNANT_MIN_PCT} % (exactly {REMNANT_FLOOR_PCT} % is a team "
            f"decision): the source asks for {REMNANT_MIN_PCT} %, liver-resection series (not "
            f"specific to breast cancer) set the minimum at {REMNANT_FLOOR_PCT}-26.6 % for a "
            "normal liver. "
            "The hepatobiliary surgeon decides."
        ),
        refs=("kawaguchi2019", "yigitler2003"),
        section="selection/#liver-reserve",
        inputs=("liver_function", "future_liver_remnant_pct"),
        assess=(
            "Record what is missing of the two: baseline liver function, and future liver "
            "remnant volumetry "
            f"(at least {REMNANT_MIN_PCT} % meets the criterion; {REMNANT_FLOOR_PCT} % up to "
            f"{REMNANT_MIN_PCT} % is a team decision)."
        ),
        decide=(
            "Decide with the hepatobiliary surgeon, at the liver multidisciplinary meeting, "
            "whether this future liver remnant is enough for a normal liver, or whether it "
            "should first be enlarged."
        ),
        check=_liver_reserve,
    ),
    Criterion(
        "systemic_response",
        label="Response to systemic therapy",
        required=True,
        met="Complete response, partial response or stable disease on systemic therapy.",
        not_met="Progression on systemic therapy.",
        unknown=(
            "Response not recorded, or systemic therapy not started yet (assess after "
            "systemic therapy)."
        ),
        refs=("golse2017", "abbott2012", "mariani2013"),
        section="selection/#systemic-response",
        inputs=("systemic_response",),
        assess=(
            "Assess the response to systemic therapy on restaging imaging; resection is "
            "considered for stable or responding disease."
        ),
        check=_systemic_response,
    ),
    Criterion(
        "disease_free_interval",
        label="Disease-free interval",
        required=False,
        met=f"More than {INTERVAL_MONTHS} months from primary diagnosis to liver metastasis.",
        not_met=(
            f"{INTERVAL_MONTHS} months or fewer: an unfavourable factor, not a bar to resection."
        ),
        unknown="Interval not recorded.",
        refs=("hoffmann2010", "golse2017"),
        section="selection/#disease-free-interval",
        inputs=("months_to_liver_metastasis",),
        check=_disease_free_interval,
    ),
    Criterion(
        "lesion_size",
        label="Lesion size",
        required=False,
        met=f"The liver metastasis is smaller than {LESION_MAX_CM} cm.",
        not_met=(
            f"The liver metastasis is {LESION_MAX_CM} cm or larger: an unfavourable factor, not "
            "a bar to resection."
        ),
        unknown="Size not recorded.",
        refs=("golse2017",),
        section="selection/#lesion-size",
        inputs=("lesion_size_cm",),
        check=_lesion_size,
    ),
)

REQUIRED: tuple[Criterion, ...] = tuple(c for c in CRITERIA if c.required)
FAVOURABLE: tuple[Criterion, ...] = tuple(c for c in CRITERIA if not c.required)
CRITERIA_BY_ID: dict[str, Criterion] = {c.id: c for c in CRITERIA}
