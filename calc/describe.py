"""`describe()`: the rules as JSON-able data, for the generated "How it decides" page.

Built from the very tables the engine walks (scope, criteria, verdicts, advice) plus the
decisions list, so the page cannot drift from the behaviour. All texts are plain text.
"""

from __future__ import annotations

from calc.advice import RECOMMENDATIONS, SYSTEMIC_THERAPY, WARNINGS, Advice
from calc.criteria import CRITERIA, SCOPE
from calc.decisions import DECISIONS
from calc.engine import GUIDELINE_REVIEWED, VERDICTS, VERSION


def _advice(table: tuple[Advice, ...]) -> list[dict[str, object]]:
    return [{"id": a.id, "text": a.text, "trigger": a.trigger, "refs": list(a.refs)} for a in table]


def describe() -> dict[str, object]:
    """Scope checks, criteria, verdicts (in evaluation order), advice and decisions."""
    return {
        "version": VERSION,
        "guideline_reviewed": GUIDELINE_REVIEWED,
        "scope": [
            {
                "id": s.id,
                "label": s.label,
                "rule": s.rule,
                "fails_to": s.fails_to,
                "refs": list(s.refs),
            }
            for s in SCOPE
        ],
        "criteria": [
            {
                "id": c.id,
                "label": c.label,
                "required": c.required,
                "met": c.met,
                "not_met": c.not_met,
                "unknown": c.unknown,
                "refs": list(c.refs),
                "section": c.section,
            }
            for c in CRITERIA
        ],
        "verdicts": [{"code": v.code, "label": v.label, "when": v.when} for v in VERDICTS],
        "recommendations": _advice(RECOMMENDATIONS),
        "systemic_therapy": _advice(SYSTEMIC_THERAPY),
        "warnings": _advice(WARNINGS),
        "decisions": [{"topic": topic, "decision": text} for topic, text in DECISIONS],
    }
