"""Markdown generated from the bibliography and from ``calc.describe()``: pure functions.

Nothing here knows a clinical rule: the "how it decides" page prints whatever the rules
description says, so the engine's tables are the only copy of the rules.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol

# Python-Markdown backslash-escapes these; "<" would start raw HTML, so it becomes &lt;.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}])")


class Reference(Protocol):
    """What the plugin reads from a bibliography entry (see calc/bibliography.py)."""

    key: str

    @property
    def citation(self) -> str: ...

    @property
    def links(self) -> list[tuple[str, str]]: ...


class RulesError(ValueError):
    """The rules description does not have the documented shape."""


def md_text(text: str) -> str:
    """Plain text as inline Markdown that renders to the same text."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_cell(text: str) -> str:
    """Plain text for a table cell (``|`` would end the cell)."""
    return md_text(text).replace("|", r"\|")


def md_link(label: str, url: str) -> str:
    """An inline link; the address in <...> so parentheses in DOIs are safe."""
    return f"[{md_text(label)}](<{url}>)"


def reference_links(ref: Reference, sep: str = " · ") -> str:
    return sep.join(md_link(label, url) for label, url in ref.links)


def footnote_definition(ref: Reference) -> str:
    """``[^key]: citation links`` for one bibliography entry."""
    text = md_text(ref.citation)
    links = reference_links(ref)
    return f"[^{ref.key}]: {text} {links}".rstrip()


def relative_link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A Markdown link target from one docs/ file to another (MkDocs resolves .md)."""
    target = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"{target}#{anchor}" if anchor else target


@dataclass(frozen=True)
class CitingPage:
    src_uri: str
    title: str


def references_list(
    bibliography: Mapping[str, Reference],
    cited_on: Mapping[str, Sequence[CitingPage]],
    page_src: str,
) -> str:
    """The References page body: one paragraph per entry, anchored ``#ref-<key>``."""
    blocks: list[str] = []
    for key, ref in bibliography.items():
        lines = [f"{md_text(ref.citation)}<br>"]
        links = reference_links(ref)
        if links:
            lines.append(f"{links}<br>")
        pages = cited_on.get(key, ())
        where = ", ".join(
            f"[{md_text(p.title)}]({relative_link(page_src, p.src_uri)})" for p in pages
        )
        lines.append(f"Cited on: {where}" if where else "Cited on: no page yet")
        lines.append(f"<span class='gl-ref__key'>Key: `{key}`</span>")
        lines.append(f"{{#ref-{key} .gl-ref}}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


# --- "How the case check decides" ----------------------------------------------------

_LIST_FIELDS = {
    "scope": ("id", "label", "rule", "fails_to", "fails_to_verdict", "refs"),
    "statuses": ("code", "label", "meaning"),
    "criteria": (
        "id",
        "label",
        "required",
        "met",
        "not_met",
        "unknown",
        "judgement",
        "bands",
        "refs",
        "section",
    ),
    "verdicts": ("code", "label", "when", "rule"),
    "recommendations": ("id", "text", "judgement_text", "trigger", "when", "refs"),
    "systemic_therapy": ("id", "text", "judgement_text", "trigger", "when", "refs"),
    "warnings": ("id", "text", "judgement_text", "trigger", "when", "refs"),
    "decisions": ("topic", "decision"),
}


def check_rules(rules: object, known_keys: Iterable[str]) -> dict[str, Any]:
    """Check the shape of ``calc.describe()``'s result; every problem in one error."""
    if not isinstance(rules, Mapping):
        raise RulesError(f"expected a dict, got {type(rules).__name__}")
    known = set(known_keys)
    problems: list[str] = []
    for field in ("version", "guideline_reviewed"):
        if not isinstance(rules.get(field), str) or not rules.get(field):
            problems.append(f"'{field}' must be a non-empty string")
    for name, fields in _LIST_FIELDS.items():
        items = rules.get(name)
        if not isinstance(items, list):
            problems.append(f"'{name}' must be a list")
            continue
        for i, item in enumerate(items):
            where = f"{name}[{i}]"
            if not isinstance(item, Mapping):
                problems.append(f"{where} must be a dict")
                continue
            where = f"{name}[{i}] ({item.get('id') or item.get('code') or item.get('topic')})"
            missing = [f for f in fields if f not in item]
            if missing:
                problems.append(f"{where} lacks {', '.join(missing)}")
            refs = item.get("refs", [])
            if not isinstance(refs, list):
                problems.append(f"{where}: 'refs' must be a list of bibliography keys")
            else:
                unknown = [r for r in refs if r not in known]
                if unknown:
                    problems.append(f"{where} cites unknown key(s) {', '.join(map(str, unknown))}")
    if not rules.get("criteria"):
        problems.append("'criteria' is empty")
    if problems:
        raise RulesError("; ".join(problems))
    return dict(rules)


def rules_keys(rules: Mapping[str, Any]) -> list[str]:
    """Every bibliography key the rules cite, in order of first appearance."""
    keys: list[str] = []
    for name in ("scope", "criteria", "recommendations", "systemic_therapy", "warnings"):
        for item in rules.get(name, []):
            keys.extend(item.get("refs", []))
    return list(dict.fromkeys(keys))


def _notes(refs: Sequence[str]) -> str:
    return "".join(f"[^{key}]" for key in refs) or "—"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def decides_markdown(
    rules: Mapping[str, Any],
    section_link: Callable[[str], str],
    scope_section: str,
) -> str:
    """The body of "How the case check decides", from the rules description.

    ``section_link`` turns a section ("selection/#liver-reserve") into a Markdown link
    target relative to the page (it raises when the page does not exist).
    """
    out: list[str] = []
    out.append(
        f"These rules are printed from the case check's own tables (rules version "
        f"**{md_text(rules['version'])}**, guideline last reviewed "
        f"**{md_text(rules['guideline_reviewed'])}**), so this page and the check "
        f"cannot disagree."
    )

    out.append("## Scope checks {#scope-checks}")
    out.append(
        "A case is first checked against the guideline's "
        f"[scope]({section_link(scope_section)}). If a check fails, the verdict is "
        "out of scope; the criteria are still listed for reference."
    )
    out.append(
        _table(
            ("Check", "Passes when", "Otherwise", "Evidence"),
            (
                (
                    f"{md_cell(s['label'])}<br>`{s['id']}`",
                    md_cell(s["rule"]),
                    md_cell(s["fails_to"]),
                    _notes(s["refs"]),
                )
                for s in rules["scope"]
            ),
        )
    )

    statuses = {str(st["code"]): str(st["label"]) for st in rules["statuses"]}
    out.append("## What each status means {#statuses}")
    out.append(
        f"Each criterion has one of {len(statuses)} statuses. The status is always written "
        "out in the result, never shown by colour alone."
    )
    out.append(
        _table(
            ("Status", "Meaning"),
            ((f"**{md_cell(st['label'])}**", md_cell(st["meaning"])) for st in rules["statuses"]),
        )
    )

    out.append("## Selection criteria {#criteria}")
    out.append(
        "Required criteria decide the verdict; a favourable criterion only marks a candidate "
        "as ideal. Each criterion's name links to the guideline section that explains it."
    )
    out.append(
        _table(
            (
                "Criterion",
                "Kind",
                statuses.get("met", "Met") + " when",
                statuses.get("not_met", "Not met") + " when",
                statuses.get("unknown", "Not known") + " when",
                statuses.get("judgement", "Team decision") + " when",
                "Evidence",
            ),
            (
                (
                    f"[{md_cell(c['label'])}]({section_link(c['section'])})<br>`{c['id']}`",
                    "required" if c["required"] else "favourable",
                    md_cell(c["met"]),
                    md_cell(c["not_met"]),
                    md_cell(c["unknown"]),
                    md_cell(c["judgement"]) if c["judgement"] else "Never.",
                    _notes(c["refs"]),
                )
                for c in rules["criteria"]
            ),
        )
    )

    out.append("## Thresholds, band by band {#bands}")
    out.append(
        "For each criterion that reads a measurement, the status in every band of that "
        "measurement. These tables are computed by running the criterion itself on either "
        "side of each threshold."
    )
    for c in rules["criteria"]:
        bands = c.get("bands")
        if not bands:
            continue
        anchor = f"bands-{c['id'].replace('_', '-')}"
        out.append(f"### {md_text(c['label'])} {{#{anchor}}}")
        head = [md_cell(bands["title"])]
        if bands.get("by"):
            out.append(
                f"By {md_text(str(bands['by_title']).lower())} (columns) and "
                f"{md_text(str(bands['title']).lower())} (rows):"
            )
            head += [md_cell(f"{bands['by_title']}: {col}") for col in bands["columns"]]
        else:
            head += [md_cell(col) for col in bands["columns"]]
        out.append(
            _table(
                head,
                (
                    [md_cell(row["band"])]
                    + [md_cell(statuses.get(code, code)) for code in row["statuses"]]
                    for row in bands["rows"]
                ),
            )
        )

    out.append("## Verdict {#verdict}")
    out.append("The verdict is the first of these that applies, tested in this order:")
    out.append(
        "\n".join(
            f"{i}. **{md_text(v['label'])}** (`{v['code']}`): {md_text(v['when'])}"
            for i, v in enumerate(rules["verdicts"], 1)
        )
    )

    sections = (
        ("recommendations", "Recommendations", "recommendations"),
        ("systemic_therapy", "Systemic therapy notes", "systemic-therapy-notes"),
        ("warnings", "Warnings", "warnings"),
    )
    for name, title, anchor in sections:
        out.append(f"## {title} {{#{anchor}}}")
        items = rules[name]
        if not items:
            out.append("None.")
            continue
        out.append(
            _table(
                ("Item", "Shown when", "Says", "Evidence"),
                (
                    (
                        f"`{item['id']}`",
                        md_cell(item["trigger"]),
                        md_cell(item["text"])
                        + (
                            "<br>When the criterion is a team decision: "
                            + md_cell(item["judgement_text"])
                            if item.get("judgement_text")
                            else ""
                        ),
                        _notes(item["refs"]),
                    )
                    for item in items
                ),
            )
        )

    out.append("## Decisions where the specification is silent {#decisions}")
    decisions = rules["decisions"]
    out.append(
        "\n".join(f"- **{md_text(d['topic'])}.** {md_text(d['decision'])}" for d in decisions)
        if decisions
        else "None."
    )
    return "\n\n".join(out) + "\n"


def split_section(section: str) -> tuple[str, str]:
    """``"selection/#liver-reserve"`` -> ``("selection", "liver-reserve")``."""
    path, _, anchor = section.partition("#")
    return path.strip("/"), anchor


_FOOTNOTE_REF = re.compile(r'<a class="footnote-ref" href="#fn:([^"]+)">')


def titled_footnote_refs(html: str, citations: Mapping[str, str]) -> str:
    """Each footnote marker gets its reference's citation as a ``title``.

    The browser shows it on hover with no script, and assistive technology reads it as the
    link's description. It replaces the theme's footnote tooltips, whose set-up added to a
    guideline page's blocking time in Lighthouse (README, "What the levers did"). Markers
    of keys not in ``citations`` are left as they are.
    """

    def add(match: re.Match[str]) -> str:
        text = citations.get(match.group(1))
        if text is None:
            return match.group(0)
        return f'{match.group(0)[:-1]} title="{escape(" ".join(text.split()), quote=True)}">'

    return _FOOTNOTE_REF.sub(add, html)


_ADJACENT_NOTES = re.compile(r'</sup>(?=<sup id="fnref)')
FOOTNOTE_SEPARATOR = '<sup class="gl-fn-sep">,</sup>'


def separate_adjacent_footnotes(html: str) -> str:
    """``[^a][^b]`` renders as two markers side by side ("12"): put a comma between them.

    Only markers with nothing between them are separated (a CSS sibling rule would also
    match markers with words between them, as text nodes do not break ``+``), and the
    comma is real text, so it is read aloud, copied and printed too.
    """
    return _ADJACENT_NOTES.sub("</sup>" + FOOTNOTE_SEPARATOR, html)
