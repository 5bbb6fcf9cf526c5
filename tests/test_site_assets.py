"""No page, stylesheet or script of the built site references an asset on another origin.

Static check of what the pages load: src/href of script, link, img, iframe, source...;
url() and @import in inline styles and in every stylesheet the pages load; import /
importScripts / Worker targets in every script the pages load. Links a reader may
follow (<a href>) are not assets. Strings inside the theme's vendor bundle (Mermaid and
polyfill CDN addresses it never fetches here) are not references; the browser tests
watch actual requests.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

ASSET_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(['"])(?P<url>[^'"]+)\1""")
JS_LOAD = re.compile(
    r"""(?:\bimport\s*\(\s*|\bimportScripts\s*\(\s*|\bnew\s+(?:Shared)?Worker\s*\(\s*"""
    r"""|\bimport\s+(?:[\w*{}\s,]+\s+from\s+)?|\bexport\s+[\w*{}\s,]+\s+from\s+)"""
    r"""(['"`])(?P<url>(?:https?:)?//[^'"`]+)\1"""
)


def _urls_in_srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _foreign(url: str, page_url: str, origin: tuple[str, str]) -> bool:
    """True when ``url`` (as written on the page at ``page_url``) is on another origin."""
    url = url.strip()
    if not url or url.startswith(("data:", "blob:", "#", "about:")):
        return False
    parts = urlsplit(urljoin(page_url, url))
    return (parts.scheme, parts.netloc) != origin


def _local_path(site: Path, url: str) -> Path | None:
    path = urlsplit(url).path
    candidate = site / path.lstrip("/")
    return candidate if candidate.is_file() else None


def _scan_site(site: Path, base_url: str) -> list[str]:
    root = urlsplit(base_url)
    origin = (root.scheme, root.netloc)
    problems: list[str] = []
    stylesheets: set[str] = set()
    scripts: set[str] = set()
    html_files = sorted(site.rglob("*.html"))
    assert html_files, "no HTML in the built site"
    for html in html_files:
        rel = html.relative_to(site).as_posix()
        page_url = urljoin(base_url, rel)
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attrs in ASSET_ATTRS.items():
            for el in soup.find_all(tag):
                for attr in attrs:
                    value = el.get(attr)
                    if not isinstance(value, str):
                        continue
                    urls = _urls_in_srcset(value) if attr == "srcset" else [value]
                    for url in urls:
                        if _foreign(url, page_url, origin):
                            problems.append(f"{rel}: <{tag} {attr}={url!r}>")
                        elif tag == "link" and "stylesheet" in (el.get("rel") or []):
                            stylesheets.add(urljoin(page_url, url))
                        elif tag == "script" or (
                            tag == "link" and "modulepreload" in (el.get("rel") or [])
                        ):
                            scripts.add(urljoin(page_url, url))
        inline_css = [s.get_text() for s in soup.find_all("style")]
        inline_css += [str(el["style"]) for el in soup.find_all(style=True)]
        for css in inline_css:
            for m in [*CSS_URL.finditer(css), *CSS_IMPORT.finditer(css)]:
                if _foreign(m.group("url"), page_url, origin):
                    problems.append(f"{rel}: inline style loads {m.group('url')!r}")
        for script in soup.find_all("script", src=False):
            for m in JS_LOAD.finditer(script.get_text()):
                if _foreign(m.group("url"), page_url, origin):
                    problems.append(f"{rel}: inline script loads {m.group('url')!r}")
    for css_url in sorted(stylesheets):
        path = _local_path(site, css_url)
        assert path is not None, f"stylesheet {css_url} is not in the built site"
        css = path.read_text(encoding="utf-8")
        for m in [*CSS_URL.finditer(css), *CSS_IMPORT.finditer(css)]:
            if _foreign(m.group("url"), css_url, origin):
                problems.append(f"{path.relative_to(site)}: loads {m.group('url')!r}")
    for js_url in sorted(scripts):
        path = _local_path(site, js_url)
        assert path is not None, f"script {js_url} is not in the built site"
        for m in JS_LOAD.finditer(path.read_text(encoding="utf-8")):
            if _foreign(m.group("url"), js_url, origin):
                problems.append(f"{path.relative_to(site)}: loads {m.group('url')!r}")
    return problems


def test_no_asset_from_another_origin(built_site: Path, base_url: str) -> None:
    assert _scan_site(built_site, base_url) == []


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ('<link rel="stylesheet" href="https://fonts.googleapis.com/css">', True),
        ('<script src="//cdn.jsdelivr.net/x.js"></script>', True),
        ('<img srcset="a.png 1x, https://example.org/b.png 2x">', True),
        ("<style>@import 'https://example.org/x.css';</style>", True),
        ('<div style="background: url(https://example.org/x.png)"></div>', True),
        ("<script>import('https://esm.sh/x')</script>", True),
        ('<a href="https://doi.org/10.1/x">a link, not an asset</a>', False),
        ('<img src="data:image/png;base64,AAAA">', False),
        ('<script src="assets/local.js"></script>', False),
    ],
)
def test_the_scan_tells_foreign_assets_apart(tmp_path: Path, snippet: str, found: bool) -> None:
    (tmp_path / "index.html").write_text(f"<html><body>{snippet}</body></html>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "local.js").write_text("export const x = 1;\n")
    problems = _scan_site(tmp_path, "http://127.0.0.1:9/")
    assert bool(problems) is found, problems


def test_a_foreign_import_in_a_loaded_stylesheet_is_found(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="site.css">')
    (tmp_path / "site.css").write_text('@import url("https://fonts.example/x.css");\n')
    assert _scan_site(tmp_path, "http://127.0.0.1:9/") != []
