"""The baseline page: stock Pyodide from the same pinned npm files, booted the documented way.

A module worker does ``loadPyodide()`` with no options (Pyodide finds its files next to
``pyodide.mjs``, fetches the lock file and the stock ``python_stdlib.zip``) and reports
ready; the page marks ``#baseline`` with ``data-engine="ready"`` (the same marker the
benchmark watches on the case-check page). No tricks: no inlined lock file, no custom
standard library, no preloading.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
