"""The ``guideline-references`` MkDocs plugin: footnotes, References, rules page."""
