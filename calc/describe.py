"""`describe()`: the rules as JSON-able data, for the generated pages and the decision pathway.

Built from the very tables the engine walks (scope, criteria, statuses, verdicts, advice)
plus the decisions list, so the pages cannot drift from the behaviour. Verdict rules and
advice triggers are given as data (``rule``, ``when``) as well as in words, so that no
consumer needs to parse prose. All texts are plain text.
"""

from __future__ import annotations

from calc.advice import ADVICE_TABLES, Advice
from calc.criteria import CRITERIA, SCOPE, STATUS_TABLE, THRESHOLDS
from calc.decisions import DECISIONS
from calc.engine import GUIDELINE_REVIEWED, VERSION
from calc.verdicts import OUT_OF_SCOPE, VERDICTS


def _advice(table: tuple[Advice, ...]) -> list[dict[str, object]]:
    return [
        {
            "id": a.id,
            "text": a.text,
            "judgement_text": a.judgement_text,
            "trigger": a.when.words(),
            "when": a.when.as_data(),
            "refs": list(a.refs),
        }
        for a in table
    ]


def describe() -> dict[str, object]:
    """Scope checks, statuses, criteria, verdicts (in evaluation order), advice, decisions."""
    return {
        "version": VERSION,
        "guideline_reviewed": GUIDELINE_REVIEWED,
        "scope": [
            {
                "id": s.id,
                "label": s.label,
                "rule": s.rule,
                "fails_to": s.fails_to,
                "fails_to_verdict": OUT_OF_SCOPE,
                "inputs": list(s.inputs),
                "refs": list(s.refs),
            }
            for s in SCOPE
        ],
        "statuses": [
            {"code": s.code, "label": s.label, "meaning": s.meaning} for s in STATUS_TABLE
        ],
        "criteria": [
            {
                "id": c.id,
                "label": c.label,
                "required": c.required,
                "met": c.met,
                "not_met": c.not_met,
                "unknown": c.unknown,
                "judgement": c.judgement,
                "inputs": list(c.inputs),
                "thresholds": {key: list(THRESHOLDS[key]) for key in c.inputs if key in THRESHOLDS},
                "refs": list(c.refs),
                "section": c.section,
            }
            for c in CRITERIA
        ],
        "verdicts": [
            {"code": v.code, "label": v.label, "when": v.when, "rule": v.rule()} for v in VERDICTS
        ],
        **{group: _advice(table) for group, table in ADVICE_TABLES.items()},
        "decisions": [{"topic": topic, "decision": text} for topic, text in DECISIONS],
    }
