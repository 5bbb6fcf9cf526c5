"""Build a trimmed, precompiled standard library zip for Pyodide, with our packages inside.

Why: a stock Pyodide boot spends most of its time compiling the standard library from
``.py`` sources (its ``python_stdlib.zip`` has no bytecode). This module builds a new zip
for ``loadPyodide({stdLibURL})`` that

* holds ``.pyc`` files compiled *inside Pyodide* (``py_compile``, unchecked-hash
  invalidation), so the bytecode matches the interpreter that will load it;
* keeps only the modules that Pyodide's start-up and our packages actually import, found
  by tracing a real run (every trace case, valid and invalid, ``schema()``,
  ``describe()``, a formatted traceback, JSON round trips, ``pyodide.toPy``, a Python
  error surfacing in JavaScript, ``pyodide.unpackArchive``), plus a safety margin (see
  :data:`MARGIN_MODULES` and the notes below);
* also holds the packages themselves (e.g. ``calc``, as ``.pyc`` too: nothing to compile
  in the browser) at the zip root: the stdlib zip is on ``sys.path``
  (``/lib/python314.zip``), so ``import calc`` works with no extra fetch. A package's
  ``__main__.py`` (command line only) is left out;
* is *stored* (not deflated), so HTTP compression (gzip on GitHub Pages) does the work;
* is reproducible (fixed timestamps and modes, sorted entries, fixed hash seed while
  compiling) and named by its content hash: ``python_stdlib.<sha256[:12]>.zip``.

Safety margin, on top of the traced set:

* whole top-level packages: if any module of ``asyncio``/``json``/``re``/… is traced,
  every module of that package is included (submodules on rare paths), except the
  documented :data:`NOT_EXPANDED` packages and :data:`SKIP_UNTRACED` submodules;
* :data:`MARGIN_MODULES` are imported during the trace, so they and everything they
  import are included;
* every module that the packages' sources import anywhere (also inside functions, on
  paths no case reaches) is imported during the trace, found by an ``ast`` scan.

Modules frozen into the interpreter (``os``, ``codecs``, ``io``, ``abc``, ``stat``,
``posixpath``, ``site``, ``zipimport``, …) are never read from the zip and are left out.

Bytecode keeps docstrings and asserts (``optimize=0``): ``-OO`` bytecode would save about
15 % on the wire but changes behaviour for code that reads ``__doc__``. Tracebacks show
file and line but no source text (there is no ``.py`` in the zip).

The trace and the compilation run in Node (``build_stdlib.mjs``); packaging, caching and
the verification boot are driven from here. A build runs on every ``mkdocs build``, so
the result is cached by a hash of all inputs (see :func:`inputs_hash`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "MARGIN_MODULES",
    "StdlibBuildError",
    "build_stdlib_zip",
    "default_cache_dir",
    "inputs_hash",
    "manifest_path",
    "run_cases",
]

HERE = Path(__file__).resolve().parent
NODE_SCRIPT = HERE / "build_stdlib.mjs"

#: Bumped when the recipe changes in a way the file hashes below would not show.
RECIPE_VERSION = "1"

#: Modules imported during the trace in addition to what the cases reach: the rare
#: paths (error reporting, tracebacks, warnings, text encodings, containers, dates) that
#: a future change to the packages or to the worker's glue code could plausibly hit.
#: Everything these import is included too.
MARGIN_MODULES: tuple[str, ...] = (
    # error reporting: Pyodide formats every Python error it passes to JavaScript
    "traceback",
    "linecache",
    "tokenize",
    "token",
    "codeop",
    "_colorize",
    "reprlib",
    "warnings",
    "_py_warnings",
    "inspect",
    "dis",
    # text encodings that str.encode/bytes.decode may look up by name
    "encodings.utf_8",
    "encodings.utf_8_sig",
    "encodings.utf_16",
    "encodings.utf_32",
    "encodings.latin_1",
    "encodings.ascii",
    "encodings.cp1252",
    "encodings.cp437",  # zipfile's name encoding: pyodide.unpackArchive needs it
    "encodings.unicode_escape",
    "encodings.raw_unicode_escape",
    "string",
    "textwrap",
    "unicodedata",
    # containers, functional helpers and typing used by ordinary code
    "collections.abc",
    "weakref",
    "copy",
    "functools",
    "operator",
    "itertools",
    "contextlib",
    "dataclasses",
    "enum",
    "types",
    "typing",
    "keyword",
    "re",
    # data exchange with the page
    "json",
    "datetime",
    "math",
)

#: Packages never included whole: the codec package holds ~120 single-byte tables
#: (0.5 MB of bytecode) looked up only by name; the codecs worth having are in
#: :data:`MARGIN_MODULES`.
NOT_EXPANDED: tuple[str, ...] = ("encodings",)

#: Submodules left out of a whole package unless something imported them in the trace:
#: they cannot work in a browser (Windows event loops, process pools, subinterpreters),
#: are command-line tools, or are large subsystems nothing here uses.
SKIP_UNTRACED: tuple[str, ...] = (
    "asyncio.__main__",
    "asyncio.proactor_events",
    "asyncio.tools",
    "asyncio.windows_events",
    "asyncio.windows_utils",
    "concurrent.futures.process",
    "concurrent.interpreters",
    "importlib.metadata",
    "importlib.resources",
    "logging.config",
    "logging.handlers",
    "pyodide.console",
)

_PYODIDE_FILES = (
    "package.json",
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)

_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


class StdlibBuildError(RuntimeError):
    """The zip could not be built or failed its verification boot."""


def manifest_path(zip_path: Path) -> Path:
    """The JSON manifest written beside a built zip."""
    return zip_path.with_name(zip_path.name.removesuffix(".zip") + ".manifest.json")


def default_cache_dir(pyodide_dir: Path) -> Path:
    """``node_modules/.cache/guideline-stdlib`` (ignored by git with ``node_modules/``).

    Overridden by the ``GUIDELINE_STDLIB_CACHE`` environment variable.
    """
    env = os.environ.get("GUIDELINE_STDLIB_CACHE")
    if env:
        return Path(env)
    return pyodide_dir.resolve().parent / ".cache" / "guideline-stdlib"


#: Generic probes added to every trace (no clinical content): invalid inputs that drive
#: the validation code; any exception they raise is tolerated, their imports are kept.
PROBE_CASES: tuple[Any, ...] = ({}, {"__not_a_field__": None}, [], "not a case")


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise StdlibBuildError(
            "Node.js is required to build the precompiled standard library "
            "(install Node 20+ and run `npm ci`)"
        )
    return node


def _check_pyodide(pyodide_dir: Path) -> str:
    missing = [name for name in _PYODIDE_FILES if not (pyodide_dir / name).is_file()]
    if missing:
        raise StdlibBuildError(
            f"Pyodide files missing in {pyodide_dir}: {', '.join(missing)} (run `npm ci`)"
        )
    version = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"]
    return str(version)


def _package_files(
    package_dirs: Sequence[Path], modules: Mapping[str, Path] | None = None
) -> list[tuple[str, Path]]:
    """(relative path in the zip, source path) for every shipped file, sorted."""
    out: list[tuple[str, Path]] = []
    for pkg in package_dirs:
        pkg = Path(pkg).resolve()
        if not (pkg / "__init__.py").is_file():
            raise StdlibBuildError(f"not a Python package (no __init__.py): {pkg}")
        for path in sorted(pkg.rglob("*")):
            rel = path.relative_to(pkg.parent)
            if (
                path.is_file()
                and "__pycache__" not in rel.parts
                and path.suffix not in {".pyc", ".pyo"}
                and path.name != "__main__.py"  # command line only; never run in a browser
            ):
                out.append((rel.as_posix(), path))
    for name, path in sorted((modules or {}).items()):
        if not name.isidentifier() or not Path(path).is_file():
            raise StdlibBuildError(f"module {name!r}: no such file {path}")
        out.append((f"{name}.py", Path(path).resolve()))
    names = [rel for rel, _ in out]
    if len(names) != len(set(names)):
        raise StdlibBuildError("two shipped packages or modules with the same name")
    return sorted(out)


def _packages_config(
    package_dirs: Sequence[Path], modules: Mapping[str, Path] | None
) -> list[dict[str, Any]]:
    """The Node script's ``packages``: each package's or module's files by zip path."""
    out: list[dict[str, Any]] = [
        {"name": Path(p).resolve().name, "files": dict(_package_files([p]))} for p in package_dirs
    ]
    for name, path in sorted((modules or {}).items()):
        out.append({"name": name, "module": True, "files": {f"{name}.py": str(path)}})
    for pkg in out:
        pkg["files"] = {rel: str(path) for rel, path in pkg["files"].items()}
    return out


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def inputs_hash(
    pyodide_dir: Path,
    package_dirs: Sequence[Path],
    trace_cases: Sequence[Any],
    extra_modules: Sequence[str] = MARGIN_MODULES,
    modules: Mapping[str, Path] | None = None,
) -> str:
    """Hash of everything the built zip depends on (the cache key)."""
    h = hashlib.sha256()

    def put(label: str, data: bytes) -> None:
        h.update(label.encode() + b"\0" + len(data).to_bytes(8, "big") + data)

    put("recipe", RECIPE_VERSION.encode())
    put("build.py", Path(__file__).read_bytes())
    put("build_stdlib.mjs", NODE_SCRIPT.read_bytes())
    put("pyodide/package.json", (pyodide_dir / "package.json").read_bytes())
    put("pyodide/python_stdlib.zip", _sha256_file(pyodide_dir / "python_stdlib.zip").encode())
    for name in ("pyodide.asm.mjs", "pyodide.asm.wasm"):
        put(f"pyodide/{name}", str((pyodide_dir / name).stat().st_size).encode())
    for rel, path in _package_files(package_dirs, modules):
        put(f"package:{rel}", path.read_bytes())
    put("cases", json.dumps(list(trace_cases), sort_keys=True).encode())
    put("probes", json.dumps(list(PROBE_CASES), sort_keys=True).encode())
    put("extra", json.dumps(list(extra_modules)).encode())
    put("not-expanded", json.dumps(list(NOT_EXPANDED)).encode())
    put("skip-untraced", json.dumps(list(SKIP_UNTRACED)).encode())
    return h.hexdigest()


def _run_node(config: dict[str, Any], work: Path, timeout: float = 300) -> dict[str, Any]:
    config_path = work / f"{config['mode']}-config.json"
    result_path = work / f"{config['mode']}-result.json"
    config = {**config, "resultPath": str(result_path)}
    config_path.write_text(json.dumps(config), encoding="utf-8")
    try:
        proc = subprocess.run(
            [_node(), str(NODE_SCRIPT), str(config_path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise StdlibBuildError(f"build_stdlib.mjs ({config['mode']}) timed out") from exc
    if proc.returncode != 0 or not result_path.is_file():
        raise StdlibBuildError(
            f"build_stdlib.mjs ({config['mode']}) failed with exit code {proc.returncode}:\n"
            f"{proc.stderr.strip()[-4000:]}"
        )
    data: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8"))
    return data


def run_cases(
    pyodide_dir: Path,
    cases: Sequence[Any],
    *,
    stdlib_zip: Path | None = None,
    package_dirs: Sequence[Path] = (),
    modules: Mapping[str, Path] | None = None,
    api_module: str = "calc",
    imports: Sequence[str] = (),
) -> dict[str, Any]:
    """Boot Pyodide in Node (stock stdlib, or ``stdlib_zip``) and evaluate every case.

    Returns the Node script's report: ``results`` (one ``{"ok", "result"|"error"}`` per
    case, as JSON), ``api_file`` (where the API module was imported from), ``bootMs``,
    ``traceback`` (a formatted chained traceback) and ``jsSideError`` (a Python error as
    JavaScript saw it). Raises :class:`StdlibBuildError` if Pyodide fails to boot or a case
    raises anything but a ``CaseError``.
    """
    _check_pyodide(pyodide_dir)
    packages = _packages_config(package_dirs, modules)
    config: dict[str, Any] = {
        "mode": "run",
        "indexURL": str(pyodide_dir.resolve()) + "/",
        "packages": packages,
        "apiModule": api_module,
        "imports": list(imports),
        "cases": list(cases),
    }
    if stdlib_zip is not None:
        config["stdLibURL"] = str(stdlib_zip.resolve())
    with tempfile.TemporaryDirectory(prefix="stdlib-run-") as tmp:
        return _run_node(config, Path(tmp))


def _write_stored_zip(staging: Path, out: Path) -> None:
    """A deterministic stored zip of everything below ``staging`` (with directory entries)."""
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    dirs: set[str] = set()
    for rel in files:
        parts = rel.split("/")[:-1]
        dirs.update("/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted([*files, *dirs]):
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.create_system = 3
            info.compress_type = zipfile.ZIP_STORED
            if name.endswith("/"):
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                zf.writestr(info, (staging / name).read_bytes())


def build_stdlib_zip(
    pyodide_dir: Path,
    package_dirs: list[Path],
    trace_cases: Sequence[Any],
    out_dir: Path | None,
    *,
    modules: Mapping[str, Path] | None = None,
    extra_modules: Iterable[str] = MARGIN_MODULES,
    api_module: str = "calc",
    cache_dir: Path | None = None,
    verify: bool = True,
) -> Path:
    """Build (or reuse from the cache) ``python_stdlib.<hash12>.zip`` in ``out_dir``.

    ``trace_cases`` are case objects passed to ``<api_module>.evaluate``: each must return
    a result or raise the module's ``CaseError``; anything else fails the build.
    ``modules`` adds top-level modules by name (``{"case_check_bridge": Path(...)}``).
    With ``out_dir=None`` the zip is returned where it sits in the cache (entries there
    are never modified once written, so concurrent builds can share them). With
    ``verify`` (the default), a fresh Pyodide boots from the new zip, imports the packages
    from it and must give the same result for every trace case as the traced run. Writes
    ``python_stdlib.<hash12>.manifest.json`` beside the zip and returns the zip's path.
    """
    pyodide_dir = Path(pyodide_dir)
    version = _check_pyodide(pyodide_dir)
    _node()
    extra = list(extra_modules)
    cases = list(trace_cases)
    key = inputs_hash(pyodide_dir, package_dirs, cases, extra, modules)
    cache_root = cache_dir or default_cache_dir(pyodide_dir)
    cache = cache_root / key[:24]

    cached = sorted(cache.glob("python_stdlib.*.zip")) if cache.is_dir() else []
    if len(cached) == 1 and manifest_path(cached[0]).is_file():
        with contextlib.suppress(OSError):
            os.utime(cache)  # recently used: kept by _prune
        return _publish(cached[0], out_dir)

    with tempfile.TemporaryDirectory(prefix="stdlib-build-") as tmp:
        work = Path(tmp)
        staging = work / "staging"
        staging.mkdir()
        packages = _packages_config(package_dirs, modules)
        trace = _run_node(
            {
                "mode": "trace",
                "indexURL": str(pyodide_dir.resolve()) + "/",
                "packages": packages,
                "apiModule": api_module,
                "cases": cases,
                "probeCases": list(PROBE_CASES),
                "extraModules": extra,
                "notExpanded": list(NOT_EXPANDED),
                "skipUntraced": list(SKIP_UNTRACED),
                "outDir": str(staging),
            },
            work,
        )
        built = work / "python_stdlib.zip"
        _write_stored_zip(staging, built)
        digest = _sha256_file(built)
        final = work / f"python_stdlib.{digest[:12]}.zip"
        built.rename(final)

        if verify:
            check = run_cases(
                pyodide_dir,
                cases,
                stdlib_zip=final,
                api_module=api_module,
                imports=[p["name"] for p in packages],
            )
            _compare_runs(trace, check, final)

        with zipfile.ZipFile(final) as zf:
            entries = [i.filename for i in zf.infolist() if not i.filename.endswith("/")]
        manifest = {
            "zip": final.name,
            "sha256": digest,
            "bytes": final.stat().st_size,
            "inputs_hash": key,
            "pyodide": version,
            "python": trace["python"],
            "pyc_magic": trace["magic"],
            "api_module": api_module,
            "packages": [p["name"] for p in packages],
            "trace_cases": len(cases),
            "margin_modules": extra,
            "margin_imports_failed": trace["margin"]["failed"],
            "traced_modules": trace["traced"],
            "frozen_skipped": trace["frozen_skipped"],
            "whole_packages": trace["whole_packages"],
            "not_expanded": list(NOT_EXPANDED),
            "skipped_untraced": trace["skipped_untraced"],
            "stdlib_modules": len(trace["stdlib_files"]),
            "entries": entries,
        }
        manifest_path(final).write_text(
            json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        tmp_cache = cache.with_name(cache.name + f".tmp{os.getpid()}")
        shutil.rmtree(tmp_cache, ignore_errors=True)
        tmp_cache.mkdir(parents=True)
        shutil.copy2(final, tmp_cache / final.name)
        shutil.copy2(manifest_path(final), manifest_path(tmp_cache / final.name))
        if cache.is_dir() and not (cache / final.name).is_file():
            shutil.rmtree(cache, ignore_errors=True)  # an incomplete entry
        try:
            tmp_cache.rename(cache)
        except OSError:  # a concurrent build won the race: its output is identical
            shutil.rmtree(tmp_cache, ignore_errors=True)
            if not (cache / final.name).is_file():
                raise StdlibBuildError(f"cannot write the cache entry {cache}") from None
        _prune(cache_root, keep=cache)
        return _publish(cache / final.name, out_dir)


def _compare_runs(trace: dict[str, Any], check: dict[str, Any], zip_path: Path) -> None:
    api_file = str(check.get("api_file") or "")
    if ".zip/" not in api_file:
        raise StdlibBuildError(
            f"{zip_path.name}: the package was not imported from the zip ({api_file!r})"
        )
    if check["results"] != trace["results"]:
        bad = next(
            i
            for i, (a, b) in enumerate(zip(trace["results"], check["results"], strict=True))
            if a != b
        )
        raise StdlibBuildError(
            f"{zip_path.name}: case {bad} gives a different result from the rebuilt zip:\n"
            f"stock: {trace['results'][bad]}\nzip:   {check['results'][bad]}"
        )
    if "traced failure" not in str(check.get("traceback")):
        raise StdlibBuildError(f"{zip_path.name}: formatting a traceback failed")


def _prune(cache_root: Path, keep: Path, entries: int = 4, grace_s: float = 3600) -> None:
    """Drop old cache entries: keep the newest few, and anything used within the hour."""
    now = time.time()
    dirs = sorted(
        (d for d in cache_root.iterdir() if d.is_dir() and ".tmp" not in d.name and d != keep),
        key=lambda d: d.stat().st_mtime,
        reverse=True,
    )
    for old in dirs[entries - 1 :]:
        if now - old.stat().st_mtime > grace_s:
            shutil.rmtree(old, ignore_errors=True)


def _publish(zip_path: Path, out_dir: Path | None) -> Path:
    if out_dir is None:
        return zip_path
    out_dir.mkdir(parents=True, exist_ok=True)
    dst = out_dir / zip_path.name
    for src, target in ((zip_path, dst), (manifest_path(zip_path), manifest_path(dst))):
        if src.resolve() != target.resolve():
            shutil.copyfile(src, target)
    return dst
