"""The case input, as data: one entry per key of spec section 2.

Validation (`calc.validation`), the JSON Schema (`calc.schema`) and the web form all read
this table, so a key, its allowed values and its bounds are written down once.
"""

from __future__ import annotations

# Field kinds.
ENUM = "enum"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"

# Groups of related fields, for the web form (a form lays them out in this order).
TUMOUR = "Tumour"
LIVER = "Liver"
PATIENT = "Patient"
TREATMENT = "Treatment so far"

NUMERIC_STRING_NOTE = (
    'A number written as text, such as "35" typed into a form, is accepted as that number.'
)


class Field:
    """One input key: its kind, allowed values or bounds, unit, and texts for the form."""

    __slots__ = (
        "choices",
        "description",
        "exclusive_minimum",
        "group",
        "key",
        "kind",
        "maximum",
        "minimum",
        "required",
        "title",
        "unit",
        "values",
    )

    def __init__(
        self,
        key: str,
        kind: str,
        *,
        title: str,
        description: str,
        group: str,
        required: bool = False,
        choices: tuple[tuple[str, str], ...] = (),
        minimum: int | None = None,
        exclusive_minimum: bool = False,
        maximum: int | None = None,
        unit: str | None = None,
    ) -> None:
        self.key = key
        self.kind = kind
        self.title = title
        self.description = description
        self.group = group  # the form's group of related fields (non-validating)
        self.required = required
        self.choices = choices  # (value, label) pairs, for enums
        self.minimum = minimum
        self.exclusive_minimum = exclusive_minimum  # True: the value must exceed `minimum`
        self.maximum = maximum
        self.unit = unit
        self.values = tuple(value for value, _ in choices)  # allowed enum values, in order


FIELDS: tuple[Field, ...] = (
    Field(
        "hormone_receptor",
        ENUM,
        title="Hormone receptor status",
        group=TUMOUR,
        description="ER and/or PR status of the metastatic disease.",
        required=True,
        choices=(("positive", "Positive (ER and/or PR)"), ("negative", "Negative")),
    ),
    Field(
        "liver_metastases",
        INTEGER,
        title="Number of liver metastases",
        group=LIVER,
        description="Number of liver metastases on staging imaging.",
        required=True,
        minimum=0,
    ),
    Field(
        "her2",
        ENUM,
        title="HER2 status",
        group=TUMOUR,
        description=(
            "HER2 status of the disease, ideally tested on the metastasis. Low means IHC 1+, "
            "or IHC 2+ with negative in-situ hybridisation."
        ),
        choices=(
            ("negative", "Negative (IHC 0)"),
            ("low", "Low (IHC 1+ or 2+ with negative ISH)"),
            ("positive", "Positive"),
        ),
    ),
    Field(
        "ecog",
        INTEGER,
        title="ECOG performance status",
        group=PATIENT,
        description="ECOG performance status, a whole number from 0 to 4.",
        minimum=0,
        maximum=4,
    ),
    Field(
        "expected_resection",
        ENUM,
        title="Expected resection margin",
        group=LIVER,
        description="The margin the hepatobiliary surgeon expects to achieve.",
        choices=(
            ("R0", "R0 (no residual tumour)"),
            ("R1", "R1 (microscopic residual tumour)"),
            ("R2", "R2 (macroscopic residual tumour)"),
            ("not_feasible", "Resection not feasible"),
        ),
    ),
    Field(
        "extrahepatic_disease",
        ENUM,
        title="Disease outside the liver",
        group=TUMOUR,
        description=(
            "Metastatic disease outside the liver. 'Other' means any other extrahepatic "
            "disease, or bone or lung disease that is not controlled or not isolated."
        ),
        choices=(
            ("none", "None"),
            ("bone_controlled", "Isolated bone metastases controlled by radiotherapy"),
            ("lung_isolated", "Isolated pulmonary metastases"),
            ("other", "Other, or uncontrolled"),
        ),
    ),
    Field(
        "liver_function",
        ENUM,
        title="Baseline liver function",
        group=LIVER,
        description="Baseline liver function.",
        choices=(("normal", "Normal"), ("impaired", "Impaired")),
    ),
    Field(
        "future_liver_remnant_pct",
        NUMBER,
        title="Future liver remnant",
        group=LIVER,
        description="Percentage of liver volume that would remain after resection (0 to 100).",
        minimum=0,
        maximum=100,
        unit="%",
    ),
    Field(
        "systemic_response",
        ENUM,
        title="Response to systemic therapy",
        group=TREATMENT,
        description="Best current response on systemic therapy.",
        choices=(
            ("not_started", "Systemic therapy not started"),
            ("complete_response", "Complete response"),
            ("partial_response", "Partial response"),
            ("stable", "Stable disease"),
            ("progression", "Progression"),
        ),
    ),
    Field(
        "months_to_liver_metastasis",
        NUMBER,
        title="Interval to liver metastasis",
        group=TUMOUR,
        description=(
            "Months from the diagnosis of the primary breast cancer to the liver metastasis."
        ),
        minimum=0,
        unit="months",
    ),
    Field(
        "menopausal_status",
        ENUM,
        title="Menopausal status",
        group=PATIENT,
        description="Menopausal status.",
        choices=(("pre", "Premenopausal"), ("post", "Postmenopausal")),
    ),
    Field(
        "aggressive_liver_disease",
        BOOLEAN,
        title="Aggressive liver disease",
        group=LIVER,
        description="Rapidly progressing or symptomatic liver disease.",
    ),
    Field(
        "chemotherapy_started",
        BOOLEAN,
        title="Chemotherapy started",
        group=TREATMENT,
        description="Chemotherapy already given for the metastatic disease.",
    ),
    Field(
        "hepatobiliary_review_done",
        BOOLEAN,
        title="Hepatobiliary review done",
        group=TREATMENT,
        description="Already seen by a hepatobiliary surgeon or a liver multidisciplinary team.",
    ),
    # v2 fields: appended, so version 1 cases and CSV files keep their meaning.
    Field(
        "lesion_size_cm",
        NUMBER,
        title="Size of the liver metastasis",
        group=LIVER,
        description="Largest diameter of the liver metastasis on current imaging, in cm.",
        minimum=0,
        exclusive_minimum=True,
        maximum=30,
        unit="cm",
    ),
    Field(
        "metastasis_biopsied",
        BOOLEAN,
        title="Liver lesion biopsied",
        group=TUMOUR,
        description=(
            "The liver lesion has been biopsied, confirmed as breast cancer, and ER, PR and "
            "HER2 re-tested on it."
        ),
    ),
)

FIELDS_BY_KEY: dict[str, Field] = {field.key: field for field in FIELDS}
