"""JSON bridge between the Web Worker and ``calc``: shipped in the stdlib zip as a top-level module.

The worker calls :func:`evaluate_json` (and :func:`what_would_change_json`) with a JSON
string and gets a JSON string back, so no Python objects (proxies) cross into JavaScript
and a ``calc.CaseError`` travels as data (``CaseError.errors``), which a JavaScript
``PythonError`` could not carry. No clinical logic: every decision is ``calc``'s. Only
the standard library's ``json`` is imported here, so a trimmed runtime needs nothing
extra for the error paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import calc


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


def _call(fn: Callable[[Any], Any], case_json: str) -> str:
    """``{"ok": true, "result"}`` or ``{"ok": false, "error": {"kind": "case"|"internal"}}``."""
    try:
        return _dump({"ok": True, "result": fn(json.loads(case_json))})
    except calc.CaseError as exc:
        return _dump({"ok": False, "error": {"kind": "case", "errors": list(exc.errors)}})
    except Exception as exc:  # reported as data, never swallowed
        message = f"{type(exc).__name__}: {exc}"
        return _dump({"ok": False, "error": {"kind": "internal", "message": message}})


def evaluate_json(case_json: str) -> str:
    """``calc.evaluate`` on a JSON case; the reply as in :func:`_call`."""
    return _call(calc.evaluate, case_json)


def what_would_change_json(case_json: str) -> str:
    """``calc.what_would_change`` on a JSON case; the reply as in :func:`_call`."""
    return _call(calc.what_would_change, case_json)


def warm_up() -> str:
    """Take the request paths once, on ``calc``'s first example and on an empty case.

    Why: the runtime compiles each WebAssembly function the first time it runs, so the
    reader's first check paid for code running for the first time (a first round trip of
    about 13 ms against 3.5 ms for the next ones, measured). The worker calls this before
    it reports ready; no reader's data is involved, and the engine that makes the memory
    snapshot does not call it. Returns each reply's outcome ("ok" or the error's kind),
    space-separated: a string, like every answer of this bridge.
    """
    examples = calc.examples()
    cases = [json.dumps(examples[0]["case"])] if examples else []
    replies = [evaluate_json(c) for c in cases] + [what_would_change_json(c) for c in cases]
    replies.append(evaluate_json("{}"))  # the "not complete yet" answer of a form being filled
    return " ".join(
        "ok" if reply["ok"] else reply["error"]["kind"] for reply in map(json.loads, replies)
    )


def info_json() -> str:
    """Versions, for the ping answer and the printout stamp."""
    return _dump(
        {
            "version": getattr(calc, "__version__", None),
            "guideline_reviewed": getattr(calc, "GUIDELINE_REVIEWED", None),
        }
    )
