"""A static server that behaves like GitHub Pages where it matters for start-up time.

* gzip on the fly when the client accepts it (every type but images; compressed once per
  file and kept, as a CDN would);
* ``Cache-Control: public, max-age=31536000, immutable`` for content-hashed assets and
  versioned runtime folders, ``no-cache`` for everything else (HTML revalidates: ETag, 304);
* HTTP/1.1 keep-alive, correct MIME types for ``.wasm`` and ``.mjs``.

Several directories can be mounted under URL prefixes (the site at ``/``, the stock
baseline at ``/baseline/``).
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import mimetypes
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIME = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
}
NOT_COMPRESSED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff2", ".gz"}
# name.<hex hash>.ext, name-<hex hash>.ext, or a file inside a runtime-<hash>/ or a
# versioned folder (pyodide-<version>/): safe to cache for a year.
IMMUTABLE = re.compile(
    r"([.-][0-9a-f]{8,}(\.[a-z0-9]+)+$)|(/runtime-[0-9a-f]{8,}/)|(/pyodide-[0-9.]+/)"
)
IMMUTABLE_HEADER = "public, max-age=31536000, immutable"
GZIP_LEVEL = 6
_HEADER_BYTES = 250  # typical size of this server's response headers


class _Cache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[Path, int, bool], tuple[bytes, str]] = {}

    def get(self, path: Path, gz: bool) -> tuple[bytes, str]:
        key = (path, path.stat().st_mtime_ns, gz)
        with self._lock:
            if key in self._items:
                return self._items[key]
        raw = path.read_bytes()
        body = gzip.compress(raw, GZIP_LEVEL, mtime=0) if gz else raw
        etag = '"' + hashlib.sha1(raw).hexdigest()[:16] + ('-gz"' if gz else '"')
        with self._lock:
            self._items[key] = (body, etag)
        return body, etag


def make_handler(
    mounts: Mapping[str, Path], log: list[dict[str, Any]] | None = None
) -> type[http.server.BaseHTTPRequestHandler]:
    """``mounts``: URL prefix ("/", "/baseline/") -> directory; longest prefix wins.

    Every response is appended to ``log``: path, status, bytes sent (body + headers) and
    the size of the file before compression.
    """
    log_lock = threading.Lock()
    ordered = sorted(((p, d.resolve()) for p, d in mounts.items()), key=lambda m: -len(m[0]))
    cache = _Cache()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _record(self, path: str, status: int, body: int, raw: int, headers: int) -> None:
            if log is not None:
                with log_lock:
                    log.append({"path": path, "status": status, "sent": body + headers, "raw": raw})

        def _resolve(self) -> tuple[Path | None, str]:
            url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            for prefix, root in ordered:
                if url_path.startswith(prefix):
                    rel = url_path[len(prefix) :]
                    target = (root / rel).resolve()
                    if not target.is_relative_to(root):
                        return None, url_path
                    if target.is_dir():
                        if not url_path.endswith("/"):
                            return target, url_path + "/"  # redirect
                        target = target / "index.html"
                    return (target if target.is_file() else None), url_path
            return None, url_path

        def _send(self, head_only: bool) -> None:
            target, url_path = self._resolve()
            if target is not None and target.is_dir():
                self.send_response(301)
                self.send_header("Location", url_path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if target is None:
                body = b"Not found"
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head_only:
                    self.wfile.write(body)
                return
            suffix = target.suffix.lower()
            accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            gz = accepts_gzip and suffix not in NOT_COMPRESSED
            body, etag = cache.get(target, gz)
            ctype = MIME.get(suffix) or mimetypes.guess_type(target.name)[0]
            cache_control = IMMUTABLE_HEADER if IMMUTABLE.search(url_path) else "no-cache"
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Cache-Control", cache_control)
                self.end_headers()
                self._record(url_path, 304, 0, 0, _HEADER_BYTES)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", cache_control)
            self.send_header("ETag", etag)
            self.send_header("Vary", "Accept-Encoding")
            if gz:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            if not head_only:
                self.wfile.write(body)
            raw = target.stat().st_size
            self._record(url_path, 200, 0 if head_only else len(body), raw, _HEADER_BYTES)

        def do_GET(self) -> None:
            self._send(head_only=False)

        def do_HEAD(self) -> None:
            self._send(head_only=True)

    return Handler


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that closes a connection mid-response (navigation, reload) is normal.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Server:
    url: str
    log: list[dict[str, Any]] = field(default_factory=list)
    mounts: Mapping[str, Path] = field(default_factory=dict)

    def entries(self) -> list[dict[str, Any]]:
        return list(self.log)

    def prime(self) -> int:
        """Request every compressible file once (gzip accepted), so that no measured run
        pays this server's one-off compression of a large file (a CDN serves it compressed
        from its cache). Returns the number of files; the log is left as it was."""
        mark = len(self.log)
        count = 0
        for prefix, root in self.mounts.items():
            for path in sorted(root.rglob("*")):
                if not path.is_file() or path.suffix.lower() in NOT_COMPRESSED:
                    continue
                rel = urllib.parse.quote(path.relative_to(root).as_posix())
                request = urllib.request.Request(
                    self.url + prefix.lstrip("/") + rel, headers={"Accept-Encoding": "gzip"}
                )
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                count += 1
        # The server logs a response just after sending it, so the last one can still be on
        # its way into the log: wait for all of them (bounded), or a late one would be left
        # in the log as if a measured run had requested it.
        deadline = time.monotonic() + 5
        while len(self.log) - mark < count and time.monotonic() < deadline:
            time.sleep(0.01)
        del self.log[mark:]
        return count


@contextmanager
def serve(mounts: Mapping[str, Path], port: int = 0) -> Iterator[Server]:
    """Serve ``mounts`` on 127.0.0.1; yields the server (base URL and request log)."""
    log: list[dict[str, Any]] = []
    httpd = _QuietServer(("127.0.0.1", port), make_handler(mounts, log))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(url=f"http://127.0.0.1:{httpd.server_address[1]}/", log=log, mounts=mounts)
    finally:
        httpd.shutdown()
        httpd.server_close()
