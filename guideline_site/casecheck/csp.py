"""Content Security Policy for every page, as a ``<meta http-equiv>`` (GitHub Pages sends no
headers), and a referrer policy, so outbound reference links reveal nothing.

Only the site's own files may run: ``script-src 'self'`` plus the SHA-256 hash of each
inline script the theme writes into that page (computed here, at build time, from the
page itself), never ``'unsafe-inline'`` or ``'unsafe-eval'``. Styles come from the site's
own stylesheets only (the theme writes no inline style; its scripts set styles through
the CSSOM, which a policy does not restrict). ``'wasm-unsafe-eval'`` is added only where
a page asks for it (the case-check plugin decides which). The policy is the first thing
in ``<head>``, so it governs everything after it.

What a meta policy cannot do is documented in the README: ``frame-ancestors``,
``report-uri`` / ``report-to`` and ``sandbox`` are ignored in a meta tag, and a worker
takes its policy from its own response headers, not from the page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

#: Inline ``<script>`` elements (no ``src``): their attributes and their exact text.
INLINE_SCRIPT = re.compile(
    r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
# Attribute names start after white space (so data-type= and data-src= are not them).
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
#: Script types a browser runs (anything else, e.g. application/json, is a data block).
RUNNABLE_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "application/ecmascript"}
)

META_CSP = "Content-Security-Policy"
REFERRER = '<meta name="referrer" content="no-referrer">'


def runs(attrs: str) -> bool:
    """Is a ``<script>`` with these attributes (and no ``src``) run by the browser?"""
    if _SRC.search(attrs):
        return False
    m = _TYPE.search(attrs)
    kind = next((g for g in m.groups() if g is not None), "") if m else ""
    return kind.strip().lower() in RUNNABLE_TYPES


def script_hash(body: str) -> str:
    """``'sha256-…'`` of an inline script's text, as the browser hashes it (UTF-8)."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    """The hash of every inline script the page runs, each once, in page order."""
    hashes = (script_hash(m["body"]) for m in INLINE_SCRIPT.finditer(html) if runs(m["attrs"]))
    return list(dict.fromkeys(hashes))


def policy(script_hashes: Iterable[str] = (), *, wasm: bool = False) -> str:
    """The policy text: the site's own origin only, plus the given inline-script hashes."""
    scripts = ["'self'", *script_hashes]
    if wasm:
        scripts.append("'wasm-unsafe-eval'")
    directives = {
        "default-src": ["'self'"],
        "script-src": scripts,
        "style-src": ["'self'"],
        # The theme's icons are data: URLs in its stylesheet (masks).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>", re.IGNORECASE)


class PolicyError(ValueError):
    """A page has no ``<head>``, or already sets a policy of its own."""


def add_policy(html: str, *, wasm: bool = False) -> str:
    """The page with its policy and the referrer policy first in ``<head>``.

    After ``<meta charset>`` when that opens the head (it must stay in the first bytes),
    otherwise right after ``<head>``; either way before any script or stylesheet.
    """
    if re.search(rf"http-equiv\s*=\s*[\"']?{META_CSP}", html, re.IGNORECASE):
        raise PolicyError("the page already sets a Content Security Policy")
    head = _HEAD.search(html)
    if head is None:
        raise PolicyError("the page has no <head>")
    at = head.end()
    charset = _CHARSET.match(html, at + len(html[at:]) - len(html[at:].lstrip()))
    if charset is not None:
        at = charset.end()
    meta = (
        f'<meta http-equiv="{META_CSP}" content="{policy(inline_script_hashes(html), wasm=wasm)}">'
        f"{REFERRER}"
    )
    return html[:at] + meta + html[at:]
