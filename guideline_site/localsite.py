"""Building and serving the site on 127.0.0.1, starting the system Chromium, filling the form.

Shared by the tests, the benchmark and the screenshot script, so the flags that keep
Chromium off the network and the MIME types GitHub Pages sends are written down once.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # Playwright comes with the test tools only
    from collections.abc import Mapping

    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent

#: Headless Chromium as root, offline: no sandbox, no GPU, no background requests to
#: Google's hosts (they would fail, many at a time, on a closed network).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


#: An init script: the page's case-check engine is a dedicated worker of the page, as in a
#: browser without SharedWorker's extendedLifetime (casecheck/assets/engine.mjs,
#: openWorker). The tests of the start-up itself use it (a
#: reload must boot again; Playwright reports and routes a dedicated worker and its
#: requests, not a shared worker's), and so does the benchmark's "engine gone" reload.
DEDICATED_ENGINE = (
    "globalThis.__caseCheck = Object.assign(globalThis.__caseCheck || {}, {share: false});"
)


#: A page predicate: the case-check visit's short-lived helper workers are done (or failed):
#: the visit that stored the runtime has primed its code cache (casecheck/assets/engine.mjs,
#: primeCodeCache), and the visit whose engine restored no memory snapshot has had one
#: stored (storeSnapshotLater). True when neither was due.
HELPERS_SETTLED = """() => {
  const cc = globalThis.__caseCheck || {};
  const stored = cc.offline && cc.offline.stored > 0;
  const primed = !stored || /^(primed|failed)/.test(cc.codeCache || "");
  return primed && (!cc.snapshotRequested || Boolean(cc.snapshot));
}"""


def find_chromium() -> str | None:
    """The system Chromium (Debian's `chromium`), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_site(
    out: Path,
    site_url: str,
    *,
    tool: str = "mkdocs",
    config: str = "mkdocs.yml",
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """A strict build (never with -q: it hides warnings) for `site_url`, output captured."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            str(Path(sys.executable).parent / tool),
            *("build", "--strict", "--clean", "-f", config, "-d", str(out)),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them (MIME types for wasm and modules), quietly."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".zip": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


def form_value(value: object) -> str:
    """A case value as the form's control holds it (booleans as "true" / "false")."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def fill_case(page: Page, case: Mapping[str, object]) -> None:
    """Reset the case-check form, then set the control named by each key (None: not known)."""
    form = page.locator("form#case-check")
    form.locator('button[type="reset"]').click()
    for key, value in case.items():
        if value is None:
            continue
        control = form.locator(f'[name="{key}"]').first
        if control.get_attribute("type") == "radio":
            form.locator(f'[name="{key}"][value="{form_value(value)}"]').check()
        elif control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(form_value(value))
        else:
            control.fill(form_value(value))
