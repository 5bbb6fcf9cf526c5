"""README screenshots: the case check on a wide screen and on a phone, and its printout.

Builds the site into a temporary folder, serves it on 127.0.0.1, opens the case check in
the system Chromium, starts from the "Needs assessment" example and saves three PNGs into
``.github/images/`` (outside ``docs/``, so the site build never ships them):

- ``case-check-wide.png``: 1280 x 900, the form with the result beside it;
- ``case-check-phone.png``: 390 x 844, a field in the middle of the form with the verdict
  bar at the bottom of the screen;
- ``case-check-print.png``: the page in print media (what browser print gives).

Run with ``make screenshots`` (or ``.venv/bin/python scripts/screenshots.py``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from guideline_site.localsite import (
    CHROMIUM_ARGS,
    StaticHandler,
    build_site,
    find_chromium,
    free_port,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".github" / "images"
EXAMPLE = "needs_assessment"  # one of calc.examples(), offered in the page's menu
BOOT_TIMEOUT = 120_000


def _open(browser: Browser, base_url: str, width: int, height: int, scale: float) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme="light",
        device_scale_factor=scale,
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.goto(base_url + "case-check/")
    page.wait_for_selector('form#case-check[data-engine="ready"]', timeout=BOOT_TIMEOUT)
    page.locator(".case-check-examples > button").click()
    page.locator(f'button[data-example="{EXAMPLE}"]').click()
    page.wait_for_selector("#case-result[data-what-if]", timeout=BOOT_TIMEOUT)
    page.mouse.move(0, 0)
    return page


def take(base_url: str, out_dir: Path, chromium: str) -> list[Path]:
    wide, phone, printed = (
        out_dir / "case-check-wide.png",
        out_dir / "case-check-phone.png",
        out_dir / "case-check-print.png",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        page = _open(browser, base_url, 1280, 900, 1)
        # The first group of the form at the top of the window, the result beside it.
        page.locator('#case-check fieldset[data-group="Liver"]').evaluate(
            "(e) => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 70)"
        )
        page.locator('#case-check [name="future_liver_remnant_pct"]').focus()
        page.screenshot(path=str(wide))
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.screenshot(path=str(printed), full_page=True)
        page.context.close()

        page = _open(browser, base_url, 390, 844, 2)
        page.locator('#case-check [name="future_liver_remnant_pct"]').focus()
        page.locator('#case-check [name="future_liver_remnant_pct"]').evaluate(
            "(e) => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 300)"
        )
        page.wait_for_selector("#case-check-bar:not([hidden])")
        page.screenshot(path=str(phone))
        browser.close()
    return [wide, phone, printed]


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
