#!/usr/bin/env node
// Runtime parity: run every golden case through the BUILT site's case-check engine in Node.
//
//   node tests/node/run_cases.mjs SITE_DIR CASES_DIR
//
// Reads the case-check page's form data attributes (the same runtime folder, worker file
// and loadPyodide options the browser uses; calc is inside the runtime's stdlib zip), imports the built worker module
// and calls its startEngine(), then evaluates each tests/cases/*.json "case". Prints one
// JSON document on stdout: {info, bootMs, results: [{name, reply}]}, where reply is exactly
// what the worker sends the page ({ok, result} or {ok: false, error}). Python's own output
// goes to stderr so stdout stays valid JSON.

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ENTITIES = { "&quot;": '"', "&#x27;": "'", "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };

function unescapeHtml(text) {
  return text.replace(/&(quot|#x27|#39|lt|gt|amp);/g, (m) => ENTITIES[m]);
}

function formAttributes(html) {
  const tag = html.match(/<form\b[^>]*\bid="case-check"[^>]*>/);
  if (!tag) throw new Error('no <form id="case-check"> on the case-check page');
  const attrs = {};
  for (const [, name, value] of tag[0].matchAll(/\s([\w-]+)="([^"]*)"/g)) attrs[name] = unescapeHtml(value);
  return attrs;
}

async function main() {
  const [siteDir, casesDir] = process.argv.slice(2);
  if (!siteDir || !casesDir) {
    console.error("usage: node run_cases.mjs SITE_DIR CASES_DIR");
    process.exit(64);
  }
  const pageFile = path.resolve(siteDir, "case-check", "index.html");
  const pageURL = pathToFileURL(pageFile);
  const attrs = formAttributes(await readFile(pageFile, "utf8"));
  const url = (name) => {
    if (!attrs[name]) throw new Error(`the case-check form has no ${name}`);
    return new URL(attrs[name], pageURL);
  };
  const worker = await import(url("data-worker-url").href);
  const { loadPyodide } = await import(new URL("pyodide.mjs", url("data-runtime-url")).href);
  const toStderr = (line) => process.stderr.write(`${line}\n`);

  const engine = await worker.startEngine({
    // Pyodide in Node wants a directory path (with the trailing slash), not a file: URL.
    indexURL: `${fileURLToPath(url("data-runtime-url"))}${path.sep}`,
    options: JSON.parse(attrs["data-pyodide-options"] || "{}"),
    loadPyodide: (options) => loadPyodide({ ...options, stdout: toStderr, stderr: toStderr }),
  });

  const results = [];
  for (const file of (await readdir(casesDir)).filter((f) => f.endsWith(".json")).sort()) {
    const golden = JSON.parse(await readFile(path.join(casesDir, file), "utf8"));
    results.push({ name: path.basename(file, ".json"), reply: engine.evaluate(golden.case) });
  }
  process.stdout.write(`${JSON.stringify({ info: engine.info, bootMs: engine.ms, results })}\n`);
}

main().catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exit(1);
});
