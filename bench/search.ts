/**
 * The worst public requests (issue 11, item 3): text search with `q`, and what a crowd of such
 * searches leaves for everyone else.
 *
 *   npm run bench:search -- [--reports 100000] [--database-url URL] [--root DIR] [--label name]
 *                           [--runs 7] [--duration 10] [--attackers 8] [--attack-q aa]
 *
 * Starts the real server (`node --import tsx server/index.ts` of --root, default this checkout,
 * so that an older checkout — `git worktree add /tmp/before <commit>` — is measured by the same
 * script) on the benchmark database, with the clusters cache off (an attacker varies `q` anyway)
 * and the rate limits out of the way. Then:
 *
 * 1. one request at a time: each public read below, `--runs` times after a warm-up, its status
 *    and median / slowest milliseconds;
 * 2. a crowd: `--attackers` connections sending `GET /reports?status=all&q=<attack-q>` for
 *    `--duration` seconds while one more connection reads detail pages, as a citizen would;
 *    the citizen's requests/s and latencies, and the attackers' answers.
 *
 * Results: bench/results/search-<database>-<label>.{json,md}. The machine is shared: each run
 * records the load average before and after.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import autocannon, { type Result } from 'autocannon';
import postgres from 'postgres';
import {
  BENCH_SECRET_KEY,
  RESULTS_DIR,
  ROOT,
  benchDatabaseName,
  databaseUrl,
  intOption,
  load1,
  machineInfo,
  median,
  parseArgs,
  sleep,
  writeResult,
  freePort,
} from './common.ts';

const args = parseArgs(process.argv.slice(2));
const reports = intOption(args, 'reports', 100_000);
const url = String(args.get('database-url') ?? databaseUrl(benchDatabaseName(reports)));
const root = String(args.get('root') ?? ROOT).replace(/\/?$/, '/');
const label = String(args.get('label') ?? 'current');
const runs = intOption(args, 'runs', 7);
const duration = intOption(args, 'duration', 10);
const attackers = intOption(args, 'attackers', 8);
const attackQ = String(args.get('attack-q') ?? 'aa');
const slug = String(args.get('municipality') ?? 'seravezza');

async function main() {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [m] = await sql<{ id: number; west: number; south: number; east: number; north: number }[]>`
    SELECT id, (map_bounds[1])[0] AS west, (map_bounds[1])[1] AS south, (map_bounds[0])[0] AS east, (map_bounds[0])[1] AS north
    FROM municipality WHERE slug = ${slug}`;
  if (!m) throw new Error(`no municipality ${slug} in ${url}: seed it with npm run bench:seed`);
  const refs = (
    await sql<{ reference: string }[]>`
      SELECT reference FROM report WHERE municipality_id = ${m.id} AND published AND status <> 'hidden'
      ORDER BY id DESC LIMIT 200`
  ).map((r) => r.reference);
  const [{ count }] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM report WHERE municipality_id = ${m.id}`;
  await sql.end();

  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      SECRET_KEY: BENCH_SECRET_KEY,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO: 'false',
      RATE_LIMIT_FACTOR: '100000',
      CLUSTER_CACHE_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const base = `http://127.0.0.1:${port}`;
  const api = `/api/v1/${slug}`;
  try {
    for (const deadline = Date.now() + 120_000; ; await sleep(200)) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
      if (await fetch(`${base}${api}/config`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    }
    const town = `${m.west},${m.south},${m.east},${m.north}`;
    const requests: [string, string][] = [
      ['list, status=all, q=a', `${api}/reports?status=all&q=a`],
      ['list, status=all, q=aa', `${api}/reports?status=all&q=aa`],
      ['list, status=all, q=zz', `${api}/reports?status=all&q=zz`],
      ['list, status=all, q=via (common)', `${api}/reports?status=all&q=via`],
      ['list, status=all, q=lampione (a category word)', `${api}/reports?status=all&q=lampione`],
      ['list, status=all, q=zzz (no match)', `${api}/reports?status=all&q=zzz`],
      ['list, status=all, q=xqj (no match, rare trigram)', `${api}/reports?status=all&q=xqj`],
      ['list, status=all, q=cestino rotto o pieno del civico (long, many common trigrams)', `${api}/reports?status=all&q=${encodeURIComponent('cestino rotto o pieno del civico')}`],
      ['list, status=all, q=del civico zzz (common words, no match)', `${api}/reports?status=all&q=${encodeURIComponent('del civico zzz')}`],
      ['list, status=all, q=reference', `${api}/reports?status=all&q=${refs[refs.length - 1]}`],
      ['list, status=all (no q)', `${api}/reports?status=all`],
      ['list, status=active, town bbox', `${api}/reports?status=active&bbox=${town}`],
      ['list, status=all, town bbox, q=via', `${api}/reports?status=all&bbox=${town}&q=via`],
      ['clusters, status=all, zoom 13, q=aa', `${api}/reports/clusters?status=all&zoom=13&bbox=${town}&q=aa`],
      ['clusters, status=all, zoom 13, q=via', `${api}/reports/clusters?status=all&zoom=13&bbox=${town}&q=via`],
      ['clusters, status=all, zoom 13, q=zzz', `${api}/reports/clusters?status=all&zoom=13&bbox=${town}&q=zzz`],
      ['clusters, status=all, zoom 13', `${api}/reports/clusters?status=all&zoom=13&bbox=${town}`],
      ['detail', `${api}/reports/${refs[0]}`],
    ];

    const single: { request: string; path: string; status: number; medianMs: number; maxMs: number; answer: string }[] = [];
    console.log(`${label}: ${count} reports, one request at a time (${runs} runs after a warm-up), load1 ${load1()}`);
    for (const [name, path] of requests) {
      const times: number[] = [];
      let status = 0;
      let answer = '';
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        const res = await fetch(base + path);
        const text = await res.text();
        if (i > 0) times.push(performance.now() - t0);
        status = res.status;
        try {
          const body = JSON.parse(text);
          answer = body.error?.code ?? (body.total !== undefined ? `${body.total} reports in cells` : body.reports ? `${body.reports.length} reports` : '');
        } catch {
          answer = text.slice(0, 40);
        }
      }
      const row = { request: name, path, status, medianMs: round(median(times)), maxMs: round(Math.max(...times)), answer };
      single.push(row);
      console.log(`  ${name.padEnd(70)} ${status} ${String(row.medianMs).padStart(8)} ms median ${String(row.maxMs).padStart(8)} ms max  ${answer}`);
    }

    console.log(`a crowd: ${attackers} connections on q=${attackQ} for ${duration} s, one citizen reading detail pages`);
    const loadBefore = load1();
    let i = 0;
    const attack = autocannon({ url: `${base}${api}/reports?status=all&q=${encodeURIComponent(attackQ)}`, connections: attackers, duration, timeout: 30 });
    const citizen = autocannon({
      url: base,
      connections: 1,
      duration,
      timeout: 30,
      requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: `${api}/reports/${refs[i++ % refs.length]}` }) }],
    });
    const [a, c] = await Promise.all([attack, citizen]);
    const crowd = {
      attackQ,
      attackers,
      duration,
      attack: { rps: a.requests.average, p50: a.latency.p50, p99: a.latency.p99, statuses: statusCounts(a) },
      citizen: { rps: c.requests.average, p50: c.latency.p50, p99: c.latency.p99, max: c.latency.max, statuses: statusCounts(c) },
      loadavg: { before: loadBefore, after: load1() },
    };
    console.log(`  attackers: ${crowd.attack.rps} req/s, p50 ${crowd.attack.p50} ms, answers ${JSON.stringify(crowd.attack.statuses)}`);
    console.log(`  citizen:   ${crowd.citizen.rps} req/s, p50 ${crowd.citizen.p50} ms, p99 ${crowd.citizen.p99} ms, max ${crowd.citizen.max} ms`);

    const name = `search-${new URL(url).pathname.slice(1)}-${label}`;
    const md = [
      `# ${name}`,
      '',
      `${count} reports; ${new Date().toISOString()}; load1 ${loadBefore} → ${crowd.loadavg.after}; root ${root}`,
      '',
      '| request | status | median ms | max ms | answer |',
      '|---|---:|---:|---:|---|',
      ...single.map((r) => `| ${r.request} | ${r.status} | ${r.medianMs} | ${r.maxMs} | ${r.answer} |`),
      '',
      `Crowd: ${attackers} connections on \`q=${attackQ}\` for ${duration} s: ${crowd.attack.rps} req/s (${JSON.stringify(crowd.attack.statuses)}), ` +
        `p50 ${crowd.attack.p50} ms; a citizen reading detail pages meanwhile: ${crowd.citizen.rps} req/s, p50 ${crowd.citizen.p50} ms, ` +
        `p99 ${crowd.citizen.p99} ms, max ${crowd.citizen.max} ms.`,
      '',
    ].join('\n');
    await writeResult(`${name}.json`, { label, reports: count, machine: machineInfo(), single, crowd });
    await writeFile(`${RESULTS_DIR}${name}.md`, md);
    console.log(`wrote bench/results/${name}.{json,md}`);
  } finally {
    child.kill('SIGTERM');
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

function statusCounts(r: Result): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx'] as const) if (r[k]) out[k] = r[k];
  if (r.errors) out.errors = r.errors;
  if (r.timeouts) out.timeouts = r.timeouts;
  return out;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
