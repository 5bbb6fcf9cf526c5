// Build-time helper for guideline_site.stdlib.build (run by Python, not shipped to the site).
//
//   node build_stdlib.mjs CONFIG.json
//
// CONFIG.json: {
//   "mode": "trace" | "run",
//   "indexURL": "/abs/path/node_modules/pyodide/",   // stock Pyodide files
//   "stdLibURL": "/abs/path/python_stdlib.<hash>.zip", // run mode only (optional)
//   "packages": [{"name": "calc", "files": {"calc/__init__.py": "/abs/host/path", ...}},
//                {"name": "bridge", "module": true, "files": {"bridge.py": "/abs/host/path"}}],
//   "apiModule": "calc",            // module whose evaluate/schema/describe are exercised
//   "imports": ["calc", "bridge"],  // imported right after start-up (each must import)
//   "cases": [ {...}, ... ],        // evaluated in order; results are reported
//   "probeCases": [ {...}, ... ],   // like cases, but any exception is tolerated (trace only)
//   "extraModules": ["traceback", ...], // safety margin, imported during the trace
//   "notExpanded": ["encodings"],   // packages never included whole
//   "skipUntraced": ["asyncio.windows_events", ...], // left out of whole packages unless traced
//   "outDir": "/abs/host/dir",      // trace mode: compiled files are written here
//   "resultPath": "/abs/host/result.json"
// }
//
// trace: boots Pyodide with its stock standard library, records every module imported
//   while Pyodide starts and while the API module is imported and exercised (every case,
//   valid and invalid, schema(), describe(), a formatted traceback, JSON round trips, a
//   Python exception crossing into JavaScript), then compiles the selected stdlib files
//   and the packages to .pyc *inside Pyodide* (unchecked-hash pycs, so the bytecode
//   matches this interpreter) and writes them to outDir.
// run: boots Pyodide (optionally with a rebuilt stdLibURL), imports the API module and
//   evaluates every case; used to verify a built zip and by the tests.
//
// Exit status 0 and resultPath written on success; otherwise a message on stderr and 1.

import fs from "node:fs";
import path from "node:path";

const PY_TRACE_SETUP = String.raw`
import sys
_h6_imports = []
def _h6_audit(event, args):
    if event == "import":
        _h6_imports.append(args[0])
sys.addaudithook(_h6_audit)
_h6_startup = sorted(sys.modules)
`;

// Exercises the API module; returns a JSON string. Cases come in as a JSON string so
// that the results do not depend on JS->Python conversion.
const PY_EXERCISE = String.raw`
def _h6_exercise(api_name, cases_json, probes_json):
    import importlib, json, sys, traceback
    api = importlib.import_module(api_name)
    case_error = getattr(api, "CaseError", ValueError)
    out = {"api_file": getattr(api, "__file__", None), "results": [], "probes": [], "unexpected": []}

    def run(case, index, tolerate):
        try:
            result = api.evaluate(case)
            return {"ok": True, "result": json.loads(json.dumps(result))}
        except case_error as exc:
            traceback.format_exc()
            return {"ok": False, "error": {"type": "CaseError",
                    "errors": json.loads(json.dumps(getattr(exc, "errors", None)))}}
        except Exception as exc:
            tb = traceback.format_exc()
            if not tolerate:
                out["unexpected"].append({"index": index, "type": type(exc).__name__, "traceback": tb})
            return {"ok": False, "error": {"type": type(exc).__name__, "message": str(exc)}}

    for i, case in enumerate(json.loads(cases_json)):
        out["results"].append(run(case, i, False))
    for i, case in enumerate(json.loads(probes_json)):
        out["probes"].append(run(case, i, True)["ok"])
    for name in ("schema", "describe"):
        fn = getattr(api, name, None)
        if fn is not None:
            text = json.dumps(fn(), indent=2, ensure_ascii=False, sort_keys=True)
            json.loads(text)
    # Rare paths: formatted tracebacks (chained, from a nested frame), warnings, repr.
    try:
        try:
            {}["missing"]
        except KeyError as exc:
            raise ValueError("traced failure") from exc
    except ValueError:
        out["traceback"] = traceback.format_exc()
        traceback.format_exception(*sys.exc_info())
        traceback.print_exc(file=__import__("io").StringIO())
    import warnings
    with warnings.catch_warnings(record=True):
        warnings.warn("traced warning", stacklevel=1)
    return json.dumps(out)
`;

// Files of one shipped package (a directory) or top-level module (a .py file):
// yields paths relative to the directory that holds it.
const PY_FILES = String.raw`
def _h6_files(root):
    import os
    base = os.path.dirname(root)
    if os.path.isfile(root):
        yield os.path.basename(root)
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fn in sorted(filenames):
            yield os.path.relpath(os.path.join(dirpath, fn), base)
`;

// Imports the safety-margin modules, every shipped module, and every module the shipped
// sources import anywhere (also inside functions, on paths no case reaches).
const PY_MARGIN = String.raw`
def _h6_margin(extra_json, package_roots_json):
    import ast, importlib, json, os
    names = list(json.loads(extra_json))
    guesses = set()  # "from X import Y": Y may be a submodule or just an attribute
    for root in json.loads(package_roots_json):
        for rel in _h6_files(root):
            if not rel.endswith(".py") or os.path.basename(rel) == "__main__.py":
                continue
            shipped = rel[:-3].replace("/", ".").removesuffix(".__init__")
            names.append(shipped)  # every shipped module is imported once during the trace
            with open(os.path.join(os.path.dirname(root), rel), "rb") as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.extend(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.append(node.module)
                    subs = [node.module + "." + a.name for a in node.names if a.name != "*"]
                    names.extend(subs)
                    guesses.update(subs)
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            if name not in guesses:
                failed.append(name)
    return json.dumps({"requested": sorted(set(names)), "failed": sorted(set(failed))})
`;

// Chooses the stdlib files for the traced modules and compiles them (and the packages).
const PY_COMPILE = String.raw`
def _h6_select_and_compile(src_root, out_root, package_roots_json, not_expanded_json, skip_json):
    import sys
    traced = sorted(set(sys.modules) | set(_h6_imports))  # before importing py_compile
    import importlib.util, json, os, py_compile, zipfile
    traced_set = set(traced)
    not_expanded = set(json.loads(not_expanded_json))
    skip = tuple(json.loads(skip_json))
    stdlib_zip = next(p for p in sys.path if p.endswith(".zip"))

    def module_name(path):
        mod = path[:-3].replace("/", ".")
        return mod[: -len(".__init__")] if mod.endswith(".__init__") else mod

    with zipfile.ZipFile(stdlib_zip) as zf:
        names = set(zf.namelist())
        selected, tops, frozen, skipped = set(), set(), [], []
        for mod in traced:
            m = sys.modules.get(mod)
            spec = getattr(m, "__spec__", None) if m is not None else None
            if spec is not None and spec.origin == "frozen":
                frozen.append(mod)
                continue
            path = mod.replace(".", "/")
            for cand in (path + "/__init__.py", path + ".py"):
                if cand in names:
                    selected.add(cand)
                    break
            top = mod.split(".")[0]
            if top + "/__init__.py" in names and top not in not_expanded:
                tops.add(top)  # whole package: rarely used submodules come along
        for name in names:
            if name.endswith(".py") and name.split("/")[0] in tops and name not in selected:
                mod = module_name(name)
                if any(mod == s or mod.startswith(s + ".") for s in skip):
                    skipped.append(mod)
                else:
                    selected.add(name)
        selected = sorted(selected)
        for name in selected:
            src = os.path.join(src_root, name)
            os.makedirs(os.path.dirname(src), exist_ok=True)
            with open(src, "wb") as f:
                f.write(zf.read(name))
    files = [(os.path.join(src_root, n), n) for n in selected]
    package_files = []
    for root in json.loads(package_roots_json):
        base = os.path.dirname(root)
        for rel in _h6_files(root):
            package_files.append(rel)
            if rel.endswith(".py"):
                files.append((os.path.join(base, rel), rel))
            elif not rel.endswith((".pyc", ".pyo")):
                dst = os.path.join(out_root, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(os.path.join(base, rel), "rb") as f, open(dst, "wb") as g:
                    g.write(f.read())
    written = []
    for src, rel in files:
        dst = os.path.join(out_root, rel + "c")
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        py_compile.compile(
            src, cfile=dst, dfile=stdlib_zip + "/" + rel, doraise=True, optimize=0,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
        written.append(rel + "c")
    return json.dumps({
        "stdlib_zip": stdlib_zip,
        "traced": traced,
        "frozen_skipped": sorted(frozen),
        "whole_packages": sorted(tops),
        "skipped_untraced": sorted(skipped),
        "stdlib_files": selected,
        "package_files": package_files,
        "compiled": written,
        "magic": importlib.util.MAGIC_NUMBER.hex(),
        "python": sys.version.split()[0],
    })
`;

function fail(message) {
  process.stderr.write(`build_stdlib.mjs: ${message}\n`);
  process.exit(1);
}

function writeTree(FS, root, files) {
  // files: {relpath: hostpath}; written below root in Pyodide's file system.
  for (const [rel, host] of Object.entries(files).sort()) {
    const dst = `${root}/${rel}`;
    FS.mkdirTree(dst.slice(0, dst.lastIndexOf("/")));
    FS.writeFile(dst, new Uint8Array(fs.readFileSync(host)));
  }
}

function readTree(FS, root, rels, outDir) {
  for (const rel of rels) {
    const dst = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.writeFileSync(dst, FS.readFile(`${root}/${rel}`));
  }
}

async function main() {
  const configPath = process.argv[2];
  if (!configPath) fail("usage: node build_stdlib.mjs CONFIG.json");
  const config = JSON.parse(fs.readFileSync(configPath, "utf8"));
  const indexURL = config.indexURL.endsWith("/") ? config.indexURL : `${config.indexURL}/`;
  const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
  const options = {
    indexURL,
    // Fixed hash seed: set iteration order (frozenset constants) must not change the
    // marshalled bytecode between builds.
    env: { PYTHONHASHSEED: "0" },
    stdout: (s) => process.stderr.write(`[py] ${s}\n`),
    stderr: (s) => process.stderr.write(`[py!] ${s}\n`),
  };
  if (config.stdLibURL) options.stdLibURL = config.stdLibURL;
  const t0 = performance.now();
  const py = await loadPyodide(options);
  const bootMs = performance.now() - t0;
  const tracing = config.mode === "trace";
  if (tracing) py.runPython(PY_TRACE_SETUP);

  const pkgRoot = "/tmp/h6-packages";
  const packageRoots = [];
  for (const pkg of config.packages ?? []) {
    writeTree(py.FS, pkgRoot, pkg.files);
    packageRoots.push(pkg.module ? `${pkgRoot}/${pkg.name}.py` : `${pkgRoot}/${pkg.name}`);
  }
  if (packageRoots.length) py.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(pkgRoot)})`);

  // Every shipped top-level module must import (in run mode: from the rebuilt zip).
  for (const name of config.imports ?? []) py.pyimport(name).destroy?.();

  py.runPython(PY_FILES);
  py.runPython(PY_EXERCISE);
  const t1 = performance.now();
  const exercise = JSON.parse(
    py.globals.get("_h6_exercise")(
      config.apiModule ?? "calc",
      JSON.stringify(config.cases ?? []),
      JSON.stringify(config.probeCases ?? []),
    ),
  );
  const evaluateMs = performance.now() - t1;

  if (exercise.unexpected.length) {
    const first = exercise.unexpected[0];
    fail(
      `case ${first.index} raised ${first.type} (only results or CaseError are expected):\n` +
        first.traceback,
    );
  }

  // The worker's path: a JS object converted with toPy, the result converted back, and a
  // Python exception surfacing as a JavaScript PythonError (formatted by Pyodide).
  const api = py.pyimport(config.apiModule ?? "calc");
  for (const c of (config.cases ?? []).slice(0, 3)) {
    try {
      const r = api.evaluate(py.toPy(c));
      r.toJs({ dict_converter: Object.fromEntries });
      r.destroy?.();
    } catch (err) {
      if (err?.type !== "CaseError") fail(`evaluate via toPy raised ${err?.type ?? err}`);
    }
  }
  // pyodide.unpackArchive (how a worker loads a package zip): shutil + zipfile, whose
  // member names decode as cp437 unless flagged UTF-8.
  const archive = py.runPython(String.raw`
import io, zipfile
_buf = io.BytesIO()
with zipfile.ZipFile(_buf, "w") as _zf:
    _zf.writestr(zipfile.ZipInfo("h6_unpacked/__init__.py"), "VALUE = 1\n")
_buf.getvalue()
`);
  const archiveBytes = archive.toJs();
  archive.destroy();
  py.unpackArchive(archiveBytes, "zip", { extractDir: "/tmp/h6-unpacked" });
  if (!py.FS.analyzePath("/tmp/h6-unpacked/h6_unpacked/__init__.py").exists) {
    fail("pyodide.unpackArchive did not unpack the test archive");
  }

  let jsSideError = null;
  try {
    py.runPython("def _h6_f():\n    raise RuntimeError('from python')\n_h6_f()");
  } catch (err) {
    jsSideError = String(err?.message ?? err);
  }
  if (!jsSideError || !jsSideError.includes("RuntimeError: from python")) {
    fail(`a Python exception did not reach JavaScript as expected: ${jsSideError}`);
  }

  const result = {
    mode: config.mode,
    pyodide: py.version,
    bootMs,
    evaluateMs,
    ...exercise,
    jsSideError,
  };


  if (tracing) {
    py.runPython(PY_MARGIN);
    result.margin = JSON.parse(
      py.globals.get("_h6_margin")(JSON.stringify(config.extraModules ?? []), JSON.stringify(packageRoots)),
    );
    py.runPython(PY_COMPILE);
    const outRoot = "/tmp/h6-out";
    py.FS.mkdirTree(outRoot);
    const compiled = JSON.parse(
      py.globals.get("_h6_select_and_compile")(
        "/tmp/h6-stdlib-src",
        outRoot,
        JSON.stringify(packageRoots),
        JSON.stringify(config.notExpanded ?? []),
        JSON.stringify(config.skipUntraced ?? []),
      ),
    );
    const copied = compiled.package_files.filter((f) => !f.endsWith(".py") && !/\.py[co]$/.test(f));
    readTree(py.FS, outRoot, [...compiled.compiled, ...copied], config.outDir);
    Object.assign(result, compiled);
  }
  fs.writeFileSync(config.resultPath, JSON.stringify(result));
}

main().catch((err) => fail(err?.stack ?? String(err)));
