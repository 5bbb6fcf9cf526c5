"""The built site: footnotes, the References page, the rules page and the footer.

Everything is read from the HTML of the strict build (``built_site``) and compared with
the bibliography and ``calc.describe()``, never with numbers written here.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

import calc
from calc.bibliography import BIBLIOGRAPHY

GUIDELINE_PAGES = [
    "index",
    "assessment",
    "selection",
    "systemic-therapy",
    "surgery",
    "follow-up",
    "pitfalls",
]
REFERENCE_HOSTS = {"doi.org", "pubmed.ncbi.nlm.nih.gov"}
LABEL_HOST = "dailymed.nlm.nih.gov"  # drug labels only (entries with a url)


def _html_path(site: Path, page: str) -> Path:
    return site / "index.html" if page == "index" else site / page / "index.html"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _article(soup: BeautifulSoup) -> Tag:
    article = soup.find("article")
    assert isinstance(article, Tag), "no <article> in page"
    return article


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every content page of the site by its URL path ('' for the home page)."""
    out = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if rel.startswith("assets"):
            continue
        out["" if rel == "." else rel + "/"] = _soup(path)
    return out


def _resolve(base: str, href: str) -> str:
    """A relative link from the page at ``base`` as a key of ``_pages`` ('x/' or '')."""
    path = posixpath.normpath(posixpath.join(base, urlsplit(href).path))
    return "" if path == "/" else path.lstrip("/") + "/"


def _footnote_keys(soup: BeautifulSoup) -> set[str]:
    return {
        a["href"].removeprefix("#fn:")
        for a in soup.select("a.footnote-ref")
        if a["href"].startswith("#fn:")
    }


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, BeautifulSoup]:
    return _pages(built_site)


@pytest.mark.parametrize("page", GUIDELINE_PAGES)
def test_guideline_page_has_resolving_footnotes(built_site: Path, page: str) -> None:
    soup = _soup(_html_path(built_site, page))
    refs = soup.select("a.footnote-ref")
    assert refs, f"{page}: no footnotes"
    for a in refs:
        href = a["href"]
        assert href.startswith("#fn:"), f"{page}: footnote {href} is not a bibliography key"
        key = href.removeprefix("#fn:")
        assert key in BIBLIOGRAPHY, f"{page}: footnote {key} is not in the bibliography"
        note = soup.find(id=f"fn:{key}")
        assert note is not None, f"{page}: footnote {key} has no text"
        assert BIBLIOGRAPHY[key].citation in " ".join(note.get_text().split())
        # The marker shows the same citation on hover (its title), without a script.
        assert a.get("title") == " ".join(BIBLIOGRAPHY[key].citation.split()), (page, key)
    # Every back-link from a note returns to a reference that exists.
    for back in soup.select("a.footnote-backref"):
        assert soup.find(id=back["href"].removeprefix("#")) is not None, back["href"]


def test_every_footnote_on_every_page_resolves(pages: dict[str, BeautifulSoup]) -> None:
    for url, soup in pages.items():
        for a in soup.select("a.footnote-ref"):
            key = a["href"].removeprefix("#fn:")
            assert key in BIBLIOGRAPHY, f"/{url}: footnote {a['href']} is not a bibliography key"
            assert soup.find(id=f"fn:{key}") is not None, f"/{url}: {key} has no note"


def test_every_bibliography_entry_is_cited(pages: dict[str, BeautifulSoup]) -> None:
    cited = set().union(*(_footnote_keys(s) for s in pages.values()))
    assert sorted(set(BIBLIOGRAPHY) - cited) == []


def _external_links(node: Tag) -> list[str]:
    return [a["href"] for a in node.find_all("a", href=True) if urlsplit(a["href"]).scheme]


def _check_reference_link(url: str, key: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme == "https", url
    if BIBLIOGRAPHY[key].url:  # a drug label: its DailyMed page
        assert parts.hostname in REFERENCE_HOSTS | {LABEL_HOST}, url
        if parts.hostname == LABEL_HOST:
            assert url == BIBLIOGRAPHY[key].url, url
    else:
        assert parts.hostname in REFERENCE_HOSTS, f"{key}: {url} is not doi.org or PubMed"
    if parts.hostname == "doi.org":
        assert BIBLIOGRAPHY[key].doi == unquote(parts.path.removeprefix("/")), url
    if parts.hostname == "pubmed.ncbi.nlm.nih.gov":
        assert parts.path == f"/{BIBLIOGRAPHY[key].pmid}/", url


def test_footnote_links_go_to_doi_pubmed_or_dailymed(pages: dict[str, BeautifulSoup]) -> None:
    seen = 0
    for soup in pages.values():
        for note in soup.select("div.footnote li[id^='fn:']"):
            key = note["id"].removeprefix("fn:")
            for url in _external_links(note):
                _check_reference_link(url, key)
                seen += 1
    assert seen, "no reference links found in any footnote"


def test_references_page_lists_every_entry_with_links_and_citing_pages(
    built_site: Path, pages: dict[str, BeautifulSoup]
) -> None:
    soup = pages["references/"]
    article = _article(soup)
    cited_on: dict[str, set[str]] = {}
    for url, page in pages.items():
        for key in _footnote_keys(page):
            cited_on.setdefault(key, set()).add(url)
    for key, ref in BIBLIOGRAPHY.items():
        entry = article.find(id=f"ref-{key}")
        assert entry is not None, f"References: no #ref-{key}"
        text = " ".join(entry.get_text().split())
        assert ref.citation in text
        links = _external_links(entry)
        assert links == [url for _label, url in ref.links]
        for url in links:
            _check_reference_link(url, key)
        # "Cited on" names exactly the pages whose footnotes cite the key.
        internal = {
            _resolve("/references/", a["href"])
            for a in entry.find_all("a", href=True)
            if not urlsplit(a["href"]).scheme
        }
        assert internal == cited_on.get(key, set()), f"{key}: cited on {sorted(internal)}"
        assert internal, f"{key} is not cited on any page"


def test_how_it_decides_shows_every_rule(pages: dict[str, BeautifulSoup]) -> None:
    rules = calc.describe()
    article = _article(pages["how-it-decides/"])
    text = " ".join(article.get_text().split())
    codes = {c.get_text() for c in article.find_all("code")}
    for criterion in rules["criteria"]:
        assert criterion["id"] in codes, criterion["id"]
        assert " ".join(criterion["met"].split()) in text
        link = article.find("a", string=criterion["label"])
        assert link is not None, criterion["label"]
        path, _, anchor = criterion["section"].partition("#")
        expected = "" if path.strip("/") in ("", "index") else path.strip("/") + "/"
        assert _resolve("/how-it-decides/", link["href"]) == expected, link["href"]
        assert urlsplit(link["href"]).fragment == anchor
    for group in ("scope", "recommendations", "systemic_therapy", "warnings"):
        for item in rules[group]:
            assert item["id"] in codes, f"{group}: {item['id']}"
    verdict_codes = [c.get_text() for c in article.select("ol code")]
    assert verdict_codes == [v["code"] for v in rules["verdicts"]]  # in evaluation order
    for decision in rules["decisions"]:
        assert " ".join(decision["decision"].split()) in text
    assert rules["version"] in text
    assert rules["guideline_reviewed"] in text
    cited = _footnote_keys(pages["how-it-decides/"])
    for group in ("scope", "criteria", "recommendations", "systemic_therapy", "warnings"):
        for item in rules[group]:
            assert set(item["refs"]) <= cited, item


@pytest.mark.parametrize("page", ["index", "selection", "references", "how-it-decides"])
def test_footer_disclaimer_link_resolves(built_site: Path, page: str) -> None:
    soup = _soup(_html_path(built_site, page))
    footer = soup.select_one(".md-copyright")
    assert footer is not None
    link = footer.find("a", string="disclaimer")
    assert link is not None, "no disclaimer link in the footer"
    base = "/" if page == "index" else f"/{page}/"
    target = _resolve(base, link["href"])
    assert target == "disclaimer/", link["href"]
    assert (built_site / target / "index.html").is_file()


def test_one_version_for_the_guideline_the_package_and_the_rules() -> None:
    """The About page, pyproject.toml and calc print the same version (a printout pairs the
    page's version with the rules' version)."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == calc.VERSION
    about = (root / "docs" / "about.md").read_text(encoding="utf-8")
    assert f"| Version | {calc.VERSION} " in about
    assert f"This is version {calc.VERSION}," in about
