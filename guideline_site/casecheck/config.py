"""Typed configuration of the ``case-check`` plugin (``plugins: - case-check:`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CaseCheckConfig(Config):
    """Every option has a default that fits this project; all paths are explained inline."""

    enabled = c.Type(bool, default=True)
    # The page (docs-relative) whose markers are replaced by the form and the criteria list.
    page = c.Type(str, default="case-check.md")
    # Raw-HTML marker in that page, replaced by the form rendered from calc.schema().
    form_marker = c.Type(str, default="<!-- case-check-form -->")
    # Marker replaced by the criteria checklist rendered (as Markdown) from calc.describe().
    criteria_marker = c.Type(str, default="<!-- case-check-criteria -->")
    # Installed npm package with the Pyodide runtime, relative to mkdocs.yml (npm ci puts it here).
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    # Python package run in the browser (compiled into the runtime's standard library zip
    # by guideline_site.stdlib).
    package = c.Type(str, default="calc")
    # "module:function" returning the inputs whose run traces the modules the browser
    # runtime needs: the package's own examples, valid and invalid (never the test folder).
    trace_inputs = c.Type(str, default="calc.example_cases:trace_inputs")
    # "module:name" of the bibliography (key -> entry with .citation and .links): the
    # printout lists the full reference of every publication the rules cite.
    bibliography = c.Type(str, default="calc.bibliography:BIBLIOGRAPHY")
    # The page whose address the printout gives after the disclaimer (docs-relative).
    disclaimer_page = c.Type(str, default="disclaimer.md")
    # A Content Security Policy meta tag on every page (see csp.py and the README).
    content_security_policy = c.Type(bool, default=True)
    # Allow WebAssembly compilation on the case-check page itself ('wasm-unsafe-eval').
    # Off: the runtime compiles in its worker, which a page's meta policy does not govern.
    wasm_unsafe_eval = c.Type(bool, default=False)
    # Issue 11's optional lever: a memory snapshot of a booted interpreter (calc imported),
    # made by a second worker that never sees a case, kept in the reader's Cache Storage and
    # restored by later visits' engines, with a normal boot as the fallback on any error.
    # Off unless it is clearly faster (README).
    memory_snapshot = c.Type(bool, default=False)
    # Site folder for everything this plugin writes (namespaced: nothing else lives there).
    assets_dir = c.Type(str, default="assets/case-check")
