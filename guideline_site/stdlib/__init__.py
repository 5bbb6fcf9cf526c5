"""Precompiled, trimmed Python standard library for the in-browser case check (Pyodide)."""

from guideline_site.stdlib.build import (
    MARGIN_MODULES,
    StdlibBuildError,
    build_stdlib_zip,
    manifest_path,
    run_cases,
)

__all__ = [
    "MARGIN_MODULES",
    "StdlibBuildError",
    "build_stdlib_zip",
    "manifest_path",
    "run_cases",
]
