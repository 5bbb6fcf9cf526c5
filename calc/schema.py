"""`schema()`: the JSON Schema (draft 2020-12) of the case input, derived from `calc.fields`.

It describes canonical JSON input (numbers as JSON numbers) and accepts exactly what
`calc.evaluate` accepts for such input. The one leniency of `evaluate`, numbers written as
text (as typed into a form), is stated in each numeric field's description. Units are in
the non-validating keyword ``x-unit``, the form's help text in ``x-help`` and its group of
related fields in ``x-group``; each enum value's label is in ``oneOf`` / ``title``.
"""

from __future__ import annotations

from calc.fields import BOOLEAN, ENUM, FIELDS, NUMERIC_STRING_NOTE, Field

NOT_KNOWN = "Not known"


def _property(field: Field) -> dict[str, object]:
    # x-help (non-validating): the field's own text, for the web form's help line.
    prop: dict[str, object] = {
        "title": field.title,
        "x-help": field.description,
        "x-group": field.group,
    }
    description = field.description
    if field.kind == ENUM:
        values: list[object] = list(field.values)
        choices: list[dict[str, object]] = [
            {"const": value, "title": label} for value, label in field.choices
        ]
        if not field.required:
            values.append(None)
            choices.append({"const": None, "title": NOT_KNOWN})
        prop["enum"] = values
        prop["oneOf"] = choices
    elif field.kind == BOOLEAN:
        prop["type"] = "boolean" if field.required else ["boolean", "null"]
    else:
        prop["type"] = field.kind if field.required else [field.kind, "null"]
        if field.minimum is not None:
            prop["exclusiveMinimum" if field.exclusive_minimum else "minimum"] = field.minimum
        if field.maximum is not None:
            prop["maximum"] = field.maximum
        if field.unit:
            prop["x-unit"] = field.unit
            description += f" Unit: {field.unit}."
        description += " " + NUMERIC_STRING_NOTE
    if not field.required:
        description += " Null or absent: not known."
    prop["description"] = description
    return prop


def schema() -> dict[str, object]:
    """A fresh JSON Schema of the case input (callers may modify it)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Case check input",
        "description": (
            "One patient: a single liver metastasis from hormone receptor-positive breast "
            "cancer. Unknown keys are errors. Keys other than the required ones may be "
            "absent or null when not known yet."
        ),
        "type": "object",
        "properties": {field.key: _property(field) for field in FIELDS},
        "required": [field.key for field in FIELDS if field.required],
        "additionalProperties": False,
    }
