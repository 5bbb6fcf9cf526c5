"""The Pyodide runtime shipped with the site: which files, and how the worker boots them.

This module is the single place that decides the runtime. Everything downstream (the
plugin, the worker, the Node parity script) only sees a :class:`Runtime`: a set of files
published together in one content-hashed folder (``runtime-<hash>/``), and the options
the worker passes to ``loadPyodide({indexURL: <that folder>, ...options})``.

A folder is hashed rather than each file because ``pyodide.mjs`` loads
``pyodide.asm.mjs`` and ``pyodide.asm.wasm`` by fixed names relative to ``indexURL``.

To change the runtime (for example a precompiled, trimmed standard library), replace or
add files in ``Runtime.files`` and set the matching option, e.g.
``options["stdLibURL"] = "python_stdlib.<hash>.zip"``: option values whose key ends in
``URL`` are resolved against the runtime folder by the worker.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

# What a standard-library-only boot needs (measured: ../shared/notes/toolchain.md).
# The lock file is not shipped: its "info" block is inlined as lockFileContents.
RUNTIME_FILES: tuple[str, ...] = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
LOCK_FILE = "pyodide-lock.json"
HASH_LENGTH = 12

#: V8's explicit compile hint (a magic comment, Chrome 136+): every function of the file is
#: compiled as it loads, so the code cache Chrome keeps beside the reader's Cache Storage
#: copy (primed by the page, engine.mjs) holds all of it: 1.66 MB, against 20 KB without
#: the hint, and a warm start compiles none of Pyodide's JavaScript (README, "How the case
#: check starts", for what it gains and costs). Other engines read a comment. Only the
#: site's copy carries it; the npm file is left as it is. (A hint added by the service
#: worker to its stored copy alone was tried: Chrome keeps no code cache for a response
#: made in JavaScript.)
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
HINTED_FILES: tuple[str, ...] = ("pyodide.asm.mjs",)


@dataclass(frozen=True)
class Runtime:
    """Files of one runtime folder and the ``loadPyodide`` options that go with them."""

    # name inside the runtime folder -> file to copy
    files: dict[str, Path]
    # JSON-able options for loadPyodide, besides indexURL (set by the worker).
    options: dict[str, object] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """Content hash of every file and the options: the folder name changes with either."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0")
            h.update(_file_digest(self.files[name]).encode() + b"\0")
        h.update(json.dumps(self.options, sort_keys=True).encode())
        return h.hexdigest()[:HASH_LENGTH]

    @property
    def folder(self) -> str:
        return f"runtime-{self.digest}"


_DIGESTS: dict[tuple[Path, int, int], str] = {}


def _file_digest(path: Path) -> str:
    """sha256 of a file, cached by (path, size, mtime) so `mkdocs serve` rebuilds stay fast."""
    stat = path.stat()
    key = (path.resolve(), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        with path.open("rb") as f:
            _DIGESTS[key] = hashlib.file_digest(f, "sha256").hexdigest()
    return _DIGESTS[key]


def hinted_copy(src: Path, cache_dir: Path) -> Path:
    """``src`` with :data:`COMPILE_HINT` in front, written once into ``cache_dir`` (named
    for both, so a changed hint or a new npm file is written anew)."""
    key = hashlib.sha256(COMPILE_HINT + _file_digest(src).encode()).hexdigest()
    out = cache_dir / f"{key[:HASH_LENGTH]}-{src.name}"
    if not out.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        partial.write_bytes(COMPILE_HINT + src.read_bytes())
        partial.replace(out)
    return out


def runtime_cache_dir(pyodide_dir: Path) -> Path:
    """``node_modules/.cache/guideline-runtime`` (ignored by git with ``node_modules/``)."""
    return pyodide_dir.resolve().parent / ".cache" / "guideline-runtime"


def missing_files(pyodide_dir: Path) -> list[str]:
    """Names of the required npm files absent from ``pyodide_dir``."""
    return [n for n in (*RUNTIME_FILES, LOCK_FILE) if not (pyodide_dir / n).is_file()]


def stock_runtime(pyodide_dir: Path) -> Runtime:
    """The pinned npm files as they are, with the lock file inlined (no packages)."""
    missing = missing_files(pyodide_dir)
    if missing:
        raise PluginError(
            f"case-check: the Pyodide runtime is missing from {pyodide_dir} "
            f"({', '.join(missing)}); run `make setup` (npm ci installs it)."
        )
    try:
        lock = json.loads((pyodide_dir / LOCK_FILE).read_text(encoding="utf-8"))
        info = {k: lock["info"][k] for k in ("abi_version", "arch", "platform", "python")}
    except (OSError, ValueError, KeyError) as exc:
        raise PluginError(
            f"case-check: cannot read {pyodide_dir / LOCK_FILE} ({exc}); run `make setup`."
        ) from exc
    # Stdlib only: an inline lock with no packages saves a 120 KB fetch (Node needs *a* lock).
    lock_contents = json.dumps({"info": info, "packages": {}}, separators=(",", ":"))
    return Runtime(
        files={name: pyodide_dir / name for name in RUNTIME_FILES},
        options={"lockFileContents": lock_contents},
    )


def site_runtime(
    pyodide_dir: Path,
    package_dir: Path | None = None,
    trace_inputs: Sequence[Any] = (),
    *,
    memory_snapshot: bool = False,
) -> Runtime:
    """The runtime this site ships: the one hook to change what the browser boots.

    With ``package_dir``: the stock ``python_stdlib.zip`` is replaced by a precompiled,
    trimmed one that also holds the package and the bridge (``guideline_site.stdlib``,
    issue 5), passed as ``stdLibURL``; ``import calc`` then needs no other file. Its
    module list is traced by running ``trace_inputs`` (cases from the package itself,
    valid and invalid: the build never reads the test folder) inside Pyodide.
    Nothing else is fetched for ``calc``: no separate archive is published.
    ``memory_snapshot`` turns on the worker's per-reader memory snapshot (worker.mjs).
    The files in :data:`HINTED_FILES` are shipped with :data:`COMPILE_HINT` in front.
    """
    stock = stock_runtime(pyodide_dir)
    cache_dir = runtime_cache_dir(pyodide_dir)
    files = {
        **stock.files,
        **{name: hinted_copy(stock.files[name], cache_dir) for name in HINTED_FILES},
    }
    if package_dir is None:
        return Runtime(files=files, options=stock.options)
    from guideline_site.stdlib import StdlibBuildError, build_stdlib_zip

    from .bundle import BRIDGE_MODULE

    bridge = {BRIDGE_MODULE: Path(__file__).with_name("bridge.py")}
    try:
        stdlib = build_stdlib_zip(pyodide_dir, [package_dir], trace_inputs, None, modules=bridge)
    except StdlibBuildError as exc:
        raise PluginError(f"case-check: precompiled standard library: {exc}") from exc
    del files["python_stdlib.zip"]
    files[stdlib.name] = stdlib
    options: dict[str, object] = {**stock.options, "stdLibURL": stdlib.name}
    if memory_snapshot:
        options["memorySnapshot"] = True  # read by the worker, not passed to loadPyodide
    return Runtime(files=files, options=options)
