"""MkDocs plugin ``case-check``: the in-browser case check.

- ``on_config``: checks the Pyodide runtime is installed; adds the stylesheet (hashed).
- ``on_files``: publishes the runtime folder (``calc`` is inside its standard library zip)
  and the scripts (every
  ``assets/*.mjs``; see ``modules.py``), all under ``<assets_dir>/`` with content hashes
  in their names (cacheable for a year).
- ``on_page_markdown`` / ``on_page_content``: on the case-check page only, the criteria
  checklist (Markdown, so MkDocs validates its links) and the form (HTML from the schema)
  replace their markers; the page script is added to that page alone, so guideline pages
  never load the Python runtime.
- ``on_post_page`` / ``on_post_template``: every page gets its Content Security Policy as
  a meta tag, with the hashes of the theme's inline scripts (see ``csp.py``).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..references.render import rules_keys
from . import bundle, csp, form, headstart, modules, runtime
from .config import CaseCheckConfig

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

ASSETS = Path(__file__).with_name("assets")
# The page's entry module and the worker (every other module is imported by these).
ENTRY = "case-check.mjs"
WORKER = "worker.mjs"
STYLESHEET = "case-check.css"
CRITERIA_ANCHOR = "case-check-criteria"


def _dir_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


@dataclass
class _Build:
    """What one build publishes (site-root-relative paths) and what the page needs."""

    fields: list[form.Field]
    description: dict[str, Any]
    examples: list[form.Example]
    references: dict[str, dict[str, object]]
    preload: list[str]  # the page script's modules (site-root-relative), fetched at once
    runtime: runtime.Runtime
    worker: str
    script: str
    runtime_dir: str
    rules_hash: str
    start: str
    boot: str
    search_hold: str
    case_url: str


class CaseCheckPlugin(BasePlugin[CaseCheckConfig]):
    def __init__(self) -> None:
        self._build: _Build | None = None
        self._runtime: runtime.Runtime | None = None
        self._css: tuple[str, bytes] | None = None

    # -- configuration ------------------------------------------------------------------

    def _pyodide_dir(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.pyodide_dir).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        # Fails with "run make setup" when npm ci has not run (missing node_modules/pyodide).
        package_dir = Path(self._import_package().__file__ or "").parent
        self._runtime = runtime.site_runtime(
            self._pyodide_dir(config),
            package_dir,
            self._trace_inputs(),
            memory_snapshot=self.config.memory_snapshot,
        )
        css = (ASSETS / STYLESHEET).read_bytes()
        name = f"{self.config.assets_dir}/{modules.hashed_name('case-check', '.css', css)}"
        self._css = (name, css)
        # Small and needed at once after an instant navigation, so it is on every page
        # (unlike the script and the runtime, which only the case-check page loads).
        if name not in config.extra_css:
            config.extra_css.append(name)
        return config

    # -- published files ----------------------------------------------------------------

    def _import_package(self) -> ModuleType:
        name = self.config.package
        try:
            return importlib.import_module(name)
        except Exception as exc:
            raise PluginError(f"case-check: cannot import {name!r}: {exc}") from exc

    def _resolve(self, option: str) -> Any:
        """The object an option names as ``"module:attribute"`` (``pkgutil.resolve_name``)."""
        target = getattr(self.config, option)
        try:
            return pkgutil.resolve_name(target)
        except Exception as exc:
            raise PluginError(f"case-check: {option} {target!r}: {exc}") from exc

    def _trace_inputs(self) -> list[Any]:
        make_inputs = self._resolve("trace_inputs")
        target = self.config.trace_inputs
        try:
            inputs = make_inputs()
        except Exception as exc:
            raise PluginError(f"case-check: trace_inputs {target!r}: {exc}") from exc
        if not isinstance(inputs, list) or not inputs:
            raise PluginError(f"case-check: trace_inputs {target!r} gave no inputs")
        return inputs

    def _references(self, description: dict[str, Any]) -> dict[str, dict[str, object]]:
        """Full citation and links of every publication the rules cite (for the printout)."""
        bibliography = self._resolve("bibliography")
        target = self.config.bibliography
        out: dict[str, dict[str, object]] = {}
        for key in rules_keys(description):
            ref = bibliography.get(key)
            if ref is None:
                raise PluginError(f"case-check: the rules cite {key!r}, not in {target}")
            out[key] = {"citation": ref.citation, "links": [list(link) for link in ref.links]}
        return out

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        assert self._runtime is not None
        assert self._css is not None
        case_file = files.get_file_from_path(self.config.page)
        if case_file is None:
            raise PluginError(f"case-check: the page {self.config.page!r} is not in docs_dir")
        pkg = self._import_package()
        try:
            fields = form.parse_schema(pkg.schema())
        except (AttributeError, form.SchemaError) as exc:
            raise PluginError(f"case-check: {self.config.package}.schema(): {exc}") from exc
        describe = getattr(pkg, "describe", None)
        if describe is None:
            raise PluginError(f"case-check: {self.config.package}.describe() is missing")
        description = describe()
        examples = form.menu_examples(getattr(pkg, "examples", list)())
        references = self._references(description)

        out = self.config.assets_dir.strip("/")
        add = files.append
        add(File.generated(config, self._css[0], content=self._css[1]))
        try:
            scripts = modules.publish_dir(ASSETS)
        except modules.ModuleError as exc:
            raise PluginError(f"case-check: {exc}") from exc
        published: dict[str, str] = {}
        for asset, (name, data) in scripts.items():
            published[asset] = f"{out}/{name}"
            add(File.generated(config, published[asset], content=data))
        # Classic scripts (not modules): the case-check page's head start, and the search
        # hold before the theme's bundle on every page.
        classic: dict[str, str] = {}
        for asset in (headstart.BOOT, headstart.SEARCH_HOLD):
            data = (ASSETS / asset).read_bytes()
            stem, suffix = asset.rsplit(".", 1)
            classic[asset] = f"{out}/{modules.hashed_name(stem, '.' + suffix, data)}"
            add(File.generated(config, classic[asset], content=data))
        package_dir = Path(pkg.__file__ or "").parent
        rt = self._runtime
        for name, src in rt.files.items():
            add(File.generated(config, f"{out}/{rt.folder}/{name}", abs_src_path=str(src)))
        self._build = _Build(
            fields=fields,
            description=description,
            examples=examples,
            references=references,
            runtime=rt,
            worker=published[WORKER],
            script=published[ENTRY],
            preload=[
                published[m]
                for m in modules.closure({a: (ASSETS / a).read_bytes() for a in scripts}, ENTRY)
            ],
            runtime_dir=f"{out}/{rt.folder}/",
            rules_hash=bundle.rules_digest(package_dir),
            start=published[headstart.START],
            boot=classic[headstart.BOOT],
            search_hold=classic[headstart.SEARCH_HOLD],
            case_url=case_file.url,
        )
        log.debug("case-check: runtime %s", rt.folder)
        return files

    # -- the case-check page ------------------------------------------------------------

    def _is_case_page(self, page: Page) -> bool:
        return self.config.enabled and page.file.src_uri == self.config.page

    # Before other plugins (default priority 0), so footnote or link rewriting sees the list.
    @event_priority(50)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        # The criteria list may appear on any page (the guideline's selection page too);
        # the case-check page must have it (the start-up failure message points there).
        marker = self.config.criteria_marker
        if marker not in markdown:
            if self._is_case_page(page):
                raise PluginError(f"case-check: {self.config.page} lacks the marker {marker}")
            return markdown
        if not self.config.enabled:
            return markdown
        assert self._build is not None
        depth = page.file.src_uri.count("/")
        return markdown.replace(marker, form.render_criteria(self._build.description, depth))

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self._is_case_page(page):
            return html
        assert self._build is not None
        b = self._build
        marker = self.config.form_marker
        if marker not in html:
            raise PluginError(f"case-check: {self.config.page} lacks the marker {marker}")
        if f'id="{CRITERIA_ANCHOR}"' not in html:
            raise PluginError(
                f"case-check: {self.config.page} needs a heading with id {CRITERIA_ANCHOR!r} "
                "(the start-up failure message points there)"
            )

        def rel(url: str) -> str:
            return get_relative_url(url, page.url)

        urls = form.FormUrls(
            worker=rel(b.worker),
            script=rel(b.script),
            runtime=_dir_url(rel(b.runtime_dir)),
            site_root=_dir_url(get_relative_url("", page.url)),
            options=b.runtime.options,
        )
        # The printout's stamp: a content hash of calc's sources and the bridge.
        rules_hash = b.rules_hash
        labels = {
            str(v["code"]): str(v["label"])
            for v in b.description.get("verdicts", [])
            if isinstance(v, dict) and "code" in v and "label" in v
        }
        statuses = {
            str(s["code"]): str(s["label"])
            for s in b.description.get("statuses", [])
            if isinstance(s, dict) and "code" in s and "label" in s
        }
        markup = form.render_form(
            b.fields,
            urls,
            criteria_anchor=CRITERIA_ANCHOR,
            rules_hash=rules_hash,
            verdict_labels=labels,
            status_labels=statuses,
            examples=b.examples,
            references=b.references,
            print_header=self._print_header(page, config, files),
        )
        # Every module the page script imports is fetched at once, not one level at a time.
        preload = "".join(f'<link rel="modulepreload" href="{rel(m)}">' for m in b.preload)
        script = f'{preload}<script type="module" src="{urls.script}"></script>'
        return html.replace(marker, markup + script, 1)

    def _print_header(self, page: Page, config: MkDocsConfig, files: Files) -> form.PrintHeader:
        """The guideline's name and address and the disclaimer, for the printout."""
        site = config.site_url or ""
        disclaimer = files.get_file_from_path(self.config.disclaimer_page)
        return form.PrintHeader(
            guideline=config.site_name,
            address=site + page.url,
            disclaimer=" ".join((config.copyright or "").split()),
            disclaimer_url=site + disclaimer.url if disclaimer is not None else "",
        )

    def _on_post_page_head_start(
        self, output: str, /, *, page: Page, config: MkDocsConfig
    ) -> str | None:
        """Every page: the engine's head start (``headstart.py``) in ``<head>``, and the
        search hold before the theme's bundle."""
        if not self.config.enabled or self._build is None:
            return output
        b = self._build

        def rel(url: str) -> str:
            return get_relative_url(url, page.url)

        on_case_page = self._is_case_page(page)
        markup = headstart.render(
            headstart.HeadStart(
                start=rel(b.start),
                boot=rel(b.boot),
                worker=rel(b.worker),
                runtime=_dir_url(rel(b.runtime_dir)),
                options=b.runtime.options,
                case_page=rel(b.case_url),
                on_case_page=on_case_page,
            )
        )
        output = headstart.insert(output, markup, before_stylesheets=on_case_page)
        hold = headstart.render_search_hold(rel(b.search_hold))
        held = headstart.insert_before_bundle(output, hold)
        if held is None:
            # A theme upgrade that renames its bundle would silently start the search
            # with the page again; say so (a strict build fails).
            log.warning("case-check: no theme bundle script on %s; search not held", page.url)
            return output
        return held

    # -- Content Security Policy on every page ------------------------------------------

    # Last, after any plugin that changes a page (the head start included): the hashes
    # cover the page's final inline scripts.
    @event_priority(-100)
    def _on_post_page_policy(
        self, output: str, /, *, page: Page, config: MkDocsConfig
    ) -> str | None:
        if not self.config.content_security_policy:
            return output
        wasm = self._is_case_page(page) and self.config.wasm_unsafe_eval
        try:
            return csp.add_policy(output, wasm=wasm)
        except csp.PolicyError as exc:
            raise PluginError(f"case-check: {page.file.src_uri}: {exc}") from exc

    # Two handlers of one event: the head start at the default priority, the policy last.
    on_post_page = CombinedEvent(_on_post_page_head_start, _on_post_page_policy)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        # The theme's own pages (404.html); not sitemap.xml.
        if not self.config.content_security_policy or not template_name.endswith(".html"):
            return output_content
        try:
            return csp.add_policy(output_content)
        except csp.PolicyError as exc:
            raise PluginError(f"case-check: {template_name}: {exc}") from exc

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # `mkdocs serve` reuses the plugin: recompute everything on the next build.
        self._build = None
