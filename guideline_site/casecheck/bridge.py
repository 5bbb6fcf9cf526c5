"""JSON bridge between the Web Worker and ``calc``: shipped in the bundle as a top-level module.

The worker calls :func:`evaluate_json` (and :func:`what_would_change_json`) with a JSON
string and gets a JSON string back, so no Python objects (proxies) cross into JavaScript
and a ``calc.CaseError`` travels as data (``CaseError.errors``), which a JavaScript
``PythonError`` could not carry. No clinical logic: every decision is ``calc``'s. Only
the standard library's ``json`` is imported here, so a trimmed runtime needs nothing
extra for the error paths.
"""

from __future__ import annotations

import json
from typing import Any

import calc


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


def evaluate_json(case_json: str) -> str:
    """``{"ok": true, "result"}`` or ``{"ok": false, "error": {"kind": "case"|"internal"}}``."""
    try:
        case = json.loads(case_json)
        result = calc.evaluate(case)
        return _dump({"ok": True, "result": result})
    except calc.CaseError as exc:
        return _dump({"ok": False, "error": {"kind": "case", "errors": list(exc.errors)}})
    except Exception as exc:  # reported as data, never swallowed
        message = f"{type(exc).__name__}: {exc}"
        return _dump({"ok": False, "error": {"kind": "internal", "message": message}})


def what_would_change_json(case_json: str) -> str:
    """``calc.what_would_change`` as ``{"ok": true, "result": [...]}``; errors as data, as above."""
    try:
        case = json.loads(case_json)
        result = calc.what_would_change(case)
        return _dump({"ok": True, "result": result})
    except calc.CaseError as exc:
        return _dump({"ok": False, "error": {"kind": "case", "errors": list(exc.errors)}})
    except Exception as exc:  # reported as data, never swallowed
        message = f"{type(exc).__name__}: {exc}"
        return _dump({"ok": False, "error": {"kind": "internal", "message": message}})


def info_json() -> str:
    """Versions, for the ping answer and the printout stamp."""
    return _dump(
        {
            "version": getattr(calc, "__version__", None),
            "guideline_reviewed": getattr(calc, "GUIDELINE_REVIEWED", None),
        }
    )
