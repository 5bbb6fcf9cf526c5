"""Where the engine's head start goes in a page (guideline_site/casecheck/headstart.py)."""

from __future__ import annotations

from guideline_site.casecheck.headstart import (
    SEARCH_QUIET_MS,
    insert,
    insert_before_bundle,
    render_search_hold,
)

PAGE = (
    '<html><head><meta charset="utf-8"><link rel="icon" href="i.png">'
    '<link rel="stylesheet" href="a.css"><link rel="stylesheet" href="b.css">'
    "</head><body></body></html>"
)
BUNDLE = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'


def test_end_of_head_by_default() -> None:
    assert insert(PAGE, "<x>") == PAGE.replace("</head>", "<x></head>")


def test_before_the_first_stylesheet_when_asked() -> None:
    out = insert(PAGE, "<x>", before_stylesheets=True)
    assert out == PAGE.replace(
        '<link rel="stylesheet" href="a.css">', '<x><link rel="stylesheet" href="a.css">'
    )


def test_end_of_head_when_the_head_has_no_stylesheet() -> None:
    page = (
        '<html><head><title>t</title></head><body><link rel="stylesheet" href="late.css">'
        "</body></html>"
    )
    assert insert(page, "<x>", before_stylesheets=True) == page.replace("</head>", "<x></head>")


def test_a_page_without_head_is_unchanged() -> None:
    assert insert("<p>no head</p>", "<x>", before_stylesheets=True) == "<p>no head</p>"


def test_search_hold_goes_just_before_the_theme_bundle() -> None:
    page = PAGE.replace("</body>", '<script src="x.js"></script>' + BUNDLE + "</body>")
    out = insert_before_bundle(page, "<hold>")
    assert out == page.replace(BUNDLE, "<hold>" + BUNDLE)


def test_no_theme_bundle_is_reported() -> None:
    assert insert_before_bundle(PAGE, "<hold>") is None
    other = PAGE.replace("</body>", '<script src="assets/javascripts/other.min.js"></script>')
    assert insert_before_bundle(other, "<hold>") is None


def test_the_search_hold_carries_its_delay() -> None:
    tag = render_search_hold("a/search-hold.0123.js")
    assert tag == (
        f'<script src="a/search-hold.0123.js" data-release-after-load-ms="{SEARCH_QUIET_MS}">'
        "</script>"
    )
