"""What would change the verdict: each input that, changed alone, gives another verdict.

Computed by calling `evaluate` on the case with one input changed at a time, so the rules
are never restated here. Candidate values come from the input table: every allowed value of
a choice, both booleans, every whole number of a short integer range, and, for numbers,
the bounds and each of the field's thresholds named in `calc.criteria`, with a step either
side.
"""

from __future__ import annotations

from calc.criteria import THRESHOLDS
from calc.engine import evaluate
from calc.fields import BOOLEAN, ENUM, FIELDS, INTEGER, NUMBER, Field
from calc.validation import format_number, validate
from calc.verdicts import NEEDS_ASSESSMENT, NOT_CANDIDATE, OUT_OF_SCOPE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from calc.validation import Value

# Verdicts for which the reader is shown what would change them (issue: "for
# needs_assessment and not_candidate").
EXPLAINED = (NEEDS_ASSESSMENT, NOT_CANDIDATE)
_STEP = 0.1  # either side of a threshold: the form's step for decimal inputs
_LONGEST_RANGE = 10  # integer fields with at most this many values are tried whole


def _candidates(field: Field) -> list[Value]:
    """Values worth trying for one input, in the order they are shown."""
    if field.kind == ENUM:
        return list(field.values)
    if field.kind == BOOLEAN:
        return [True, False]
    low = field.minimum if field.minimum is not None else 0
    high = field.maximum
    if field.kind == INTEGER and high is not None and high - low < _LONGEST_RANGE:
        return list(range(low, high + 1))
    # An exclusive lower bound (a size must exceed 0) is probed one step inside.
    first = low + _STEP if field.exclusive_minimum else float(low)
    points: set[float] = {first}
    if high is not None:
        points.add(float(high))
    for threshold in THRESHOLDS.get(field.key, ()):
        points.update((threshold - _STEP, float(threshold), threshold + _STEP))
    if field.kind == INTEGER:
        points = {float(round(p)) for p in points}
        points.update({float(low + 1), float(low + 2)})
    inside = sorted(p for p in points if p >= first and (high is None or p <= high))
    return [int(p) if p.is_integer() else round(p, 6) for p in inside]


def _label(field: Field, value: Value) -> str:
    if field.kind == ENUM:
        return dict(field.choices).get(str(value), str(value))
    if field.kind == BOOLEAN:
        return "yes" if value else "no"
    return format_number(float(value)) if isinstance(value, (int, float)) else str(value)


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _span(field: Field, low: Value, high: Value, open_top: bool) -> str:
    unit = f" {field.unit}" if field.unit else ""
    if open_top:
        return f"{_label(field, low)}{unit} or more"
    if low == high:
        return f"{_label(field, low)}{unit}"
    return f"{_label(field, low)} to {_label(field, high)}{unit}"


def what_would_change(case: Mapping[str, object]) -> list[dict[str, object]]:
    """For `needs_assessment` and `not_candidate`, the inputs that alone change the verdict.

    Each item: ``{"field", "title", "current", "changes": [{"verdict", "text", "example"}]}``
    where ``text`` says which values give ``verdict`` ("0 or 1", "30 to 100 %") and
    ``example`` is one such value. A change to "not known", or one that takes the case out
    of scope, is not listed: neither helps a tumour board decide. Raises `CaseError` for
    invalid input, like `evaluate`.
    """
    clean = validate(case)
    verdict = evaluate(clean)["verdict"]
    if verdict not in EXPLAINED:
        return []
    out: list[dict[str, object]] = []
    for field in FIELDS:
        current = clean[field.key]
        tried = [
            (value, str(evaluate({**clean, field.key: value})["verdict"]))
            for value in _candidates(field)
            if not (value == current and type(value) is type(current))
        ]
        changes: list[dict[str, object]] = []
        if field.kind == NUMBER:
            # Contiguous runs of probe values with the same verdict read as ranges.
            runs: list[list[tuple[Value, str]]] = []
            for value, other in tried:
                if runs and runs[-1][-1][1] == other:
                    runs[-1].append((value, other))
                else:
                    runs.append([(value, other)])
            for i, run in enumerate(runs):
                other = run[0][1]
                if other in (verdict, OUT_OF_SCOPE):
                    continue
                open_top = i == len(runs) - 1 and field.maximum is None
                text = _span(field, run[0][0], run[-1][0], open_top)
                changes.append({"verdict": other, "text": text, "example": run[0][0]})
        else:
            by_verdict: dict[str, list[Value]] = {}
            for value, other in tried:
                if other not in (verdict, OUT_OF_SCOPE):
                    by_verdict.setdefault(other, []).append(value)
            for other, values in by_verdict.items():
                text = _either([_label(field, v) for v in values])
                changes.append({"verdict": other, "text": text, "example": values[0]})
        if changes:
            out.append(
                {"field": field.key, "title": field.title, "current": current, "changes": changes}
            )
    return out
