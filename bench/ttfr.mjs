// The citizen widget as a visitor meets it: the gzip size of its bundle, and the time from
// navigation start to the first render of the map view with its markers, in Chromium.
//
//   npm run bench:ttfr                       (builds the bundles, then measures)
//   node bench/ttfr.mjs [--loads 10] [--database-url URL] [--cpu-throttle 4] [--label NAME]
//   node bench/ttfr.mjs --compare DIR [--compare-label NAME]   (this checkout against another one)
//
// It starts the real server on a free port: by default as `npm start` does on a fresh machine
// (embedded PGlite, the Seravezza demo with about 150 reports), or on a seeded PostgreSQL with
// --database-url (e.g. the 100 000-report benchmark database). Each load opens /demo/ in a fresh
// browser context (empty cache), with map tiles answered by a blank PNG (no internet here). The
// signal is the first marker of the map (a `.segnala-marker` or Leaflet marker element, looked for
// through the shadow roots on every animation frame); its performance.now() is the time since
// navigation start. One warm-up load is not counted. Results: bench/results/ttfr-<label>.json.
// Also reported: when the map's chunk (Leaflet) and the map's clusters arrived, and the browser's own
// time from the clusters to the first marker, which a busy server moves less than the total.
//
// Before/after on a shared machine, whose load moves the figures by tens of percent from one minute
// to the next: check the other commit out in a worktree (`git worktree add /tmp/before <commit>`,
// link node_modules, `npx vite build` there), then `--compare /tmp/before`: both servers run at
// once and the loads alternate between them (A B B A …), so both builds meet the same moments.
// Results: bench/results/ttfr-<label>-vs-<compare label>.json.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { solidPng } from '../test/widget/blank-tile.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const BENCH_SECRET_KEY = process.env.SECRET_KEY ?? 'segnala-bench-secret-key-not-for-production-0001';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const loads = Number(option('loads', 10));
const databaseUrl = option('database-url', undefined);
const cpuThrottle = Number(option('cpu-throttle', 1));
const label = option('label', databaseUrl ? new URL(databaseUrl).pathname.slice(1) : 'demo') + (cpuThrottle > 1 ? `-cpu${cpuThrottle}x` : '');
const compareRoot = option('compare', undefined) && resolve(option('compare'));
const compareLabel = compareRoot && option('compare-label', basename(compareRoot));

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The entry, and all the chunks beside it (dist/widget/chunks/, fetched when a view needs them). */
async function bundleSize(dir) {
  const file = join(dir, 'dist/widget/segnala-widget.js');
  const code = await readFile(file).catch(() => {
    throw new Error(`${file} is missing: run \`npm run build\` there first.`);
  });
  const chunkDir = join(dir, 'dist/widget/chunks');
  const chunks = await readdir(chunkDir).catch(() => []);
  let chunkGzipBytes = 0;
  for (const name of chunks) chunkGzipBytes += gzipSync(await readFile(join(chunkDir, name)), { level: 9 }).length;
  return {
    file: 'dist/widget/segnala-widget.js',
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    brotliBytes: brotliCompressSync(code).length,
    chunks: chunks.length,
    chunkGzipBytes,
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dir) {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'segnala-ttfr-'));
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, SECRET_KEY: BENCH_SECRET_KEY, DEMO: '0' } : { DEMO: '1' }),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    if (await fetch(`${url}/api/v1/seravezza/config`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Runs in the page before any of its scripts: watches every frame for the first map marker.
function watchForMarkers() {
  const find = (node) => {
    if (!node) return false;
    if (node.querySelector?.('.segnala-marker, .leaflet-marker-icon')) return true;
    for (const el of node.querySelectorAll?.('*') ?? []) if (el.shadowRoot && find(el.shadowRoot)) return true;
    return false;
  };
  window.__segnalaTtfr = new Promise((resolve) => {
    const tick = () => (find(document) ? resolve(performance.now()) : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  });
}

async function measureLoad(browser, url, tile) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  if (cpuThrottle > 1) {
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
  }
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const u = req.url();
    if (u.startsWith(url) || u.startsWith('data:') || u.startsWith('blob:')) return void req.continue();
    // Map tiles (the only outside requests): a blank tile; anything else would wait for a network there is not.
    if (req.resourceType() === 'image') return void req.respond({ status: 200, contentType: 'image/png', body: tile });
    return void req.abort();
  });
  await page.evaluateOnNewDocument(watchForMarkers);
  await page.goto(`${url}/demo/`, { waitUntil: 'load' });
  const ttfr = await page.evaluate(() =>
    Promise.race([window.__segnalaTtfr, new Promise((_, reject) => setTimeout(() => reject(new Error('no marker within 30 s')), 30_000))]),
  );
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
    const resources = performance.getEntriesByType('resource');
    const end = (re) => resources.filter((r) => re.test(r.name)).map((r) => r.responseEnd)[0] ?? null;
    const markers = (() => {
      let n = 0;
      const walk = (node) => {
        n += node.querySelectorAll('.segnala-marker, .leaflet-marker-icon').length;
        for (const el of node.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return n;
    })();
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      firstContentfulPaint: paint['first-contentful-paint'] ?? null,
      widgetBundleLoaded: end(/\/widget\/segnala-widget\.js/),
      mapChunkLoaded: end(/\/widget\/chunks\/map-/),
      configLoaded: end(/\/config/),
      reportsLoaded: end(/\/reports(\/clusters)?\?/),
      clustersLoaded: end(/\/reports\/clusters\?/),
      markers,
    };
  });
  await context.close();
  return { ttfr, ...timing };
}

function summarize(name, dir, size, runs, loadavgs) {
  const ttfrs = runs.map((r) => r.ttfr);
  const med = (f) => round(median(runs.map(f)));
  return {
    label: name,
    checkout: dir,
    data: databaseUrl ? `PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}` : 'embedded PGlite, Seravezza demo',
    bundle: size,
    viewport: '1280x900',
    cpuThrottle,
    loads: runs.length,
    ttfrMs: { median: round(median(ttfrs)), min: round(Math.min(...ttfrs)), max: round(Math.max(...ttfrs)) },
    medians: {
      firstContentfulPaint: med((r) => r.firstContentfulPaint ?? NaN),
      widgetBundleLoaded: med((r) => r.widgetBundleLoaded ?? NaN),
      configLoaded: med((r) => r.configLoaded ?? NaN),
      mapChunkLoaded: med((r) => r.mapChunkLoaded ?? NaN),
      reportsLoaded: med((r) => r.reportsLoaded ?? NaN),
      clustersLoaded: med((r) => r.clustersLoaded ?? NaN),
      // The browser's own work from the map's clusters to its first marker: less at the server's mercy.
      clustersToMarkers: med((r) => r.ttfr - (r.clustersLoaded ?? NaN)),
      markers: median(runs.map((r) => r.markers)),
    },
    loadavg: loadavgs,
    runs,
  };
}

function report(s) {
  const { ttfrMs: t, medians: m, loadavg: l } = s;
  console.log(
    `${s.label}: time to first render of the map with markers: median ${t.median} ms (min ${t.min}, max ${t.max}, ${s.loads} loads; ` +
      `load average ${Math.min(...l)}–${Math.max(...l)}); medians: /config at ${m.configLoaded} ms, map chunk at ${m.mapChunkLoaded} ms, ` +
      `clusters at ${m.clustersLoaded} ms, first marker ${m.clustersToMarkers} ms after them`,
  );
}

async function main() {
  const trees = [{ name: label, dir: root }];
  if (compareRoot) trees.push({ name: compareLabel, dir: compareRoot });
  for (const tree of trees) {
    tree.size = await bundleSize(tree.dir);
    const { size } = tree;
    console.log(
      `${tree.name}: segnala-widget.js ${round(size.bytes / 1024)} KB minified, ${round(size.gzipBytes / 1024)} KB gzip, ${round(size.brotliBytes / 1024)} KB brotli; ` +
        `${size.chunks} chunks beside it, ${round(size.chunkGzipBytes / 1024)} KB gzip`,
    );
    tree.runs = [];
    tree.loadavgs = [];
  }
  const browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args: CHROME_ARGS });
  const tile = solidPng();
  try {
    for (const tree of trees) tree.server = await startServer(tree.dir);
    const version = await browser.version();
    // Warm-up: the server's first requests, Chromium's caches of its own.
    for (const tree of trees) await measureLoad(browser, tree.server.url, tile);
    for (let i = 0; i < loads; i++) {
      // A B, then B A: neither build always goes first.
      for (const tree of i % 2 ? [...trees].reverse() : trees) {
        tree.loadavgs.push(round(loadavg()[0], 2));
        const r = await measureLoad(browser, tree.server.url, tile);
        tree.runs.push(r);
        console.log(
          `  ${trees.length > 1 ? `${tree.name} ` : ''}load ${i + 1}: first markers at ${round(r.ttfr)} ms (${r.markers} markers; ` +
            `FCP ${round(r.firstContentfulPaint ?? NaN)} ms, bundle ${round(r.widgetBundleLoaded ?? NaN)} ms, map chunk ${round(r.mapChunkLoaded ?? NaN)} ms, ` +
            `clusters ${round(r.clustersLoaded ?? NaN)} ms)`,
        );
      }
    }
    const summaries = trees.map((t) => summarize(t.name, t.dir, t.size, t.runs, t.loadavgs));
    const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30), node: process.version };
    const at = new Date().toISOString();
    await mkdir(resultsDir, { recursive: true });
    const file = join(resultsDir, compareRoot ? `ttfr-${label}-vs-${compareLabel}.json` : `ttfr-${label}.json`);
    const { loadavg: alone, checkout: _, ...single } = summaries[0];
    const result = compareRoot
      ? { compared: summaries, alternated: true, chromium: version, machine, at }
      : { ...single, chromium: version, machine: { ...machine, loadavg: alone }, at };
    await writeFile(file, JSON.stringify(result, null, 2) + '\n');
    for (const s of summaries) report(s);
    console.log(file);
  } finally {
    await browser.close();
    for (const tree of trees) await tree.server?.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
