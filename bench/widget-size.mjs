// What the citizen widget makes a browser download (gzip), against its budgets.
// Run after `npm run build`:  node bench/widget-size.mjs
//
// The entry (dist/widget/segnala-widget.js) imports some chunks statically (fetched before it runs)
// and the others with `import()` when a view first needs them (vite.config.ts). Reported:
// - the first view: the entry and every chunk it imports statically, i.e. what `view="list"`
//   downloads before the list shows;
// - the first view with the map (`view="map"`, the default): the same plus the map's chunk (Leaflet),
//   which the entry asks for at once;
// - every file together (budget 95 KB).
// Both first views have the 65 KB budget: the one with the map is what most citizens download.
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST_VIEW_BUDGET_KB = 65;
const TOTAL_BUDGET_KB = 95;
const dir = fileURLToPath(new URL('../dist/widget/', import.meta.url));
const ENTRY = 'segnala-widget.js';

const kb = (n) => (n / 1024).toFixed(1);
const files = new Map();
async function load(name) {
  if (!files.has(name)) {
    const code = await readFile(join(dir, name));
    files.set(name, { code, gzip: gzipSync(code, { level: 9 }).length });
  }
  return files.get(name);
}

/** `import{a}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"`; not `import("./x.js")`. */
function staticImports(name, code) {
  const text = code.toString('utf8');
  const found = new Set();
  for (const m of text.matchAll(/\b(?:import|export)\s*(?:[^"'`()]*?\bfrom\s*)?["']([^"']+\.js)["']/g)) {
    found.add(relative(dir, join(dir, dirname(name), m[1])));
  }
  return found;
}

/** `import("./x.js")` (or with backquotes): a chunk fetched when a view first needs it. */
function dynamicImports(name, code) {
  const found = new Set();
  for (const m of code.toString('utf8').matchAll(/\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)) {
    found.add(relative(dir, join(dir, dirname(name), m[1])));
  }
  return found;
}

async function closure(start, withDynamic = false) {
  const seen = new Set();
  const queue = [start];
  while (queue.length) {
    const name = queue.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    const { code } = await load(name);
    queue.push(...staticImports(name, code), ...(withDynamic ? dynamicImports(name, code) : []));
  }
  return seen;
}

try {
  await load(ENTRY);
} catch {
  console.error('dist/widget/segnala-widget.js is missing: run `npm run build` first.');
  process.exit(2);
}
const chunks = (await readdir(join(dir, 'chunks'))).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`);
for (const c of chunks) await load(c);

const sum = (names) => [...names].reduce((n, name) => n + files.get(name).gzip, 0);
const firstView = await closure(ENTRY);
const mapChunk = chunks.find((c) => /^chunks\/map-[\w-]+\.js$/.test(c));
const withMap = new Set([...firstView, ...(mapChunk ? await closure(mapChunk) : [])]);
// The widget's own files only: the console's build writes its chunks (its planning view) to the
// same folder, and no citizen ever downloads them.
const all = [...(await closure(ENTRY, true))];

for (const name of all.sort((a, b) => files.get(b).gzip - files.get(a).gzip)) {
  const tag = firstView.has(name) ? 'first view' : withMap.has(name) ? 'map' : 'on demand';
  console.log(`  ${name.padEnd(44)} ${kb(files.get(name).code.length).padStart(6)} KB min ${kb(files.get(name).gzip).padStart(5)} KB gzip  ${tag}`);
}
const first = sum(firstView);
const total = sum(all);
const firstWithMap = sum(withMap);
console.log(`first view (entry + its static chunks; view="list"): ${kb(first)} KB gzip in ${firstView.size} files (budget ${FIRST_VIEW_BUDGET_KB} KB)`);
console.log(`first view with the map (view="map", + Leaflet's chunk): ${kb(firstWithMap)} KB gzip in ${withMap.size} files (budget ${FIRST_VIEW_BUDGET_KB} KB)`);
console.log(`all files: ${kb(total)} KB gzip in ${all.length} files (budget ${TOTAL_BUDGET_KB} KB)`);
let over = false;
if (first > FIRST_VIEW_BUDGET_KB * 1024) {
  console.error(`First view over budget by ${kb(first - FIRST_VIEW_BUDGET_KB * 1024)} KB.`);
  over = true;
}
if (!mapChunk) {
  console.error('No map chunk (chunks/map-*.js) found: the first view with the map cannot be measured.');
  over = true;
} else if (firstWithMap > FIRST_VIEW_BUDGET_KB * 1024) {
  console.error(`First view with the map over budget by ${kb(firstWithMap - FIRST_VIEW_BUDGET_KB * 1024)} KB.`);
  over = true;
}
if (total > TOTAL_BUDGET_KB * 1024) {
  console.error(`All files over budget by ${kb(total - TOTAL_BUDGET_KB * 1024)} KB.`);
  over = true;
}
if (over) process.exit(1);
