"""Strength and certainty labels of recommendations: the one table, and the grade line.

Authors write a recommendation as an admonition of type ``recommendation`` whose first
body line is a grade line::

    !!! recommendation "Refer early to a liver multidisciplinary team"
        grade: conditional, low
        Discuss the patient early ...

(``??? recommendation`` and ``???+ recommendation`` too, at any indentation, so inside
content tabs.) :func:`apply_labels` replaces each grade line by the label rendered from
:data:`STRENGTHS` and :data:`CERTAINTIES`, so every label on the site, and the table on
the method page (:func:`labels_table`), come from this one place. Pure helpers: no MkDocs.
The levels are editorial vocabulary; which level a recommendation gets is the page's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from guideline_site.references.scan import prose

ADMONITION_TYPE = "recommendation"


@dataclass(frozen=True)
class Level:
    """One strength or one certainty level."""

    key: str  # as authors write it in the grade line: "conditional", "very low"
    label: str  # as readers see it: "Conditional recommendation"
    meaning: str  # one sentence for the method page

    @property
    def slug(self) -> str:
        """For CSS classes and data attributes: ``very-low``."""
        return self.key.replace(" ", "-")


def _table(*levels: Level) -> dict[str, Level]:
    return {level.key: level for level in levels}


#: How firmly the site recommends a course, from the balance of benefits and harms.
STRENGTHS: Mapping[str, Level] = _table(
    Level(
        "strong",
        "Strong recommendation",
        "The benefits clearly outweigh the harms and burdens (or clearly do not, for a "
        "recommendation against), so nearly every informed patient would make the same "
        "choice: follow it unless there is a clear reason not to.",
    ),
    Level(
        "conditional",
        "Conditional recommendation",
        "The balance is close or uncertain, so informed patients could reasonably choose "
        "differently: the decision depends on the patient's circumstances and wishes and "
        "is made with her.",
    ),
)

#: How sure the site is that the evidence shows the true effect.
CERTAINTIES: Mapping[str, Level] = _table(
    Level(
        "high",
        "High certainty of evidence",
        "Further research is very unlikely to change our view of the effect.",
    ),
    Level(
        "moderate",
        "Moderate certainty of evidence",
        "The true effect is probably close to the estimate, but further research could change it.",
    ),
    Level(
        "low",
        "Low certainty of evidence",
        "The true effect may be substantially different from the estimate.",
    ),
    Level(
        "very low",
        "Very low certainty of evidence",
        "Any estimate of the effect is very uncertain.",
    ),
)


def allowed(levels: Iterable[str]) -> str:
    """``strong | conditional``, for error messages."""
    return " | ".join(levels)


GRADE_SYNTAX = (
    f"grade: STRENGTH, CERTAINTY (STRENGTH: {allowed(STRENGTHS)}; "
    f"CERTAINTY: {allowed(CERTAINTIES)}), e.g. 'grade: conditional, low'"
)


@dataclass(frozen=True)
class Grade:
    strength: Level
    certainty: Level

    @property
    def text(self) -> str:
        """The label as read: ``Conditional recommendation · Low certainty of evidence``."""
        return f"{self.strength.label} · {self.certainty.label}"

    @property
    def classes(self) -> tuple[str, ...]:
        return ("gl-grade", f"gl-grade--{self.strength.slug}", f"gl-grade--{self.certainty.slug}")


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based, in the Markdown given
    message: str


class GradeError(ValueError):
    """Every grading problem of one page, with its line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in self.problems))


@dataclass(frozen=True)
class Recommendation:
    line: int  # the admonition's first line
    title: str | None
    grade_line: int
    grade: Grade


# Python-Markdown's admonition ("!!!") and pymdownx.details ("???", "???+") headers:
# one or more class words, then an optional quoted title.
_HEADER = re.compile(
    r"^(?P<indent>[ ]*)(?:!!!|\?\?\?\+?)[ ]?(?P<classes>[\w-]+(?:[ ]+[\w-]+)*)"
    r'(?:[ ]+"(?P<title>.*)")?[ ]*$'
)
_GRADE = re.compile(r"^grade[ ]*:(?P<value>.*)$", re.IGNORECASE)
_TITLE = re.compile(r'"(?P<title>.*)"[ ]*$')


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def parse_grade(value: str) -> Grade:
    """``"conditional, low"`` -> :class:`Grade`; :class:`ValueError` naming the allowed values."""
    parts = [" ".join(part.split()).lower() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(
            f"the grade line must hold a strength and a certainty separated by a comma; "
            f"write {GRADE_SYNTAX}"
        )
    strength, certainty = parts
    wrong = []
    if strength not in STRENGTHS:
        wrong.append(f"unknown strength {strength!r} (allowed: {allowed(STRENGTHS)})")
    if certainty not in CERTAINTIES:
        wrong.append(f"unknown certainty {certainty!r} (allowed: {allowed(CERTAINTIES)})")
    if wrong:
        raise ValueError("; ".join(wrong))
    return Grade(STRENGTHS[strength], CERTAINTIES[certainty])


def _first_body_line(lines: list[str], header: int, indent: int) -> int | None:
    """Index of the admonition's first non-blank body line, or None if it has no body."""
    for i in range(header + 1, len(lines)):
        if not lines[i].strip():
            continue
        return i if _indent(lines[i]) >= indent + 4 else None
    return None


def find_recommendations(markdown: str) -> list[Recommendation]:
    """Every recommendation admonition with its grade; :class:`GradeError` lists all problems.

    Code blocks, code spans and HTML comments are skipped (an example of the syntax inside
    a fence is not a recommendation). A grade line opening any other admonition is an error
    too: it would otherwise be printed as text.
    """
    lines = markdown.expandtabs(4).split("\n")
    visible = prose(markdown.expandtabs(4)).split("\n")
    found: list[Recommendation] = []
    problems: list[Problem] = []
    for i, text in enumerate(visible):
        header = _HEADER.match(text)
        if header is None:
            continue
        classes = header.group("classes").split()
        title_match = _TITLE.search(lines[i])
        title = title_match.group("title") if title_match and header.group("title") else None
        body = _first_body_line(lines, i, len(header.group("indent")))
        grade_match = _GRADE.match(lines[body].strip()) if body is not None else None
        misspelt = [c for c in classes if c != ADMONITION_TYPE and c.lower() == ADMONITION_TYPE]
        if misspelt:
            problems.append(
                Problem(
                    i + 1,
                    f"write the admonition type {misspelt[0]!r} in lower case, "
                    f"'{ADMONITION_TYPE}' (the type is a CSS class, and case matters)",
                )
            )
            continue
        if ADMONITION_TYPE not in classes:
            if grade_match is not None and body is not None:
                problems.append(
                    Problem(
                        body + 1,
                        f"a grade line opens a {classes[0]!r} admonition; grade lines belong "
                        f"only in '!!! {ADMONITION_TYPE}' admonitions (change the type, or "
                        "delete the line)",
                    )
                )
            continue
        name = f'"{title}"' if title else "(untitled)"
        if body is None or grade_match is None:
            problems.append(
                Problem(
                    i + 1,
                    f"the recommendation {name} has no grade line: its first body line must "
                    f"be {GRADE_SYNTAX}",
                )
            )
            continue
        try:
            grade = parse_grade(grade_match.group("value"))
        except ValueError as exc:
            problems.append(Problem(body + 1, f"the recommendation {name}: {exc}"))
            continue
        found.append(Recommendation(i + 1, title, body + 1, grade))
    if problems:
        raise GradeError(problems)
    return found


def label_markdown(grade: Grade, href: str, indent: str = "") -> list[str]:
    """The label as Markdown lines (a paragraph with ``attr_list`` classes), then a blank
    line so that the body that followed the grade line stays its own paragraph.

    The link is a Markdown link to the method page's source (``grading.md#...``) so that
    MkDocs makes it relative to the page and checks that it and its anchor exist.
    """
    strength, certainty = grade.strength, grade.certainty
    text = (
        f'<span class="gl-grade__strength">{strength.label}</span>'
        f'<span class="gl-grade__sep"> · </span>'
        f'<span class="gl-grade__certainty">{certainty.label}</span>'
    )
    classes = " ".join(f".{c}" for c in grade.classes)
    return [
        f'{indent}[{text}]({href} "How recommendations are graded"){{: .gl-grade__link }}',
        f'{indent}{{: {classes} data-strength="{strength.slug}" '
        f'data-certainty="{certainty.slug}" }}',
        "",
    ]


def apply_labels(markdown: str, href: str) -> tuple[str, list[Recommendation]]:
    """The Markdown with every grade line replaced by its label, and the recommendations."""
    found = find_recommendations(markdown)
    if not found:
        return markdown, found
    lines = markdown.split("\n")
    for rec in reversed(found):
        i = rec.grade_line - 1
        original = lines[i].expandtabs(4)
        indent = original[: _indent(original)]
        lines[i : i + 1] = label_markdown(rec.grade, href, indent)
    return "\n".join(lines), found


def labels_table() -> str:
    """The method page's table of every label and what it means (Markdown)."""
    rows = ["| Label on a recommendation | What it means |", "|---|---|"]
    for level in (*STRENGTHS.values(), *CERTAINTIES.values()):
        rows.append(f"| **{level.label}** | {level.meaning} |")
    return "\n".join(rows) + "\n"
