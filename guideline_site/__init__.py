"""Build-time MkDocs plugins for the guideline site: no clinical logic lives here."""
