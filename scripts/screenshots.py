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
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from guideline_site.localsite import (
    CHROMIUM_ARGS,
    StaticHandler,
    build_site,
    fill_case,
    find_chromium,
    free_port,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".github" / "images"
GOLDEN = ROOT / "tests" / "cases" / "007-remnant-29-9.json"
BOOT_TIMEOUT = 120_000


def take(base_url: str, out_dir: Path, chromium: str) -> list[Path]:
    case = json.loads(GOLDEN.read_text(encoding="utf-8"))["case"]
    shots = [out_dir / "case-check-result.png", out_dir / "case-check-print.png"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        context = browser.new_context(
            viewport={"width": 1100, "height": 900}, color_scheme="light", device_scale_factor=1
        )
        page = context.new_page()
        page.goto(base_url + "case-check/")
        page.wait_for_selector('form#case-check[data-engine="ready"]', timeout=BOOT_TIMEOUT)
        fill_case(page, case)
        form = page.locator("form#case-check")
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
    chromium = find_chromium()
    if chromium is None:
        print("no system Chromium (apt-get install chromium)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        proc = build_site(site, base_url)
        if proc.returncode != 0:
            print(f"strict build failed:\n{proc.stdout}\n{proc.stderr}", file=sys.stderr)
            return 1
        handler = functools.partial(StaticHandler, directory=str(site))
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
