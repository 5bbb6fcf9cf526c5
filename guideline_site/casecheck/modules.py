"""The page's JavaScript modules, published with content hashes in their file names.

Each ``*.mjs`` in ``assets/`` becomes ``<stem>.<hash>.mjs``. A module imports its siblings
by their plain names (``import { el } from "./dom.mjs"``); here each such specifier is
rewritten to the sibling's hashed name, leaves first, so a module's hash covers the modules
it imports and every published file can be cached for a year. An import of a sibling that
does not exist, or a cycle, fails the build.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

HASH_LENGTH = 12

#: ``from "./x.mjs"``, ``import "./x.mjs"`` and ``import("./x.mjs")``.
SIBLING_IMPORT = re.compile(
    r"""(?P<head>\bfrom\s*|\bimport\s*\(?\s*)(?P<q>["'])\./(?P<name>[A-Za-z0-9_.-]+\.mjs)(?P=q)"""
)


class ModuleError(ValueError):
    """A module imports a sibling that is not there, or the imports form a cycle."""


def hashed_name(stem: str, ext: str, data: bytes) -> str:
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}{ext}"


def imports_of(source: str) -> list[str]:
    """The sibling modules a module imports, in order of appearance."""
    return [m.group("name") for m in SIBLING_IMPORT.finditer(source)]


def publish(sources: Mapping[str, bytes]) -> dict[str, tuple[str, bytes]]:
    """``{"dom.mjs": b"..."}`` -> ``{"dom.mjs": ("dom.<hash>.mjs", rewritten bytes)}``."""
    texts = {name: data.decode("utf-8") for name, data in sources.items()}
    out: dict[str, tuple[str, bytes]] = {}
    visiting: list[str] = []

    def visit(name: str) -> str:
        if name in out:
            return out[name][0]
        if name in visiting:
            raise ModuleError(f"import cycle: {' -> '.join([*visiting, name])}")
        if name not in texts:
            raise ModuleError(f"{visiting[-1]} imports ./{name}, which is not in assets/")
        visiting.append(name)

        def rewrite(m: re.Match[str]) -> str:
            return f"{m.group('head')}{m.group('q')}./{visit(m.group('name'))}{m.group('q')}"

        data = SIBLING_IMPORT.sub(rewrite, texts[name]).encode("utf-8")
        visiting.pop()
        stem = name.removesuffix(".mjs")
        out[name] = (hashed_name(stem, ".mjs", data), data)
        return out[name][0]

    for name in sorted(texts):
        visit(name)
    return out


def closure(sources: Mapping[str, bytes], entry: str) -> list[str]:
    """Every sibling module ``entry`` imports, directly or not, leaves first (for preloading)."""
    out: list[str] = []

    def visit(name: str) -> None:
        for dep in imports_of(sources[name].decode("utf-8")):
            if dep not in out and dep != entry:
                visit(dep)
                out.append(dep)

    visit(entry)
    return out


def publish_dir(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Every ``*.mjs`` directly in ``folder``, published."""
    return publish({p.name: p.read_bytes() for p in sorted(folder.glob("*.mjs"))})
