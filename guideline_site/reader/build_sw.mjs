// Build-time helper for guideline_site/reader/service_worker.py (run by Python, not shipped).
//
//   node build_sw.mjs CONFIG.json
//
// CONFIG.json: {
//   "workboxBuild": "/abs/node_modules/workbox-build/build/index.js",
//   "siteDir": "/abs/site",            // the built site; sw.js is written at its root
//   "precache": ["index.html", ...],   // files precached at install (paths relative to siteDir)
//   "onDemand": "^assets/case-check/(runtime-.*|worker\\..*)$", // regex on the path relative to
//                                       // the scope: the case-check runtime, cached on use
//   "runtimeCache": "case-check-runtime",
//   "cacheId": "guideline",
//   "importScripts": ["assets/reader/sw-runtime.<hash>.js"],
//   "resultPath": "/abs/result.json"
// }
//
// Generates sw.js with workbox-build's generateSW: the Workbox runtime is bundled into
// sw.js itself (inlineWorkboxRuntime), never loaded from another host. Writes
// {count, size, warnings} to resultPath; exit status 1 with a message otherwise.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const { generateSW } = (await import(pathToFileURL(config.workboxBuild).href)).default;

// Route tests run inside the service worker, so they are built as source text: a request
// for the runtime is matched on its path relative to the worker's scope (any sub-path).
const RELATIVE = "const scope = self.registration.scope; const rel = url.href.startsWith(scope) ? url.href.slice(scope.length).split(/[?#]/)[0] : null;";
const onDemand = JSON.stringify(config.onDemand);
// eslint-disable-next-line no-new-func
const isRuntime = new Function("{ url }", `${RELATIVE} return rel !== null && new RegExp(${onDemand}).test(rel) && !rel.endsWith(".wasm");`);
// eslint-disable-next-line no-new-func
const isOfflineWasm = new Function(
  "{ url }",
  `${RELATIVE} return rel !== null && new RegExp(${onDemand}).test(rel) && rel.endsWith(".wasm") && !self.navigator.onLine;`,
);

const wanted = new Set(config.precache);
const keepListed = (entries) => {
  const manifest = entries.filter((entry) => wanted.has(entry.url));
  const found = new Set(manifest.map((entry) => entry.url));
  const missing = [...wanted].filter((url) => !found.has(url));
  const warnings = missing.length ? [`not precached (missing or too large): ${missing.join(", ")}`] : [];
  return { manifest, warnings };
};

const result = await generateSW({
  globDirectory: config.siteDir,
  // Exactly the listed files (glob characters escaped), so nothing else is even read.
  globPatterns: config.precache.map((file) => file.replace(/[\\*?[\]{}()!+@]/g, "\\$&")),
  globIgnores: ["sw.js"],
  globFollow: false,
  manifestTransforms: [keepListed],
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  // Content-hashed names need no revision: the name changes with the content.
  dontCacheBustURLsMatching: /[.-][0-9a-f]{8,}\.[a-z0-9]+$/,
  // Material's search result links add ?h=<term> (highlight): the same page offline.
  ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^h$/],
  directoryIndex: "index.html",
  swDest: path.join(config.siteDir, "sw.js"),
  cacheId: config.cacheId,
  importScripts: config.importScripts,
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  disableDevLogs: true,
  babelPresetEnvTargets: ["chrome >= 100", "firefox >= 100", "safari >= 15"],
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  // Pages come from the precache (no network on the way), so navigation preload would
  // only add a request that nothing reads.
  navigationPreload: false,
  runtimeCaching: [
    {
      // The runtime's JavaScript and stdlib zip: from Cache Storage once cached (offline
      // too), else from the network and cached on first use.
      urlPattern: isRuntime,
      handler: "CacheFirst",
      options: { cacheName: config.runtimeCache, cacheableResponse: { statuses: [200] } },
    },
    {
      // The WebAssembly: left to the network (the HTTP cache, where V8 keeps the compiled
      // code) while online; from Cache Storage when offline.
      urlPattern: isOfflineWasm,
      handler: "CacheOnly",
      options: { cacheName: config.runtimeCache },
    },
  ],
});

fs.writeFileSync(
  config.resultPath,
  JSON.stringify({ count: result.count, size: result.size, warnings: result.warnings }),
);
