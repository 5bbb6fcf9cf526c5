"""The case-check plugin: ships the Pyodide runtime (calc in its stdlib zip), renders the form.

Nothing clinical lives here: the form comes from ``calc.schema()``, the criteria checklist
from ``calc.describe()``, and every verdict is computed by ``calc`` itself in the browser.
"""
