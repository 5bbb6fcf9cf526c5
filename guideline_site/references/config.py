"""Typed configuration of the ``guideline-references`` plugin.

Every option has a default that fits this project, so ``mkdocs.yml`` lists the plugin
by name only. The options exist so that the plugin can be tested against a small
project with a fake rules description (``rules``) and a different page layout.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ReferencesPluginConfig(Config):
    """Options of :class:`~guideline_site.references.plugin.ReferencesPlugin`."""

    enabled = c.Type(bool, default=True)

    # Where the data comes from: "module:attribute" import paths.
    bibliography = c.Type(str, default="calc.bibliography:BIBLIOGRAPHY")
    rules = c.Type(str, default="calc:describe")

    # Generated pages: the stub in docs/ holds the marker comment that is replaced.
    references_page = c.Type(str, default="references.md")
    references_marker = c.Type(str, default="<!-- references:list -->")
    decides_page = c.Type(str, default="how-it-decides.md")
    decides_marker = c.Type(str, default="<!-- how-it-decides:rules -->")

    # Where the guideline explains the scope checks ("page/#anchor", as calc's sections).
    scope_section = c.Type(str, default="index/#scope")

    # Reference links may only point at these hosts (DOI resolver, PubMed, DailyMed).
    allowed_link_hosts = c.ListOfItems(
        c.Type(str),
        default=["doi.org", "pubmed.ncbi.nlm.nih.gov", "dailymed.nlm.nih.gov"],
    )
