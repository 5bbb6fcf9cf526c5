"""When an advice item applies: a condition written as data, and a small evaluator over it.

A condition (`When`) combines, all of which must hold:

- the scope: in scope only (the default), or any case;
- the verdict: one of a few verdict codes (none listed: any verdict);
- criterion statuses: e.g. ``liver_reserve`` is ``unknown`` or ``judgement``;
- input tests (`Test`): an input is one of some values (``None`` in the values means
  "not known"), or is known and below, or at least, a limit.

The same object answers three questions: does it hold for this case (`When.holds`), what
is it as JSON-able data (`When.as_data`, for `calc.describe()` and the decision pathway),
and what is it in words (`When.words`, for the "How the case check decides" page). So the
trigger shown to readers cannot differ from the trigger the engine applies.
"""

from __future__ import annotations

from calc.criteria import CRITERIA_BY_ID, STATUS_TABLE
from calc.fields import BOOLEAN, ENUM, FIELDS_BY_KEY
from calc.validation import format_number
from calc.verdicts import VERDICTS_BY_CODE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from calc.validation import Value

ONE_OF = "one_of"
BELOW = "below"
AT_LEAST = "at_least"
IN_SCOPE = "in_scope"
ANY_SCOPE = "any"

_STATUS_LABELS = {s.code: s.label.lower() for s in STATUS_TABLE}


class Context:
    """What a condition may look at: the validated case, the scope, the statuses, the verdict."""

    __slots__ = ("case", "in_scope", "statuses", "verdict")

    def __init__(
        self, case: dict[str, Value], in_scope: bool, statuses: dict[str, str], verdict: str
    ) -> None:
        self.case = case
        self.in_scope = in_scope
        self.statuses = statuses
        self.verdict = verdict


class Test:
    """One test of one input (see the module docstring)."""

    __slots__ = ("field", "limit", "op", "values")

    def __init__(
        self, field: str, op: str, values: tuple[Value, ...] = (), limit: float = 0
    ) -> None:
        if field not in FIELDS_BY_KEY:
            raise ValueError(f"unknown input {field!r} in a condition")
        self.field = field
        self.op = op
        self.values = values
        self.limit = limit

    def holds(self, case: dict[str, Value]) -> bool:
        value = case[self.field]
        if self.op == ONE_OF:
            return any(
                value is v if v is None or isinstance(v, bool) else value == v for v in self.values
            )
        if value is None or isinstance(value, (str, bool)):
            return False  # a limit test needs a known number: not known never passes
        return value < self.limit if self.op == BELOW else value >= self.limit

    def as_data(self) -> dict[str, object]:
        if self.op == ONE_OF:
            return {"field": self.field, ONE_OF: list(self.values)}
        return {"field": self.field, self.op: self.limit}

    def words(self) -> str:
        field = FIELDS_BY_KEY[self.field]
        if self.op == ONE_OF:
            labels = dict(field.choices)
            names = []
            for value in self.values:
                if value is None:
                    names.append("not known")
                elif field.kind == BOOLEAN:
                    names.append("yes" if value else "no")
                elif field.kind == ENUM:
                    names.append(labels.get(str(value), str(value)))
                else:
                    names.append(format_number(float(value)))
            return f"{field.title}: {' or '.join(names)}"
        unit = f" {field.unit}" if field.unit else ""
        relation = "below" if self.op == BELOW else "at least"
        return f"{field.title} {relation} {format_number(self.limit)}{unit}"


def one_of(field: str, *values: Value) -> Test:
    """The input is one of ``values``; include ``None`` to accept "not known"."""
    return Test(field, ONE_OF, values=values)


def below(field: str, limit: float) -> Test:
    """The input is known and below ``limit``."""
    return Test(field, BELOW, limit=limit)


def at_least(field: str, limit: float) -> Test:
    """The input is known and at least ``limit``."""
    return Test(field, AT_LEAST, limit=limit)


class When:
    """A condition on the scope, the verdict, criterion statuses and inputs (all must hold)."""

    __slots__ = ("criteria", "scope", "tests", "verdicts")

    def __init__(
        self,
        *tests: Test,
        scope: str = IN_SCOPE,
        verdicts: tuple[str, ...] = (),
        criteria: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        unknown = [v for v in verdicts if v not in VERDICTS_BY_CODE]
        unknown += [c for c in criteria or {} if c not in CRITERIA_BY_ID]
        if unknown or scope not in (IN_SCOPE, ANY_SCOPE):
            raise ValueError(f"bad condition: {unknown or scope}")
        self.tests = tests
        self.scope = scope
        self.verdicts = verdicts
        self.criteria = dict(criteria or {})

    def holds(self, ctx: Context) -> bool:
        if self.scope == IN_SCOPE and not ctx.in_scope:
            return False
        if self.verdicts and ctx.verdict not in self.verdicts:
            return False
        if any(ctx.statuses[cid] not in allowed for cid, allowed in self.criteria.items()):
            return False
        return all(test.holds(ctx.case) for test in self.tests)

    def as_data(self) -> dict[str, object]:
        return {
            "scope": self.scope,
            "verdicts": list(self.verdicts),
            "criteria": {cid: list(allowed) for cid, allowed in self.criteria.items()},
            "inputs": [test.as_data() for test in self.tests],
        }

    def words(self) -> str:
        parts = []
        if self.verdicts:
            labels = " or ".join(VERDICTS_BY_CODE[v].label for v in self.verdicts)
            parts.append(f"verdict {labels}")
        for cid, allowed in self.criteria.items():
            states = " or ".join(_STATUS_LABELS[s] for s in allowed)
            parts.append(f"{CRITERIA_BY_ID[cid].label.lower()} {states}")
        parts.extend(test.words() for test in self.tests)
        lead = "In scope" if self.scope == IN_SCOPE else "Any case, in scope or not"
        if not parts:
            return "Every case in scope." if self.scope == IN_SCOPE else "Every case."
        return f"{lead}; " + "; ".join(parts) + "."
