"""`describe()`: the rules as JSON-able data, for the generated pages and the decision pathway.

Built from the very tables the engine walks (scope, criteria, statuses, verdicts, advice)
plus the decisions list, so the pages cannot drift from the behaviour. Verdict rules and
advice triggers are given as data (``rule``, ``when``) as well as in words, so that no
consumer needs to parse prose. All texts are plain text.
"""

from __future__ import annotations

import math

from calc.advice import ADVICE_TABLES, Advice
from calc.criteria import CRITERIA, SCOPE, STATUS_TABLE, THRESHOLDS, Criterion
from calc.decisions import DECISIONS
from calc.engine import GUIDELINE_REVIEWED, VERSION
from calc.fields import BOOLEAN, FIELDS_BY_KEY
from calc.validation import format_number
from calc.verdicts import OUT_OF_SCOPE, VERDICTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from calc.validation import Value

_NOT_KNOWN = "not known"


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


def _bands(criterion: Criterion) -> dict[str, object] | None:
    """The status a criterion gives across the bands of its numeric input, by probing.

    Computed by calling the criterion's own check on either side of each threshold (and,
    for a second input such as liver function, for each of its values and "not known"),
    so the table shown to readers is the rule itself, not a description of it.
    """
    numeric = [key for key in criterion.inputs if key in THRESHOLDS]
    if len(numeric) != 1:
        return None
    key = numeric[0]
    field = FIELDS_BY_KEY[key]
    unit = f" {field.unit}" if field.unit else ""
    others = [k for k in criterion.inputs if k != key]
    by = others[0] if others else None
    column_values: list[Value] = [None]
    columns = ["Status"]
    if by is not None:
        other = FIELDS_BY_KEY[by]
        values: list[Value] = [True, False] if other.kind == BOOLEAN else list(other.values)
        column_values = [*values, None]
        labels = dict(other.choices)
        columns = [labels.get(str(v), str(v)) for v in values] + [_NOT_KNOWN]

    def status(value: float | None, other: Value) -> str:
        case: dict[str, Value] = dict.fromkeys(FIELDS_BY_KEY)
        case[key] = value
        if by is not None:
            case[by] = other
        return criterion.check(case)[0]

    reference = column_values[0]  # the column that shows every band (e.g. a normal liver)
    edges = sorted(THRESHOLDS[key])
    # A threshold opens the band above it when its status differs from just below it.
    opens_upper = [
        status(t, reference) != status(math.nextafter(t, -math.inf), reference) for t in edges
    ]
    text = [format_number(t) for t in edges]
    rows: list[dict[str, object]] = []
    for i in range(len(edges) + 1):
        if i == 0:
            probe = math.nextafter(edges[0], -math.inf) if opens_upper[0] else edges[0]
            band = f"below {text[0]}{unit}" if opens_upper[0] else f"{text[0]}{unit} or less"
        else:
            t, upper = edges[i - 1], opens_upper[i - 1]
            probe = t if upper else math.nextafter(t, math.inf)
            low = f"from {text[i - 1]}{unit}" if upper else f"above {text[i - 1]}{unit}"
            if i == len(edges):
                band = f"{text[i - 1]}{unit} or more" if upper else f"more than {text[i - 1]}{unit}"
            else:
                high = f"below {text[i]}{unit}" if opens_upper[i] else f"up to {text[i]}{unit}"
                band = f"{low} to {high}"
        rows.append({"band": band, "statuses": [status(probe, v) for v in column_values]})
    rows.append({"band": _NOT_KNOWN, "statuses": [status(None, v) for v in column_values]})
    return {
        "input": key,
        "title": field.title,
        "by": by,
        "by_title": FIELDS_BY_KEY[by].title if by else None,
        "columns": columns,
        "rows": rows,
    }


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
                "bands": _bands(c),
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
