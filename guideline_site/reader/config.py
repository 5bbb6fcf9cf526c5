"""Typed configuration of the ``guideline-reader`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

#: The comment a page author writes where the decision pathway should appear.
PATHWAY_MARKER = "<!-- decision-pathway -->"

#: Built files never precached: the worker itself, the 404 page (served for unknown
#: addresses, not browsed), the compressed sitemap, source maps and dot-files.
DEFAULT_SW_EXCLUDE = ["sw.js", "404.html", "sitemap.xml.gz", "*.map", ".*", "*/.*"]


#: Built files cached on first use, not at install: the case-check runtime folder and the
#: engine's worker script (megabytes that guideline pages never load).
DEFAULT_SW_ON_DEMAND = [
    "assets/case-check/runtime-*",
    "assets/case-check/worker.*",
]


class ReaderConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the whole plugin off (no diagram, no service worker)."""

    pathway_marker = c.Type(str, default=PATHWAY_MARKER)
    """Replaced by the decision pathway wherever it appears in a page's HTML."""

    pathway_pages = c.ListOfItems(c.Type(str), default=["selection.md", "case-check.md"])
    """Pages expected to carry the marker; a missing marker is logged (see ``require_marker``)."""

    require_marker = c.Type(bool, default=False)
    """Fail the build when a page in ``pathway_pages`` exists without the marker."""

    service_worker = c.Type(bool, default=True)
    """Write ``sw.js`` (offline use after the first visit) and the script registering it."""

    cache_prefix = c.Type(str, default="guideline")
    """Workbox ``cacheId``: prefix of the precache's name (which also names the scope)."""

    runtime_cache = c.Type(str, default="case-check-runtime")
    """Cache Storage cache of the on-demand files; the case-check worker reads the same
    cache when the network fails (``RUNTIME_CACHE`` in ``casecheck/assets/worker.mjs``)."""

    node_modules = c.Type(str, default="node_modules")
    """npm install folder (relative to mkdocs.yml) holding the pinned ``workbox-build``."""

    sw_exclude = c.ListOfItems(c.Type(str), default=list(DEFAULT_SW_EXCLUDE))
    """Glob patterns (``fnmatch``, against paths relative to the site root) not precached."""

    sw_on_demand = c.ListOfItems(c.Type(str), default=list(DEFAULT_SW_ON_DEMAND))
    """Glob patterns (``fnmatch``; ``*`` also matches ``/``, so ``dir/*`` is a whole folder)
    of files cached on first use instead of at install: the case-check runtime, which only
    the case-check page loads (guideline pages must never download it). The case-check page
    asks the worker to cache the rest of this group once its engine is ready."""
