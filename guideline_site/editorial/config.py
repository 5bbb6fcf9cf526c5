"""Typed configuration of the ``guideline-editorial`` plugin.

Every option has a default that fits this project, so ``mkdocs.yml`` lists the plugin by
name only; the dates themselves live in ``mkdocs.yml`` ``extra:`` (see ``reviewed_key``
and ``literature_key``), where the theme's templates could read them too.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

#: Replaced, on the method page, by the table of every label and what it means.
LABELS_MARKER = "<!-- grading:labels -->"
#: Replaced, on any page, by that page's "last reviewed" date.
REVIEWED_MARKER = "<!-- guideline:reviewed -->"
#: Replaced, on any page, by the date of the last literature check.
LITERATURE_MARKER = "<!-- guideline:literature-checked -->"


class EditorialPluginConfig(Config):
    """Options of :class:`~guideline_site.editorial.plugin.EditorialPlugin`."""

    enabled = c.Type(bool, default=True)

    # Grading: every label links to this page (and anchor), which carries the label table.
    method_page = c.Type(str, default="grading.md")
    method_anchor = c.Type(str, default="what-the-labels-mean")
    labels_marker = c.Type(str, default=LABELS_MARKER)

    # Review dates: front-matter key of a page's date, and the same key in `extra` for the
    # site-wide default; the literature-check date in `extra`, shown under the title of
    # `literature_page` and wherever the marker is written.
    reviewed_key = c.Type(str, default="reviewed")
    literature_key = c.Type(str, default="literature_checked")
    literature_page = c.Type(str, default="about.md")
    reviewed_marker = c.Type(str, default=REVIEWED_MARKER)
    literature_marker = c.Type(str, default=LITERATURE_MARKER)
