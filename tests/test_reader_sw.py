"""Offline use (guideline-reader plugin): the generated sw.js, its precache list and version."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from guideline_site.reader.service_worker import (
    build_precache,
    file_url,
    site_files,
    write_service_worker,
)

RUNTIME_SUFFIXES = (".wasm", ".mjs", ".zip", ".whl", ".tar")


def precache_of(site: Path) -> tuple[str, list[str]]:
    """The version and the precache list written into ``site/sw.js``."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    version = re.search(r'^const VERSION = "([0-9a-f]+)";$', text, re.M)
    urls = re.search(r"^const PRECACHE = (\[.*?\]);$", text, re.M | re.S)
    assert version is not None
    assert urls is not None
    return version.group(1), json.loads(urls.group(1))


def on_demand_of(site: Path) -> list[str]:
    """The files ``site/sw.js`` caches on use instead of at install."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    urls = re.search(r"^const ON_DEMAND = (\[.*?\]);$", text, re.M | re.S)
    assert urls is not None
    return list(json.loads(urls.group(1)))


# --- helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "url"),
    [
        ("index.html", "./"),
        ("selection/index.html", "selection/"),
        ("a/b/index.html", "a/b/"),
        ("page.html", "page.html"),
        ("search/search_index.json", "search/search_index.json"),
        ("assets/x/pyodide.asm.wasm", "assets/x/pyodide.asm.wasm"),
    ],
)
def test_file_urls(rel: str, url: str) -> None:
    assert file_url(rel) == url


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_version_follows_content(tmp_path: Path) -> None:
    files = {
        "index.html": "home",
        "selection/index.html": "sel",
        "assets/app.js": "js",
        "sitemap.xml": "<lastmod>today</lastmod>",
    }
    a = write_service_worker(_tree(tmp_path / "a", files), unversioned=["sitemap.xml"])
    b = write_service_worker(_tree(tmp_path / "b", files), unversioned=["sitemap.xml"])
    assert a == b  # same content, same version: deterministic
    changed = {**files, "assets/app.js": "js2"}
    c = write_service_worker(_tree(tmp_path / "c", changed), unversioned=["sitemap.xml"])
    assert c.version != a.version
    renamed = {**{k: v for k, v in files.items() if k != "assets/app.js"}, "assets/b.js": "js"}
    d = write_service_worker(_tree(tmp_path / "d", renamed), unversioned=["sitemap.xml"])
    assert d.version != a.version
    # A new build date alone (sitemap lastmod) does not force every reader to re-download.
    dated = {**files, "sitemap.xml": "<lastmod>tomorrow</lastmod>"}
    e = write_service_worker(_tree(tmp_path / "e", dated), unversioned=["sitemap.xml"])
    assert e.version == a.version
    # Rewriting sw.js in place does not feed the old sw.js into the new version.
    assert write_service_worker(tmp_path / "a", unversioned=["sitemap.xml"]) == a


def test_exclusions(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "index.html": "",
            "404.html": "",
            "sw.js": "",
            "sitemap.xml": "",
            "sitemap.xml.gz": "",
            "assets/a.min.js": "",
            "assets/a.min.js.map": "",
            ".nojekyll": "",
            "assets/.hidden": "",
        },
    )
    exclude = ["404.html", "sitemap.xml.gz", "*.map", ".*", "*/.*"]
    assert site_files(root, exclude) == ["assets/a.min.js", "index.html", "sitemap.xml"]
    assert build_precache(root, exclude).urls == ["assets/a.min.js", "./", "sitemap.xml"]


def test_on_demand_files_are_not_precached(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "index.html": "home",
            "assets/case-check/case-check.abc.css": "css",
            "assets/case-check/case-check.abc.mjs": "page script",
            "assets/case-check/worker.abc.mjs": "worker",
            "assets/case-check/calc-abc.zip": "rules",
            "assets/case-check/runtime-abc/pyodide.asm.wasm": "wasm",
            "assets/case-check/runtime-abc/python_stdlib.abc.zip": "stdlib",
        },
    )
    patterns = [
        "assets/case-check/runtime-*",
        "assets/case-check/calc-*",
        "assets/case-check/worker.*",
    ]
    lazy = build_precache(root, [], on_demand=patterns)
    assert lazy.urls == [
        "assets/case-check/case-check.abc.css",
        "assets/case-check/case-check.abc.mjs",
        "./",
    ]
    assert lazy.on_demand == [
        "assets/case-check/calc-abc.zip",
        "assets/case-check/runtime-abc/pyodide.asm.wasm",
        "assets/case-check/runtime-abc/python_stdlib.abc.zip",
        "assets/case-check/worker.abc.mjs",
    ]
    # The version still covers them: a new runtime is a new version.
    assert lazy.version == build_precache(root, []).version
    (root / "assets/case-check/runtime-abc/pyodide.asm.wasm").write_text("new", encoding="utf-8")
    assert build_precache(root, [], on_demand=patterns).version != lazy.version
    written = write_service_worker(root, on_demand=patterns)
    assert written == build_precache(root, [], on_demand=patterns)
    assert on_demand_of(root) == lazy.on_demand


def _project(root: Path, body: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(f"# Home\n\n{body}\n", encoding="utf-8")
    (root / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            site_name: Test
            site_url: http://127.0.0.1:1/sub/
            theme:
              name: material
              font: false
            plugins:
              - search
              - guideline-reader
            """
        ),
        encoding="utf-8",
    )
    site = root / "site"
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


def test_new_build_new_version(tmp_path: Path) -> None:
    one = _project(tmp_path / "one", "First text.")
    same = _project(tmp_path / "same", "First text.")
    two = _project(tmp_path / "two", "Changed text.")
    assert precache_of(one)[0] == precache_of(same)[0]
    assert precache_of(one)[0] != precache_of(two)[0]
    _, urls = precache_of(one)
    assert {"./", "other/", "search/search_index.json", "assets/reader/sw-register.js"} <= set(urls)
    assert "sw.js" not in urls
    assert "404.html" not in urls


# --- the built site --------------------------------------------------------------------------


def test_sw_precaches_every_page_and_asset(built_site: Path) -> None:
    version, urls = precache_of(built_site)
    on_demand = on_demand_of(built_site)
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    listed = set(urls)
    assert len(listed) == len(urls)
    assert not listed & set(on_demand)
    pages = [p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")]
    assert len(pages) >= 10
    for page in pages:
        assert file_url(page) in listed, page
    assert "./" in listed
    assert "case-check/" in listed
    assert "search/search_index.json" in listed
    # Everything the pages load from the site: the theme and plugin assets at install, the
    # case-check runtime on demand.
    for path in (built_site / "assets").rglob("*"):
        rel = path.relative_to(built_site).as_posix()
        if path.is_file() and not rel.endswith(".map") and "/lunr/" not in rel:
            assert rel in listed or rel in on_demand, rel


def test_sw_leaves_the_runtime_to_the_case_check(built_site: Path) -> None:
    """Issue 5 (guideline pages never download the runtime) with issue 6 (offline checks)."""
    _, urls = precache_of(built_site)
    on_demand = on_demand_of(built_site)
    runtime = [u for u in urls if u.endswith(RUNTIME_SUFFIXES) and "/case-check/" in u]
    # Only the small page script is precached; the worker, bundle and runtime are not.
    assert all(re.fullmatch(r"assets/case-check/case-check\.[0-9a-f]+\.mjs", u) for u in runtime)
    assert any(u.endswith("pyodide.asm.wasm") for u in on_demand), on_demand
    assert any(re.search(r"/python_stdlib\.[0-9a-f]+\.zip$", u) for u in on_demand), on_demand
    assert any(re.fullmatch(r"assets/case-check/calc-[0-9a-f]+\.zip", u) for u in on_demand)
    assert any(re.fullmatch(r"assets/case-check/worker\.[0-9a-f]+\.mjs", u) for u in on_demand)
    precached_bytes = sum(
        (built_site / ("index.html" if u == "./" else u)).stat().st_size
        if not u.endswith("/")
        else (built_site / u / "index.html").stat().st_size
        for u in urls
    )
    assert precached_bytes < 5_000_000, precached_bytes
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    assert '"cache-on-demand"' in text


def test_sw_stays_on_its_origin(built_site: Path) -> None:
    _, precached = precache_of(built_site)
    urls = precached + on_demand_of(built_site)
    for url in urls:
        assert "://" not in url, url
        assert not url.startswith(("/", "\\")), url
        assert (built_site / url).exists(), url
    excluded = {"sw.js", "404.html", "sitemap.xml.gz"}
    assert not excluded & set(urls)
    assert not [u for u in urls if u.endswith(".map")]
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    assert "http://" not in text
    assert "https://" not in text
    assert "url.origin !== self.location.origin" in text


def test_every_page_registers_the_worker(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        depth = len(page.relative_to(built_site).parts) - 1
        if page.name == "404.html":
            continue
        assert f'src="{"../" * depth}assets/reader/sw-register.js"' in html, page


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to parse sw.js")
def test_sw_is_valid_javascript(built_site: Path) -> None:
    subprocess.run(["node", "--check", str(built_site / "sw.js")], check=True)
