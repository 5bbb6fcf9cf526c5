"""``make bench``: build the site, serve it like GitHub Pages, measure, print, save JSON.

Figures (issues 5 and 11), each printed with its target and PASS/MISS:

* cold ready, case check vs stock Pyodide baseline (fresh profile per run, interleaved),
  medians, min-max and the ratio; warm ready after a reload once the first visit has
  settled, twice: the reload that finds the first visit's shared engine still running
  (Chromium's extendedLifetime), and one more whose engine has gone (a dedicated worker
  booting from the caches alone, as in other browsers); the first evaluate round trip;
  where the cold and warm time goes (navigation, worker created, connected to a running
  engine, runtime compiled, Python ready, calc imported, ready);
* the same engine alone on a bare page (``bench.baseline.write_engine_only``), cold: what
  the page (theme, page scripts) costs the boot, against what the runtime itself costs;
* a returning reader (``bench.returning``): a guideline page prewarms the engine (its
  cost on that page), the navigation link to the case check (ready after the click), and
  a shared ``#case=`` link (verdict on screen after navigation start);
* bytes transferred (compressed and raw) by the case-check page and by a guideline page,
  and whether the guideline page loads any part of the Python runtime;
* optionally (``--throttle``) the cold comparison at 20 Mbit/s (issue 5; no target now);
* ``import calc`` and ``evaluate`` cost in CPython (``bench.calc_speed.measure()``);
* Lighthouse scores (performance, accessibility, best practices) and total blocking time
  for a guideline page and the case-check page: medians of ``--lighthouse-runs`` runs.

Results go to ``bench/results/<UTC timestamp>.json`` (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.baseline import write_baseline, write_engine_only
from bench.browser import Run, Throttle, measure_page, page_transfer, summary
from bench.returning import ReturningRun, returning_reader
from bench.server import serve
from guideline_site import localsite
from guideline_site.casecheck.headstart import SEARCH_QUIET_MS
from guideline_site.localsite import find_chromium, free_port

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
CASES = ROOT / "tests" / "cases"
CASE_PAGE = "case-check/"
GUIDELINE_PAGE = "selection/"
RUNTIME_FILE = re.compile(
    r"pyodide|python_stdlib|/runtime-[0-9a-f]+/|\.wasm$|/worker\.[0-9a-f]+\.mjs$"
)
#: The breakdown's steps, in order (ms after navigation start; bench.browser.BREAKDOWN).
STEPS = (
    "navigation",
    "worker_created",
    "connected",
    "runtime_compiled",
    "python_ready",
    "calc_imported",
    "ready",
)
KB = 1000
MB = 1000 * 1000

TARGETS: dict[str, tuple[str, float]] = {
    "cold_ratio": ("<=", 0.40),
    "warm_ms": ("<=", 700),
    "warm_gone_ms": ("<=", 700),
    "nav_link_ms": ("<=", 300),
    "case_link_ms": ("<=", 1000),
    "round_trip_ms": ("<=", 10),
    "guideline_kb": ("<=", 400),
    "guideline_runtime_files": ("<=", 0),
    "case_check_mb": ("<=", 5.4),
    "lh_guideline_performance": (">=", 95),
    "lh_guideline_accessibility": (">=", 100),
    "lh_guideline_best_practices": (">=", 100),
    "lh_case_check_accessibility": (">=", 100),
}


def _chromium() -> str:
    found = find_chromium()
    if found is None:
        raise SystemExit("bench: no system Chromium (apt-get install chromium)")
    return found


def build_site(out: Path, site_url: str) -> float:
    started = time.perf_counter()
    proc = localsite.build_site(out, site_url)
    if proc.returncode != 0:
        raise SystemExit(f"bench: strict build failed:\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - started


def first_valid_case() -> dict[str, Any] | None:
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "verdict" in data.get("expected", {}):
            case: dict[str, Any] = data["case"]
            return case
    return None


def runtime_info(site: Path) -> dict[str, Any]:
    """Sizes of what the case check boots, read from the built site."""
    info: dict[str, Any] = {}
    zips = sorted(site.glob("assets/case-check/runtime-*/python_stdlib*.zip"))
    if zips:
        z = zips[0]
        data = z.read_bytes()
        info["stdlib_zip"] = z.name
        info["stdlib_zip_bytes"] = len(data)
        info["stdlib_zip_gzip_bytes"] = len(gzip.compress(data, 6, mtime=0))
        from guideline_site.stdlib.build import default_cache_dir

        stem = z.name.removesuffix(".zip")
        found = sorted(default_cache_dir(PYODIDE_DIR).glob(f"*/{stem}.manifest.json"))
        if found:
            manifest = found[0]
            m = json.loads(manifest.read_text(encoding="utf-8"))
            info["stdlib_modules"] = m.get("stdlib_modules")
            info["traced_modules"] = len(m.get("traced_modules", []))
    return info


def lighthouse(url: str, out: Path, chromium: str) -> dict[str, Any]:
    cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    node = shutil.which("node")
    if not cli.is_file() or node is None:
        return {"error": "lighthouse not installed (npm ci)"}
    report = out / f"lh-{abs(hash(url))}.json"
    cmd = [
        node,
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240, check=False)
    if proc.returncode != 0 or not report.is_file():
        return {"error": (proc.stderr or proc.stdout).strip()[-500:]}
    data = json.loads(report.read_text(encoding="utf-8"))
    cats = data.get("categories", {})
    failing = {
        cat: [
            ref["id"]
            for ref in cats[cat].get("auditRefs", [])
            if ref.get("weight", 0) > 0
            and (data["audits"].get(ref["id"], {}).get("score") not in (None, 1))
        ]
        for cat in ("accessibility", "best-practices")
        if cat in cats
    }
    tbt = data.get("audits", {}).get("total-blocking-time", {}).get("numericValue")
    return {
        "tbt_ms": None if tbt is None else round(float(tbt)),
        "performance": _score(cats, "performance"),
        "accessibility": _score(cats, "accessibility"),
        "best_practices": _score(cats, "best-practices"),
        "failing_audits": failing,
        "seconds": round(time.perf_counter() - started, 1),
    }


def lighthouse_median(url: str, out: Path, chromium: str, runs: int) -> dict[str, Any]:
    """Lighthouse ``runs`` times on one page; each score and the total blocking time is the
    median of the runs. One run's performance score moves with the machine's load (the
    simulated throttling scales the CPU time it observes): 76 to 96 for the same build."""
    results = [lighthouse(url, out, chromium) for _ in range(max(1, runs))]
    good = [r for r in results if "error" not in r]
    if not good:
        return results[0]

    def median(key: str) -> float | None:
        values = [r[key] for r in good if r.get(key) is not None]
        return round(statistics.median(values)) if values else None

    failing: dict[str, list[str]] = {}
    for r in good:
        for cat, ids in r.get("failing_audits", {}).items():
            failing[cat] = sorted(set(failing.get(cat, [])) | set(ids))
    return {
        "performance": median("performance"),
        "accessibility": median("accessibility"),
        "best_practices": median("best_practices"),
        "tbt_ms": median("tbt_ms"),
        "failing_audits": failing,
        "runs": [
            {k: r.get(k) for k in ("performance", "accessibility", "best_practices", "tbt_ms")}
            for r in good
        ],
        "errors": [r["error"] for r in results if "error" in r],
        "seconds": round(sum(r.get("seconds", 0) for r in good), 1),
    }


def _score(cats: dict[str, Any], key: str) -> float | None:
    score = cats.get(key, {}).get("score")
    return None if score is None else round(float(score) * 100)


def calc_speed() -> dict[str, Any]:
    try:
        from bench.calc_speed import measure  # written by the calc owner
    except ImportError as exc:
        return {"error": f"bench.calc_speed not available ({exc})"}
    try:
        result: dict[str, Any] = dict(measure())
        return result
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def _median(runs: list[Run], attr: str) -> float | None:
    return summary([getattr(r, attr) for r in runs])["median"]


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def verdict(key: str, value: float | None) -> str:
    op, target = TARGETS[key]
    if value is None:
        return "MISS (no value)"
    ok = value <= target if op == "<=" else value >= target
    return "PASS" if ok else "MISS"


def series(runs: list[Run], attr: str) -> dict[str, Any]:
    return {**summary([getattr(r, attr) for r in runs]), "values": [getattr(r, attr) for r in runs]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold runs per page (default 5)")
    parser.add_argument("--throttled-runs", type=int, default=None, help="default: --runs")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=5, help="Lighthouse runs per page (median; 5)"
    )
    parser.add_argument("--returning-runs", type=int, default=None, help="default: --runs")
    parser.add_argument("--throttle", action="store_true", help="also 20 Mbit/s (issue 5)")
    args = parser.parse_args(argv)
    throttled_runs = args.runs if args.throttled_runs is None else args.throttled_runs
    returning_runs = args.runs if args.returning_runs is None else args.returning_runs

    from playwright.sync_api import sync_playwright

    chromium = _chromium()
    started = time.perf_counter()
    out: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_start": os.getloadavg(),
            "python": platform.python_version(),
            "chromium": subprocess.run(
                [chromium, "--version"], capture_output=True, text=True, check=False
            ).stdout.strip(),
            "pyodide": json.loads((PYODIDE_DIR / "package.json").read_text())["version"],
        },
    }
    case = first_valid_case()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        print(f"bench: building the site for {base} …", flush=True)
        out["build_s"] = round(build_site(tmp / "site", base), 2)
        write_baseline(PYODIDE_DIR, tmp / "baseline")
        write_engine_only(tmp / "site", CASE_PAGE, tmp / "engine-only")
        out["runtime"] = runtime_info(tmp / "site")
        mounts = {
            "/": tmp / "site",
            "/baseline/": tmp / "baseline",
            "/engine-only/": tmp / "engine-only",
        }
        with serve(mounts, port) as server, sync_playwright() as pw:
            cc_url, base_url = base + CASE_PAGE, base + "baseline/"
            engine_url = base + "engine-only/"
            print(f"bench: {server.prime()} files requested once (compressed and kept) …")
            engine_runs: list[Run] = []

            def interleave(n: int, throttle: Throttle | None) -> tuple[list[Run], list[Run]]:
                cc_runs: list[Run] = []
                base_runs: list[Run] = []
                for i in range(n):
                    order = ["cc", "base"] if i % 2 == 0 else ["base", "cc"]
                    if throttle is None:  # the engine alone: cold, localhost only
                        order.insert(i % 3, "engine")
                    for which in order:
                        if which == "engine":
                            run = measure_page(pw, chromium, engine_url, "engine", warm=False)
                            engine_runs.append(run)
                        elif which == "cc":
                            run = measure_page(
                                pw,
                                chromium,
                                cc_url,
                                "case-check",
                                throttle=throttle,
                                warm=throttle is None,
                                gone=throttle is None,
                                round_trip_case=case if throttle is None else None,
                            )
                            cc_runs.append(run)
                        else:
                            run = measure_page(
                                pw,
                                chromium,
                                base_url,
                                "baseline",
                                throttle=throttle,
                                warm=throttle is None,
                            )
                            base_runs.append(run)
                        label = "20 Mbit/s " if throttle else ""
                        gone_ms = (
                            f"  engine gone {run.warm_gone_ms:7.0f} ms" if run.warm_gone_ms else ""
                        )
                        print(
                            f"  {label}{run.page:<10} cold {run.cold_ms or float('nan'):7.0f} ms"
                            f"  warm {run.warm_ms or float('nan'):7.0f} ms{gone_ms}"
                            + (f"  ERROR {run.error}" if run.error else ""),
                            flush=True,
                        )
                return cc_runs, base_runs

            print(
                f"bench: {args.runs} interleaved cold+warm runs per page (localhost) …", flush=True
            )
            cc_runs, base_runs = interleave(args.runs, None)
            throttled: tuple[list[Run], list[Run]] = ([], [])
            print(f"bench: {returning_runs} returning-reader runs …", flush=True)
            back: list[ReturningRun] = []
            for _ in range(returning_runs):
                r = returning_reader(
                    pw, chromium, base, GUIDELINE_PAGE, case or {}, server.entries, RUNTIME_FILE
                )
                back.append(r)
                print(
                    f"  nav link {r.nav_link_ms or float('nan'):6.0f} ms"
                    f" (prewarmed at click: {r.prewarm_ready_at_click})"
                    f"  case link verdict {r.case_link_verdict_ms or float('nan'):6.0f} ms"
                    + (f"  ERROR {r.error}" if r.error else ""),
                    flush=True,
                )
            if args.throttle and throttled_runs > 0:
                print(f"bench: {throttled_runs} cold runs per page at 20 Mbit/s …", flush=True)
                throttled = interleave(throttled_runs, Throttle())

            print("bench: bytes transferred …", flush=True)

            def wait_engine(page: Any) -> None:
                page.wait_for_function(
                    "() => window.__bench && window.__bench.state", timeout=120_000
                )

            transfer_cc = page_transfer(
                pw, chromium, cc_url, server.entries, extra_wait=wait_engine
            )
            transfer_gl = page_transfer(
                pw,
                chromium,
                base + GUIDELINE_PAGE,
                server.entries,
                settle_s=3.0,
                release_search=True,
            )

        print("bench: calc in CPython …", flush=True)
        speed = calc_speed()
        lh: dict[str, Any] = {}
        if not args.no_lighthouse:
            with serve({"/": tmp / "site"}, port) as server:
                server.prime()
                for key, page in (("guideline", GUIDELINE_PAGE), ("case_check", CASE_PAGE)):
                    print(f"bench: Lighthouse {page} ({args.lighthouse_runs} runs) …", flush=True)
                    lh[key] = lighthouse_median(base + page, tmp, chromium, args.lighthouse_runs)

    cold_cc, cold_base = _median(cc_runs, "cold_ms"), _median(base_runs, "cold_ms")
    cold_engine = _median(engine_runs, "cold_ms")
    warm_cc = _median(cc_runs, "warm_ms")
    warm_gone_cc = _median(cc_runs, "warm_gone_ms")
    thr_cc, thr_base = _median(throttled[0], "cold_ms"), _median(throttled[1], "cold_ms")
    first_trips = [r.round_trips[0]["ms"] for r in cc_runs if r.round_trips]
    later_trips = [t["ms"] for r in cc_runs for t in r.round_trips[1:]]
    gl_runtime = [f for f in transfer_gl["files"] if RUNTIME_FILE.search(f)]
    sw_runtime = [f for f in transfer_gl["other_files"] if RUNTIME_FILE.search(f)]
    figures = {
        "cold_ratio": _ratio(cold_cc, cold_base),
        "warm_ms": warm_cc,
        "warm_gone_ms": warm_gone_cc,
        "round_trip_ms": summary(first_trips)["median"],
        "nav_link_ms": summary([r.nav_link_ms for r in back])["median"],
        "case_link_ms": summary([r.case_link_verdict_ms for r in back])["median"],
        "guideline_kb": transfer_gl["compressed"] / KB,
        "guideline_runtime_files": len(gl_runtime),
        "case_check_mb": transfer_cc["compressed"] / MB,
        "lh_guideline_performance": lh.get("guideline", {}).get("performance"),
        "lh_guideline_accessibility": lh.get("guideline", {}).get("accessibility"),
        "lh_guideline_best_practices": lh.get("guideline", {}).get("best_practices"),
        "lh_case_check_accessibility": lh.get("case_check", {}).get("accessibility"),
    }
    out.update(
        {
            "cold": {
                "case_check": series(cc_runs, "cold_ms"),
                "baseline": series(base_runs, "cold_ms"),
                "engine_only": series(engine_runs, "cold_ms"),
            },
            "engine_only_ratio": _ratio(cold_engine, cold_base),
            "warm": {
                "case_check": series(cc_runs, "warm_ms"),
                "case_check_engine_gone": series(cc_runs, "warm_gone_ms"),
                "baseline": series(base_runs, "warm_ms"),
            },
            "throttled_20mbit": {
                "case_check": series(throttled[0], "cold_ms"),
                "baseline": series(throttled[1], "cold_ms"),
            },
            "round_trip": {"first": summary(first_trips), "later": summary(later_trips)},
            "engine_ms": series(cc_runs, "engine_ms"),
            "breakdown": {
                "cold": breakdown([r.cold_breakdown for r in cc_runs]),
                "warm": breakdown([r.warm_breakdown for r in cc_runs]),
                "warm_gone": breakdown([r.warm_gone_breakdown for r in cc_runs]),
                "prewarm": breakdown([r.prewarm_breakdown for r in back]),
                "engine_only": breakdown([r.cold_breakdown for r in engine_runs]),
            },
            "started_by": sorted({str(r.cold_breakdown.get("started_by")) for r in cc_runs}),
            # The engine's kind on the cold load, and on the first reload whether it found
            # that engine running (every run should say "shared", True in Chromium 148+).
            "engine_worker": sorted({str(r.cold_breakdown.get("engine_worker")) for r in cc_runs}),
            "warm_reused": sorted({str(r.warm_breakdown.get("reused")) for r in cc_runs}),
            "throttled_ratio": _ratio(thr_cc, thr_base),
            "returning": [r.__dict__ for r in back],
            "returning_summary": {
                key: summary([getattr(r, key) for r in back])
                for key in (
                    "nav_link_ms",
                    "case_link_verdict_ms",
                    "prewarm_boot_ms",
                    "blocking_ms_prewarm",
                    "blocking_ms_save_data",
                    "bytes_guideline_visit",
                    "runtime_bytes_guideline_visit",
                )
            },
            "errors": [
                r.error
                for r in (*cc_runs, *base_runs, *engine_runs, *throttled[0], *throttled[1], *back)
                if r.error
            ],
            "transfer": {"case_check": transfer_cc, "guideline": transfer_gl},
            "guideline_runtime_files": gl_runtime,
            "service_worker_runtime_files_after_guideline_load": sw_runtime,
            "calc_speed": speed,
            "lighthouse": lh,
            "figures": figures,
            "verdicts": {k: verdict(k, v) for k, v in figures.items()},
            "targets": {k: f"{op} {t}" for k, (op, t) in TARGETS.items()},
            "loadavg_end": os.getloadavg(),
            "total_s": round(time.perf_counter() - started, 1),
        }
    )
    report(out)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(out, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nbench: results written to {path.relative_to(ROOT)} ({out['total_s']} s)")
    return 0


def breakdown(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    """Median of each step over the runs that have it."""
    return {
        step: summary([row.get(step) for row in rows if row.get(step) is not None])["median"]
        for step in STEPS
    }


def _fmt_range(s: dict[str, Any]) -> str:
    if s.get("median") is None:
        return "n/a"
    return f"{s['median']:.0f} ms ({s['min']:.0f}-{s['max']:.0f}, n={s['n']})"


def report(out: dict[str, Any]) -> None:
    f, v = out["figures"], out["verdicts"]
    tc, tg = out["transfer"]["case_check"], out["transfer"]["guideline"]
    rt = out.get("runtime", {})

    def line(label: str, value: str, key: str | None = None) -> None:
        target = f"{TARGETS[key][0]} {TARGETS[key][1]:g}" if key else ""
        print(f"  {label:<44} {value:<34} {target:<9} {v[key] if key else ''}")

    def num(x: float | None, fmt: str) -> str:
        return "n/a" if x is None else format(x, fmt)

    print("\nFigures (medians; this machine; ratios from the same run)")
    print(f"  load average at start/end: {out['machine']['loadavg_start']} / {out['loadavg_end']}")
    line("cold ready, case check", _fmt_range(out["cold"]["case_check"]))
    line("  of which the worker's own start-up", _fmt_range(out["engine_ms"]))
    line("cold ready, stock Pyodide baseline", _fmt_range(out["cold"]["baseline"]))
    line("cold ready ratio (case check / baseline)", num(f["cold_ratio"], ".2f"), "cold_ratio")
    line("cold ready, the engine alone (bare page)", _fmt_range(out["cold"]["engine_only"]))
    line("  ratio (engine alone / baseline; no target)", num(out["engine_only_ratio"], ".2f"))
    line("warm ready (reload), case check", _fmt_range(out["warm"]["case_check"]), "warm_ms")
    line(
        "  the same, the engine gone (caches only)",
        _fmt_range(out["warm"]["case_check_engine_gone"]),
        "warm_gone_ms",
    )
    line("warm ready (reload), baseline", _fmt_range(out["warm"]["baseline"]))
    bd = out["breakdown"]
    print("  where the time goes (medians, ms after navigation start):")
    columns = ("cold", "warm", "warm_gone", "prewarm", "engine_only")
    print(
        f"    {'step':<22}"
        + "".join(f"{k + ('*' if k in ('prewarm', 'engine_only') else ''):>13}" for k in columns)
    )
    for step in STEPS:
        print(f"    {step:<22}" + "".join(f"{num(bd[k].get(step), '.0f'):>13}" for k in columns))
    print("    (*prewarm: on the guideline page of a returning reader, after its own navigation;")
    print("     *engine_only: the same worker and runtime on a bare page, cold;")
    print("     warm: the reload found the shared engine running; warm_gone: a dedicated engine")
    print("     booting from the caches, as in a browser without a shared one)")
    print(f"    engine started by: {', '.join(out['started_by'])}")
    print(
        f"    engine worker (cold): {', '.join(out['engine_worker'])};"
        f" the reload found it running: {', '.join(out['warm_reused'])}"
    )
    rs = out["returning_summary"]
    line(
        "returning reader: nav link -> ready",
        _fmt_range(rs["nav_link_ms"]) + " after the click",
        "nav_link_ms",
    )
    line(
        "returning reader: #case= link -> verdict",
        _fmt_range(rs["case_link_verdict_ms"]) + " after nav start",
        "case_link_ms",
    )
    line("  prewarm cost: worker start-up (off page)", _fmt_range(rs["prewarm_boot_ms"]))
    off = num(rs["blocking_ms_save_data"].get("median"), ".0f")
    line(
        "  prewarm cost: main-thread blocking",
        f"{_fmt_range(rs['blocking_ms_prewarm'])} vs {off} off",
    )
    line(
        "  prewarm cost: bytes (runtime bytes)",
        f"{num(rs['bytes_guideline_visit'].get('median'), '.0f')} B "
        f"({num(rs['runtime_bytes_guideline_visit'].get('median'), '.0f')} B)",
    )
    rtl = out["round_trip"]["later"]
    line("first evaluate round trip", num(f["round_trip_ms"], ".1f") + " ms", "round_trip_ms")
    line("later round trips (median)", num(rtl.get("median"), ".2f") + " ms")
    if out["throttled_20mbit"]["case_check"].get("median") is not None:
        line("20 Mbit/s cold ready, case check", _fmt_range(out["throttled_20mbit"]["case_check"]))
        line("20 Mbit/s cold ready, baseline", _fmt_range(out["throttled_20mbit"]["baseline"]))
        line("20 Mbit/s cold ready ratio (no target)", num(out["throttled_ratio"], ".2f"))
    line(
        f"guideline page ({GUIDELINE_PAGE}) transfer, KB",
        f"{tg['compressed'] / KB:.0f} KB gzip, {tg['raw'] / KB:.0f} KB raw, {tg['requests']} req",
        "guideline_kb",
    )
    line(
        f"  of which the search (held: {SEARCH_QUIET_MS / 1000:.0f} s after load)",
        f"{tg['search_compressed'] / KB:.0f} KB gzip",
    )
    line(
        "guideline page: runtime files loaded",
        str(f["guideline_runtime_files"]),
        "guideline_runtime_files",
    )
    if tg["other_requests"]:
        n = len(out["service_worker_runtime_files_after_guideline_load"])
        line(
            "  then: service worker precache (after load)",
            f"{tg['other_requests']} files ({n} runtime), {tg['other_compressed'] / MB:.2f} MB",
        )
    line(
        "case-check page transfer, MB",
        f"{tc['compressed'] / MB:.2f} MB gzip, {tc['raw'] / MB:.2f} MB raw, {tc['requests']} req",
        "case_check_mb",
    )
    if rt:
        line(
            "  standard library zip",
            f"{rt.get('stdlib_zip_bytes', 0) / MB:.2f} MB stored, "
            f"{rt.get('stdlib_zip_gzip_bytes', 0) / MB:.2f} MB gzip",
        )
        if rt.get("stdlib_modules") is not None:
            line("  stdlib modules in the zip", str(rt["stdlib_modules"]))
    speed = out["calc_speed"]
    if "error" in speed:
        line("calc in CPython", speed["error"][:60])
    else:
        # Figures and targets as bench.calc_speed reports them (issue 3's targets).
        for stem, label, unit in (("import", "import calc", "ms"), ("evaluate", "evaluate", "us")):
            value = speed.get(f"{stem}_{unit}")
            if value is None:
                continue
            target = speed.get(f"{stem}_target_{unit}")
            ok = speed.get(f"{stem}_ok")
            print(
                f"  {'calc in CPython: ' + label:<44} {f'{value:.1f} {unit}':<34} "
                f"{'' if target is None else f'< {target:g}':<9} "
                f"{'' if ok is None else ('PASS' if ok else 'MISS')}"
            )
    lh = out["lighthouse"]
    for key, label in (("guideline", "guideline page"), ("case_check", "case-check page")):
        r = lh.get(key)
        if r is None:
            continue
        if "error" in r:
            line(f"Lighthouse {label}", "error: " + r["error"][:40])
            continue
        perf = [x["performance"] for x in r.get("runs", []) if x.get("performance") is not None]
        spread = f" (median of {len(perf)}: {min(perf)}-{max(perf)})" if len(perf) > 1 else ""
        if key == "guideline":
            line(
                f"Lighthouse {label}: performance",
                str(r["performance"]) + spread,
                "lh_guideline_performance",
            )
            line(
                f"Lighthouse {label}: accessibility",
                str(r["accessibility"]),
                "lh_guideline_accessibility",
            )
            line(
                f"Lighthouse {label}: best practices",
                str(r["best_practices"]),
                "lh_guideline_best_practices",
            )
        else:
            line(f"Lighthouse {label}: performance", str(r["performance"]) + spread)
            line(
                f"Lighthouse {label}: accessibility",
                str(r["accessibility"]),
                "lh_case_check_accessibility",
            )
            line(f"Lighthouse {label}: best practices", str(r["best_practices"]))
        line(f"Lighthouse {label}: total blocking time", f"{r.get('tbt_ms')} ms")
        for cat, ids in r.get("failing_audits", {}).items():
            if ids:
                print(f"      {cat} audits not passed: {', '.join(ids)}")
    if out["errors"]:
        print("  run errors:", *out["errors"], sep="\n    ")
