"""What identifies the rules the browser runs: ``calc``'s sources plus the JSON bridge.

``calc`` and the bridge ship inside the precompiled standard library zip (see
``runtime.site_runtime``); no separate archive is published. The printout's stamp still
names the rules by a short content hash, :func:`rules_digest`, taken over the same
inputs the former calc archive held, so it changes exactly when the rules or the bridge do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HASH_LENGTH = 12
# The bridge ships as a top-level module of this name (the worker imports it).
BRIDGE_MODULE = "case_check_bridge"
_BRIDGE_SOURCE = Path(__file__).with_name("bridge.py")


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


def rules_sources(package_dir: Path) -> dict[str, bytes]:
    """The package's sources and the bridge, by the names they have in the runtime."""
    entries = package_sources(package_dir)
    if not any(name.endswith("/__init__.py") for name in entries):
        raise ValueError(f"{package_dir} has no __init__.py")
    name, source = bridge_source()
    entries[name] = source
    return entries


def rules_digest(package_dir: Path) -> str:
    """Short sha256 over every (name, bytes) of :func:`rules_sources`, in sorted order."""
    h = hashlib.sha256()
    for name, data in sorted(rules_sources(package_dir).items()):
        h.update(name.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:HASH_LENGTH]
