"""Reader features built from ``calc.describe()``: the decision pathway and offline use.

The plugin holds no clinical logic: every label, rule and verdict in the pathway comes
from ``calc.describe()``; the service worker only lists and caches the built files.
"""
