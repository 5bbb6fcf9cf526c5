"""The engine's head start: a script tag in every page's ``<head>``.

The theme's bundle and search worker take the first ~0.7 s of a cold load on two cores;
the case check's worker used to be created only after them. Script *files* only (no
inline script: the site's Content Security Policy allows ``script-src 'self'``):

* the case-check page gets a classic script before the stylesheets of its ``<head>``,
  ``engine-boot.js``: it runs before the theme's bundle (an async module could lose that
  race, measured) and without waiting for the stylesheets, creates the worker at once; the
  page script then adopts the running worker (``getEngine`` in ``engine.mjs``: one
  worker, one set of handlers);
* every other page gets an async module, ``engine-start.mjs``, which does nothing
  until the page has loaded and the browser is idle, then starts the engine only for a
  returning reader (runtime already in the reader's cache), at once or on intent
  (pointer or focus on a link to the case check), so the case check is ready when
  opened by instant navigation; never for a first-time reader, nor with Save-Data or
  ``prefers-reduced-data``. It never blocks rendering; it goes at the end of ``<head>``.

The configuration travels as data attributes of the script element, URLs relative to
the page.

Every page also gets ``search-hold.js``, a classic script just before the theme's bundle
(the last moment before the bundle creates the search worker and downloads the search
index): the search waits until the reader goes to the search box, or until
``SEARCH_QUIET_MS`` after load, at idle, and, where the case check's engine is loading
then, until as long after it has started (the index's parse and hand-over to the worker
were the theme's second long task after a guideline page's first paint; measured with
Lighthouse, README).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

#: Published script names (``assets/`` in this package) used here.
START = "engine-start.mjs"
BOOT = "engine-boot.js"
SEARCH_HOLD = "search-hold.js"
#: The theme's search starts this long after load (at idle), and as long after a loading
#: engine has started, unless the reader goes to the search box first.
SEARCH_QUIET_MS = 10_000
SCRIPT_ID = "case-check-start"

_STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet\b", re.IGNORECASE)
# The theme's bundle (Material: assets/javascripts/bundle.<hash>.min.js).
_THEME_BUNDLE = re.compile(
    r"<script\b[^>]*\bsrc=[\"']?[^\"'>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HeadStart:
    start: str  # engine-start.<hash>.mjs, relative to the page
    boot: str  # engine-boot.<hash>.js
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
        "id": SCRIPT_ID,
        "src": h.boot if h.on_case_page else h.start,
        "data-worker-url": h.worker,
        "data-runtime-url": h.runtime,
        "data-pyodide-options": json.dumps(h.options, separators=(",", ":"), sort_keys=True),
        "data-case-page": h.case_page,
    }
    if h.on_case_page:
        return f"<script {_attrs(data)}></script>"
    # No modulepreload here: nothing on a guideline page waits for this script, and
    # preloads would compete with the page's own CSS and bundle for the first paint.
    return f'<script type="module" async {_attrs(data)}></script>'


def insert(page_html: str, markup: str, *, before_stylesheets: bool = False) -> str:
    """``markup`` just before the first ``</head>`` (unchanged if there is none), or, with
    ``before_stylesheets``, before the head's first stylesheet link.

    A classic script after the stylesheets waits until they have loaded; before them it runs
    as soon as it has arrived (the case-check page's worker is created about 65 ms sooner on
    a cold load, measured).
    """
    at = page_html.find("</head>")
    if at < 0:
        return page_html
    if before_stylesheets:
        link = _STYLESHEET.search(page_html, 0, at)
        if link:
            at = link.start()
    return page_html[:at] + markup + page_html[at:]


def render_search_hold(src: str) -> str:
    """The search hold's tag."""
    attrs = {"src": src, "data-release-after-load-ms": str(SEARCH_QUIET_MS)}
    return f"<script {_attrs(attrs)}></script>"


def insert_before_bundle(page_html: str, markup: str) -> str | None:
    """``markup`` just before the theme's bundle script; None if the page has none."""
    bundle = _THEME_BUNDLE.search(page_html)
    if bundle is None:
        return None
    return page_html[: bundle.start()] + markup + page_html[bundle.start() :]
