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
        "recommendations (systemic_primary, the verdict-specific ones). It keeps mdt_referral "
        "when there is at least one liver metastasis (two or more, or hormone "
        "receptor-negative disease), because a multidisciplinary meeting is where such a "
        "patient is discussed; with no liver metastasis it carries no recommendation.",
    ),
    (
        "Out of scope: systemic therapy notes and warnings",
        "None are given out of scope. They were written for hormone receptor-positive disease "
        "with a single liver metastasis; for example the letrozole note would be wrong for "
        "receptor-negative disease.",
    ),
    (
        "Out of scope: criteria",
        "The six criteria are still evaluated and listed, for reference, exactly as in scope.",
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
        "Only continue_systemic is recommended, with no assess_ items: assessing the unknown "
        "criteria cannot change the verdict until the failed criterion changes.",
    ),
    (
        "Liver reserve with one of its two parts missing",
        "Impaired liver function, or a future liver remnant below 30 %, is enough for not "
        "met even when the other part is unknown. A remnant of 30 % or more with liver "
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
        "For letrozole_first_line 'HER2 not positive' includes HER2 not known; her2_directed "
        "appears only when HER2 is positive.",
    ),
    (
        "Hepatobiliary review not known",
        "For delay_chemotherapy_caution 'not true' includes not known: the warning appears "
        "whenever chemotherapy has started and a review is not recorded as done.",
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
        "CDK4/6 inhibitor, and the chemotherapy note adds that the randomised RIGHT Choice "
        "trial favoured ribociclib with endocrine therapy. her2_directed, which has no "
        "citation in the source, cites the ESMO metastatic breast cancer guideline.",
    ),
    (
        "CSV batch input",
        "An empty cell means not known; true and false (in any letter case) are booleans; "
        "any other text is passed to the same validation as JSON input. A row with errors "
        "gives an error row and the batch continues.",
    ),
)
