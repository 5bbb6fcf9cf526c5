"""The ``guideline-editorial`` MkDocs plugin: grade labels on recommendations, review dates."""
