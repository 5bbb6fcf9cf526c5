"""The engine: validate, walk the scope and criteria tables, pick the verdict, attach advice.

Verdict order (spec section 5) is the order of the `calc.verdicts.VERDICTS` table: the
first whose rule holds wins. The result shape is spec section 7; criteria always come in
table order.
"""

from __future__ import annotations

from calc.advice import ADVICE_TABLES, Advice
from calc.bibliography import BIBLIOGRAPHY
from calc.conditions import Context
from calc.criteria import CRITERIA, FAVOURABLE, JUDGEMENT, MET, NOT_MET, SCOPE, UNKNOWN
from calc.validation import validate
from calc.verdicts import CANDIDATE, NEEDS_ASSESSMENT, NOT_CANDIDATE, OUT_OF_SCOPE, VERDICTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

VERSION = "0.2.0"
GUIDELINE_REVIEWED = "2026-11-30"


def _items(table: tuple[Advice, ...], ctx: Context, cited: list[str]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for advice in table:
        if advice.when.holds(ctx):
            cited.extend(advice.refs)
            out.append({"id": advice.id, "text": advice.text_for(ctx), "refs": list(advice.refs)})
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
        unknown = [str(c["label"]).lower() for c in required if c["status"] == UNKNOWN]
        decide = [str(c["label"]).lower() for c in required if c["status"] == JUDGEMENT]
        steps = []
        if decide:
            steps.append(f"the multidisciplinary team must decide on {_join(decide)}")
        if unknown:
            steps.append(f"assess {_join(unknown)}")
        return "Resection may be possible: " + ", and ".join(steps) + "."
    count = len(required)
    head = f"Candidate for liver resection alongside systemic therapy: all {count} required"
    if ideal:
        return head + " criteria are met, and so are the favourable factors."
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

    verdict = next(v.code for v in VERDICTS if v.applies(in_scope, statuses))
    ideal = verdict == CANDIDATE and all(statuses[c.id] == MET for c in FAVOURABLE)

    ctx = Context(values, in_scope, statuses, verdict)
    advice = {group: _items(table, ctx, cited) for group, table in ADVICE_TABLES.items()}

    return {
        "verdict": verdict,
        "ideal": ideal,
        "headline": _headline(verdict, scope, criteria, ideal),
        "scope": scope,
        "criteria": criteria,
        "recommendations": advice["recommendations"],
        "systemic_therapy": advice["systemic_therapy"],
        "warnings": advice["warnings"],
        "references": _references(cited),
        "version": VERSION,
        "guideline_reviewed": GUIDELINE_REVIEWED,
    }
