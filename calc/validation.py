"""Checking a case against `calc.fields`: every problem at once, each naming its field.

Rules (spec section 2): unknown keys are errors; `null` or an absent key means "not known
yet" except for required keys; numbers may be JSON numbers or numeric strings (as typed
into a form) but never booleans, NaN or infinities, and must lie within their bounds;
integers must be whole; enum values are exact; booleans must be JSON booleans.
"""

from __future__ import annotations

from calc.fields import BOOLEAN, ENUM, FIELDS, FIELDS_BY_KEY, INTEGER, Field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    Value = str | int | float | bool | None

# The field name used when the case as a whole is wrong (not a mapping).
WHOLE_CASE = "(case)"

_NUMERIC_CHARS = frozenset("0123456789+-.eE")
_INF = float("inf")


class CaseError(ValueError):
    """Invalid case input; ``.errors`` lists every problem as ``{"field", "message"}``."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        super().__init__(f"invalid case ({len(errors)} problem(s)): {summary}")


def show(value: object) -> str:
    """A short, JSON-like rendering of an input value for error messages."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return '"' + text.replace('"', '\\"') + '"'
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a value of type " + type(value).__name__


def format_number(value: float) -> str:
    """30.0 -> "30", 29.9 -> "29.9"; never rounds a value across a threshold."""
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 64 else "a very large number"
    if value != value:
        return "NaN"
    if value in (_INF, -_INF):
        return "infinity" if value > 0 else "minus infinity"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def allowed(field: Field) -> str:
    """What the field accepts, in words (used in every error message about it)."""
    if field.kind == ENUM:
        text = "one of " + ", ".join(f'"{v}"' for v in field.values)
    elif field.kind == BOOLEAN:
        text = "true or false"
    else:
        text = "a whole number" if field.kind == INTEGER else "a number"
        if field.exclusive_minimum and field.maximum is not None:
            text += f" greater than {field.minimum} and at most {field.maximum}"
        elif field.minimum is not None and field.maximum is not None:
            text += f" from {field.minimum} to {field.maximum}"
        elif field.minimum is not None:
            text += f" of {field.minimum} or more"
        if field.unit:
            text += f" ({field.unit})"
    if not field.required:
        text += ", or null when not known"
    return text


def _parse_numeric_string(text: str) -> int | float | None:
    """ "35" -> 35, " 29.9 " -> 29.9; None unless the text is a plain decimal number."""
    text = text.strip()
    if not text or not _NUMERIC_CHARS.issuperset(text):
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def _check_number(field: Field, value: object) -> tuple[int | float | None, str | None]:
    """(normalised value, None) or (None, error message) for an integer or number field."""
    if isinstance(value, bool):
        return None, f"must be {allowed(field)}; got {show(value)}"
    number: int | float | None
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        number = _parse_numeric_string(value)
        if number is None:
            return None, f"must be {allowed(field)}; got {show(value)}, which is not a number"
    else:
        return None, f"must be {allowed(field)}; got {show(value)}"
    if number != number or number in (_INF, -_INF):
        return None, f"must be {allowed(field)}; got {show(value)}, which is not a finite number"
    if field.kind == INTEGER and isinstance(number, float):
        if not number.is_integer():
            return None, f"must be {allowed(field)}; got {show(value)}, which is not whole"
        number = int(number)
    below = field.minimum is not None and (
        number <= field.minimum if field.exclusive_minimum else number < field.minimum
    )
    if below or (field.maximum is not None and number > field.maximum):
        return None, f"must be {allowed(field)}; got {show(value)}, which is out of range"
    return number, None


def _check(field: Field, value: object) -> tuple[Value, str | None]:
    if field.kind == ENUM:
        if isinstance(value, str) and value in field.values:
            return value, None
        return None, f"must be {allowed(field)}; got {show(value)}"
    if field.kind == BOOLEAN:
        if isinstance(value, bool):
            return value, None
        return None, f"must be {allowed(field)}; got {show(value)}"
    return _check_number(field, value)  # INTEGER or NUMBER


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with transpositions counted as one edit (short keys only)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def suggest(key: str) -> str | None:
    """The known key a misspelt key most probably meant, if any is close."""
    folded = key.strip().lower().replace("-", "_").replace(" ", "_")
    if folded in FIELDS_BY_KEY:
        return folded
    if len(folded) > 60:
        return None
    best, best_distance = None, 3
    for known in FIELDS_BY_KEY:
        distance = _edit_distance(folded, known)
        if distance < best_distance:
            best, best_distance = known, distance
    return best


def _unknown_key_message(key: str) -> str:
    guess = suggest(key)
    hint = f' (did you mean "{guess}"?)' if guess else ""
    return f"unknown key{hint}; allowed keys: " + ", ".join(FIELDS_BY_KEY)


def validate(case: Mapping[str, object]) -> dict[str, Value]:
    """Return every field's normalised value (None = not known) or raise CaseError."""
    if not isinstance(case, dict):
        from collections.abc import Mapping

        if not isinstance(case, Mapping):
            raise CaseError(
                [
                    {
                        "field": WHOLE_CASE,
                        "message": "the case must be an object (a mapping of keys to values); "
                        f"got {show(case)}",
                    }
                ]
            )
    errors: list[dict[str, str]] = []
    values: dict[str, Value] = {}
    get = case.get
    for field in FIELDS:
        key = field.key
        value = get(key)
        if value is None:
            values[key] = None
            if field.required:
                errors.append({"field": key, "message": f"is required: {allowed(field)}"})
            continue
        # Fast paths for the common valid values; _check handles everything else.
        if value.__class__ is str and field.kind == ENUM and value in field.values:
            values[key] = value
            continue
        if value.__class__ is bool and field.kind == BOOLEAN:
            values[key] = value
            continue
        normalised, problem = _check(field, value)
        values[key] = normalised
        if problem is not None:
            errors.append({"field": key, "message": problem})
    for key in case:
        if key not in FIELDS_BY_KEY:
            name = key if isinstance(key, str) else show(key)
            errors.append({"field": name, "message": _unknown_key_message(name)})
    if errors:
        raise CaseError(errors)
    return values
