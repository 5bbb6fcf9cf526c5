"""The guideline-references plugin on its own: scanning, rendering, and small projects.

The small projects are built with the real plugin (through its entry point) and a fake
rules description, so that each failure mode is shown to fail the build with a message
that names the page and the fix.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import build_project

from calc.bibliography import BIBLIOGRAPHY
from guideline_site.references import render
from guideline_site.references.scan import prose, scan

# --- scanning -------------------------------------------------------------------------


def test_scan_finds_references_with_lines_in_order() -> None:
    text = "Intro.[^b]\n\nMore [^a] and again[^b].\n"
    result = scan(text)
    assert result.keys == ["b", "a"]
    assert [(c.key, c.line) for c in result.references] == [("b", 1), ("a", 3), ("b", 3)]
    assert result.definitions == ()


@pytest.mark.parametrize(
    "text",
    [
        "```\n[^incode]\n```\n",
        "~~~~ python\nx = '[^incode]'\n~~~~\n",
        "!!! note\n    ```md\n    Cite like this: [^incode]\n    ```\n",
        '=== "Tab"\n\n    ````\n    ```\n    [^incode]\n    ```\n    ````\n',
        "Write `[^incode]` to cite.\n",
        "Write ``a `[^incode]` b`` to cite.\n",
        "<!-- [^incode] -->\n",
        "<!--\n[^incode]\n-->\n",
    ],
    ids=["fence", "tilde", "admonition", "nested-fence", "span", "double-span", "comment", "ml"],
)
def test_scan_ignores_code_and_comments(text: str) -> None:
    result = scan(text + "\nAfter.[^real]\n")
    assert result.keys == ["real"]
    # Line numbers survive the blanking.
    assert result.references[0].line == text.count("\n") + 2


def test_scan_separates_definitions() -> None:
    result = scan("Claim.[^a]\n\n[^a]: hand-written text\n    [^b]: indented too\n")
    assert result.keys == ["a"]
    assert [(d.key, d.line) for d in result.definitions] == [("a", 3), ("b", 4)]


def test_prose_keeps_line_count() -> None:
    text = "a\n```\nb\nc\n```\nd `e\nf` g\n<!-- h\ni -->\n"
    assert prose(text).count("\n") == text.count("\n")


# --- rendering ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plain",
    [
        "Surgery *and* [outcomes] <b>not html</b> & more_words {: #x } a|b \\ `tick`",
        "HR+, HER2- breast cancer (ABC 5): 22 Suppl 3, S1057-S1066",
    ],
)
def test_md_text_renders_to_the_same_text(plain: str) -> None:
    html = markdown.markdown(render.md_text(plain), extensions=["attr_list"])
    assert BeautifulSoup(html, "html.parser").get_text() == plain


def test_md_cell_survives_a_table() -> None:
    cell = "x | y < 30 *z*"
    md = f"| a | b |\n|---|---|\n| {render.md_cell(cell)} | 2 |\n"
    soup = BeautifulSoup(markdown.markdown(md, extensions=["tables"]), "html.parser")
    assert [td.get_text() for td in soup.find_all("td")] == [cell, "2"]


@pytest.mark.parametrize("key", sorted(BIBLIOGRAPHY))
def test_footnote_definition_renders_citation_and_links(key: str) -> None:
    ref = BIBLIOGRAPHY[key]
    md = f"Claim.[^{key}]\n\n{render.footnote_definition(ref)}\n"
    soup = BeautifulSoup(markdown.markdown(md, extensions=["footnotes"]), "html.parser")
    note = soup.find(id=f"fn:{key}")
    assert note is not None
    assert ref.citation in note.get_text()
    hrefs = [a["href"] for a in note.find_all("a") if "footnote-backref" not in a.get("class", [])]
    assert hrefs == [url for _label, url in ref.links]


def test_check_rules_reports_every_problem() -> None:
    bad = {
        "version": "1",
        "guideline_reviewed": "",
        "scope": [],
        "criteria": [{"id": "x", "refs": ["nope"]}],
        "verdicts": [],
        "recommendations": "not a list",
        "systemic_therapy": [],
        "warnings": [],
        "decisions": [],
    }
    with pytest.raises(render.RulesError) as info:
        render.check_rules(bad, BIBLIOGRAPHY)
    message = str(info.value)
    for expected in (
        "guideline_reviewed",
        "criteria[0] (x) lacks label",
        "nope",
        "recommendations",
    ):
        assert expected in message


def test_adjacent_footnotes_get_a_comma_and_separated_ones_do_not() -> None:
    md = "A claim.[^a][^b] Another sentence.[^c] Third.\n\n[^a]: x\n[^b]: y\n[^c]: z\n"
    html = render.separate_adjacent_footnotes(markdown.markdown(md, extensions=["footnotes"]))
    text = BeautifulSoup(html, "html.parser").find("p").get_text()
    assert text == "A claim.1,2 Another sentence.3 Third."


def test_footnote_markers_carry_their_citation_as_title() -> None:
    md = "A claim.[^a] Another.[^b]\n\n[^a]: x\n[^b]: y\n"
    html = render.titled_footnote_refs(
        markdown.markdown(md, extensions=["footnotes"]), {"a": 'Doe J. "Quoted" & <b>.'}
    )
    refs = BeautifulSoup(html, "html.parser").select("a.footnote-ref")
    assert [r.get("title") for r in refs] == ['Doe J. "Quoted" & <b>.', None]


def test_relative_link() -> None:
    assert render.relative_link("how-it-decides.md", "selection.md", "a") == "selection.md#a"
    assert render.relative_link("sub/page.md", "index.md") == "../index.md"


# --- small projects built with the plugin ---------------------------------------------

FAKE_RULES = """
def describe():
    bands = {"input": "remnant", "title": "Remnant", "by": None, "by_title": None,
             "columns": ["Status"], "rows": [{"band": "below 30", "statuses": ["not_met"]},
                                            {"band": "30 or more", "statuses": ["met"]}]}
    crit = {"id": "liver_reserve", "label": "Liver reserve", "required": True,
            "met": "remnant >= 30", "not_met": "remnant < 30", "unknown": "absent",
            "judgement": "remnant 20-30 | team", "bands": bands,
            "refs": ["kawaguchi2019"], "section": "SECTION"}
    item = {"id": "mdt_referral", "text": "Discuss | at MDT", "trigger": "always",
            "judgement_text": None, "when": {"verdicts": []}, "refs": ["golse2017"]}
    return {
        "version": "9.9.9", "guideline_reviewed": "2025-01-31",
        "scope": [{"id": "hormone_receptor", "label": "HR", "rule": "positive",
                   "fails_to": "", "fails_to_verdict": "out_of_scope", "refs": []}],
        "statuses": [{"code": "met", "label": "Met", "meaning": "fine"},
                     {"code": "not_met", "label": "Not met", "meaning": "fails"},
                     {"code": "judgement", "label": "Team decision", "meaning": "team"}],
        "criteria": [crit],
        "verdicts": [{"code": "candidate", "label": "Candidate", "when": "all met",
                      "rule": {"all_required": ["met"]}}],
        "recommendations": [item], "systemic_therapy": [], "warnings": [],
        "decisions": [{"topic": "Exactly 30 %", "decision": "meets it"}],
    }
"""

REFERENCES_STUB = "# References\n\n<!-- references:list -->\n"
DECIDES_STUB = "# How it decides\n\n<!-- how-it-decides:rules -->\n"


def _project(
    root: Path,
    pages: dict[str, str],
    *,
    section: str = "selection/#liver-reserve",
    nav: list[str] | None = None,
) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    defaults = {
        "index.md": "# Home\n\n## Scope {#scope}\n\nText.[^golse2017]\n",
        "selection.md": "# Selection\n\n## Liver reserve {#liver-reserve}\n\nText.\n",
        "references.md": REFERENCES_STUB,
        "how-it-decides.md": DECIDES_STUB,
    }
    for name, text in {**defaults, **pages}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (root / "fake_rules.py").write_text(FAKE_RULES.replace("SECTION", section))
    nav_yaml = ""
    if nav:
        nav_yaml = "nav:\n" + "".join(f"  - {p}\n" for p in nav)
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            site_name: Test
            site_url: http://127.0.0.1/
            theme: {name: mkdocs}
            validation: {anchors: warn, unrecognized_links: warn}
            markdown_extensions: [attr_list, footnotes, tables, admonition, toc]
            plugins:
              - guideline-references:
                  rules: fake_rules:describe
            """
        )
        + nav_yaml,
        encoding="utf-8",
    )
    return root


_build = build_project


def _soup(root: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")


def test_small_project_builds_with_footnotes_and_pages(tmp_path: Path) -> None:
    late = "# Late\n\nA late page.[^sadot2016]\n\n```\n[^not_a_key]\n```\n"
    root = _project(
        tmp_path,
        {"late.md": late},
        # References comes before the page that cites sadot2016: "cited on" must still
        # list it (pages are rendered before the late page is read).
        nav=["index.md", "selection.md", "references.md", "how-it-decides.md", "late.md"],
    )
    proc = _build(root)
    assert proc.returncode == 0, proc.stderr

    late_html = _soup(root, "late/index.html")
    note = late_html.find(id="fn:sadot2016")
    assert note is not None
    assert BIBLIOGRAPHY["sadot2016"].citation in note.get_text()
    assert "[^not_a_key]" in late_html.find("code").get_text()  # code left alone

    refs = _soup(root, "references/index.html")
    entry = refs.find(id="ref-sadot2016")
    assert entry is not None
    assert [a["href"] for a in entry.find_all("a")] == ["../late/"]
    golse = refs.find(id="ref-golse2017")
    assert [a["href"] for a in golse.find_all("a")] == [
        *(url for _label, url in BIBLIOGRAPHY["golse2017"].links),
        "../",
        "../how-it-decides/",
    ]
    for key in BIBLIOGRAPHY:
        assert refs.find(id=f"ref-{key}") is not None

    decides = _soup(root, "how-it-decides/index.html")
    text = decides.get_text()
    for expected in ("liver_reserve", "mdt_referral", "candidate", "9.9.9", "2025-01-31"):
        assert expected in text
    assert "Discuss | at MDT" in text  # the pipe did not split the table cell
    link = decides.find("a", string="Liver reserve")
    assert link is not None
    assert link["href"] == "../selection/#liver-reserve"
    assert decides.find(id="fn:kawaguchi2019") is not None


@pytest.mark.parametrize(
    ("pages", "section", "expected"),
    [
        (
            {"selection.md": "# Selection {#liver-reserve}\n\nA claim.[^nosuchkey2099]\n"},
            "selection/#liver-reserve",
            ["selection.md line 3", "[^nosuchkey2099]", "calc.bibliography"],
        ),
        (
            {"index.md": "# Home {#scope}\n\nClaim.[^golse2017]\n\n[^golse2017]: mine\n"},
            "selection/#liver-reserve",
            ["index.md line 5", "defines footnote [^golse2017]", "Delete the definition"],
        ),
        (
            {"references.md": "# References\n\nNo marker here.\n"},
            "selection/#liver-reserve",
            ["references.md must contain the marker", "<!-- references:list -->"],
        ),
        (
            {},
            "nowhere/#liver-reserve",
            ["section 'nowhere/#liver-reserve'", "nowhere.md"],
        ),
    ],
    ids=["unknown-key", "hand-written-definition", "missing-marker", "missing-section"],
)
def test_small_project_failures(
    tmp_path: Path, pages: dict[str, str], section: str, expected: list[str]
) -> None:
    proc = _build(_project(tmp_path, pages, section=section))
    assert proc.returncode != 0, "the build should have failed"
    for fragment in expected:
        assert fragment in proc.stderr, proc.stderr


def test_small_project_fails_on_a_missing_anchor(tmp_path: Path) -> None:
    """A section whose page exists but whose anchor does not fails the strict build."""
    pages = {"selection.md": "# Selection\n\nNo anchors.\n"}
    proc = _build(_project(tmp_path, pages))
    assert proc.returncode != 0
    assert "liver-reserve" in proc.stderr
