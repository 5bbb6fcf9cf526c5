"""Where the engine's head start goes in a page (guideline_site/casecheck/headstart.py)."""

from __future__ import annotations

from guideline_site.casecheck.headstart import insert

PAGE = (
    '<html><head><meta charset="utf-8"><link rel="icon" href="i.png">'
    '<link rel="stylesheet" href="a.css"><link rel="stylesheet" href="b.css">'
    "</head><body></body></html>"
)


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
