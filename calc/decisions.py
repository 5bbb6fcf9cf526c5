"""Choices made where the specification (case-check-rules.md) is silent.

Shown on the "How the case check decides" page through `calc.describe()`, so a reviewer
can see and challenge each one. Each entry is (topic, decision); the code that implements
it is named in brackets where that helps a reviewer find it.
"""

from __future__ import annotations

DECISIONS: tuple[tuple[str, str], ...] = (
    (
        "Out of scope: recommendations",
        "An out-of-scope result never advises resection and does not carry the in-scope "
        "recommendations (systemic_primary, consider_remnant_growth, the verdict-specific "
        "ones). It keeps mdt_referral and biopsy_metastasis when there is at least one liver "
        "metastasis (two or more, or hormone receptor-negative disease): a multidisciplinary "
        "meeting is where such a patient is discussed, and a biopsy may show that the "
        "receptor status of the metastasis differs from the primary tumour. With no liver "
        "metastasis the result carries no recommendation.",
    ),
    (
        "Out of scope: systemic therapy notes and warnings",
        "None are given out of scope. They were written for hormone receptor-positive disease "
        "with a single liver metastasis; for example the letrozole note would be wrong for "
        "receptor-negative disease.",
    ),
    (
        "Out of scope: criteria",
        "The criteria are still evaluated and listed, for reference, exactly as in scope.",
    ),
    (
        "Unknown disease-free interval",
        "There is no assess_disease_free_interval recommendation: the interval is a "
        "favourable factor, not a requirement, so it never holds up a decision. Its status "
        "and reason are listed with the criteria, and a candidate is then not ideal; the "
        "headline says why. The result shape is fixed, so there is no separate field for "
        "the reason.",
    ),
    (
        "Not a candidate with criteria still unknown",
        "No assess_ item is given, only continue_systemic (beside the items that hold whatever "
        "the verdict): assessing the unknown criteria cannot change the verdict until the "
        "failed criterion changes.",
    ),
    (
        "Liver reserve with one of its two parts missing",
        "Impaired liver function, or a future liver remnant below 20 %, is enough for not "
        "met even when the other part is unknown. A remnant of 20 % or more with liver "
        "function not recorded (or normal function with no volumetry) is unknown, because "
        "the criterion needs both.",
    ),
    (
        "Systemic therapy not started",
        "systemic_response not_started makes the criterion unknown with the reason "
        "'assess after systemic therapy', so the verdict is at best needs_assessment and "
        "assess_systemic_response is recommended.",
    ),
    (
        "HER2 not known",
        "letrozole_first_line needs HER2 recorded as negative or low; with HER2 not known "
        "the result asks for it (confirm_her2) instead of suggesting a treatment. "
        "her2_directed appears only when HER2 is positive, her2_low_adc only when it is low.",
    ),
    (
        "Premenopausal, and HER2 not negative",
        "premenopausal_endocrine follows the rules' trigger (menopausal status pre, whatever "
        "HER2). Its text says that it applies to HER2-negative disease and not to "
        "HER2-positive disease; with HER2 not known, confirm_her2 comes with it. Restricting "
        "the trigger to HER2 negative or low, as letrozole_first_line is, is proposed for the "
        "next version of the rules.",
    ),
    (
        "Team decision and not known in one criterion",
        "A criterion with one part not known and another part borderline is not known, not "
        "a team decision: a remnant of 25 % with liver function not recorded asks for the "
        "liver function first. The assess_ item of a criterion gives what to measure when it "
        "is not known, and what to decide when it is a team decision.",
    ),
    (
        "Remnant below 30 % and the verdict",
        "consider_remnant_growth (portal vein embolisation or two-stage hepatectomy) appears "
        "whenever the remnant is below 30 % and liver function is not impaired, whatever the "
        "verdict, as the specification asks: with a remnant below 20 % enlarging it is exactly "
        "what could change the verdict. Because it also appears when another criterion has "
        "failed (for example ECOG 3), its text makes it conditional: only if resection is "
        "otherwise possible.",
    ),
    (
        "Lesion size",
        "The favourable lesion_size criterion is met below 5 cm; exactly 5 cm is not met "
        "(golse2017: small metastases, below 4-5 cm). Like the interval, it never holds up "
        "a decision and has no assess_ recommendation.",
    ),
    (
        "Biopsy not recorded",
        "biopsy_metastasis appears when metastasis_biopsied is false or not known: an "
        "unrecorded biopsy is treated as not done, so the result never assumes that the "
        "receptor status of the metastasis was confirmed.",
    ),
    (
        "Cases made with version 1 of the rules",
        "A version 1 case (no lesion size, no biopsy answer, HER2 negative or positive) is a "
        "valid version 2 case and is evaluated under the version 2 rules; the two new inputs "
        "are then not known.",
    ),
    (
        "Hepatobiliary review not known",
        "For delay_chemotherapy_caution 'not true' includes not known: the warning appears "
        "whenever chemotherapy has started and a review is not recorded as done.",
    ),
    (
        "Good performance status",
        "The source asks for a good performance status without a number; the case check "
        "reads it as ECOG 0 or 1, the usual reading for major surgery. This threshold is the "
        "project's choice, not a figure from the cited series.",
    ),
    (
        "Required keys",
        "hormone_receptor and liver_metastases must be present and not null; null elsewhere "
        "means not known.",
    ),
    (
        "Numbers written as text",
        "A numeric field accepts a JSON number or a plain decimal number written as text, "
        "with surrounding spaces allowed (' 35', '29.9', '2.0' for a whole number). Text "
        "such as '', 'NaN', 'inf', '1,5' or '35 %' is an error, as are true and false. An "
        "empty form field or CSV cell means not known and is sent as a missing value.",
    ),
    (
        "Misspelt keys",
        "An unknown key is an error that names the key, suggests the closest allowed key "
        "when one is near, and lists the allowed keys.",
    ),
    (
        "Evidence qualifications in the advice texts",
        "The surveillance text gives the 5-year recurrence-free figure of one series "
        "instead of the source's '60-75 % relapse', which no publication found matches. The "
        "letrozole note adds that current guidelines prefer an aromatase inhibitor with a "
        "CDK4/6 inhibitor, and the chemotherapy note gives the final result of the "
        "randomised RIGHT Choice trial, which favoured ribociclib with endocrine therapy. "
        "her2_directed, which has no citation in the source, cites the ESMO metastatic breast "
        "cancer guideline; confirm_her2 cites the ASCO-CAP HER2 testing update and the "
        "HER2-low trial.",
    ),
    (
        "CSV batch input",
        "An empty cell means not known; true and false (in any letter case) are booleans; "
        "any other text is passed to the same validation as JSON input. A row with errors "
        "gives an error row and the batch continues.",
    ),
)
