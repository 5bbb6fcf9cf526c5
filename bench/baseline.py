"""The comparison pages: stock Pyodide booted the documented way, and the case check's engine alone.

The baseline: stock Pyodide from the same pinned npm files.

A module worker does ``loadPyodide()`` with no options (Pyodide finds its files next to
``pyodide.mjs``, fetches the lock file and the stock ``python_stdlib.zip``) and reports
ready; the page marks ``#baseline`` with ``data-engine="ready"`` (the same marker the
benchmark watches on the case-check page). No tricks: no inlined lock file, no custom
standard library, no preloading.

The engine alone (``write_engine_only``): the site's own worker and runtime on a bare page.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

from bs4 import BeautifulSoup

FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stock Pyodide baseline</title>
</head>
<body>
<main>
<h1>Stock Pyodide baseline</h1>
<p id="baseline" data-engine="loading">Loading Python…</p>
</main>
<script type="module">
const status = document.getElementById("baseline");
const worker = new Worker("./worker.mjs", { type: "module" });
worker.addEventListener("message", (event) => {
  status.dataset.engine = event.data.ok ? "ready" : "failed";
  status.textContent = event.data.ok ? "Python is ready." : "Failed: " + event.data.error;
});
</script>
</body>
</html>
"""

WORKER = """import { loadPyodide } from "./%(dir)s/pyodide.mjs";

try {
  const pyodide = await loadPyodide();
  self.postMessage({ ok: true, version: pyodide.version });
} catch (err) {
  self.postMessage({ ok: false, error: String(err) });
}
"""


def write_baseline(pyodide_dir: Path, out: Path) -> Path:
    """Write the baseline page into ``out`` (served at /baseline/); returns ``out``."""
    version = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"]
    folder = f"pyodide-{version}"  # versioned folder: cached like the site's hashed runtime
    (out / folder).mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(pyodide_dir / name, out / folder / name)
    (out / "index.html").write_text(PAGE, encoding="utf-8")
    (out / "worker.mjs").write_text(WORKER % {"dir": folder}, encoding="utf-8")
    return out


ENGINE_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Case-check engine alone</title>
</head>
<body>
<main>
<h1>Case-check engine alone</h1>
<p id="engine" data-engine="loading">Loading Python…</p>
</main>
<script type="module" src="./start.mjs"></script>
</body>
</html>
"""

ENGINE_START = """// The site's own worker, runtime folder and options (from the built
// case-check page), with no theme and no page scripts around it.
const status = document.getElementById("engine");
const worker = new Worker(%(worker)s, { type: "module" });
worker.addEventListener("message", (event) => {
  if (event.data?.type !== "startup") return;
  globalThis.__caseCheck = { marks: event.data.marks };
  status.dataset.engine = event.data.ok ? "ready" : "failed";
  status.textContent = event.data.ok ? "Ready." : "Failed: " + event.data.error?.message;
});
worker.postMessage({
  type: "init",
  config: { indexURL: new URL(%(runtime)s, location.href).href, options: %(options)s },
});
"""


def _form_attributes(page_html: str) -> dict[str, str]:
    tag = BeautifulSoup(page_html, "html.parser").find("form", id="case-check")
    if tag is None:
        raise SystemExit('bench: no <form id="case-check"> on the built case-check page')
    return {k: v for k, v in tag.attrs.items() if isinstance(v, str)}


def write_engine_only(site: Path, case_page: str, out: Path) -> Path:
    """The case check's engine on a bare page (served at /engine-only/ beside the site).

    Against the case-check page, it tells the page's own cost (the theme and the page
    scripts sharing the CPU) from the runtime's; against the stock baseline, what the
    runtime itself gains. Uses the built site's worker, runtime folder and options.
    """
    page = (site / case_page / "index.html").read_text(encoding="utf-8")
    attrs = _form_attributes(page)
    page_url = "/" + case_page

    def site_path(value: str) -> str:  # relative to the case-check page -> from the root
        return urllib.parse.urljoin(page_url, value)

    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(ENGINE_PAGE, encoding="utf-8")
    script = ENGINE_START % {
        "worker": json.dumps(site_path(attrs["data-worker-url"])),
        "runtime": json.dumps(site_path(attrs["data-runtime-url"])),
        "options": attrs.get("data-pyodide-options") or "{}",
    }
    (out / "start.mjs").write_text(script, encoding="utf-8")
    return out
