"""The case-check form from ``calc.schema()``, the criteria checklist from ``calc.describe()``.

Pure functions from JSON data to HTML / Markdown text: no clinical knowledge here. Each
schema property becomes one control (or radio group) whose ``name`` is the case key;
``""`` means "not known" and is the default of every optional field. Numbers keep the
schema's bounds and units; enum values and ``true`` / ``false`` are the values ``calc``
expects, so the page script only has to read the form.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

NOT_KNOWN = "Not known"
# More options than this and a choice becomes a <select> instead of a radio group.
MAX_RADIOS = 6
_UNIT_KEYS = ("unit", "x-unit", "units", "x-units")
_LABEL_KEYS = ("x-enum-labels", "x-enumLabels", "x-enum-titles", "enumNames", "x-enumNames")
_GROUP_KEYS = ("x-group", "group")


class SchemaError(ValueError):
    """The schema has a property the form cannot render (never dropped silently)."""


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "choice" | "boolean" | "number"
    title: str
    description: str = ""
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (value, label)
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    step: str = "any"
    unit: str = ""
    group: str = ""
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"cc-{self.name.replace('_', '-')}"


def humanise(value: str) -> str:
    """``not_feasible`` -> ``Not feasible``; ``R0`` stays ``R0`` (fallback label only)."""
    text = value.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else text


def _types(prop: Mapping[str, Any]) -> set[str]:
    raw = prop.get("type", [])
    types = {raw} if isinstance(raw, str) else set(raw)
    for sub in (*prop.get("anyOf", ()), *prop.get("oneOf", ())):
        if isinstance(sub, Mapping) and "const" not in sub:
            types |= _types(sub)
    return types


def _first(prop: Mapping[str, Any], key: str) -> Any:
    """A keyword from the property itself or from its first non-null anyOf/oneOf branch."""
    if key in prop:
        return prop[key]
    for sub in (*prop.get("anyOf", ()), *prop.get("oneOf", ())):
        if isinstance(sub, Mapping) and key in sub:
            return sub[key]
    return None


def _choices(prop: Mapping[str, Any]) -> list[tuple[str, str]] | None:
    consts = [
        s
        for s in (*prop.get("oneOf", ()), *prop.get("anyOf", ()))
        if isinstance(s, Mapping) and "const" in s and s["const"] is not None
    ]
    if consts:
        return [(str(s["const"]), str(s.get("title") or humanise(str(s["const"])))) for s in consts]
    enum = _first(prop, "enum")
    if enum is None:
        return None
    values = [v for v in enum if v is not None]
    labels: Any = next((prop[k] for k in _LABEL_KEYS if k in prop), None)
    out = []
    for i, value in enumerate(values):
        if isinstance(labels, Mapping):
            label = labels.get(value)
        elif isinstance(labels, Sequence) and not isinstance(labels, str) and i < len(labels):
            label = labels[i]
        else:
            label = None
        out.append((str(value), str(label) if label else humanise(str(value))))
    return out


def _number(value: Any) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def parse_schema(schema: Mapping[str, Any]) -> list[Field]:
    """The schema's properties, in order, as form fields."""
    props = schema.get("properties")
    if not isinstance(props, Mapping) or not props:
        raise SchemaError("calc.schema() has no properties")
    required = set(schema.get("required", ()))
    fields = []
    for name, prop in props.items():
        title = str(prop.get("title") or humanise(name))
        common: dict[str, Any] = {
            "name": name,
            "title": title,
            # x-help is the reader-facing text; description also carries notes for API users.
            "description": str(prop.get("x-help") or prop.get("description") or ""),
            "required": name in required,
            "group": str(next((prop[k] for k in _GROUP_KEYS if k in prop), "")),
            "unit": str(next((prop[k] for k in _UNIT_KEYS if k in prop), "")),
        }
        types = _types(prop) - {"null"}
        choices = _choices(prop)
        if choices is not None:
            fields.append(Field(kind="choice", options=tuple(choices), **common))
        elif types == {"boolean"}:
            fields.append(
                Field(kind="boolean", options=(("true", "Yes"), ("false", "No")), **common)
            )
        elif types & {"integer", "number"}:
            integer = "number" not in types
            step = _number(_first(prop, "multipleOf"))
            lo = _number(_first(prop, "minimum"))
            hi = _number(_first(prop, "maximum"))
            ex_lo = _number(_first(prop, "exclusiveMinimum"))
            ex_hi = _number(_first(prop, "exclusiveMaximum"))
            fields.append(
                Field(
                    kind="number",
                    integer=integer,
                    minimum=lo if lo is not None else ex_lo,
                    maximum=hi if hi is not None else ex_hi,
                    step=_fmt(step) if step is not None else ("1" if integer else "any"),
                    **common,
                )
            )
        else:
            raise SchemaError(f"calc.schema(): cannot render property {name!r} ({prop!r})")
    return fields


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


Attrs = dict[str, str | bool | None]


def _attrs(attrs: Mapping[str, str | bool | None]) -> str:
    """HTML attributes, escaped; None or False leaves one out, True makes it bare."""
    parts = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        parts.append(key if value is True else f'{key}="{escape(value, quote=True)}"')
    return " ".join(parts)


def _required_mark(f: Field) -> str:
    return ' <span class="case-check-required">(required)</span>' if f.required else ""


def _help(f: Field) -> str:
    text = f.description
    if not f.required:
        hint = "Leave empty if not known." if f.kind == "number" else ""
        text = f"{text} {hint}".strip()
    if not text:
        return ""
    return f'<p class="case-check-help" id="{f.id}-help">{escape(text)}</p>'


def _error(f: Field) -> str:
    return f'<p class="case-check-field-error" id="{f.id}-error" hidden></p>'


def _describedby(f: Field) -> str | None:
    return f"{f.id}-help" if _help(f) else None


def _render_choice(f: Field) -> str:
    options = list(f.options)
    if not f.required:
        options = [("", NOT_KNOWN), *options]
    wrapper: Attrs = {
        "class": f"case-check-field case-check-{f.kind}",
        "data-field": f.name,
        "data-kind": f.kind,
        "data-title": f.title,
        "id": f"{f.id}-field",
    }
    if len(options) > MAX_RADIOS:
        opts = "".join(
            f"<option {_attrs({'value': v, 'selected': v == ''})}>{escape(label)}</option>"
            for v, label in options
        )
        select = _attrs(
            {
                "id": f.id,
                "name": f.name,
                "aria-describedby": _describedby(f),
                "required": f.required,
                "data-kind": f.kind,
            }
        )
        return (
            f"<div {_attrs(wrapper)}>"
            f'<label for="{f.id}">{escape(f.title)}{_required_mark(f)}</label>'
            f"{_help(f)}<select {select}>"
            + ("" if not f.required else '<option value="" selected>Choose…</option>')
            + f"{opts}</select>{_error(f)}</div>"
        )
    radios = []
    for i, (value, label) in enumerate(options):
        attrs: Attrs = {
            "type": "radio",
            "id": f"{f.id}-{i}",
            "name": f.name,
            "value": value,
            "checked": value == "",
            "required": f.required,
            "data-kind": f.kind,
        }
        radios.append(
            f'<label class="case-check-option" for="{f.id}-{i}">'
            f"<input {_attrs(attrs)}> <span>{escape(label)}</span></label>"
        )
    wrapper["aria-describedby"] = _describedby(f)
    return (
        f"<fieldset {_attrs(wrapper)}>"
        f"<legend>{escape(f.title)}{_required_mark(f)}</legend>{_help(f)}"
        f'<div class="case-check-options">{"".join(radios)}</div>{_error(f)}</fieldset>'
    )


def _render_number(f: Field) -> str:
    unit = f" ({f.unit})" if f.unit else ""
    attrs = {
        "type": "number",
        "id": f.id,
        "name": f.name,
        "inputmode": "numeric" if f.integer and (f.minimum or 0) >= 0 else "decimal",
        "min": _fmt(f.minimum) if f.minimum is not None else None,
        "max": _fmt(f.maximum) if f.maximum is not None else None,
        "step": f.step,
        "required": f.required,
        "aria-describedby": _describedby(f),
        "autocomplete": "off",
        "data-kind": "number",
    }
    unit_suffix = (
        f' <span class="case-check-unit" aria-hidden="true">{escape(f.unit)}</span>'
        if f.unit
        else ""
    )
    wrapper = {
        "class": "case-check-field case-check-number",
        "data-field": f.name,
        "data-kind": "number",
        "data-title": f.title,
        "id": f"{f.id}-field",
    }
    return (
        f"<div {_attrs(wrapper)}>"
        f'<label for="{f.id}">{escape(f.title)}{escape(unit)}{_required_mark(f)}</label>{_help(f)}'
        f'<span class="case-check-input"><input {_attrs(attrs)}>{unit_suffix}</span>'
        f"{_error(f)}</div>"
    )


def render_field(f: Field) -> str:
    return _render_number(f) if f.kind == "number" else _render_choice(f)


def _groups(fields: Sequence[Field]) -> list[tuple[str, list[Field]]]:
    """Schema groups if it names them, else "required" then "optional" fields."""
    if any(f.group for f in fields):
        order: dict[str, list[Field]] = {}
        for f in fields:
            order.setdefault(f.group or "Other details", []).append(f)
        return list(order.items())
    required = [f for f in fields if f.required]
    optional = [f for f in fields if not f.required]
    groups = []
    if required:
        groups.append(("Required details", required))
    if optional:
        groups.append(("Further details (each may be left as not known)", optional))
    return groups


@dataclass(frozen=True)
class FormUrls:
    """URLs written into the form's data attributes, each relative to the page."""

    worker: str
    script: str
    runtime: str
    bundle: str
    site_root: str
    options: Mapping[str, object]


def render_form(
    fields: Sequence[Field],
    urls: FormUrls,
    *,
    criteria_anchor: str,
    rules_hash: str = "",
    verdict_labels: Mapping[str, str] | None = None,
    status_labels: Mapping[str, str] | None = None,
) -> str:
    """The whole form, the engine status line and the (empty) result region.

    ``rules_hash`` (short content hash of the rules archive), ``verdict_labels`` and
    ``status_labels`` (code -> label, from ``calc.describe()``) go into data attributes
    for the printout stamp, the result view and the "what would change the verdict" list.
    """
    data: Attrs = {
        "id": "case-check",
        "class": "case-check",
        "novalidate": True,
        "autocomplete": "off",
        "aria-describedby": "case-check-engine",
        "data-worker-url": urls.worker,
        "data-script-url": urls.script,
        "data-runtime-url": urls.runtime,
        "data-bundle-url": urls.bundle,
        "data-site-root": urls.site_root,
        "data-pyodide-options": json.dumps(urls.options, separators=(",", ":"), sort_keys=True),
        "data-fields": " ".join(f.name for f in fields),
        "data-rules-hash": rules_hash or None,
        "data-verdict-labels": json.dumps(dict(verdict_labels or {}), separators=(",", ":")),
        "data-status-labels": json.dumps(dict(status_labels or {}), separators=(",", ":")),
    }
    groups = "".join(
        f'<fieldset class="case-check-group"><legend>{escape(title)}</legend>'
        + "".join(render_field(f) for f in group)
        + "</fieldset>"
        for title, group in _groups(fields)
    )
    no_js = (
        "<noscript><p>The case check runs in your browser and needs JavaScript. Without it, "
        "use the questions below as a checklist and compare the answers with "
        f'<a href="#{criteria_anchor}">the criteria</a>.</p></noscript>'
    )
    status = (
        '<p class="case-check-engine" id="case-check-engine">'
        "Fill in what you know; anything left as not known is reported as still to assess.</p>"
    )
    actions = (
        '<div class="case-check-actions">'
        '<button type="submit" class="md-button md-button--primary" disabled>'
        "Check this case</button>"
        '<button type="reset" class="md-button" disabled>Clear the form</button></div>'
    )
    result = (
        '<div id="case-result" class="case-check-result">'
        '<p id="case-check-announce" class="case-check-announce" role="status" '
        'aria-live="polite"></p><div class="case-check-output"></div></div>'
    )
    return f"<form {_attrs(data)}>{no_js}{status}{groups}{actions}</form>{result}"


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def section_to_markdown_link(section: str) -> str:
    """``selection/#liver-reserve`` -> ``selection.md#liver-reserve`` (validated by MkDocs)."""
    path, _, anchor = section.partition("#")
    path = path.strip("/")
    target = "index.md" if path in {"", "index"} else f"{path}.md"
    return f"{target}#{anchor}" if anchor else target


def _sentence(text: object) -> str:
    out = _md_escape(str(text).strip())
    return out if out.endswith((".", "!", "?")) else out + "."


def render_criteria(description: Mapping[str, Any], page_dir_depth: int = 0) -> str:
    """The criteria as a Markdown checklist (links checked by MkDocs' anchor validation)."""
    prefix = "../" * page_dir_depth
    lines = []
    scope = description.get("scope") or []
    if scope:
        lines.append("Within scope only when:")
        lines.append("")
        lines.extend(
            f"- **{_md_escape(str(s['label']))}**: {_md_escape(str(s['rule']))}" for s in scope
        )
        lines.append("")
        lines.append("Selection criteria:")
        lines.append("")
    labels = {str(s["code"]): str(s["label"]) for s in description.get("statuses") or []}
    for i, crit in enumerate(description.get("criteria") or [], start=1):
        link = prefix + section_to_markdown_link(str(crit["section"]))
        kind = "required" if crit.get("required") else "favourable, not required"
        states = " ".join(
            f"{_md_escape(labels.get(code, code))}: {_sentence(crit[code])}"
            for code in ("met", "not_met", "unknown", "judgement")
            if crit.get(code)
        )
        lines.append(f"{i}. [**{_md_escape(str(crit['label']))}**]({link}) ({kind}). {states}")
    return "\n".join(lines) + "\n"
