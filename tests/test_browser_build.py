"""Build side of the browser case check (no browser needed): what the plugin publishes.

Checks the built site's case-check page and assets: hashed names match their contents,
only the case-check page loads the page script, the form covers the schema, and a missing
Pyodide install fails the build with the fix in the message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BIN, ROOT

import calc
from guideline_site.casecheck import bundle, form, runtime
from guideline_site.casecheck.plugin import CRITERIA_ANCHOR

ASSETS = "assets/case-check"


@pytest.fixture(scope="module")
def page(built_site: Path) -> BeautifulSoup:
    return BeautifulSoup(
        (built_site / "case-check" / "index.html").read_text("utf-8"), "html.parser"
    )


@pytest.fixture(scope="module")
def case_form(page: BeautifulSoup) -> dict[str, str]:
    tag = page.find("form", id="case-check")
    assert tag is not None
    return {k: v for k, v in tag.attrs.items() if isinstance(v, str)}


def _published(built_site: Path, page_rel_url: str) -> Path:
    return (built_site / "case-check" / page_rel_url).resolve()


def test_hashed_names_match_contents(built_site: Path, case_form: dict[str, str]) -> None:
    for key in ("data-worker-url", "data-script-url"):
        path = _published(built_site, case_form[key])
        digest = re.search(r"[.-]([0-9a-f]{12})\.(mjs|zip)$", path.name)
        assert digest, path.name
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:12] == digest.group(1)
    css = list((built_site / ASSETS).glob("case-check.*.css"))
    assert len(css) == 1
    assert hashlib.sha256(css[0].read_bytes()).hexdigest()[:12] in css[0].name


def test_runtime_folder_holds_only_the_boot_files(
    built_site: Path, case_form: dict[str, str]
) -> None:
    folder = _published(built_site, case_form["data-runtime-url"])
    assert folder.name.startswith("runtime-")
    options = json.loads(case_form["data-pyodide-options"])
    # The stock standard library, or the one named by stdLibURL (a precompiled zip).
    stdlib = options.get("stdLibURL", "python_stdlib.zip")
    boot = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", stdlib}
    assert {p.name for p in folder.iterdir()} == boot
    assert [p.name for p in (built_site / ASSETS).glob("runtime-*")] == [folder.name]
    lock = json.loads(options["lockFileContents"])
    assert lock["packages"] == {}
    assert set(lock["info"]) == {"abi_version", "arch", "platform", "python"}


def test_runtime_javascript_carries_the_compile_hint(
    built_site: Path, case_form: dict[str, str]
) -> None:
    """The site's pyodide.asm.mjs is npm's file with V8's compile hint in front, nothing else;
    the other runtime files are npm's own."""
    folder = _published(built_site, case_form["data-runtime-url"])
    npm = ROOT / "node_modules" / "pyodide"
    assert runtime.HINTED_FILES == ("pyodide.asm.mjs",)
    shipped = (folder / "pyodide.asm.mjs").read_bytes()
    assert shipped == runtime.COMPILE_HINT + (npm / "pyodide.asm.mjs").read_bytes()
    for name in ("pyodide.mjs", "pyodide.asm.wasm"):
        assert (folder / name).read_bytes() == (npm / name).read_bytes(), name


def test_calc_ships_in_the_stdlib_zip_only(built_site: Path, case_form: dict[str, str]) -> None:
    """No separate calc archive: calc and the bridge are compiled into the stdlib zip, and the
    printout's rules hash is the digest of their sources."""
    assert not list((built_site / ASSETS).glob("calc-*.zip"))
    folder = _published(built_site, case_form["data-runtime-url"])
    stdlib = json.loads(case_form["data-pyodide-options"])["stdLibURL"]
    with zipfile.ZipFile(folder / stdlib) as zf:
        names = set(zf.namelist())
    package = Path(calc.__file__).parent
    modules = {
        p.relative_to(package.parent).with_suffix(".pyc").as_posix() for p in package.rglob("*.py")
    }
    modules = {m for m in modules if "__pycache__" not in m and not m.endswith("__main__.pyc")}
    assert modules <= names
    assert "case_check_bridge.pyc" in names
    assert case_form["data-rules-hash"] == bundle.rules_digest(package)
    assert re.fullmatch(r"[0-9a-f]{12}", case_form["data-rules-hash"])


def test_rules_hash_follows_the_sources(tmp_path: Path) -> None:
    package = tmp_path / "rules"
    package.mkdir()
    (package / "__init__.py").write_text("A = 1\n", encoding="utf-8")
    first = bundle.rules_digest(package)
    assert first == bundle.rules_digest(package)
    (package / "__init__.py").write_text("A = 2\n", encoding="utf-8")
    assert bundle.rules_digest(package) != first
    (package / "__init__.py").write_text("A = 1\n", encoding="utf-8")
    (package / "extra.py").write_text("", encoding="utf-8")
    assert bundle.rules_digest(package) != first


def test_only_the_case_check_page_loads_the_script(built_site: Path) -> None:
    script = re.compile(r'<script type="module" src="[^"]*case-check\.[0-9a-f]{12}\.mjs"')
    for html in built_site.rglob("*.html"):
        text = html.read_text("utf-8")
        is_case_check = html.relative_to(built_site).as_posix() == "case-check/index.html"
        assert bool(script.search(text)) == is_case_check, html
        soup = BeautifulSoup(text, "html.parser")
        assert bool(soup.select("form#case-check[data-runtime-url]")) == is_case_check, html


def test_every_page_has_the_head_start(built_site: Path) -> None:
    """Script files in <head>, never inline: on the case-check page a classic script before
    the stylesheets (so it runs before the theme's bundle and does not wait for the
    stylesheets), elsewhere an async module (never render-blocking)."""
    for html in built_site.rglob("*.html"):
        if html.name == "404.html":
            continue
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        assert soup.head is not None
        start = soup.head.select("script#case-check-start")
        assert len(start) == 1, html
        tag = start[0]
        assert not tag.get_text(strip=True), html
        page_dir = html.parent
        is_case_check = html.relative_to(built_site).as_posix() == "case-check/index.html"
        if is_case_check:
            assert tag.get("type") is None, html
            assert not tag.has_attr("async"), html
            assert not tag.has_attr("defer"), html
            assert re.search(r"engine-boot\.[0-9a-f]{12}\.js$", tag["src"]), html
            bundle = soup.find("script", src=re.compile(r"bundle\.[0-9a-f]+\.min\.js$"))
            assert bundle is not None
            assert tag.sourceline < bundle.sourceline  # before the theme's bundle
            # ... and before the stylesheets, so it does not wait for them to load.
            sheets = soup.head.select('link[rel="stylesheet"]')
            assert sheets, html
            assert all(
                (tag.sourceline, tag.sourcepos) < (s.sourceline, s.sourcepos) for s in sheets
            )
        else:
            assert tag.get("type") == "module", html
            assert tag.has_attr("async"), html
            assert re.search(r"engine-start\.[0-9a-f]{12}\.mjs$", tag["src"]), html
            # Nothing competes with the page's own first paint.
            assert not soup.head.select('link[rel="modulepreload"]'), html
        src = (page_dir / tag["src"]).resolve()
        assert src.is_file(), html
        assert hashlib.sha256(src.read_bytes()).hexdigest()[:12] in src.name
        assert (page_dir / tag["data-worker-url"]).resolve().is_file(), html
        assert (page_dir / tag["data-runtime-url"] / "pyodide.asm.wasm").resolve().is_file()
        case_page = (page_dir / tag["data-case-page"]).resolve()
        assert case_page == (built_site / "case-check").resolve(), html


def test_every_page_holds_the_search_before_the_theme_bundle(built_site: Path) -> None:
    """A classic script file right before the theme's bundle (it must run before the
    bundle creates the search worker), with the delay of its release."""
    for html in built_site.rglob("*.html"):
        if html.name == "404.html":
            continue
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        bundle = soup.find("script", src=re.compile(r"bundle\.[0-9a-f]+\.min\.js$"))
        assert bundle is not None, html
        hold = bundle.find_previous_sibling("script")
        assert hold is not None, html
        assert re.search(r"search-hold\.[0-9a-f]{12}\.js$", hold["src"]), html
        assert hold.get("type") is None, html
        assert not hold.has_attr("async"), html
        assert not hold.has_attr("defer"), html
        src = (html.parent / hold["src"]).resolve()
        assert hashlib.sha256(src.read_bytes()).hexdigest()[:12] in src.name
        assert int(hold["data-release-after-load-ms"]) > 0, html


def test_form_covers_the_schema(page: BeautifulSoup, case_form: dict[str, str]) -> None:
    schema = calc.schema()
    names = list(schema["properties"])
    assert case_form["data-fields"].split() == names
    required = set(schema["required"])
    for name, prop in schema["properties"].items():
        controls = page.select(f'#case-check [name="{name}"]')
        assert controls, name
        values = [c.get("value") for c in controls]
        if name not in required:
            # "Not known" is offered and is the default.
            if controls[0].get("type") == "radio":
                checked = [c for c in controls if c.has_attr("checked")]
                assert [c.get("value") for c in checked] == [""], name
            else:
                assert not controls[0].get("value"), name
        else:
            # Required is said once, on the group or the field (aria-required), never with
            # native `required`, which announces an empty field as invalid up front.
            box = page.select_one(f'#case-check [data-field="{name}"]')
            assert box is not None, name
            marked = box if box.get("role") == "radiogroup" else controls[0]
            assert marked.get("aria-required") == "true", name
        assert not any(c.has_attr("required") for c in controls), name
        enum = [v for v in prop.get("enum", []) if v is not None]
        if enum:
            assert [v for v in values if v] == enum, name
        if "boolean" in prop.get("type", []):
            assert [v for v in values if v] == ["true", "false"], name
        if {"integer", "number"} & set(prop.get("type", [])):
            # A text field (a wheel or an arrow key never changes it) with a number keypad,
            # and the schema's bounds and unit in the message shown when it is wrong.
            assert controls[0].get("type") == "text", name
            assert controls[0].get("inputmode") in ("numeric", "decimal"), name
            assert controls[0].get("pattern"), name
            wrong = page.select_one(f'#case-check [data-field="{name}"]')["data-message-invalid"]
            assert wrong.startswith(prop["title"]), name
            for bound in ("minimum", "exclusiveMinimum", "maximum"):
                if bound in prop:
                    assert f"{prop[bound]}" in wrong, (name, bound, wrong)
            if "x-unit" in prop:
                assert prop["x-unit"] in wrong, name
            help_id = controls[0]["aria-describedby"]
            assert page.find(id=help_id) is not None, name
        # Every control is labelled: a <label for> or the group's legend.
        if controls[0].get("type") == "radio":
            assert controls[0].find_parent("fieldset").find("legend").get_text(strip=True)
        else:
            assert page.select_one(f'label[for="{controls[0]["id"]}"]') is not None, name


def test_without_javascript_the_page_is_a_checklist(page: BeautifulSoup) -> None:
    assert page.select_one("#case-check noscript") is not None
    criteria = page.find(id=CRITERIA_ANCHOR)
    assert criteria is not None
    listed = criteria.find_next("ol")
    assert listed is not None
    labels = [c["label"] for c in calc.describe()["criteria"]]
    text = listed.get_text(" ")
    assert all(label in text for label in labels)
    # The check button does nothing without JavaScript (no submission of case data).
    assert page.select_one('#case-check button[type="submit"]').has_attr("disabled")


def test_humanise_and_markdown_links() -> None:
    assert form.humanise("not_feasible") == "Not feasible"
    assert form.section_to_markdown_link("selection/#liver-reserve") == "selection.md#liver-reserve"
    assert form.section_to_markdown_link("index/#scope") == "index.md#scope"


def test_missing_pyodide_fails_with_the_fix(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "case-check.md").write_text("# x\n", "utf-8")
    config.write_text(
        "site_name: t\nplugins:\n  - case-check:\n      pyodide_dir: no/such/dir\n", "utf-8"
    )
    proc = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", str(config), "-d", str(tmp_path / "out")],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "make setup" in proc.stderr + proc.stdout
