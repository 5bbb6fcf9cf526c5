"""Find footnote citations (``[^key]``) in page Markdown: pure helpers, no MkDocs.

Only prose counts: fenced code blocks (at any indentation, so also inside admonitions
and content tabs), inline code spans and HTML comments are blanked out first, keeping
line numbers so that errors can point at the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A fence opens with 3+ backticks or tildes at any indentation (superfences nests them
# in admonitions and tabs) and closes with a run of the same character at least as long.
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A code span: a run of N backticks, then anything up to the next run of exactly N.
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)
# Python-Markdown's footnote reference is \[\^([^\]]*)\]; an empty label is not a note.
_FOOTNOTE = re.compile(r"\[\^(?P<key>[^\]]+)\]")
# A definition is a reference at the start of a line followed by a colon.
_DEFINITION = re.compile(r"^[ \t]*\[\^(?P<key>[^\]]+)\]:", re.MULTILINE)


@dataclass(frozen=True)
class Citation:
    """One footnote reference or definition found in a page."""

    key: str
    line: int  # 1-based line number in the page's Markdown (after front matter)


@dataclass(frozen=True)
class ScanResult:
    references: tuple[Citation, ...]
    definitions: tuple[Citation, ...]

    @property
    def keys(self) -> list[str]:
        """Cited keys, each once, in order of first use."""
        return list(dict.fromkeys(c.key for c in self.references))


def _blank(match: re.Match[str]) -> str:
    """Replace a match by as many newlines as it spans (keeps line numbers)."""
    return "\n" * match.group(0).count("\n")


def prose(markdown: str) -> str:
    """The Markdown with code blocks, code spans and HTML comments blanked out."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        m = _FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group("fence")
                out.append("")
            else:
                out.append(line)
        else:
            closes = (
                m is not None
                and m.group("fence")[0] == fence[0]
                and len(m.group("fence")) >= len(fence)
                and not line.strip().lstrip(fence[0])
            )
            if closes:
                fence = None
            out.append("")
    text = "\n".join(out)
    text = _COMMENT.sub(_blank, text)
    return _CODE_SPAN.sub(_blank, text)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def scan(markdown: str) -> ScanResult:
    """Every footnote reference and definition in the prose of ``markdown``."""
    text = prose(markdown)
    definition_starts = {m.start("key") - 2 for m in _DEFINITION.finditer(text)}
    refs: list[Citation] = []
    defs: list[Citation] = []
    for m in _FOOTNOTE.finditer(text):
        found = Citation(m.group("key"), _line_of(text, m.start()))
        (defs if m.start() in definition_starts else refs).append(found)
    return ScanResult(tuple(refs), tuple(defs))
