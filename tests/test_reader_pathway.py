"""The decision pathway (guideline-reader plugin): rendered from calc.describe(), linked,
with a text alternative; checked against a fake description and against the real one."""

from __future__ import annotations

import copy
import logging
import re
import textwrap
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from guideline_site.reader import plugin as reader_plugin
from guideline_site.reader.pathway import render_pathway, steps_by_verdict, summary_text
from guideline_site.reader.plugin import section_target

SECTIONS = {
    "performance_status": "selection/#performance-status",
    "complete_resection": "selection/#complete-resection",
    "extrahepatic_disease": "selection/#extrahepatic-disease",
    "liver_reserve": "selection/#liver-reserve",
    "systemic_response": "selection/#systemic-response",
    "disease_free_interval": "selection/#disease-free-interval",
}

FAKE: dict[str, Any] = {
    "version": "9.9.9",
    "guideline_reviewed": "2025-01-31",
    "scope": [
        {
            "id": "hormone_receptor",
            "label": "Hormone receptor-positive",
            "rule": "hormone_receptor is positive",
            "fails_to": "",
            "fails_to_verdict": "out_of_scope",
            "refs": [],
        },
        {
            "id": "single_metastasis",
            "label": "Exactly one liver metastasis",
            "rule": "liver_metastases is 1",
            "fails_to": "",
            "fails_to_verdict": "out_of_scope",
            "refs": [],
        },
    ],
    "statuses": [
        {"code": "met", "label": "Met", "meaning": "m"},
        {"code": "not_met", "label": "Not met", "meaning": "n"},
        {"code": "unknown", "label": "Not known", "meaning": "u"},
        {"code": "judgement", "label": "Team decision", "meaning": "j"},
    ],
    "criteria": [
        {
            "id": cid,
            "label": f"Label of {cid} <&>",
            "required": cid != "disease_free_interval",
            "met": f"{cid} met text",
            "not_met": f"{cid} not met text",
            "unknown": f"{cid} unknown text",
            "judgement": f"{cid} team text" if cid == "liver_reserve" else None,
            "refs": ["k"],
            "section": section,
        }
        for cid, section in SECTIONS.items()
    ],
    "verdicts": [
        {"code": "out_of_scope", "label": "Out of scope", "when": "a scope check failed"},
        {"code": "not_candidate", "label": "Not a candidate", "when": "a required one failed"},
        {"code": "needs_assessment", "label": "Needs assessment", "when": "one is unknown"},
        {"code": "candidate", "label": "Candidate", "when": "all required are met"},
    ],
    "recommendations": [
        {
            "id": "mdt_referral",
            "text": "Discuss at an MDT.",
            "trigger": "Every case in scope.",
            "when": {"verdicts": []},
        },
        {
            "id": "refer_resection",
            "text": "Refer for resection.",
            # The prose names no verdict code: only the structured trigger decides.
            "trigger": "In scope; a verdict.",
            "when": {"verdicts": ["candidate"]},
        },
        {
            "id": "assess_liver_reserve",
            "text": "Obtain volumetry.",
            "trigger": "verdict candidate (misleading prose on purpose)",
            "when": {"verdicts": ["needs_assessment"], "criteria": {"liver_reserve": ["unknown"]}},
        },
        {
            "id": "continue_systemic",
            "text": "Continue systemic therapy.",
            "trigger": "",
            "when": {"verdicts": ["not_candidate"]},
        },
    ],
    "systemic_therapy": [],
    "warnings": [],
    "decisions": [],
}


def link_to(page_url: str) -> Callable[[str], str]:
    """A resolver like the plugin's for a page at ``page_url`` (directory URLs)."""
    depth = page_url.count("/")

    def resolve(section: str) -> str:
        path, _, anchor = section.partition("#")
        if path == page_url:
            return f"#{anchor}"
        return "../" * depth + path + (f"#{anchor}" if anchor else "")

    return resolve


def figure(html: str) -> Any:
    found = BeautifulSoup(html, "html.parser").select_one("figure.gr-pathway")
    assert found is not None
    return found


# --- the renderer ----------------------------------------------------------------------


def test_every_scope_check_criterion_and_verdict_appears() -> None:
    fig = figure(render_pathway(FAKE, link_to("case-check/")))
    assert [li["data-scope"] for li in fig.select("[data-scope]")] == [
        "hormone_receptor",
        "single_metastasis",
    ]
    crits = fig.select("[data-criterion]")
    assert [li["data-criterion"] for li in crits] == list(SECTIONS)
    for li, crit in zip(crits, FAKE["criteria"], strict=True):
        text = li.get_text(" ")
        assert crit["label"] in text
        for key in ("met", "not_met", "unknown", "judgement"):
            if crit[key]:
                assert crit[key] in text
        assert ("Team decision" in text) is bool(crit["judgement"])
        assert ("Required" if crit["required"] else "Favourable") in text
    verdicts = fig.select("li[data-verdict]")
    assert [li["data-verdict"] for li in verdicts] == [v["code"] for v in FAKE["verdicts"]]
    for li, verdict in zip(verdicts, FAKE["verdicts"], strict=True):
        assert verdict["label"] in li.get_text(" ")
        assert verdict["when"] in li.get_text(" ")


def test_next_steps_follow_their_verdict() -> None:
    fig = figure(render_pathway(FAKE, link_to("case-check/")))
    steps = {
        li["data-verdict"]: [s["data-step"] for s in li.select("[data-step]")]
        for li in fig.select("li[data-verdict]")
    }
    assert steps == {
        "out_of_scope": [],
        "not_candidate": ["continue_systemic"],
        "needs_assessment": ["assess_liver_reserve"],
        "candidate": ["refer_resection"],
    }
    general = fig.select_one(".gr-pathway__box--general")
    assert general is not None
    assert [s["data-step"] for s in general.select("[data-step]")] == ["mdt_referral"]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ({"verdicts": ["candidate"]}, ["candidate"]),
        ({"verdicts": ["not_candidate"]}, ["not_candidate"]),
        ({"verdicts": ["candidate", "needs_assessment"]}, ["needs_assessment", "candidate"]),
        ({"verdicts": []}, []),
        ({}, []),
    ],
)
def test_steps_by_verdict_reads_the_structured_trigger(
    when: dict[str, Any], expected: list[str]
) -> None:
    rec = {"id": "x", "text": "t", "trigger": "verdict candidate not_candidate", "when": when}
    per_verdict, general = steps_by_verdict({**FAKE, "recommendations": [rec]})
    assert [code for code, recs in per_verdict.items() if recs] == expected
    assert bool(general) == (not expected)


def test_scope_failure_names_the_verdict_label() -> None:
    data = copy.deepcopy(FAKE)
    data["scope"][1]["fails_to"] = "2 or more is outside this guideline."
    fig = figure(render_pathway(data, link_to("case-check/")))
    fails = [
        " ".join(li.select_one(".gr-pathway__fail").get_text().split())
        for li in fig.select("[data-scope]")
    ]
    assert fails == [
        "If not: Out of scope",
        "If not: Out of scope (2 or more is outside this guideline.)",
    ]
    assert "out_of_scope" not in fig.get_text()


def test_criteria_link_relative_to_the_page() -> None:
    for page_url, prefix in (("case-check/", "../selection/"), ("selection/", "")):
        fig = figure(render_pathway(FAKE, link_to(page_url)))
        hrefs = [a["href"] for a in fig.select("[data-criterion] a")]
        assert hrefs == [prefix + "#" + s.partition("#")[2] for s in SECTIONS.values()]
        assert not any(h.startswith(("/", "http:", "https:")) for h in hrefs)


def test_unresolved_section_is_rendered_unlinked() -> None:
    fig = figure(render_pathway(FAKE, lambda section: None))
    assert fig.select("a") == []
    assert len(fig.select("[data-criterion]")) == len(SECTIONS)


def test_text_alternative_and_names() -> None:
    fig = figure(render_pathway(FAKE, link_to("case-check/")))
    title = fig.find(id=fig["aria-labelledby"])
    assert title is not None
    assert title.name == "figcaption"
    assert "Decision pathway" in title.get_text()
    assert "9.9.9" in title.get_text()
    summary = fig.find(id=fig["aria-describedby"])
    assert summary is not None
    text = summary.get_text()
    for verdict in FAKE["verdicts"]:
        assert verdict["label"] in text
    assert "5 required, 1 favourable" in text
    assert "met, not met, not known or team decision" in text
    # The diagram itself is an ordered list of stages (readable without CSS).
    flow = fig.select_one("ol.gr-pathway__flow")
    assert flow is not None
    assert len(flow.find_all("li", recursive=False)) == 3
    # No headings (they would upset the page outline and table of contents).
    assert fig.select("h1, h2, h3, h4, h5, h6") == []
    assert summary_text(FAKE) == text


def test_text_is_escaped_and_ids_are_prefixed() -> None:
    html = render_pathway(FAKE, link_to("case-check/"), id_prefix="decision-pathway-2")
    assert "<&>" not in html
    assert "&lt;&amp;&gt;" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert ids
    assert all(i.startswith("decision-pathway-2") for i in ids)


class _Balance(HTMLParser):
    VOID = frozenset({"br", "img", "hr", "input", "meta", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack
        assert self.stack.pop() == tag


def test_markup_is_balanced() -> None:
    parser = _Balance()
    parser.feed(render_pathway(FAKE, link_to("selection/")))
    assert parser.stack == []


def test_section_targets() -> None:
    assert section_target("selection/#liver-reserve") == (
        ["selection.md", "selection/index.md"],
        "liver-reserve",
    )
    assert section_target("index/#scope") == (["index.md"], "scope")
    assert section_target("#scope") == (["index.md"], "scope")
    assert section_target("guide/index/#x") == (["guide.md", "guide/index.md"], "x")


# --- the plugin in a small MkDocs project ------------------------------------------------


def _project(tmp_path: Path, pages: Mapping[str, str], **extra: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    options = "".join(f"{key}: {value}\n" for key, value in extra.items())
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            site_name: Test
            site_url: http://127.0.0.1:1/sub/path/
            theme:
              name: material
              font: false
            validation:
              anchors: warn
            plugins:
              - search
              - guideline-reader
            markdown_extensions: [attr_list, toc]
            """
        )
        + options,
        encoding="utf-8",
    )
    return tmp_path


SELECTION = "# Selection\n\n<!-- decision-pathway -->\n\n" + "".join(
    f"## {cid} {{#{section.partition('#')[2]}}}\n\ntext\n\n" for cid, section in SECTIONS.items()
)
CASE_CHECK = "# Case check\n\nIntro.\n\n<!-- decision-pathway -->\n\nMore.\n"
INDEX = "# Home\n\n## Scope {#scope}\n\nText.\n"


def _build(project: Path, monkeypatch: pytest.MonkeyPatch, data: Mapping[str, Any]) -> Path:
    monkeypatch.setattr(reader_plugin, "load_description", lambda: data)
    site = project / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    return site


def test_plugin_replaces_marker_with_relative_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = {"index.md": INDEX, "selection.md": SELECTION, "case-check.md": CASE_CHECK}
    site = _build(_project(tmp_path, pages), monkeypatch, FAKE)
    case = (site / "case-check" / "index.html").read_text(encoding="utf-8")
    assert "<!-- decision-pathway -->" not in case
    fig = figure(case)
    assert [a["href"] for a in fig.select("[data-criterion] a")] == [
        "../selection/#" + s.partition("#")[2] for s in SECTIONS.values()
    ]
    sel = figure((site / "selection" / "index.html").read_text(encoding="utf-8"))
    assert all(a["href"].startswith("#") for a in sel.select("[data-criterion] a"))
    # Stylesheet added to every page, from the plugin's own namespaced folder.
    assert (site / "assets" / "reader" / "pathway.css").is_file()
    assert 'href="../assets/reader/pathway.css"' in case


def test_plugin_without_directory_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {"index.md": INDEX, "selection.md": SELECTION, "case-check.md": CASE_CHECK}
    project = _project(tmp_path, pages, use_directory_urls="false")
    site = _build(project, monkeypatch, FAKE)
    fig = figure((site / "case-check.html").read_text(encoding="utf-8"))
    assert fig.select_one("[data-criterion] a")["href"] == "selection.html#performance-status"


def test_missing_anchor_fails_strict_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {
        "index.md": INDEX,
        "selection.md": SELECTION.replace("{#liver-reserve}", "{#elsewhere}"),
        "case-check.md": CASE_CHECK,
    }
    with pytest.raises(Abort):
        _build(_project(tmp_path, pages), monkeypatch, FAKE)


def test_missing_marker_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pages = {"index.md": INDEX, "selection.md": SELECTION, "case-check.md": "# Case check\n"}
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.guideline-reader"):
        _build(_project(tmp_path, pages), monkeypatch, FAKE)
    assert any("case-check.md" in r.getMessage() for r in caplog.records)


def test_missing_marker_can_be_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pages = {"index.md": INDEX, "selection.md": SELECTION, "case-check.md": "# Case check\n"}
    project = _project(tmp_path, pages)
    config_file = project / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text().replace(
            "  - guideline-reader\n", "  - guideline-reader:\n      require_marker: true\n"
        )
    )
    with pytest.raises(Abort):
        _build(project, monkeypatch, FAKE)
    assert any("case-check.md" in r.getMessage() for r in caplog.records)


def test_no_marker_no_describe_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> Mapping[str, Any]:
        raise AssertionError("describe() called without a marker")

    pages = {"index.md": INDEX}
    monkeypatch.setattr(reader_plugin, "load_description", fail)
    config = load_config(str(_project(tmp_path, pages) / "mkdocs.yml"), strict=True)
    build(config)


def test_incomplete_description_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import calc

    broken = copy.deepcopy(FAKE)
    del broken["verdicts"]
    monkeypatch.setattr(calc, "describe", lambda: broken, raising=False)
    with pytest.raises(PluginError, match="verdicts"):
        reader_plugin.load_description()


# --- the real calc.describe() --------------------------------------------------------------


@pytest.fixture(scope="module")
def real_description() -> Mapping[str, Any]:
    import calc

    if not hasattr(calc, "describe"):
        pytest.skip("calc.describe() does not exist yet")
    return reader_plugin.load_description()


def test_real_description_renders_completely(real_description: Mapping[str, Any]) -> None:
    fig = figure(render_pathway(real_description, link_to("case-check/")))
    assert [li["data-criterion"] for li in fig.select("[data-criterion]")] == [
        c["id"] for c in real_description["criteria"]
    ]
    assert [li["data-verdict"] for li in fig.select("li[data-verdict]")] == [
        v["code"] for v in real_description["verdicts"]
    ]
    hrefs = {a["href"] for a in fig.select("[data-criterion] a")}
    assert hrefs == {"../" + c["section"] for c in real_description["criteria"]}


def test_real_description_gives_each_in_scope_verdict_next_steps(
    real_description: Mapping[str, Any],
) -> None:
    per_verdict, general = steps_by_verdict(real_description)
    for code in ("candidate", "not_candidate", "needs_assessment"):
        assert per_verdict.get(code), f"no next step found for {code}"
    assert {"refer_resection"} <= {r["id"] for r in per_verdict["candidate"]}
    assert {"continue_systemic"} <= {r["id"] for r in per_verdict["not_candidate"]}
    assert all(str(r["id"]).startswith("assess_") for r in per_verdict["needs_assessment"])
    assert {"mdt_referral", "systemic_primary"} <= {r["id"] for r in general}


# --- the built site --------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["selection", "case-check"])
def test_built_pages_carry_the_pathway(built_site: Path, page: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    fig = figure(html)
    assert fig.select("[data-criterion]")
    for a in fig.select("[data-criterion] a"):
        href = a["href"]
        path, _, anchor = href.partition("#")
        target = (built_site / page / path / "index.html").resolve() if path else None
        target_html = target.read_text(encoding="utf-8") if target else html
        assert f'id="{anchor}"' in target_html, href
