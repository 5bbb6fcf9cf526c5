"""Review dates: parsing them from front matter and ``mkdocs.yml``, and showing them.

A page's "last reviewed" date comes from its front matter (``reviewed: 2026-11-30``) or,
when absent, from the site-wide default in ``mkdocs.yml`` (``extra: reviewed:``); the
date of the last literature check is one value in ``extra`` as well. YAML gives a
``datetime.date`` for a well-formed date and a string for anything else, so both are
accepted here and anything that is not a real calendar date is refused. Pure helpers.
"""

from __future__ import annotations

import datetime as dt
import html
import re

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: object) -> dt.date:
    """A ``YYYY-MM-DD`` date (string or YAML date); :class:`ValueError` says what is wrong."""
    if isinstance(value, dt.datetime):  # a subclass of date: refuse a time of day
        raise ValueError(f"{value.isoformat()!r} has a time; write the date only, YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a calendar date; write YYYY-MM-DD") from None
    raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-11-30")


def long_date(day: dt.date) -> str:
    """``30 November 2026`` (British order, independent of the build machine's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def time_html(day: dt.date) -> str:
    """``<time datetime="2026-11-30">30 November 2026</time>``."""
    return f'<time datetime="{day.isoformat()}">{html.escape(long_date(day))}</time>'


def stamp_html(reviewed: dt.date, literature_checked: dt.date | None = None) -> str:
    """The line shown under a page's title: last reviewed, and (About page) literature check."""
    parts = [f'<span class="gl-reviewed__item">Last reviewed {time_html(reviewed)}</span>']
    if literature_checked is not None:
        parts.append(
            '<span class="gl-reviewed__item">Literature last checked '
            f"{time_html(literature_checked)}</span>"
        )
    sep = '<span class="gl-reviewed__sep"> · </span>'
    return f'<p class="gl-reviewed">{sep.join(parts)}</p>'


_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)


def insert_after_title(page_html: str, snippet: str) -> str:
    """``snippet`` right after the page's first ``<h1>``; at the top when the content has
    none (the theme then writes the title above the content, so the snippet follows it)."""
    match = _H1_END.search(page_html)
    if match is None:
        return f"{snippet}\n{page_html}"
    return f"{page_html[: match.end()]}\n{snippet}{page_html[match.end() :]}"
