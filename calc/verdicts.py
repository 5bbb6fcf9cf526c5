"""The verdicts (spec section 5), as a table of rules over the scope and the criterion statuses.

Each row is data, not code: ``scope_fails``, ``any_required`` (some required criterion has
one of these statuses) or ``all_required`` (every required criterion has one of these
statuses). The engine takes the first row whose rule holds; `calc.describe()` gives the
same rows to the site, so the decision pathway needs no parsing of prose.
"""

from __future__ import annotations

from calc.criteria import FAVOURABLE, JUDGEMENT, MET, NOT_MET, REQUIRED, UNKNOWN

CANDIDATE = "candidate"
NEEDS_ASSESSMENT = "needs_assessment"
NOT_CANDIDATE = "not_candidate"
OUT_OF_SCOPE = "out_of_scope"

_COUNT = {4: "four", 5: "five", 6: "six"}
_REQUIRED_COUNT = _COUNT.get(len(REQUIRED), str(len(REQUIRED)))
_FAVOURABLE = " and ".join(c.label.lower() for c in FAVOURABLE)


class Verdict:
    """A row of spec section 5: code, label, the rule as data and in words."""

    __slots__ = ("all_required", "any_required", "code", "label", "scope_fails", "when")

    def __init__(
        self,
        code: str,
        label: str,
        when: str,
        *,
        scope_fails: bool = False,
        any_required: tuple[str, ...] = (),
        all_required: tuple[str, ...] = (),
    ) -> None:
        self.code = code
        self.label = label
        self.when = when
        self.scope_fails = scope_fails
        self.any_required = any_required
        self.all_required = all_required

    def applies(self, in_scope: bool, statuses: dict[str, str]) -> bool:
        if self.scope_fails:
            return not in_scope
        required = [statuses[c.id] for c in REQUIRED]
        if self.any_required:
            return any(status in self.any_required for status in required)
        return all(status in self.all_required for status in required)

    def rule(self) -> dict[str, object]:
        """The rule as JSON-able data (for `calc.describe()`)."""
        if self.scope_fails:
            return {"scope_fails": True}
        if self.any_required:
            return {"any_required": list(self.any_required)}
        return {"all_required": list(self.all_required)}


VERDICTS: tuple[Verdict, ...] = (
    Verdict(
        OUT_OF_SCOPE,
        "Outside this guideline",
        "A scope check failed (hormone receptor-negative disease, or not exactly one liver "
        "metastasis). The criteria are still listed for reference; resection is not advised.",
        scope_fails=True,
    ),
    Verdict(
        NOT_CANDIDATE,
        "Not a candidate for resection now",
        "Any required criterion is not met.",
        any_required=(NOT_MET,),
    ),
    Verdict(
        NEEDS_ASSESSMENT,
        "Needs assessment",
        "No required criterion is not met, but at least one is not known or is a team "
        "decision; the result lists what to assess or decide next.",
        any_required=(UNKNOWN, JUDGEMENT),
    ),
    Verdict(
        CANDIDATE,
        "Candidate for resection",
        f"All {_REQUIRED_COUNT} required criteria are met. The result is ideal when every "
        f"favourable criterion is met too ({_FAVOURABLE}); a short or "
        "unknown interval, or a large or unmeasured lesion, is an unfavourable factor, not a "
        "bar.",
        all_required=(MET,),
    ),
)

VERDICTS_BY_CODE: dict[str, Verdict] = {v.code: v for v in VERDICTS}
