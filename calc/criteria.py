"""The scope checks (spec section 3) and the selection criteria (spec section 4), as tables.

Each criterion is a row: stable id, label, required or favourable, a pure check returning
(status, reason naming the deciding value), citation keys from `calc.bibliography`, the
guideline section that explains it, the "when" texts shown on the "How the case check
decides" page, and what to assess when it is unknown. The engine walks these rows in
order; nothing else holds a threshold.
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
STATUSES = (MET, NOT_MET, UNKNOWN)

# Thresholds (spec section 4), named once.
ECOG_MAX = 1  # ECOG 0 or 1 meets performance_status (texts below say "0 or 1")
REMNANT_MIN_PCT = 30  # "at least 30 %": exactly 30 meets liver_reserve
INTERVAL_MONTHS = 12  # more than 12 months is favourable; 12 or fewer is not
THRESHOLDS = (ECOG_MAX, REMNANT_MIN_PCT, INTERVAL_MONTHS)  # probed by `calc.whatif`


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

    __slots__ = ("check", "fails_to", "id", "label", "refs", "rule")

    def __init__(
        self,
        id: str,
        *,
        label: str,
        rule: str,
        fails_to: str,
        refs: tuple[str, ...],
        check: Callable[[Case], tuple[bool, str]],
    ) -> None:
        self.id = id
        self.label = label
        self.rule = rule
        self.fails_to = fails_to
        self.refs = refs
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
        fails_to="out_of_scope: this guideline covers hormone receptor-positive disease.",
        refs=(),
        check=_hormone_receptor,
    ),
    ScopeCheck(
        "single_metastasis",
        label="A single liver metastasis",
        rule="Exactly 1 liver metastasis on staging imaging.",
        fails_to=(
            "out_of_scope: 0 means there is no liver metastasis to assess; 2 or more is "
            "outside this single-metastasis guideline (discuss at a multidisciplinary meeting)."
        ),
        refs=(),
        check=_single_metastasis,
    ),
)


# --- selection criteria --------------------------------------------------------------


class Criterion:
    """One selection criterion: a row of spec section 4."""

    __slots__ = (
        "assess",
        "check",
        "id",
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
        assess: str | None,
        check: Callable[[Case], tuple[str, str]],
    ) -> None:
        self.id = id
        self.label = label
        self.required = required
        self.met = met
        self.not_met = not_met
        self.unknown = unknown
        self.refs = refs
        self.section = section
        self.assess = assess  # text of the assess_<id> recommendation (required only)
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
    if margin in ("R0", "R1"):
        return MET, f"expected resection {margin} (R0 or R1 needed)"
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
    return MET, f"{label} (may be acceptable while controlled)"


def _liver_reserve(case: Case) -> tuple[str, str]:
    function = _text(case, "liver_function")
    remnant = _number(case, "future_liver_remnant_pct")
    remnant_text = "" if remnant is None else f"future liver remnant {format_number(remnant)} %"
    needed = f"(at least {REMNANT_MIN_PCT} % needed)"
    failed = []
    if function == "impaired":
        failed.append("liver function impaired")
    if remnant is not None and remnant < REMNANT_MIN_PCT:
        failed.append(f"{remnant_text} {needed}")
    if failed:
        return NOT_MET, " and ".join(failed)
    if function == "normal" and remnant is not None:
        return MET, f"liver function normal and {remnant_text} {needed}"
    missing = []
    if function is None:
        missing.append("liver function not recorded")
    if remnant is None:
        missing.append("future liver remnant not measured")
    known = "liver function normal" if function == "normal" else remnant_text
    return UNKNOWN, " and ".join(missing) + (f" ({known})" if known else "")


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
        assess="Record the ECOG performance status (0 or 1 is needed for resection).",
        check=_performance_status,
    ),
    Criterion(
        "complete_resection",
        label="Complete resection",
        required=True,
        met="The hepatobiliary surgeon expects an R0 or R1 resection.",
        not_met="The expected margin is R2, or resection is not feasible.",
        unknown="Expected resection margin not recorded.",
        refs=("golse2017", "hoffmann2010"),
        section="selection/#complete-resection",
        assess=("Ask a hepatobiliary surgeon whether an R0 or R1 resection can be achieved."),
        check=_complete_resection,
    ),
    Criterion(
        "extrahepatic_disease",
        label="Extrahepatic disease",
        required=True,
        met=(
            "No extrahepatic disease, isolated bone metastases controlled by radiotherapy, "
            "or isolated pulmonary metastases."
        ),
        not_met="Any other extrahepatic disease, or disease that is not controlled.",
        unknown="Extrahepatic disease not recorded.",
        refs=("golse2017", "adam2006"),
        section="selection/#extrahepatic-disease",
        assess=(
            "Complete staging for disease outside the liver, and record whether any is "
            "isolated and controlled."
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
            f"Liver function impaired, or a future liver remnant below {REMNANT_MIN_PCT} % "
            "(either one is enough)."
        ),
        unknown=(
            "Liver function or the future liver remnant not recorded, and neither has failed."
        ),
        refs=("kawaguchi2019", "yigitler2003"),
        section="selection/#liver-reserve",
        assess=(
            "Assess baseline liver function and obtain future liver remnant volumetry "
            f"(at least {REMNANT_MIN_PCT} % is needed)."
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
        assess=None,
        check=_disease_free_interval,
    ),
)

REQUIRED: tuple[Criterion, ...] = tuple(c for c in CRITERIA if c.required)
FAVOURABLE: tuple[Criterion, ...] = tuple(c for c in CRITERIA if not c.required)
