"""The engine's head start: a few tags at the end of every page's ``<head>``.

The theme's bundle and search worker take the first ~0.7 s of a cold load on two cores;
the case check's worker used to be created only after them. So every page gets, in
``<head>``, an async module script *file* (no inline script: the site's Content Security
Policy allows ``script-src 'self'``), ``engine-start.mjs``, which

* on the case-check page creates the worker at once, before the theme's bundle runs, and
  holds back the theme's search worker until the engine is ready (or the reader opens
  the search box); the page script then adopts the running engine (``getEngine`` in
  ``engine.mjs`` returns the same one: one worker and one set of handlers);
* on a guideline page starts the engine only for a returning reader (runtime already in
  the reader's cache), at idle or on intent (pointer or focus on a link to the case
  check), so the case check is ready when opened by instant navigation; never for a
  first-time reader, nor with Save-Data or ``prefers-reduced-data``.

``modulepreload`` links fetch the start script and the engine bridge in parallel (one
round trip instead of two). The configuration travels as data attributes of the script
element, URLs relative to the page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

#: Published module names (``assets/*.mjs`` in this package) used here.
START = "engine-start.mjs"
ENGINE = "engine.mjs"
SCRIPT_ID = "case-check-start"


@dataclass(frozen=True)
class HeadStart:
    start: str  # engine-start.<hash>.mjs, relative to the page
    engine: str  # engine.<hash>.mjs
    worker: str  # worker.<hash>.mjs
    runtime: str  # runtime folder, with a trailing slash
    case_page: str  # the case-check page
    on_case_page: bool
    options: dict[str, object] = field(default_factory=dict)


def _attrs(attrs: dict[str, str]) -> str:
    return " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())


def render(h: HeadStart) -> str:
    """The tags for one page."""
    data = {
        "type": "module",
        "id": SCRIPT_ID,
        "src": h.start,
        "data-worker-url": h.worker,
        "data-runtime-url": h.runtime,
        "data-pyodide-options": json.dumps(h.options, separators=(",", ":"), sort_keys=True),
        "data-case-page": h.case_page,
        "data-role": "case-check" if h.on_case_page else "guideline",
    }
    tags = [
        f'<link rel="modulepreload" href="{html.escape(h.start, quote=True)}">',
        f'<link rel="modulepreload" href="{html.escape(h.engine, quote=True)}">',
        f"<script async {_attrs(data)}></script>",
    ]
    return "".join(tags)


def insert(page_html: str, markup: str) -> str:
    """``markup`` just before the first ``</head>`` (unchanged if there is none)."""
    at = page_html.find("</head>")
    if at < 0:
        return page_html
    return page_html[:at] + markup + page_html[at:]
