"""MkDocs plugin ``guideline-reader``: decision pathway diagram and offline service worker.

- Decision pathway: every ``<!-- decision-pathway -->`` marker in a page is replaced by a
  diagram rendered from ``calc.describe()`` (see ``pathway.py``). Criterion links are made
  relative to the page, so the site works under a sub-path, and are handed to MkDocs'
  own anchor validation (``validation: anchors``).
- Offline use: after the build, ``sw.js`` is written at the site root with a versioned
  precache list of the built pages and small assets, and an on-demand list (the
  case-check runtime, cached when the case-check page uses it; see
  ``service_worker.py``); a small script added to ``extra_javascript`` registers it.

No clinical logic lives here: every clinical word comes from ``calc.describe()``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import ReaderConfig
from .pathway import LinkResolver, render_pathway
from .service_worker import SW_NAME, write_service_worker

log = logging.getLogger("mkdocs.plugins.guideline-reader")

ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/reader/pathway.css"
REGISTER_URI = "assets/reader/sw-register.js"
REQUIRED_KEYS = ("scope", "criteria", "verdicts", "recommendations")


def load_description() -> Mapping[str, Any]:
    """``calc.describe()``, checked for the keys the pathway needs."""
    try:
        calc = importlib.import_module("calc")
        describe = calc.describe
    except (ImportError, AttributeError) as exc:
        raise PluginError(
            f"guideline-reader: the decision pathway needs calc.describe() ({exc}). "
            "Remove the <!-- decision-pathway --> marker until calc provides it."
        ) from exc
    data = describe()
    missing = [key for key in REQUIRED_KEYS if not isinstance(data.get(key), list)]
    if missing:
        raise PluginError(
            f"guideline-reader: calc.describe() lacks list(s) {', '.join(missing)} "
            "(see the calc.describe() contract in the team plan)."
        )
    return dict(data)


def section_target(section: str) -> tuple[list[str], str]:
    """Candidate source paths and the anchor of a section such as ``selection/#liver-reserve``.

    Sections are site-root-relative page paths without ``.md``; ``index`` is the site root.
    """
    path, _, anchor = section.partition("#")
    path = path.strip("/")
    if path in ("", "index"):
        return ["index.md"], anchor
    if path.endswith("/index"):
        path = path[: -len("/index")]
    return [f"{path}.md", f"{path}/index.md"], anchor


class ReaderPlugin(BasePlugin[ReaderConfig]):
    def __init__(self) -> None:
        self._description: Mapping[str, Any] | None = None
        self._missing_marker: list[str] = []

    # -- configuration and assets -------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        # State is per build: `mkdocs serve` rebuilds with the same plugin instance.
        self._description = None
        self._missing_marker = []
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if self.config.service_worker and REGISTER_URI not in [
            str(script) for script in config.extra_javascript
        ]:
            config.extra_javascript.append(REGISTER_URI)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        uris = [CSS_URI, REGISTER_URI] if self.config.service_worker else [CSS_URI]
        for uri in uris:
            if files.get_file_from_path(uri) is None:
                source = ASSETS / uri.removeprefix("assets/")
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        return files

    # -- decision pathway ---------------------------------------------------------------

    def _describe(self) -> Mapping[str, Any]:
        if self._description is None:
            self._description = load_description()
        return self._description

    # Low priority: runs after plugins that may themselves write the marker into a page.
    @event_priority(-50)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        marker = self.config.pathway_marker
        src_uri = page.file.src_uri
        if marker not in html:
            if src_uri in self.config.pathway_pages:
                self._missing_marker.append(src_uri)
            return None
        parts = html.split(marker)
        out = [parts[0]]
        for n, rest in enumerate(parts[1:], start=1):
            prefix = "decision-pathway" if n == 1 else f"decision-pathway-{n}"
            linker = self._linker(page, files)
            out.append(render_pathway(self._describe(), linker, id_prefix=prefix))
            out.append(rest)
        return "".join(out)

    def _linker(self, page: Page, files: Files) -> LinkResolver:
        def link_for(section: str) -> str | None:
            candidates, anchor = section_target(section)
            target = next(
                (f for f in map(files.get_file_from_path, candidates) if f is not None), None
            )
            if target is None:
                log.warning(
                    f"Decision pathway on '{page.file.src_uri}': criterion section "
                    f"'{section}' names no page ({' or '.join(candidates)})."
                )
                return None
            if anchor:
                # Let MkDocs check the anchor like any Markdown link (validation: anchors).
                links = page.links_to_anchors
                if links is None:
                    links = page.links_to_anchors = {}
                links.setdefault(target, {})[anchor] = f"{section} (decision pathway)"
            if target is page.file:
                return f"#{anchor}" if anchor else "./"
            url = target.url_relative_to(page.file)
            return f"{url}#{anchor}" if anchor else url

        return link_for

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.config.enabled and self._missing_marker:
            message = (
                "Decision pathway: no "
                f"{self.config.pathway_marker} marker on {', '.join(self._missing_marker)}; "
                "add it where the diagram should appear."
            )
            if self.config.require_marker:
                raise PluginError(message)
            log.info(message)
        return env

    # -- offline use --------------------------------------------------------------------

    # Lowest priority: the precache list must see every file other plugins write into the
    # site in their own on_post_build (the Pyodide runtime, the calc bundle).
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not (self.config.enabled and self.config.service_worker):
            return
        precache = write_service_worker(
            Path(config.site_dir),
            prefix=self.config.cache_prefix,
            exclude=self.config.sw_exclude,
            unversioned=self.config.sw_unversioned,
            on_demand=self.config.sw_on_demand,
        )
        log.info(
            f"guideline-reader: {SW_NAME} version {precache.version}, "
            f"{len(precache.urls)} files precached, {len(precache.on_demand)} on demand"
        )
