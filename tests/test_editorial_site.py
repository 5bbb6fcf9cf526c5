"""The built site: grade labels on every recommendation, the method and what's-new pages,
and the review dates (read from the HTML of the strict build, compared with the plugin's
table, the pages' front matter and ``mkdocs.yml``, never with values written here)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.utils import meta
from mkdocs.utils.yaml import yaml_load

import calc
from guideline_site.editorial import dates, grades
from guideline_site.editorial.config import EditorialPluginConfig

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OPTIONS = EditorialPluginConfig()
OPTIONS.load_dict({})
OPTIONS.validate()
METHOD = posixpath.splitext(OPTIONS.method_page)[0] + "/"  # "grading/"
WHATS_NEW = "whats-new/"
LITERATURE = posixpath.splitext(OPTIONS.literature_page)[0] + "/"  # "about/"
LABELS = {
    grades.parse_grade(f"{strength}, {certainty}").text
    for strength in grades.STRENGTHS
    for certainty in grades.CERTAINTIES
}


def _config() -> dict[str, object]:
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        return yaml_load(f)


def _extra_date(key: str) -> dt.date:
    extra = _config()["extra"]
    assert isinstance(extra, dict)
    return dates.parse_date(extra[key])


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every content page by its URL path ('' for the home page)."""
    out = {}
    for path in sorted(built_site.rglob("index.html")):
        rel = path.parent.relative_to(built_site).as_posix()
        if rel.startswith("assets"):
            continue
        out["" if rel == "." else rel + "/"] = BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
    return out


def _article(soup: BeautifulSoup) -> Tag:
    article = soup.find("article")
    assert isinstance(article, Tag)
    return article


def _resolve(base: str, href: str) -> tuple[str, str]:
    """A relative link from the page at ``base`` -> (page key, fragment)."""
    parts = urlsplit(href)
    assert not parts.netloc, f"absolute link {href}"
    assert not parts.scheme, f"absolute link {href}"
    path = posixpath.normpath(posixpath.join("/" + base, parts.path))
    return ("" if path == "/" else path.lstrip("/") + "/"), parts.fragment


def _recommendations(soup: BeautifulSoup) -> list[Tag]:
    return _article(soup).select(".admonition.recommendation, details.recommendation")


# --- grade labels ---------------------------------------------------------------------


def test_the_site_has_graded_recommendations(pages: dict[str, BeautifulSoup]) -> None:
    """The checks below are not vacuous: at least the method page's example is there."""
    assert _recommendations(pages[METHOD])
    assert sum(len(_recommendations(soup)) for soup in pages.values()) >= 1


def test_every_recommendation_carries_exactly_one_label(
    pages: dict[str, BeautifulSoup],
) -> None:
    problems = []
    for url, soup in pages.items():
        for n, box in enumerate(_recommendations(soup), start=1):
            where = f"{url or 'home'} recommendation {n}"
            labels = box.select(".gl-grade")
            if len(labels) != 1:
                problems.append(f"{where}: {len(labels)} labels")
                continue
            label = labels[0]
            title = box.find(class_="admonition-title") or box.find("summary")
            if label.find_previous_sibling() is not title:
                problems.append(f"{where}: the label is not the first line under the title")
            if label.get_text() not in LABELS:
                problems.append(f"{where}: label text {label.get_text()!r} is not from the table")
            link = label.find("a", class_="gl-grade__link")
            target = _resolve(url, link["href"]) if link is not None else None
            if target != (METHOD, OPTIONS.method_anchor):
                problems.append(f"{where}: label links to {target}, not the method page")
    assert not problems, "\n".join(problems)


def test_no_grade_line_is_left_as_text(pages: dict[str, BeautifulSoup]) -> None:
    pattern = re.compile(r"^\s*grade\s*:", re.IGNORECASE | re.MULTILINE)
    for url, soup in pages.items():
        for p in _article(soup).find_all("p"):
            assert not pattern.search(p.get_text()), f"{url}: {p.get_text()[:80]!r}"


def test_labels_appear_only_inside_recommendations(pages: dict[str, BeautifulSoup]) -> None:
    for url, soup in pages.items():
        for label in _article(soup).select(".gl-grade"):
            assert label.find_parent(class_="recommendation") is not None, url


# --- the method and what's-new pages --------------------------------------------------


def _nav_targets(url: str, soup: BeautifulSoup) -> dict[str, str]:
    """Primary navigation: page key -> link text."""
    out = {}
    for a in soup.select("nav.md-nav--primary a.md-nav__link[href]"):
        href = a["href"]
        if urlsplit(href).fragment or href.startswith("#"):
            continue
        out[_resolve(url, href)[0]] = " ".join(a.get_text().split())
    return out


@pytest.mark.parametrize(
    ("page", "title"),
    [(METHOD, "How recommendations are graded"), (WHATS_NEW, "What's new")],
)
def test_method_and_whats_new_pages_exist_and_are_in_the_nav(
    pages: dict[str, BeautifulSoup], page: str, title: str
) -> None:
    assert page in pages
    h1 = _article(pages[page]).find("h1")
    assert h1 is not None
    assert h1.get_text().rstrip("¶").strip() == title
    for url in ("", "selection/", page):
        assert _nav_targets(url, pages[url]).get(page) == title, f"not in the nav of {url!r}"


def test_method_page_table_is_the_plugin_table(pages: dict[str, BeautifulSoup]) -> None:
    article = _article(pages[METHOD])
    heading = article.find(id=OPTIONS.method_anchor)
    assert heading is not None
    table = heading.find_next("table")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    levels = [*grades.STRENGTHS.values(), *grades.CERTAINTIES.values()]
    assert rows == [[level.label, level.meaning] for level in levels]


def test_method_page_states_what_the_brief_asks(pages: dict[str, BeautifulSoup]) -> None:
    text = " ".join(_article(pages[METHOD]).get_text().split()).lower()
    for phrase in (
        "randomised trials start at high",
        "observational studies start at low",
        "selection",
        "colorectal",
        "imprecision",
        "inconsistency",
        "values and preferences",
        "this site's own assessment",
    ):
        assert phrase in text, phrase


def test_whats_new_is_dated_newest_first(pages: dict[str, BeautifulSoup]) -> None:
    article = _article(pages[WHATS_NEW])
    entries = article.find_all("h2")
    assert entries, "no dated entry"
    days = []
    for h2 in entries:
        day = dates.parse_date(h2["id"])  # the anchor is the ISO date
        assert h2.get_text().rstrip("¶").strip() == dates.long_date(day)
        days.append(day)
    assert days == sorted(days, reverse=True)
    assert len(set(days)) == len(days)


# --- review dates ---------------------------------------------------------------------


def _source_for(url: str) -> Path:
    if url == "":
        return DOCS / "index.md"
    stem = url.rstrip("/")
    for candidate in (DOCS / f"{stem}.md", DOCS / stem / "index.md"):
        if candidate.is_file():
            return candidate
    raise AssertionError(f"no source for {url}")


def test_every_page_shows_its_reviewed_date_under_the_title(
    pages: dict[str, BeautifulSoup],
) -> None:
    default = _extra_date(OPTIONS.reviewed_key)
    for url, soup in pages.items():
        article = _article(soup)
        stamps = article.select(".gl-reviewed")
        assert len(stamps) == 1, url
        stamp = stamps[0]
        h1 = stamp.find_previous_sibling()
        assert h1 is not None, f"{url}: nothing above the date"
        assert h1.name == "h1", f"{url}: not right under the title"
        _body, page_meta = meta.get_data(_source_for(url).read_text(encoding="utf-8"))
        expected = page_meta.get(OPTIONS.reviewed_key)
        expected = dates.parse_date(expected) if expected is not None else default
        time = stamp.find("time")
        assert time["datetime"] == expected.isoformat(), url
        assert time.get_text() == dates.long_date(expected)
        assert stamp.get_text().startswith(f"Last reviewed {dates.long_date(expected)}")


def test_about_states_the_literature_check_date(pages: dict[str, BeautifulSoup]) -> None:
    checked = _extra_date(OPTIONS.literature_key)
    article = _article(pages[LITERATURE])
    stamp = article.select_one(".gl-reviewed")
    assert f"Literature last checked {dates.long_date(checked)}" in stamp.get_text()
    assert [t["datetime"] for t in stamp.find_all("time")][-1] == checked.isoformat()


def test_editorial_stylesheet_and_icon_are_the_sites_own(
    built_site: Path, pages: dict[str, BeautifulSoup]
) -> None:
    css_path = built_site / "assets" / "editorial" / "editorial.css"
    css = css_path.read_text(encoding="utf-8")
    icons = re.findall(r"""url\(["']?([^"')]+)["']?\)""", css)
    assert icons
    for icon in icons:
        assert not urlsplit(icon).scheme, icon
        assert (css_path.parent / icon).is_file(), icon
    for url, soup in pages.items():
        hrefs = [
            posixpath.normpath(posixpath.join(url, urlsplit(link["href"]).path))
            for link in soup.select("link[rel=stylesheet]")
        ]
        assert "assets/editorial/editorial.css" in hrefs, url


def test_the_review_date_is_one_date() -> None:
    """The pages' default "last reviewed" date and the case check's stamp agree."""
    extra = _config()["extra"]
    assert isinstance(extra, dict)
    assert str(extra["reviewed"]) == calc.GUIDELINE_REVIEWED
