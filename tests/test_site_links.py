"""Internal links and anchors of the built site resolve: checked by ``linkchecker``.

linkchecker runs offline against the built site over HTTP on 127.0.0.1, with its
[AnchorCheck] plugin, starting from every HTML page (so pages no link reaches are checked
too) and following one level of links: every link and every ``#anchor`` on every page.
External URLs are left alone (no network).

The site is served here rather than by the shared ``site_server`` fixture because
linkchecker throttles each host to about 3 requests a second unless the server answers
with a ``LinkChecker`` header; with some 600 anchored links that would take minutes.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

BIN = Path(sys.executable).parent


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def end_headers(self) -> None:
        # linkchecker lifts its per-host rate limit for servers that send this header.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def checker_url(built_site: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    handler = functools.partial(_Handler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _config(base_url: str) -> str:
    return "\n".join(
        [
            "[checking]",
            # One thread: the work is HTML parsing (CPU), threads only add contention.
            "threads=1",
            "maxrequestspersecond=1000",
            "timeout=30",
            "[filtering]",
            "checkextern=0",
            "ignore=",
            # Everything not on the test server is external: never contacted.
            f"  ^(?!{re.escape(base_url)})",
            "[output]",
            "warnings=1",
            "[AnchorCheck]",
            "",
        ]
    )


def _run_linkchecker(base_url: str, site: Path) -> tuple[int, list[dict[str, str]], str]:
    """Check every page of ``site``; returns the worst exit code, problem rows, stderr.

    The pages are shared out between one linkchecker process per CPU (each follows the
    links of its own pages; the work is parsing HTML, so processes, not threads).
    """
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    assert pages, "no HTML in the built site"
    urls = [base_url + p.relative_to(site).as_posix().removesuffix("index.html") for p in pages]
    jobs = max(1, min(len(urls), os.cpu_count() or 1, 4))
    groups = [urls[i::jobs] for i in range(jobs)]
    # linkchecker drops root privileges to "nobody" before reading its configuration, so
    # the file must be world-readable (pytest's tmp_path is not).
    fd, config_path = tempfile.mkstemp(suffix=".ini", prefix="linkcheckerrc-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_config(base_url))
        os.chmod(config_path, 0o644)
        procs = [
            subprocess.Popen(
                [
                    str(BIN / "linkchecker"),
                    "--config",
                    config_path,
                    "--recursion-level",
                    "1",
                    "--no-status",
                    "--output",
                    "csv",
                    *group,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "HOME": tempfile.gettempdir()},
            )
            for group in groups
        ]
        results = [proc.communicate(timeout=600) for proc in procs]
    finally:
        os.unlink(config_path)
    rows: list[dict[str, str]] = []
    for out, _err in results:
        start = out.find("urlname;")
        if start >= 0:
            body = "\n".join(line for line in out[start:].splitlines() if not line.startswith("# "))
            rows.extend(csv.DictReader(io.StringIO(body), delimiter=";"))
    code = max(proc.returncode for proc in procs)
    return code, rows, "\n".join(err for _out, err in results)


def test_internal_links_and_anchors_resolve(built_site: Path, checker_url: str) -> None:
    code, rows, stderr = _run_linkchecker(checker_url, built_site)
    problems = [
        f"{row['parentname']} -> {row['urlname']}: {row['result']} {row['warningstring']}"
        for row in rows
        if row.get("valid") == "False" or row.get("warningstring")
    ]
    assert code in (0, 1), f"linkchecker failed to run (exit {code}):\n{stderr}"
    assert not problems, "broken links or anchors:\n" + "\n".join(problems)
    assert code == 0, f"linkchecker reported problems:\n{stderr}"


def test_the_check_finds_a_broken_link_and_a_broken_anchor(tmp_path: Path) -> None:
    """The harness itself: a tiny site with one broken link and one missing anchor."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><body><h1 id="top">Home</h1>'
        '<a href="a/#present">ok</a> <a href="a/#absent">bad anchor</a>'
        ' <a href="missing/">bad link</a> <a href="https://example.org/">external</a>'
        "</body></html>",
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text(
        '<html><body><h1 id="present">A</h1><a href="../#top">back</a></body></html>',
        encoding="utf-8",
    )
    os.chmod(tmp_path, 0o755)  # served by this process; nothing else needs to read it
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    handler = functools.partial(_Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        code, rows, _stderr = _run_linkchecker(f"http://127.0.0.1:{port}/", site)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert code == 1
    flagged = sorted(row["urlname"] for row in rows)
    assert flagged == ["a/#absent", "missing/"]
