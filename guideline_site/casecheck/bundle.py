"""The ``calc`` bundle: the package's ``.py`` files plus the JSON bridge, in one zip.

The zip is reproducible (sorted entries, fixed timestamps) so its content hash, which is
in its file name, changes only when the code does. Entries are stored, not deflated: the
web server compresses on the wire, and Pyodide unpacks a stored zip without inflating.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

HASH_LENGTH = 12
# The bridge ships as a top-level module of this name (the worker imports it).
BRIDGE_MODULE = "case_check_bridge"
_BRIDGE_SOURCE = Path(__file__).with_name("bridge.py")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def package_sources(package_dir: Path) -> dict[str, bytes]:
    """``<package>/<relative path>.py`` -> source bytes (no caches, no data files)."""
    out: dict[str, bytes] = {}
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(package_dir)
        if "__pycache__" in rel.parts:
            continue
        out[f"{package_dir.name}/{rel.as_posix()}"] = path.read_bytes()
    return out


def bridge_source() -> tuple[str, bytes]:
    return f"{BRIDGE_MODULE}.py", _BRIDGE_SOURCE.read_bytes()


def build_zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name])
    return buf.getvalue()


def build_bundle(package_dir: Path) -> tuple[str, bytes]:
    """(file name with content hash, zip bytes) for the package and the bridge."""
    entries = package_sources(package_dir)
    if not any(name.endswith("/__init__.py") for name in entries):
        raise ValueError(f"{package_dir} has no __init__.py")
    name, source = bridge_source()
    entries[name] = source
    data = build_zip(entries)
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return f"{package_dir.name}-{digest}.zip", data
