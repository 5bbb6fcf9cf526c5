"""MkDocs plugin ``guideline-editorial``: graded recommendations and review dates.

- Grades: in every page, the grade line that opens a ``!!! recommendation`` admonition is
  replaced by its label (strength and certainty, as text, linking to the method page),
  rendered from the one table in ``grades.py``; a missing or unknown grade fails the
  build with the page, the line and the allowed values. The method page's marker is
  replaced by the same table, so the page and the labels cannot disagree.
- Dates: every page shows "Last reviewed" under its title, from its front matter or the
  site-wide default in ``mkdocs.yml`` ``extra``; the literature page (About) also shows
  the date of the last literature check, one value in ``extra``. Markers print either
  date inside a page's text. An invalid date fails the build.

No clinical logic lives here: which grade a recommendation gets is written on its page.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from . import dates, grades
from .config import EditorialPluginConfig

PLUGIN = "guideline-editorial"
ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/editorial/editorial.css"
ASSET_URIS = (CSS_URI, "assets/editorial/recommendation.svg")
REQUIRED_EXTENSIONS = ("admonition", "attr_list")


def method_link(from_src: str, method_src: str, anchor: str) -> str:
    """The Markdown link target of the method page from page ``from_src`` (both source
    paths): relative, so MkDocs resolves it for any ``site_url`` path and checks it."""
    target = posixpath.relpath(method_src, posixpath.dirname(from_src) or ".")
    return f"{target}#{anchor}" if anchor else target


class EditorialPlugin(BasePlugin[EditorialPluginConfig]):
    """Grade labels on recommendations; last-reviewed and literature-check dates."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        # Per-build state; reset around every build so `mkdocs serve` starts afresh.
        self.default_reviewed: dt.date | None = None
        self.literature_checked: dt.date | None = None
        self.reviewed: dict[str, dt.date] = {}  # src_uri -> the date shown
        self.recommendations: dict[str, list[grades.Recommendation]] = {}

    # -- configuration -----------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return config
        missing = [e for e in REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        if missing:
            raise PluginError(
                f"{PLUGIN}: the Markdown extension(s) {', '.join(missing)} are not enabled "
                "(recommendations are admonitions, and their labels carry attr_list classes); "
                "add them to markdown_extensions in mkdocs.yml."
            )
        extra = config.extra
        key = self.config.reviewed_key
        if extra.get(key) is not None:
            self.default_reviewed = self._date(extra[key], f"mkdocs.yml extra.{key}")
        lit = self.config.literature_key
        if extra.get(lit) is None:
            raise PluginError(
                f"{PLUGIN}: mkdocs.yml has no extra.{lit}; add the date of the last "
                f"literature check under extra:, e.g. '{lit}: 2026-11-30'."
            )
        self.literature_checked = self._date(extra[lit], f"mkdocs.yml extra.{lit}")
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    @staticmethod
    def _date(value: object, where: str) -> dt.date:
        try:
            return dates.parse_date(value)
        except ValueError as exc:
            raise PluginError(f"{PLUGIN}: {where}: {exc}.") from None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        method = files.get_file_from_path(self.config.method_page)
        if method is None or not method.is_documentation_page():
            raise PluginError(
                f"{PLUGIN}: the method page {self.config.method_page} is missing from "
                f"{config.docs_dir}; every grade label links to it. Create it with the "
                f"marker {self.config.labels_marker!r} under a heading with the id "
                f"'{self.config.method_anchor}' (or change the option 'method_page')."
            )
        literature = files.get_file_from_path(self.config.literature_page)
        if literature is None or not literature.is_documentation_page():
            raise PluginError(
                f"{PLUGIN}: the page {self.config.literature_page}, which states the date of "
                f"the last literature check, is missing from {config.docs_dir}; create it or "
                "change the option 'literature_page'."
            )
        for uri in ASSET_URIS:
            if files.get_file_from_path(uri) is None:
                source = ASSETS / uri.removeprefix("assets/")
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        return files

    # -- page Markdown: grade labels, the label table, date markers ---------------------

    # First of all plugins, so that grade errors point at the lines the author wrote.
    @event_priority(60)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        src = page.file.src_uri
        reviewed = self._reviewed(page)
        self.reviewed[src] = reviewed
        offset = _front_matter_lines(page, markdown)
        href = method_link(src, self.config.method_page, self.config.method_anchor)
        try:
            markdown, found = grades.apply_labels(markdown, href)
        except grades.GradeError as exc:
            where = "; ".join(f"{src} line {p.line + offset}: {p.message}" for p in exc.problems)
            raise PluginError(f"{PLUGIN}: {where}.") from None
        self.recommendations[src] = found
        if src == self.config.method_page:
            marker = self.config.labels_marker
            if markdown.count(marker) != 1:
                raise PluginError(
                    f"{PLUGIN}: {src} must contain the marker {marker!r} exactly once, on a "
                    f"line of its own, where the table of labels goes (found "
                    f"{markdown.count(marker)})."
                )
            markdown = markdown.replace(marker, grades.labels_table())
        assert self.literature_checked is not None
        markdown = markdown.replace(self.config.reviewed_marker, dates.time_html(reviewed))
        return markdown.replace(
            self.config.literature_marker, dates.time_html(self.literature_checked)
        )

    def _reviewed(self, page: Page) -> dt.date:
        key = self.config.reviewed_key
        src = page.file.src_uri
        if page.meta.get(key) is not None:
            return self._date(page.meta[key], f"{src} front matter '{key}'")
        unread = _unread_front_matter_value(page.file.content_string, key)
        if unread is not None:  # YAML refused the block (e.g. month 13): MkDocs ignored it
            return self._date(unread, f"{src} front matter '{key}' (the block was not read)")
        if self.default_reviewed is None:
            raise PluginError(
                f"{PLUGIN}: {src} has no '{key}' date; add '{key}: YYYY-MM-DD' to its front "
                f"matter, or a site-wide default under extra: in mkdocs.yml ('{key}: "
                "YYYY-MM-DD')."
            )
        return self.default_reviewed

    # -- page HTML: the date line under the title ---------------------------------------

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        src = page.file.src_uri
        literature = self.literature_checked if src == self.config.literature_page else None
        stamp = dates.stamp_html(self.reviewed[src], literature)
        return dates.insert_after_title(html, stamp)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._reset()

    def on_build_error(self, *, error: Exception) -> None:
        self._reset()


def _unread_front_matter_value(source: str, key: str) -> str | None:
    """The raw ``key:`` value of a front-matter block that MkDocs could not parse (it then
    drops the whole block silently and renders it as text), or None."""
    block = meta.YAML_RE.match(source)
    if block is None:
        return None
    found = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$", block.group(1), re.M)
    return found.group("value").strip("'\"") if found else None


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many source lines (front matter) precede ``markdown`` in the page's file, so that
    errors give the line number an editor shows; 0 if another plugin changed the text."""
    source = page.file.content_string
    if not markdown or not source.endswith(markdown):
        return 0
    return source[: len(source) - len(markdown)].count("\n")
