"""The Content Security Policy meta tag (guideline_site/casecheck/csp.py), without a browser."""

from __future__ import annotations

import base64
import hashlib

import pytest

from guideline_site.casecheck import csp

PAGE = """<!doctype html>
<html><head>
  <meta charset="utf-8">
  <script>var a = 1;</script>
  <script src="x.js"></script>
  <script type="module">import "./y.mjs";</script>
  <script id="__config" type="application/json">{"a": 1}</script>
  <script type='text/javascript'>var a = 1;</script>
</head><body><script>
var b = 2;
</script></body></html>"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hashes_cover_run_scripts_only_each_once() -> None:
    assert csp.inline_script_hashes(PAGE) == [
        _sha("var a = 1;"),
        _sha('import "./y.mjs";'),
        _sha("\nvar b = 2;\n"),  # the exact text, whitespace included
    ]


@pytest.mark.parametrize(
    ("attrs", "runs"),
    [
        ("", True),
        (' type="module"', True),
        (" type=text/javascript", True),
        (' type="application/json"', False),
        (' src="a.js"', False),
        (' type="text/plain"', False),
    ],
)
def test_which_scripts_run(attrs: str, runs: bool) -> None:
    assert csp.runs(attrs) is runs


def test_policy_first_in_head_after_the_charset() -> None:
    out = csp.add_policy(PAGE)
    head = out[out.index("<head>") :]
    assert head.index('<meta charset="utf-8">') < head.index("Content-Security-Policy")
    assert head.index("Content-Security-Policy") < head.index("<script")
    assert '<meta name="referrer" content="no-referrer">' in head
    policy = out.split('content="', 1)[1].split('"', 1)[0]
    assert policy == csp.policy(csp.inline_script_hashes(PAGE))
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "style-src 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_wasm_only_when_asked() -> None:
    assert "'wasm-unsafe-eval'" in csp.policy(wasm=True)
    assert "wasm" not in csp.policy()


def test_without_charset_right_after_head() -> None:
    out = csp.add_policy("<html><head><title>x</title></head></html>")
    assert out.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>no head</body></html>",
        '<html><head><meta http-equiv="Content-Security-Policy" content="x"></head></html>',
    ],
    ids=["no-head", "already-set"],
)
def test_refuses_what_it_cannot_secure(html: str) -> None:
    with pytest.raises(csp.PolicyError):
        csp.add_policy(html)
