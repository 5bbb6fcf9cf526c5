"""The guideline-editorial plugin on its own: grade lines, labels, dates, small projects.

Pure helpers are checked directly; each failure mode of the build is shown on a small
project built with the real plugin (through its entry point), with the message naming
the page, the line and the fix.
"""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import build_project

from guideline_site.editorial import dates, grades
from guideline_site.editorial.plugin import method_link

EXTENSIONS = [
    "admonition",
    "attr_list",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "tables",
]
HREF = "grading.md#what-the-labels-mean"
COMBINATIONS = list(itertools.product(grades.STRENGTHS, grades.CERTAINTIES))


def _html(md: str) -> BeautifulSoup:
    out = markdown.markdown(md, extensions=EXTENSIONS, extension_configs={})
    return BeautifulSoup(out, "html.parser")


def _rec(grade_line: str, *, indent: str = "", marker: str = "!!!") -> str:
    return (
        f'{indent}{marker} recommendation "Refer early"\n'
        f"{indent}    {grade_line}\n"
        f"{indent}    Discuss the patient early.\n"
    )


# --- grade lines ----------------------------------------------------------------------


@pytest.mark.parametrize(("strength", "certainty"), COMBINATIONS)
def test_every_combination_parses(strength: str, certainty: str) -> None:
    grade = grades.parse_grade(f"{strength}, {certainty}")
    assert grade.strength is grades.STRENGTHS[strength]
    assert grade.certainty is grades.CERTAINTIES[certainty]


def test_grade_values_ignore_case_and_spacing() -> None:
    grade = grades.parse_grade("  Conditional ,  Very   LOW ")
    assert (grade.strength.key, grade.certainty.key) == ("conditional", "very low")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("strong", ["strength and a certainty", "strong | conditional"]),
        ("strong, low, high", ["separated by a comma"]),
        ("weak, low", ["unknown strength 'weak'", "strong | conditional"]),
        ("strong, medium", ["unknown certainty 'medium'", "high | moderate | low | very low"]),
        ("firm, none", ["unknown strength 'firm'", "unknown certainty 'none'"]),
        (", low", ["strength and a certainty"]),
    ],
)
def test_invalid_grade_names_the_allowed_values(value: str, expected: list[str]) -> None:
    with pytest.raises(ValueError, match=r".") as info:
        grades.parse_grade(value)
    for text in expected:
        assert text in str(info.value)


def test_label_text_comes_from_the_table() -> None:
    grade = grades.parse_grade("conditional, low")
    assert grade.text == "Conditional recommendation · Low certainty of evidence"
    assert grade.classes == ("gl-grade", "gl-grade--conditional", "gl-grade--low")
    assert grades.parse_grade("strong, very low").classes[-1] == "gl-grade--very-low"


# --- finding recommendations ----------------------------------------------------------


@pytest.mark.parametrize(
    "md",
    [
        _rec("grade: conditional, low"),
        _rec("grade: conditional, low", marker="???"),
        _rec("grade: conditional, low", marker="???+"),
        '=== "Clinician"\n\n' + _rec("grade: conditional, low", indent="    "),
        '!!! recommendation inline end "Refer early"\n\n    grade: conditional, low\n    Text.\n',
        "!!! recommendation\n    grade: conditional, low\n    Text.\n",
    ],
    ids=["admonition", "details", "details-open", "in-tab", "extra-class-blank-line", "untitled"],
)
def test_recommendations_are_found_where_authors_write_them(md: str) -> None:
    text = "Intro.\n\n" + md
    found = grades.find_recommendations(text)
    assert len(found) == 1
    assert found[0].grade.text == "Conditional recommendation · Low certainty of evidence"
    lines = text.split("\n")
    header = next(n for n, line in enumerate(lines, 1) if "recommendation" in line)
    assert found[0].line == header
    assert lines[found[0].grade_line - 1].strip() == "grade: conditional, low"


def test_examples_in_code_and_comments_are_not_recommendations() -> None:
    md = (
        "```md\n!!! recommendation\n    no grade here\n```\n\n"
        "<!--\n!!! recommendation\n    nor here\n-->\n"
    )
    assert grades.find_recommendations(md) == []


@pytest.mark.parametrize(
    ("md", "line", "expected"),
    [
        ('Intro.\n\n!!! recommendation "Refer"\n    Discuss.\n', 3, 'recommendation "Refer"'),
        ("!!! recommendation\n\nNot indented: no body.\n", 1, "(untitled) has no grade line"),
        ("!!! recommendation\n", 1, "has no grade line"),
        ("!!! recommendation\n    Discuss.\n    grade: strong, high\n", 1, "no grade line"),
        ("!!! recommendation\n    grade: strong, certain\n    Text.\n", 2, "'certain'"),
        ("!!! note\n    grade: strong, high\n    Text.\n", 2, "only in '!!! recommendation'"),
        ("!!! Recommendation\n    grade: strong, high\n", 1, "'Recommendation' in lower case"),
    ],
    ids=["missing", "no-body", "empty-at-end", "not-first", "unknown-value", "wrong-type", "case"],
)
def test_problems_name_the_line_and_the_fix(md: str, line: int, expected: str) -> None:
    with pytest.raises(grades.GradeError) as info:
        grades.find_recommendations(md)
    (problem,) = info.value.problems
    assert problem.line == line
    assert expected in problem.message
    if "no grade line" in expected:
        assert "strong | conditional" in problem.message
        assert "high | moderate | low | very low" in problem.message


def test_every_problem_of_a_page_is_reported_at_once() -> None:
    md = _rec("Discuss.") + "\n" + _rec("grade: strong, maybe")
    with pytest.raises(grades.GradeError) as info:
        grades.find_recommendations(md)
    assert [p.line for p in info.value.problems] == [1, 6]


# --- labels in rendered Markdown ------------------------------------------------------


def _recommendations(soup: BeautifulSoup) -> list[Tag]:
    return soup.select(".admonition.recommendation, details.recommendation")


@pytest.mark.parametrize(("strength", "certainty"), COMBINATIONS)
def test_label_replaces_the_grade_line(strength: str, certainty: str) -> None:
    md, found = grades.apply_labels(_rec(f"grade: {strength}, {certainty}"), HREF)
    grade = found[0].grade
    (box,) = _recommendations(_html(md))
    labels = box.select(".gl-grade")
    assert len(labels) == 1
    label = labels[0]
    # The first thing after the title, as its own paragraph; the body stays a paragraph.
    assert label.find_previous_sibling() is box.find(class_="admonition-title")
    assert label.name == "p"
    assert label.get_text() == grade.text
    assert set(label["class"]) == set(grade.classes)
    assert label["data-strength"] == grade.strength.slug
    assert label["data-certainty"] == grade.certainty.slug
    link = label.find("a")
    assert link["href"] == HREF
    assert "gl-grade__link" in link["class"]
    body = label.find_next_sibling("p")
    assert body is not None
    assert body.get_text() == "Discuss the patient early."
    assert "grade:" not in box.get_text()


@pytest.mark.parametrize(
    "md",
    [
        '=== "Clinician"\n\n' + _rec("grade: strong, high", indent="    ") + "\n"
        '=== "Plain language"\n\n' + _rec("grade: strong, high", indent="    "),
        _rec("grade: strong, high", marker="???"),
        "- item\n\n" + _rec("grade: strong, high", indent="    "),
    ],
    ids=["tabs", "details", "list-item"],
)
def test_labels_render_in_tabs_details_and_lists(md: str) -> None:
    out, found = grades.apply_labels(md, HREF)
    boxes = _recommendations(_html(out))
    assert len(boxes) == len(found) >= 1
    for box in boxes:
        assert len(box.select(".gl-grade")) == 1
        assert box.select_one(".gl-grade").get_text() == found[0].grade.text


def test_markdown_without_recommendations_is_unchanged() -> None:
    md = "# Title\n\n!!! note\n    grade is a word here.\n"
    assert grades.apply_labels(md, HREF) == (md, [])


def test_labels_table_lists_every_level_with_its_meaning() -> None:
    rows = _html(grades.labels_table()).select("tbody tr")
    levels = [*grades.STRENGTHS.values(), *grades.CERTAINTIES.values()]
    assert [[td.get_text() for td in row.find_all("td")] for row in rows] == [
        [level.label, level.meaning] for level in levels
    ]


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("index.md", "grading.md#what-the-labels-mean"),
        ("grading.md", "grading.md#what-the-labels-mean"),
        ("guide/deep/page.md", "../../grading.md#what-the-labels-mean"),
    ],
)
def test_method_link_is_relative_to_the_page(src: str, expected: str) -> None:
    assert method_link(src, "grading.md", "what-the-labels-mean") == expected


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [dt.date(2026, 11, 30), "2026-11-30", " 2026-11-30 "])
def test_dates_parse_from_yaml_dates_and_strings(value: object) -> None:
    assert dates.parse_date(value) == dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "30/11/2026", "2026-11", "", None, 20261130, dt.datetime(2026, 11, 30, 9)],
)
def test_invalid_dates_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dates.parse_date(value)


def test_dates_read_in_british_order_with_a_machine_readable_value() -> None:
    day = dt.date(2026, 3, 5)
    assert dates.long_date(day) == "5 March 2026"
    time = BeautifulSoup(dates.time_html(day), "html.parser").find("time")
    assert time["datetime"] == "2026-03-05"
    assert time.get_text() == "5 March 2026"


def test_stamp_goes_right_after_the_title() -> None:
    stamp = dates.stamp_html(dt.date(2026, 11, 30), dt.date(2026, 10, 1))
    page = '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>\n<p>Body</p><h1>Other</h1>'
    soup = BeautifulSoup(dates.insert_after_title(page, stamp), "html.parser")
    first = soup.find("h1").find_next_sibling()
    assert "gl-reviewed" in first["class"]
    assert first.get_text() == (
        "Last reviewed 30 November 2026 · Literature last checked 1 October 2026"
    )
    assert len(soup.select(".gl-reviewed")) == 1
    # No <h1> in the content: the theme writes the title above it, so the stamp goes first.
    assert dates.insert_after_title("<p>Body</p>", "<p>S</p>").startswith("<p>S</p>")


# --- small projects built with the plugin ---------------------------------------------

METHOD = textwrap.dedent(
    """\
    # How recommendations are graded

    ## What the labels mean {#what-the-labels-mean}

    <!-- grading:labels -->
    """
)
ABOUT = "# About\n\nLiterature checked on <!-- guideline:literature-checked -->.\n"
GRADED = _rec("grade: strong, moderate")


DEFAULT_EXTRA = {"reviewed": "2026-11-30", "literature_checked": "2026-11-01"}


def _project(
    root: Path,
    pages: dict[str, str],
    *,
    extra: dict[str, str] = DEFAULT_EXTRA,
    site_url: str = "http://127.0.0.1/",
) -> Path:
    docs = root / "docs"
    for name, text in {"grading.md": METHOD, "about.md": ABOUT, **pages}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = textwrap.dedent(
        f"""\
        site_name: Test
        site_url: {site_url}
        theme: {{name: mkdocs}}
        validation: {{anchors: warn, unrecognized_links: warn}}
        markdown_extensions:
          - admonition
          - attr_list
          - toc
          - tables
          - pymdownx.details
          - pymdownx.superfences
          - pymdownx.tabbed: {{alternate_style: true}}
        plugins:
          - guideline-editorial
        """
    )
    if extra:
        config += "extra:\n" + "".join(f"  {k}: {v}\n" for k, v in extra.items())
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


_build = build_project


def _soup(root: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")


def test_small_project_builds_labels_dates_and_the_method_table(tmp_path: Path) -> None:
    nested = "---\nreviewed: 2025-06-01\n---\n# Nested\n\n" + _rec("grade: conditional, very low")
    root = _project(
        tmp_path,
        {"index.md": "# Home\n\n" + GRADED, "guide/nested.md": nested},
        site_url="http://127.0.0.1/sub/",
    )
    proc = _build(root)
    assert proc.returncode == 0, proc.stderr

    home = _soup(root, "index.html")
    label = home.select_one(".admonition.recommendation .gl-grade")
    assert label.get_text() == "Strong recommendation · Moderate certainty of evidence"
    assert label.find("a")["href"] == "grading/#what-the-labels-mean"
    stamp = home.select_one(".gl-reviewed")
    assert stamp.find_previous_sibling("h1") is not None
    assert stamp.find("time")["datetime"] == "2026-11-30"  # the site-wide default

    deep = _soup(root, "guide/nested/index.html")
    label = deep.select_one(".admonition.recommendation .gl-grade")
    assert label.find("a")["href"] == "../../grading/#what-the-labels-mean"
    assert "gl-grade--very-low" in label["class"]
    assert deep.select_one(".gl-reviewed time")["datetime"] == "2025-06-01"  # front matter

    method = _soup(root, "grading/index.html")
    rows = method.select("[role=main] table tbody tr")
    assert len(rows) == len(grades.STRENGTHS) + len(grades.CERTAINTIES)
    assert method.select_one(".gl-reviewed time")["datetime"] == "2026-11-30"

    about = _soup(root, "about/index.html")
    times = [t["datetime"] for t in about.select(".gl-reviewed time")]
    assert times == ["2026-11-30", "2026-11-01"]  # reviewed, then literature checked
    marker_text = next(p for p in about.find_all("p") if "Literature checked on" in p.get_text())
    assert marker_text.find("time")["datetime"] == "2026-11-01"  # the marker in the text
    assert (root / "site" / "assets" / "editorial" / "editorial.css").is_file()
    assert (root / "site" / "assets" / "editorial" / "recommendation.svg").is_file()
    assert home.find("link", href="assets/editorial/editorial.css") is not None


@pytest.mark.parametrize(
    ("pages", "extra", "expected"),
    [
        (
            {"index.md": "---\ntitle: Home\n---\n# Home\n\n" + _rec("Discuss first.")},
            None,
            ["index.md line 6", "has no grade line", "strong | conditional", "very low"],
        ),
        (
            {"index.md": "# Home\n\n" + _rec("grade: strong, probable")},
            None,
            ["index.md line 4", "unknown certainty 'probable'", "high | moderate"],
        ),
        (
            {"index.md": "---\nreviewed: 2026-13-01\n---\n# Home\n"},
            None,
            ["index.md front matter 'reviewed'", "'2026-13-01'", "YYYY-MM-DD"],
        ),
        (
            {"index.md": "# Home\n"},
            {"reviewed": "30.11.2026", "literature_checked": "2026-11-01"},
            ["mkdocs.yml extra.reviewed", "YYYY-MM-DD"],
        ),
        (
            {"index.md": "# Home\n"},
            {"reviewed": "2026-11-30"},
            ["no extra.literature_checked", "literature_checked: 2026-11-30"],
        ),
        (
            {"index.md": "# Home\n"},
            {"literature_checked": "2026-11-01"},
            ["has no 'reviewed' date", "front matter", "extra:"],
        ),
        (
            {"index.md": "# Home\n", "grading.md": "# Method\n\n## Labels {#labels}\n"},
            None,
            ["grading.md must contain the marker '<!-- grading:labels -->' exactly once"],
        ),
        (
            {
                "index.md": "# Home\n\n" + GRADED,
                "grading.md": "# Method\n\n<!-- grading:labels -->\n",
            },
            None,
            ["what-the-labels-mean"],  # the label's anchor is checked like any link
        ),
    ],
    ids=[
        "missing-grade",
        "unknown-certainty",
        "bad-front-matter-date",
        "bad-default-date",
        "no-literature-date",
        "no-date-at-all",
        "no-table-marker",
        "no-anchor",
    ],
)
def test_small_project_failures_name_the_page_and_the_fix(
    tmp_path: Path, pages: dict[str, str], extra: dict[str, str] | None, expected: list[str]
) -> None:
    kwargs = {"extra": extra} if extra is not None else {}
    root = _project(tmp_path, pages, **kwargs)
    proc = _build(root)
    assert proc.returncode != 0, "the build should have failed"
    output = proc.stdout + proc.stderr
    for text in expected:
        assert text in output, output


def test_small_project_without_the_method_page_fails(tmp_path: Path) -> None:
    root = _project(tmp_path, {"index.md": "# Home\n"})
    (root / "docs" / "grading.md").unlink()
    proc = _build(root)
    assert proc.returncode != 0
    assert "the method page grading.md is missing" in proc.stderr
