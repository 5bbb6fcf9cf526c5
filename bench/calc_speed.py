"""Speed of the case-check module: ``import calc`` cost and ``evaluate`` time per case.

Targets (issue 3): own import cost under 15 ms beyond interpreter start-up, and
``evaluate`` under 100 µs per case. Figures, not a timed test: run
``python -m bench.calc_speed`` (or call ``measure()``).

Import cost is read from ``python -X importtime`` in fresh subprocesses: the cumulative
time of the ``calc`` entry, i.e. calc plus every module it imports that start-up had not
already imported. The subprocess runs with ``-S`` (no site-packages, no .pth hooks), so
modules that a virtualenv's start-up happens to import (``re``, ``enum``...) are counted
against calc, as they would be in Pyodide. Bytecode is cached in a temporary
``PYTHONPYCACHEPREFIX`` (the browser's standard library zip ships compiled bytecode too); a
first run fills it, then the median of several runs is reported.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
IMPORT_TARGET_MS = 15.0
EVALUATE_TARGET_US = 100.0


def _import_ms_once(env: dict[str, str]) -> float:
    proc = subprocess.run(
        [sys.executable, "-S", "-X", "importtime", "-c", "import calc"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for line in proc.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == "calc":
            return int(parts[1]) / 1000.0
    raise RuntimeError(f"no 'calc' line in -X importtime output:\n{proc.stderr}")


def import_ms(runs: int = 7) -> tuple[float, list[float]]:
    """Median own import cost of calc in ms, and every run's figure."""
    with tempfile.TemporaryDirectory(prefix="calc-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["PYTHONPYCACHEPREFIX"] = cache
        _import_ms_once(env)  # compile and cache the bytecode
        figures = [_import_ms_once(env) for _ in range(runs)]
    return statistics.median(figures), figures


def golden_valid_cases() -> list[dict[str, object]]:
    cases = []
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "verdict" in data["expected"]:
            cases.append(data["case"])
    return cases


def evaluate_us(repeats: int = 7, min_seconds: float = 0.2) -> tuple[float, float, int]:
    """Per golden case: median CPU time and median wall time of ``evaluate``, in µs.

    CPU time (``time.process_time``) is the headline: it is what evaluate costs, and it
    does not grow when other jobs share the machine; wall time is reported beside it.
    """
    sys.path.insert(0, str(ROOT))
    import calc

    cases = golden_valid_cases()
    for case in cases:  # warm up (first-use caches, e.g. short citations)
        calc.evaluate(case)
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            for case in cases:
                calc.evaluate(case)
        if time.perf_counter() - start >= min_seconds:
            break
        loops *= 2
    cpu, wall = [], []
    calls = loops * len(cases)
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        for _ in range(loops):
            for case in cases:
                calc.evaluate(case)
        cpu.append((time.process_time() - start_cpu) / calls * 1e6)
        wall.append((time.perf_counter() - start_wall) / calls * 1e6)
    return statistics.median(cpu), statistics.median(wall), len(cases)


def measure() -> dict[str, object]:
    """Figures for ``import calc`` and ``calc.evaluate`` with their targets."""
    median_ms, runs = import_ms()
    per_case_us, wall_us, n_cases = evaluate_us()
    return {
        "import_ms": round(median_ms, 2),
        "import_runs_ms": [round(x, 2) for x in runs],
        "import_target_ms": IMPORT_TARGET_MS,
        "import_ok": median_ms < IMPORT_TARGET_MS,
        "evaluate_us": round(per_case_us, 1),
        "evaluate_wall_us": round(wall_us, 1),
        "evaluate_cases": n_cases,
        "evaluate_target_us": EVALUATE_TARGET_US,
        "evaluate_ok": per_case_us < EVALUATE_TARGET_US,
        "python": sys.version.split()[0],
    }


def main() -> int:
    figures = measure()
    mark = {True: "ok", False: "OVER TARGET"}
    print(f"calc speed (CPython {figures['python']})")
    print(
        f"  import calc: {figures['import_ms']} ms own cost, median of "
        f"{len(figures['import_runs_ms'])} runs (target < {figures['import_target_ms']} ms) "
        f"{mark[bool(figures['import_ok'])]}"
    )
    print(
        f"  evaluate:    {figures['evaluate_us']} µs CPU per case over "
        f"{figures['evaluate_cases']} golden cases (target < {figures['evaluate_target_us']} µs) "
        f"{mark[bool(figures['evaluate_ok'])]}; wall {figures['evaluate_wall_us']} µs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
