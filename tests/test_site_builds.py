"""Other builds of the same project: ProperDocs, and a build under a project sub-path."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from guideline_site.localsite import build_site, free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _build(
    tool: str, out: Path, site_url: str, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return build_site(out, site_url, tool=tool, cwd=cwd)


def _html_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_properdocs_builds_the_same_pages_without_the_test_folder(
    built_site: Path, base_url: str, tmp_path: Path
) -> None:
    """ProperDocs builds the same site from a copy of the project that has no tests/: the
    build reads calc's own examples, never the golden cases."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    assert not (project / "tests").exists()
    out = tmp_path / "properdocs-site"
    proc = _build("properdocs", out, base_url, cwd=project)
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert _html_files(out) == _html_files(built_site)
    # The generated pages are filled in by the plugin under ProperDocs too.
    refs = BeautifulSoup((out / "references" / "index.html").read_text(), "html.parser")
    assert refs.select("p.gl-ref[id^='ref-']")


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages: a missing path gets the site's 404.html with status 404."""

    site_root: Path
    prefix = "/sub/"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site_root / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(self.site_root / "__outside_the_project__")
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built for http://127.0.0.1:PORT/sub/ and served there, Pages-style."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/sub/"
    out = tmp_path_factory.mktemp("sub-site")
    proc = _build("mkdocs", out, base)
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    handler = type("Handler", (_PagesHandler,), {"site_root": out})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(out))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return int(resp.status), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.mark.parametrize("missing", ["no-such-page/", "a/b/c/deep/missing.html"])
def test_404_page_works_under_a_sub_path(sub_path_site: str, missing: str) -> None:
    url = urljoin(sub_path_site, missing)
    status, body = _get(url)
    assert status == 404
    soup = BeautifulSoup(body, "html.parser")
    assert soup.find("h1") is not None
    assets = [el["href"] for el in soup.select("link[href]") if "canonical" not in el["rel"]]
    assets += [el["src"] for el in soup.select("script[src], img[src]")]
    assert any(a.endswith(".css") for a in assets), assets
    links = [a["href"] for a in soup.select("a[href]") if not urlsplit(a["href"]).scheme]
    assert links, "no internal links on the 404 page"
    for ref in assets + links:
        target = urljoin(url, ref)
        assert urlsplit(target).path.startswith("/sub/"), f"{ref} leaves the project path"
        status, _ = _get(target)
        assert status == 200, f"{ref} (from {url}) -> {target}: {status}"
    disclaimer = soup.select_one(".md-copyright a[href]")
    assert disclaimer is not None
    assert urljoin(url, disclaimer["href"]) == urljoin(sub_path_site, "disclaimer/")
