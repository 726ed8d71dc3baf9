// Size of the citizen widget bundle as a browser downloads it (gzip), against its budget.
// Run after `npm run build`:  node bench/widget-size.mjs
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 90;
const file = new URL('../dist/widget/segnala-widget.js', import.meta.url);
let code;
try {
  code = await readFile(file);
} catch {
  console.error('dist/widget/segnala-widget.js is missing: run `npm run build` first.');
  process.exit(2);
}
const kb = (n) => (n / 1024).toFixed(1);
const gzip = gzipSync(code, { level: 9 }).length;
console.log(`segnala-widget.js: ${kb(code.length)} KB minified, ${kb(gzip)} KB gzip (budget ${BUDGET_KB} KB gzip, Lit + Leaflet + Leaflet CSS included)`);
if (gzip > BUDGET_KB * 1024) {
  console.error(`Over budget by ${kb(gzip - BUDGET_KB * 1024)} KB.`);
  process.exit(1);
}
