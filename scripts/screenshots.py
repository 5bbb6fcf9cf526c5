"""README screenshots: the case check with a result, and its tumour-board printout.

Builds the site into a temporary folder, serves it on 127.0.0.1, checks one golden case
in the system Chromium and saves two PNGs into ``.github/images/`` (outside ``docs/``,
so the site build never ships them):

- ``case-check-result.png``: the result on screen (verdict, criteria, what would change);
- ``case-check-print.png``: the page in print media (what browser print gives).

Run with ``make screenshots`` (or ``.venv/bin/python scripts/screenshots.py``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import ClassVar

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".github" / "images"
GOLDEN = ROOT / "tests" / "cases" / "007-remnant-29-9.json"
BOOT_TIMEOUT = 120_000
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class _Handler(http.server.SimpleHTTPRequestHandler):
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_site(out: Path, base_url: str) -> None:
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--strict", "--clean", "-d", str(out)], cwd=ROOT, env=env, check=True
    )


def _form_value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def take(base_url: str, out_dir: Path, chromium: str) -> list[Path]:
    case = json.loads(GOLDEN.read_text(encoding="utf-8"))["case"]
    shots = [out_dir / "case-check-result.png", out_dir / "case-check-print.png"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        context = browser.new_context(
            viewport={"width": 1100, "height": 900}, color_scheme="light", device_scale_factor=1
        )
        page = context.new_page()
        page.goto(base_url + "case-check/")
        page.wait_for_selector('form#case-check[data-engine="ready"]', timeout=BOOT_TIMEOUT)
        form = page.locator("form#case-check")
        for key, value in case.items():
            if value is None:
                continue
            control = form.locator(f'[name="{key}"]').first
            if control.get_attribute("type") == "radio":
                form.locator(f'[name="{key}"][value="{_form_value(value)}"]').check()
            elif control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(_form_value(value))
            else:
                control.fill(_form_value(value))
        form.locator('button[type="submit"]').click()
        result = page.locator("#case-result")
        result.locator(".case-check-whatif h3").wait_for(timeout=BOOT_TIMEOUT)
        page.mouse.move(0, 0)
        # The theme's fixed header would cover the top of a result taller than the window.
        page.add_style_tag(content=".md-header { position: absolute; }")
        result.screenshot(path=str(shots[0]))
        page.emulate_media(media="print")
        page.screenshot(path=str(shots[1]), full_page=True)
        browser.close()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no system Chromium (apt-get install chromium)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(site, base_url)
        handler = functools.partial(_Handler, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            shots = take(base_url, args.out, chromium)
        finally:
            httpd.shutdown()
            httpd.server_close()
    for shot in shots:
        print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
