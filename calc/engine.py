"""The engine: validate, walk the scope and criteria tables, pick the verdict, attach advice.

Verdict order (spec section 5) is the order of the VERDICTS table: the first whose test
holds wins. The result shape is spec section 7; criteria always come in table order.
"""

from __future__ import annotations

from calc.advice import (
    CANDIDATE,
    NEEDS_ASSESSMENT,
    NOT_CANDIDATE,
    OUT_OF_SCOPE,
    RECOMMENDATIONS,
    SYSTEMIC_THERAPY,
    WARNINGS,
    Advice,
    Context,
)
from calc.bibliography import BIBLIOGRAPHY
from calc.criteria import CRITERIA, FAVOURABLE, MET, NOT_MET, REQUIRED, SCOPE, UNKNOWN
from calc.validation import validate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

VERSION = "0.1.0"
GUIDELINE_REVIEWED = "2026-11-26"


def _any_required(status: str) -> Callable[[bool, dict[str, str]], bool]:
    return lambda in_scope, statuses: any(statuses[c.id] == status for c in REQUIRED)


class Verdict:
    """A row of spec section 5: code, label, the rule in words, and its test."""

    __slots__ = ("code", "label", "test", "when")

    def __init__(
        self, code: str, label: str, when: str, test: Callable[[bool, dict[str, str]], bool]
    ) -> None:
        self.code = code
        self.label = label
        self.when = when
        self.test = test


VERDICTS: tuple[Verdict, ...] = (
    Verdict(
        OUT_OF_SCOPE,
        "Outside this guideline",
        "A scope check failed (hormone receptor-negative disease, or not exactly one liver "
        "metastasis). The criteria are still listed for reference; resection is not advised.",
        lambda in_scope, statuses: not in_scope,
    ),
    Verdict(
        NOT_CANDIDATE,
        "Not a candidate for resection now",
        "Any required criterion is not met.",
        _any_required(NOT_MET),
    ),
    Verdict(
        NEEDS_ASSESSMENT,
        "Needs assessment",
        "No required criterion is not met, but at least one is unknown; the result lists "
        "what to assess next.",
        _any_required(UNKNOWN),
    ),
    Verdict(
        CANDIDATE,
        "Candidate for resection",
        "All five required criteria are met. The result is ideal when the favourable "
        "criterion (disease-free interval) is met too; a short or unknown interval is an "
        "unfavourable factor, not a bar.",
        lambda in_scope, statuses: all(statuses[c.id] == MET for c in REQUIRED),
    ),
)


def _items(table: tuple[Advice, ...], ctx: Context, cited: list[str]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for advice in table:
        if advice.applies(ctx):
            cited.extend(advice.refs)
            out.append({"id": advice.id, "text": advice.text, "refs": list(advice.refs)})
    return out


_SHORT: dict[str, str] = {}  # short citations, computed once per key on first use


def _references(cited: list[str]) -> dict[str, str]:
    """Each cited key -> its short citation, in order of first citation."""
    out: dict[str, str] = {}
    for key in cited:
        if key not in out:
            short = _SHORT.get(key)
            if short is None:
                short = _SHORT[key] = BIBLIOGRAPHY[key].short
            out[key] = short
    return out


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _headline(
    verdict: str,
    scope: list[dict[str, object]],
    criteria: list[dict[str, object]],
    ideal: bool,
) -> str:
    if verdict == OUT_OF_SCOPE:
        reasons = [str(s["reason"]) for s in scope if not s["ok"]]
        return "Outside this guideline: " + "; ".join(reasons) + "."
    required = [c for c in criteria if c["required"]]
    if verdict == NOT_CANDIDATE:
        reasons = [str(c["reason"]) for c in required if c["status"] == NOT_MET]
        return "Not a candidate for liver resection now: " + "; ".join(reasons) + "."
    if verdict == NEEDS_ASSESSMENT:
        labels = [str(c["label"]).lower() for c in required if c["status"] == UNKNOWN]
        return f"Resection may be possible: assess {_join(labels)} first."
    head = "Candidate for liver resection alongside systemic therapy: all five required"
    if ideal:
        return head + " criteria are met, and the disease-free interval is favourable."
    reasons = [str(c["reason"]) for c in criteria if not c["required"] and c["status"] != MET]
    return head + " criteria are met; not ideal: " + "; ".join(reasons) + "."


def evaluate(case: Mapping[str, object]) -> dict[str, object]:
    """Check one case against the rules; raises CaseError (every problem) on invalid input."""
    values = validate(case)

    cited: list[str] = []  # every key cited in the result, in order of first citation
    scope: list[dict[str, object]] = []
    in_scope = True
    for check in SCOPE:
        ok, reason = check.check(values)
        cited.extend(check.refs)
        in_scope = in_scope and ok
        scope.append({"id": check.id, "ok": ok, "reason": reason})

    statuses: dict[str, str] = {}
    criteria: list[dict[str, object]] = []
    for criterion in CRITERIA:
        status, reason = criterion.check(values)
        statuses[criterion.id] = status
        cited.extend(criterion.refs)
        criteria.append(
            {
                "id": criterion.id,
                "label": criterion.label,
                "required": criterion.required,
                "status": status,
                "reason": reason,
                "refs": list(criterion.refs),
                "section": criterion.section,
            }
        )

    verdict = next(v.code for v in VERDICTS if v.test(in_scope, statuses))
    ideal = verdict == CANDIDATE and all(statuses[c.id] == MET for c in FAVOURABLE)

    ctx = Context(values, in_scope, statuses, verdict)
    recommendations = _items(RECOMMENDATIONS, ctx, cited)
    systemic_therapy = _items(SYSTEMIC_THERAPY, ctx, cited)
    warnings = _items(WARNINGS, ctx, cited)

    return {
        "verdict": verdict,
        "ideal": ideal,
        "headline": _headline(verdict, scope, criteria, ideal),
        "scope": scope,
        "criteria": criteria,
        "recommendations": recommendations,
        "systemic_therapy": systemic_therapy,
        "warnings": warnings,
        "references": _references(cited),
        "version": VERSION,
        "guideline_reviewed": GUIDELINE_REVIEWED,
    }
