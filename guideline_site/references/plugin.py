"""MkDocs plugin: footnote texts, the References page and "How the case check decides".

Authors cite by key (``[^sadot2016]``) and never write footnote definitions. The plugin

- appends ``[^key]: citation + links`` to every page for each key it cites, and fails
  the build on an unknown key or a hand-written definition;
- fills the References page stub (at its marker comment) with every bibliography entry,
  anchored ``#ref-<key>``, with DOI / PubMed links and the pages that cite it;
- fills the "How the case check decides" stub from ``calc.describe()``.

The "cited on" lists must be complete although the References page is rendered before
some of the pages that cite it, so every page's source is read once in ``on_nav`` (before
any page is rendered); ``on_env`` then checks that the pages as rendered cite exactly
what that pre-scan found. No clinical logic lives here.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from . import render
from .config import ReferencesPluginConfig
from .scan import ScanResult, scan

log = logging.getLogger("mkdocs.plugins.guideline_references")

PLUGIN = "guideline-references"


def load_object(spec: str, option: str) -> object:
    """Import ``"package.module:attribute"``."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise PluginError(
            f"{PLUGIN}: option '{option}' is {spec!r}; write it as 'module:attribute', "
            "e.g. 'calc:describe'."
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PluginError(
            f"{PLUGIN}: cannot import {module_name!r} for option '{option}' ({exc}). "
            "Install the project into the virtual environment (make setup) or fix the option."
        ) from exc
    try:
        return cast(object, getattr(module, attr))
    except AttributeError:
        raise PluginError(
            f"{PLUGIN}: {module_name!r} has no attribute {attr!r} (option '{option}'). "
            f"Add it to {module_name} or point the option at the right name."
        ) from None


class ReferencesPlugin(BasePlugin[ReferencesPluginConfig]):
    """Bibliography-driven footnotes and generated reference / rules pages."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        # All per-build state lives here; reset before and after every build so that
        # `mkdocs serve` rebuilds never see the previous build's citations.
        self.bibliography: dict[str, render.Reference] = {}
        self.rules: dict[str, Any] | None = None
        self.decides_body: str | None = None
        self.prescan: dict[str, list[str]] = {}  # src_uri -> keys, from the sources
        self.rendered: dict[str, list[str]] = {}  # src_uri -> keys, as rendered
        self.titles: dict[str, str] = {}  # src_uri -> title (nav titles first)
        self.order: list[str] = []  # src_uris in nav order, then the rest

    # -- configuration -----------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return config
        if "footnotes" not in config.markdown_extensions:
            raise PluginError(
                f"{PLUGIN}: the 'footnotes' Markdown extension is not enabled; add "
                "'footnotes' to markdown_extensions in mkdocs.yml."
            )
        if "attr_list" not in config.markdown_extensions:
            raise PluginError(
                f"{PLUGIN}: the 'attr_list' Markdown extension is not enabled (the "
                "References page anchors need it); add 'attr_list' to markdown_extensions."
            )
        self.bibliography = self._load_bibliography()
        return config

    def _load_bibliography(self) -> dict[str, render.Reference]:
        obj = load_object(self.config.bibliography, "bibliography")
        if not isinstance(obj, Mapping) or not obj:
            raise PluginError(
                f"{PLUGIN}: {self.config.bibliography} must be a non-empty dict of "
                "key -> reference."
            )
        allowed = set(self.config.allowed_link_hosts)
        problems: list[str] = []
        for key, ref in obj.items():
            if getattr(ref, "key", None) != key:
                problems.append(f"entry {key!r} has key {getattr(ref, 'key', None)!r}")
                continue
            try:
                citation, links = ref.citation, ref.links
            except AttributeError as exc:
                problems.append(f"entry {key!r}: {exc}")
                continue
            if not isinstance(citation, str) or not citation.strip():
                problems.append(f"entry {key!r} has no citation text")
            for _label, url in links:
                parts = urlsplit(url)
                if parts.scheme != "https" or parts.hostname not in allowed:
                    problems.append(
                        f"entry {key!r} links to {url}; only https links to "
                        f"{', '.join(sorted(allowed))} are allowed"
                    )
        if problems:
            raise PluginError(
                f"{PLUGIN}: fix the bibliography ({self.config.bibliography}): "
                + "; ".join(problems)
            )
        return cast(dict[str, render.Reference], dict(obj))

    def _load_rules(self) -> dict[str, Any]:
        describe = load_object(self.config.rules, "rules")
        if not callable(describe):
            raise PluginError(f"{PLUGIN}: {self.config.rules} is not callable.")
        try:
            return render.check_rules(describe(), self.bibliography)
        except render.RulesError as exc:
            raise PluginError(
                f"{PLUGIN}: {self.config.rules}() does not match the documented contract "
                f"(PLAN.md, 'calc public API'): {exc}. Fix calc, not the page."
            ) from exc

    # -- pre-scan: every page's citations before any page is rendered -------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        for option in ("references_page", "decides_page"):
            src = getattr(self.config, option)
            if files.get_file_from_path(src) is None:
                raise PluginError(
                    f"{PLUGIN}: {src} is missing from {config.docs_dir}; create the stub "
                    f"page with a title and the marker "
                    f"{getattr(self.config, option.replace('_page', '_marker'))!r} "
                    f"(or change the plugin option '{option}')."
                )
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled:
            return nav
        for page in nav.pages:
            src = page.file.src_uri
            self.order.append(src)
            if page.title:
                self.titles[src] = page.title
        self.rules = self._load_rules()
        decides_src = self.config.decides_page
        self.decides_body = render.decides_markdown(
            self.rules,
            lambda section: self._section_link(section, decides_src, files),
            self.config.scope_section,
        )
        for file in files.documentation_pages():
            src = file.src_uri
            if src not in self.order:
                self.order.append(src)
            source, _meta = meta.get_data(file.content_string)
            if src == decides_src:
                source = self._fill(source, decides_src, self.decides_body)
            result = self._check(scan(source), src)
            self.prescan[src] = result.keys
            self.titles.setdefault(src, _title_of(source, _meta, file))
        return nav

    def _section_link(self, section: str, from_src: str, files: Files) -> str:
        """A link from ``from_src`` to a calc section ("page/#anchor"); it must exist."""
        path, anchor = render.split_section(section)
        candidates = (
            ["index.md", "README.md"]
            if path in ("", "index")
            else [f"{path}.md", f"{path}/index.md", f"{path}/README.md"]
        )
        for candidate in candidates:
            file = files.get_file_from_path(candidate)
            if file is not None and file.is_documentation_page():
                return render.relative_link(from_src, file.src_uri, anchor)
        raise PluginError(
            f"{PLUGIN}: the rules name section {section!r}, but none of "
            f"{', '.join(candidates)} exists in docs/. Create the page (with the anchor "
            f"'{anchor}') or correct the section in calc."
        )

    def _check(self, result: ScanResult, src: str) -> ScanResult:
        if result.definitions:
            d = result.definitions[0]
            raise PluginError(
                f"{PLUGIN}: {src} line {d.line} defines footnote [^{d.key}]. Delete the "
                "definition: cite by key only; the footnote text comes from the bibliography."
            )
        for ref in result.references:
            if ref.key not in self.bibliography:
                raise PluginError(
                    f"{PLUGIN}: {src} line {ref.line} cites unknown key [^{ref.key}]. Use a "
                    f"key from {self.config.bibliography} or add the publication there "
                    "(with confirmed identifiers)."
                )
        return result

    def _fill(self, markdown: str, src: str, body: str) -> str:
        marker = (
            self.config.references_marker
            if src == self.config.references_page
            else self.config.decides_marker
        )
        if markdown.count(marker) != 1:
            raise PluginError(
                f"{PLUGIN}: {src} must contain the marker {marker!r} exactly once, on a "
                f"line of its own, where the generated content goes (found "
                f"{markdown.count(marker)})."
            )
        return markdown.replace(marker, body)

    # -- pages -------------------------------------------------------------------------

    # Late (low priority), so that citations added to the Markdown by other plugins are
    # still given their definitions and checked.
    @event_priority(-50)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        src = page.file.src_uri
        if src == self.config.references_page:
            markdown = self._fill(markdown, src, self._references_body())
        elif src == self.config.decides_page:
            assert self.decides_body is not None
            markdown = self._fill(markdown, src, self.decides_body)
        result = self._check(scan(markdown), src)
        keys = result.keys
        self.rendered[src] = keys
        if not keys:
            return markdown
        notes = "\n".join(render.footnote_definition(self.bibliography[k]) for k in keys)
        return f"{markdown.rstrip()}\n\n{notes}\n"

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        keys = self.rendered.get(page.file.src_uri, ())
        citations = {k: self.bibliography[k].citation for k in keys}
        return render.titled_footnote_refs(render.separate_adjacent_footnotes(html), citations)

    def _references_body(self) -> str:
        cited_on: dict[str, list[render.CitingPage]] = {}
        for src in self.order:
            for key in self.prescan.get(src, ()):
                cited_on.setdefault(key, []).append(render.CitingPage(src, self.titles[src]))
        return render.references_list(self.bibliography, cited_on, self.config.references_page)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if not self.config.enabled:
            return env
        # The References page was written from the pre-scan: it is right only if every
        # page, as rendered, cites what its source did.
        for src, keys in self.rendered.items():
            before = set(self.prescan.get(src, ()))
            if set(keys) != before:
                added = sorted(set(keys) - before)
                lost = sorted(before - set(keys))
                raise PluginError(
                    f"{PLUGIN}: {src} cites {added or 'nothing new'} (lost {lost or 'none'}) "
                    "only after its Markdown was changed by another plugin, so the "
                    "References page would be wrong. Write citations in the page source."
                )
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._reset()

    def on_build_error(self, *, error: Exception) -> None:
        self._reset()

    # -- helpers for tests and other tools ---------------------------------------------

    @property
    def cited_keys(self) -> set[str]:
        return {k for keys in self.prescan.values() for k in keys}


def _title_of(source: str, page_meta: Mapping[str, Any], file: File) -> str:
    """A page title without rendering it: front matter, first "# " heading, file name."""
    title = page_meta.get("title")
    if isinstance(title, str) and title:
        return title
    for line in source.splitlines():
        if line.startswith("# "):
            return line[2:].split("{", 1)[0].strip()
    return file.name.replace("-", " ").capitalize()


__all__ = ["ReferencesPlugin", "load_object"]
