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
    exclusive_minimum: bool = False  # True: the value must exceed `minimum`
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
                    exclusive_minimum=lo is None and ex_lo is not None,
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


def _json_attr(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


# --- messages in clinical words, from the schema's titles, bounds and units -------------


def _with_unit(value: str, unit: str) -> str:
    if not unit:
        return value
    return f"{value} {unit}" if unit != "%" else f"{value} %"


def number_rule(f: Field) -> str:
    """``a number from 0 to 100 %``: what a number field accepts, in words."""
    kind = "a whole number" if f.integer else "a number"
    lo = _fmt(f.minimum) if f.minimum is not None else None
    hi = _fmt(f.maximum) if f.maximum is not None else None
    if lo is not None and hi is not None:
        if f.exclusive_minimum:
            return f"{kind} more than {lo} and at most {_with_unit(hi, f.unit)}"
        return f"{kind} from {lo} to {_with_unit(hi, f.unit)}"
    if lo is not None:
        low = _with_unit(lo, f.unit)
        return f"{kind}, more than {low}" if f.exclusive_minimum else f"{kind}, {low} or more"
    if hi is not None:
        return f"{kind}, at most {_with_unit(hi, f.unit)}"
    return f"{kind} ({f.unit})" if f.unit else kind


def messages(f: Field) -> tuple[str, str]:
    """(when the value is wrong, when a required value is missing: "" if optional).

    The page shows these instead of calc's own messages, which name JSON types for API
    users; calc still decides what is wrong, the form only words it.
    """
    if f.kind == "number":
        rule = number_rule(f)
        wrong = f"{f.title} must be {rule}."
        missing = f"{f.title} is required: enter {rule}."
    elif f.kind == "boolean":
        wrong = f"{f.title}: answer Yes, No or Not known."
        missing = f"{f.title} is required: answer Yes or No."
    else:
        wrong = f"{f.title}: choose one of the answers offered."
        missing = f"{f.title} is required: choose one of the answers."
    if not f.required:
        empty = "empty" if f.kind == "number" else "as not known"
        return f"{wrong} Leave it {empty} if you do not know it.", ""
    return wrong, missing


# --- fields ---------------------------------------------------------------------------


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


def _wrapper(f: Field, cls: str) -> Attrs:
    wrong, missing = messages(f)
    return {
        "class": f"case-check-field {cls}",
        "data-field": f.name,
        "data-kind": f.kind,
        "data-title": f.title,
        "data-message-invalid": wrong,
        "data-message-required": missing or None,
        "id": f"{f.id}-field",
    }


def _render_choice(f: Field) -> str:
    options = list(f.options)
    if not f.required:
        options = [("", NOT_KNOWN), *options]
    wrapper = _wrapper(f, f"case-check-{f.kind}")
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
                "aria-required": "true" if f.required else None,
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
    # A segmented group of native radios: arrow keys move within it, one Tab stop, and
    # "required" is said once on the group (aria-required), never as "invalid" up front.
    radios = []
    for i, (value, label) in enumerate(options):
        attrs: Attrs = {
            "type": "radio",
            "id": f"{f.id}-{i}",
            "name": f.name,
            "value": value,
            "checked": value == "",
            "data-kind": f.kind,
        }
        radios.append(
            f'<label class="case-check-option" for="{f.id}-{i}">'
            f"<input {_attrs(attrs)}><span>{escape(label)}</span></label>"
        )
    wrapper["role"] = "radiogroup"
    wrapper["aria-required"] = "true" if f.required else None
    wrapper["aria-describedby"] = _describedby(f)
    return (
        f"<fieldset {_attrs(wrapper)}>"
        f"<legend>{escape(f.title)}{_required_mark(f)}</legend>{_help(f)}"
        f'<div class="case-check-options">{"".join(radios)}</div>{_error(f)}</fieldset>'
    )


def number_pattern(f: Field) -> str:
    """What may be typed: digits, a decimal point for non-integers, a sign only if allowed."""
    sign = "-?" if f.minimum is None or f.minimum < 0 else ""
    return f"{sign}[0-9]+" if f.integer else f"{sign}[0-9]*[.]?[0-9]+"


def _render_number(f: Field) -> str:
    # A text input, not type=number: a mouse wheel or an arrow key never changes a value
    # the reader did not type. inputmode brings up the number keyboard on phones; calc
    # validates what was typed (the pattern only describes it).
    attrs = {
        "type": "text",
        "id": f.id,
        "name": f.name,
        "inputmode": "numeric" if f.integer and (f.minimum or 0) >= 0 else "decimal",
        "pattern": number_pattern(f),
        "aria-required": "true" if f.required else None,
        "aria-describedby": _describedby(f),
        "autocomplete": "off",
        "spellcheck": "false",
        "data-kind": "number",
    }
    # The unit sits inside the field's box; for screen readers it is part of the label.
    unit_label = f'<span class="case-check-sr-only"> ({escape(f.unit)})</span>' if f.unit else ""
    unit_suffix = (
        f'<span class="case-check-unit" aria-hidden="true">{escape(f.unit)}</span>'
        if f.unit
        else ""
    )
    return (
        f"<div {_attrs(_wrapper(f, 'case-check-number'))}>"
        f'<label for="{f.id}">{escape(f.title)}{unit_label}{_required_mark(f)}</label>'
        f"{_help(f)}"
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
    site_root: str
    options: Mapping[str, object]


@dataclass(frozen=True)
class Example:
    """One entry of the "Start from an example" menu (from the rules package's examples)."""

    id: str
    label: str
    description: str
    case: Mapping[str, object]


def menu_examples(examples: Sequence[Mapping[str, Any]]) -> list[Example]:
    """The examples offered to readers (``menu: true``), in the package's order."""
    return [
        Example(str(e["id"]), str(e["label"]), str(e.get("description", "")), dict(e["case"]))
        for e in examples
        if e.get("menu")
    ]


@dataclass(frozen=True)
class PrintHeader:
    """What the printout names besides the result: the guideline, its address, the disclaimer."""

    guideline: str
    address: str
    disclaimer: str
    disclaimer_url: str


def _render_example(e: Example) -> str:
    text_id = f"cc-example-{e.id}"
    button: Attrs = {
        "type": "button",
        "class": "case-check-example",
        "data-example": e.id,
        "data-case": _json_attr(e.case),
        "aria-describedby": text_id,
    }
    return (
        f"<li><button {_attrs(button)}>{escape(e.label)}</button> "
        f'<span class="case-check-example-text" id="{escape(text_id)}">'
        f"{escape(e.description)}</span></li>"
    )


def _render_examples(examples: Sequence[Example]) -> str:
    if not examples:
        return ""
    items = "".join(_render_example(e) for e in examples)
    # A disclosure, hidden until the page script runs (the buttons need it).
    return (
        '<div class="case-check-examples" hidden>'
        '<button type="button" class="case-check-tool" aria-expanded="false" '
        'aria-controls="case-check-example-panel">Start from an example</button>'
        '<div class="case-check-example-panel" id="case-check-example-panel" hidden>'
        "<p>Each replaces what the form holds with a made-up case.</p>"
        f'<ul class="case-check-example-list">{items}</ul></div></div>'
    )


def _render_print_header(info: PrintHeader | None) -> str:
    if info is None:
        return ""
    return (
        '<div class="case-check-print-only case-check-print-header">'
        f'<p class="case-check-print-guideline"><strong>{escape(info.guideline)}</strong>'
        f' — case check, <span class="case-check-print-address">{escape(info.address)}</span></p>'
        "</div>"
    )


def _render_print_footer(info: PrintHeader | None) -> str:
    if info is None:
        return ""
    more = f" Full disclaimer: {escape(info.disclaimer_url)}" if info.disclaimer_url else ""
    return (
        '<div class="case-check-print-only case-check-print-footer">'
        '<p class="case-check-print-disclaimer"><strong>Disclaimer.</strong> '
        f"{escape(info.disclaimer)}{more}</p>"
        '<p class="case-check-print-link">This case online: '
        '<span class="case-check-case-link" data-case-link></span></p>'
        "</div>"
    )


def render_form(
    fields: Sequence[Field],
    urls: FormUrls,
    *,
    criteria_anchor: str,
    rules_hash: str = "",
    verdict_labels: Mapping[str, str] | None = None,
    status_labels: Mapping[str, str] | None = None,
    examples: Sequence[Example] = (),
    references: Mapping[str, Mapping[str, object]] | None = None,
    print_header: PrintHeader | None = None,
) -> str:
    """The form, the engine status line, the (empty) result region and the verdict bar.

    ``rules_hash`` (short content hash of calc and its bridge), ``verdict_labels`` and
    ``status_labels`` (code -> label, from ``calc.describe()``) go into data attributes
    for the printout stamp, the result view and the "what would change the verdict" list;
    ``references`` (key -> full citation and links, from the bibliography) into the result
    region's ``data-references`` for the printout's reference list.
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
        "data-site-root": urls.site_root,
        "data-pyodide-options": json.dumps(urls.options, separators=(",", ":"), sort_keys=True),
        "data-fields": " ".join(f.name for f in fields),
        "data-rules-hash": rules_hash or None,
        "data-verdict-labels": json.dumps(dict(verdict_labels or {}), separators=(",", ":")),
        "data-status-labels": json.dumps(dict(status_labels or {}), separators=(",", ":")),
    }
    groups = "".join(
        f'<fieldset class="case-check-group" data-group="{escape(title)}">'
        f"<legend>{escape(title)}</legend>"
        '<div class="case-check-fields">' + "".join(render_field(f) for f in group) + "</div>"
        "</fieldset>"
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
    tools = (
        '<div class="case-check-tools">'
        f"{_render_examples(examples)}"
        '<button type="button" class="case-check-tool case-check-help-toggle" '
        'aria-expanded="false" hidden>Explain each question</button></div>'
    )
    actions = (
        '<div class="case-check-actions">'
        '<button type="submit" class="md-button md-button--primary" disabled>'
        "Check this case</button>"
        '<button type="reset" class="md-button" disabled>Clear the form</button></div>'
    )
    # The full references for the printout, as data (not a <script> data block: instant
    # navigation re-creates a page's scripts without their type and would try to run it).
    refs = json.dumps(dict(references or {}), separators=(",", ":"), sort_keys=True)
    result = (
        '<section id="case-result" class="case-check-result" aria-label="Result" '
        f'data-references="{escape(refs, quote=True)}">'
        '<p id="case-check-announce" class="case-check-announce" role="status" '
        'aria-live="polite"></p>'
        f"{_render_print_header(print_header)}"
        # The result's heading, in the page from the start (so links to it resolve), shown
        # once there is a result; focus moves to it after "Check this case".
        '<h2 id="case-result-heading" class="case-check-result-heading" tabindex="-1">'
        "Result</h2>"
        '<div class="case-check-output"></div>'
        '<p class="case-check-placeholder">The verdict appears here as you answer.</p>'
        f"{_render_print_footer(print_header)}</section>"
    )
    bar = (
        '<div class="case-check-bar" id="case-check-bar" role="region" aria-label="Verdict" hidden>'
        '<p class="case-check-bar-text"><span class="case-check-bar-verdict"></span>'
        ' <span class="case-check-bar-open"></span></p>'
        '<a class="case-check-bar-link" href="#case-result-heading">See the result</a></div>'
    )
    form = f"<form {_attrs(data)}>{no_js}{status}{tools}{groups}{actions}</form>"
    # The layout is a size container: the columns inside it follow its width.
    return (
        f'<div class="case-check-layout"><div class="case-check-columns">{form}{result}</div></div>'
        f"{bar}"
    )


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
