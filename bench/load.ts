/**
 * Load test of the public API on a seeded PostgreSQL, with its two limits measured in the same run:
 *
 *   npm run bench:load -- [--reports 100000] [--database-url URL] [--duration 15] [--warmup 3]
 *                         [--connections 50] [--scenarios list,clusters,detail,streets,stats,support,file]
 *                         [--no-hello] [--app-log-level warn] [--label name]
 *                         [--raw-municipality-cache]   (a variant of the raw baseline: a proposed fix)
 *
 * Starts three servers on free loopback ports: the real one (`node --import tsx server/index.ts`,
 * rate limits multiplied out of the way, LOG_LEVEL=warn), a bare Hono "hello" (the HTTP limit),
 * and bench/servers/raw.ts, which issues the same SQL as each endpoint behind minimal HTTP (the
 * database limit). autocannon drives each scenario against the real server and the raw one with
 * the very same requests: 50 connections, a warm-up, then the measured run. The clusters scenario
 * runs when the server has GET /reports/clusters, with its cache (as deployed) and without
 * (CLUSTER_CACHE_SECONDS=0, a second server process: the miss path). The public statistics
 * (GET /stats) run against the real server only (the raw baseline has no such endpoint), with the
 * municipality publishing open data for the run; their answers are cached five minutes, so the run
 * measures what a crowd of readers costs (bench/explain.ts times the queries of a cache miss).
 *
 * Everything shares the machine's 2 cores: the server, PostgreSQL and the load generator compete,
 * so absolute figures are lower than on a machine where the load comes from elsewhere; the ratios
 * to the limits are what carries over. Each run records the load average and the CPU seconds the
 * server process, its PostgreSQL backends and the load generator used.
 *
 * The database is the one `npm run bench:seed -- --reports N` fills (seeded first when missing).
 * Reports, supports and counters the run writes are deleted at the end, so runs can be repeated.
 * Results: bench/results/load-<database>.json and .md.
 *
 * Over 400 lines as one file: a command nothing imports, one run read top to bottom in its
 * sections (processes, requests, scenarios, runs, report).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { writeFile } from 'node:fs/promises';
import autocannon, { type Result } from 'autocannon';
import postgres from 'postgres';
import {
  BENCH_SECRET_KEY,
  RESULTS_DIR,
  ROOT,
  benchDatabaseName,
  databaseNameOf,
  databaseUrl,
  intOption,
  load1,
  machineInfo,
  parseArgs,
  rng,
  sleep,
  viewAround,
  writeResult,
  freePort,
  startServer,
} from './common.ts';

type Sql = postgres.Sql<{}>;
export type TargetName = 'app' | 'app-nocache' | 'raw' | 'hello';

const ALL_SCENARIOS = ['list', 'clusters', 'detail', 'streets', 'stats', 'support', 'file'] as const;
type ScenarioId = (typeof ALL_SCENARIOS)[number];

/** The real server's pool size: connectDatabase's default (server/db/connect.ts); index.ts passes none. */
const APP_POOL = 10;

// ---------------------------------------------------------------------------------------------
// Processes

export interface Target {
  name: TargetName;
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** One of the run's servers, started by bench/common.ts startServer. */
async function start(name: TargetName, script: string, env: Record<string, string>, probe: string): Promise<Target> {
  return { name, ...(await startServer(name, script, env, probe)) };
}

/** CPU seconds (user + system) a set of processes has used so far, from /proc. */
export function cpuSeconds(pids: number[]): number {
  const tick = 100; // CLK_TCK on Linux
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // Gone: its time is lost, which a run's delta tolerates.
    }
  }
  return total;
}

/**
 * A process and all its descendants, from /proc: a server with WORKERS above 1 is a cluster primary
 * whose workers (its children) do the work, and their CPU is the server's.
 */
export function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Exited while listing.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** The PostgreSQL backends serving one of our servers (by application name) on the bench database. */
async function backendPids(admin: Sql, database: string, applicationName: string): Promise<number[]> {
  const rows = await admin<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = ${database} AND application_name = ${applicationName}`;
  return rows.map((r) => r.pid);
}

// ---------------------------------------------------------------------------------------------
// What the requests are made of

export interface Fixture {
  slug: string;
  municipalityId: number;
  spamCheck: string;
  /** References of published, public reports (any status). */
  references: string[];
  /** References of open public reports: Mi associo needs one still open. */
  openReferences: string[];
  bboxes: { bbox: string; zoom: number }[];
  streetQueries: string[];
  categories: number[];
  streets: { id: number; lon: number; lat: number }[];
  formToken?: () => Promise<string>;
}

export async function loadFixture(sql: Sql, slug: string): Promise<Fixture> {
  const [m] = await sql<{ id: number; spam_check: string | null; west: number; south: number; east: number; north: number; lon: number; lat: number }[]>`
    SELECT id, to_jsonb(municipality) ->> 'spam_check' AS spam_check,
           (map_bounds[1])[0] AS west, (map_bounds[1])[1] AS south, (map_bounds[0])[0] AS east, (map_bounds[0])[1] AS north,
           map_center[0] AS lon, map_center[1] AS lat
    FROM municipality WHERE slug = ${slug}`;
  if (!m) throw new Error(`no municipality ${slug}: seed it with npm run bench:seed`);
  // Every 20th report: a sample spread over the years, the same on every run.
  const references = (await sql<{ reference: string }[]>`
    SELECT reference FROM report WHERE municipality_id = ${m.id} AND published AND status <> 'hidden' AND id % 20 = 0
    ORDER BY id LIMIT 5000`).map((r) => r.reference);
  const openReferences = (await sql<{ reference: string }[]>`
    SELECT reference FROM report WHERE municipality_id = ${m.id} AND published
      AND status IN ('submitted', 'accepted', 'in_progress', 'scheduled')
    ORDER BY id DESC LIMIT 5000`).map((r) => r.reference);
  const streets = await sql<{ id: number; lon: number; lat: number }[]>`
    SELECT DISTINCT ON (s.id) s.id, sp.location[0] AS lon, sp.location[1] AS lat
    FROM street s JOIN street_point sp ON sp.street_id = s.id
    WHERE s.municipality_id = ${m.id} ORDER BY s.id, sp.id`;
  const names = await sql<{ base_name: string }[]>`SELECT base_name FROM street WHERE municipality_id = ${m.id} ORDER BY id`;
  const categories = (await sql<{ id: number }[]>`
    SELECT id FROM category WHERE municipality_id = ${m.id} AND active ORDER BY id`).map((r) => r.id);
  if (!references.length || !openReferences.length || !streets.length) throw new Error(`municipality ${slug} has no reports to test with`);

  const random = rng(42);
  // The views citizens look at: the whole territory (zoom 12–13), a frazione (14), a few streets (15–16).
  const bboxes: Fixture['bboxes'] = [
    { bbox: viewAround(m.lon, m.lat, 12), zoom: 12 },
    { bbox: viewAround(m.lon, m.lat, 13), zoom: 13 },
    { bbox: viewAround(m.lon, m.lat, 14), zoom: 14 },
  ];
  const zooms = [13, 14, 14, 15, 15, 15, 16, 16];
  for (let i = 0; i < 37; i++) {
    const s = streets[Math.floor(random() * streets.length)];
    const zoom = zooms[i % zooms.length];
    bboxes.push({ bbox: viewAround(s.lon, s.lat, zoom), zoom });
  }
  // What people type in the street field: the start of a word of the name, sometimes with a typo.
  const streetQueries: string[] = [];
  for (let i = 0; i < 400; i++) {
    const words = names[Math.floor(random() * names.length)].base_name.toLowerCase().split(/\s+/).filter((w) => w.length >= 3);
    if (!words.length) continue;
    const word = words[Math.floor(random() * words.length)];
    let q = word.slice(0, 3 + Math.floor(random() * Math.min(4, word.length - 2)));
    if (random() < 0.15 && q.length > 4) q = q.slice(0, 2) + q[3] + q[2] + q.slice(4);
    streetQueries.push(q);
  }

  const fixture: Fixture = {
    slug,
    municipalityId: m.id,
    spamCheck: m.spam_check ?? 'off',
    references,
    openReferences,
    bboxes,
    streetQueries,
    categories,
    streets,
  };
  if (fixture.spamCheck === 'pow') throw new Error(`${slug} asks for a proof of work on filings: set its spam check to 'form' or 'off' for the benchmark`);
  if (fixture.spamCheck === 'form') {
    // A form token as GET /form-token issues it, dated well past the minimum fill time; issued here
    // with the shared key rather than over HTTP, so the run measures the filing alone.
    const modulePath = '../server/services/' + 'spam-check.ts';
    const spam = (await import(modulePath)) as {
      issueFormToken(key: Buffer, m: unknown, now?: number): Promise<{ token: string }>;
    };
    const { findMunicipality } = await import('../server/services/municipality.ts');
    const municipality = await findMunicipality(sql, slug);
    const key = Buffer.from(BENCH_SECRET_KEY, 'utf8');
    fixture.formToken = async () => (await spam.issueFormToken(key, municipality, Date.now() - 600_000)).token;
  }
  return fixture;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

export interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface Scenario {
  id: ScenarioId;
  label: string;
  read: boolean;
  targets: TargetName[];
  /** A generator of requests; a new one per run, seeded the same for every target. */
  requests(run: string): () => Request;
}

export function scenarios(f: Fixture, clusterRoute: boolean): Scenario[] {
  const api = `/api/v1/${f.slug}`;
  const pick = <T>(random: () => number, items: T[]) => items[Math.floor(random() * items.length)];
  const all: Scenario[] = [
    {
      id: 'list',
      label: 'Report list by bbox (active, 50 per page)',
      read: true,
      targets: ['app', 'raw'],
      requests: () => {
        const random = rng(1);
        return () => ({ method: 'GET', path: `${api}/reports?status=active&bbox=${pick(random, f.bboxes).bbox}` });
      },
    },
    {
      id: 'clusters',
      label: 'Clusters of a map view (active)',
      read: true,
      targets: clusterRoute ? ['app', 'app-nocache', 'raw'] : [],
      requests: () => {
        const random = rng(2);
        return () => {
          const v = pick(random, f.bboxes);
          return { method: 'GET', path: `${api}/reports/clusters?status=active&zoom=${v.zoom}&bbox=${v.bbox}` };
        };
      },
    },
    {
      id: 'detail',
      label: 'Report detail (with its public history)',
      read: true,
      targets: ['app', 'raw'],
      requests: () => {
        const random = rng(3);
        return () => ({ method: 'GET', path: `${api}/reports/${pick(random, f.references)}` });
      },
    },
    {
      id: 'streets',
      label: 'Street search (prefixes, some typos)',
      read: true,
      targets: ['app', 'raw'],
      requests: () => {
        const random = rng(4);
        return () => ({ method: 'GET', path: `${api}/streets?q=${encodeURIComponent(pick(random, f.streetQueries))}` });
      },
    },
    {
      id: 'stats',
      label: 'Public statistics (12 months mostly, some 6 and 24)',
      read: true,
      targets: ['app'],
      requests: () => {
        const random = rng(7);
        return () => ({ method: 'GET', path: `${api}/stats?months=${pick(random, [12, 12, 12, 6, 24])}` });
      },
    },
    {
      id: 'support',
      label: 'Mi associo (new supporter each time)',
      read: false,
      targets: ['app', 'raw'],
      requests: (run) => {
        const random = rng(5);
        let n = 0;
        return () => ({
          method: 'POST',
          path: `${api}/reports/${pick(random, f.openReferences)}/supports`,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ supporterToken: `benchload${run}x${++n}`.padEnd(16, '0') }),
        });
      },
    },
    {
      id: 'file',
      label: 'File a report (JSON, no photo)',
      read: false,
      targets: ['app', 'raw'],
      requests: (run) => {
        const random = rng(6);
        let n = 0;
        return () => {
          const street = pick(random, f.streets);
          const withPoint = random() < 0.5;
          const report = {
            categoryId: pick(random, f.categories),
            title: FILING_TITLE,
            details: 'Il lampione all’altezza del civico 12 è spento da tre sere: il tratto è completamente al buio.',
            streetId: street.id,
            civic: String(1 + Math.floor(random() * 120)),
            ...(withPoint ? { location: { lat: street.lat, lon: street.lon } } : {}),
            ...(random() < 0.3 ? { contact: { email: `prova${n}@example.org` } } : {}),
            privacyAccepted: true,
          };
          return {
            method: 'POST',
            path: `${api}/reports`,
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bench-load-${run}-${++n}` },
            body: JSON.stringify(report),
          };
        };
      },
    },
  ];
  return all;
}

// ---------------------------------------------------------------------------------------------
// Runs

export interface RunResult {
  scenario: string;
  target: TargetName;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** CPU seconds per second of run (1 = one core busy): the server process, its PostgreSQL backends, the load generator. */
  cpu: { server: number; postgres: number; loadGenerator: number };
  /** CPU milliseconds per request, server process and PostgreSQL. */
  cpuMsPerRequest: { server: number; postgres: number };
  loadavg: { before: number; after: number };
}

export async function drive(
  target: Target,
  next: () => Request,
  opts: { connections: number; duration: number; formToken?: () => Promise<string> },
  measure?: { admin: Sql; database: string; applicationName: string },
): Promise<{ result: Result; cpu: RunResult['cpu']; loadavg: RunResult['loadavg'] }> {
  // Form tokens are issued ahead (async) and handed out one per filing.
  const tokens: string[] = [];
  if (opts.formToken) for (let i = 0; i < 200; i++) tokens.push(await opts.formToken());
  const topUp = opts.formToken
    ? setInterval(() => {
        for (let i = 0; i < 100 && tokens.length < 5000; i++) void opts.formToken!().then((t) => tokens.push(t));
      }, 20)
    : undefined;

  const pgPids = measure ? await backendPids(measure.admin, measure.database, measure.applicationName) : [];
  const serverPids = processTree(target.child.pid!);
  const serverCpu0 = cpuSeconds(serverPids);
  const pgCpu0 = cpuSeconds(pgPids);
  const selfCpu0 = process.cpuUsage();
  const before = load1();
  const started = performance.now();
  const result = await autocannon({
    url: target.url,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 10,
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          let body = r.body;
          if (body && opts.formToken && r.path.endsWith('/reports')) {
            const parsed = JSON.parse(body) as Record<string, unknown>;
            parsed.antiSpam = { token: tokens.pop() ?? '', website: '' };
            body = JSON.stringify(parsed);
          }
          return { ...req, method: r.method, path: r.path, body, headers: { ...(req.headers ?? {}), ...(r.headers ?? {}) } };
        },
      },
    ],
  });
  const wall = (performance.now() - started) / 1000;
  if (topUp) clearInterval(topUp);
  const self = process.cpuUsage(selfCpu0);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    result,
    cpu: {
      server: round((cpuSeconds(serverPids) - serverCpu0) / wall),
      postgres: round((cpuSeconds(pgPids) - pgCpu0) / wall),
      loadGenerator: round((self.user + self.system) / 1e6 / wall),
    },
    loadavg: { before, after: load1() },
  };
}

export function summarize(scenario: string, target: TargetName, d: Awaited<ReturnType<typeof drive>>): RunResult {
  const r = d.result;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const rps = requests / r.duration;
  const perRequest = (cores: number) => (rps > 0 ? Math.round(((cores * 1000) / rps) * 1000) / 1000 : 0);
  return {
    scenario,
    target,
    seconds: r.duration,
    requests,
    rps: Math.round(rps),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    cpu: d.cpu,
    cpuMsPerRequest: { server: perRequest(d.cpu.server), postgres: perRequest(d.cpu.postgres) },
    loadavg: d.loadavg,
  };
}

/** Both servers must answer the same requests with the same reports, or the ratio compares different work. */
async function checkEquivalence(app: Target, raw: Target, f: Fixture, clusterRoute: boolean): Promise<string[]> {
  const problems: string[] = [];
  const get = async (t: Target, path: string) => {
    const res = await fetch(t.url + path);
    if (!res.ok) throw new Error(`${t.name} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const api = `/api/v1/${f.slug}`;
  for (const v of f.bboxes.slice(0, 8)) {
    const path = `${api}/reports?status=active&bbox=${v.bbox}`;
    const [a, b] = await Promise.all([get(app, path), get(raw, path)]);
    const refs = (x: Record<string, unknown>) => (x.reports as { reference: string }[]).map((r) => r.reference).join();
    if (refs(a) !== refs(b)) problems.push(`list ${v.bbox}: the two servers return different reports`);
  }
  for (const ref of f.references.slice(0, 10)) {
    const [a, b] = await Promise.all([get(app, `${api}/reports/${ref}`), get(raw, `${api}/reports/${ref}`)]);
    if ((a.events as unknown[]).length !== (b.events as unknown[]).length) problems.push(`detail ${ref}: different histories`);
  }
  for (const q of f.streetQueries.slice(0, 10)) {
    const path = `${api}/streets?q=${encodeURIComponent(q)}`;
    const [a, b] = await Promise.all([get(app, path), get(raw, path)]);
    const ids = (x: Record<string, unknown>) => (x.streets as { id: number }[]).map((s) => s.id).join();
    if (ids(a) !== ids(b)) problems.push(`streets ${q}: different streets`);
  }
  if (clusterRoute) {
    for (const v of f.bboxes.slice(0, 5)) {
      const path = `${api}/reports/clusters?status=active&zoom=${v.zoom}&bbox=${v.bbox}`;
      const [a, b] = await Promise.all([get(app, path), get(raw, path)]);
      if (a.total !== b.total) problems.push(`clusters ${v.bbox}: totals ${a.total} and ${b.total}`);
    }
  }
  return problems;
}

/** Removes what the run wrote, so that the next run starts from the seeded data. */
/**
 * The title of the run's filings: how cleanUp finds them (no seeded report has it; the server stores
 * an Idempotency-Key made its own by the client's address, routes/filing.ts, not the key sent).
 */
const FILING_TITLE = 'Lampione spento (prova di carico)';

async function cleanUp(sql: Sql, municipalityId: number, since: Date) {
  // The run's reports, their dependent rows first. With the triggers on: they keep the summaries
  // of the reports (migrations 0020, 0022) right, and report.duplicate_of has its index (0009),
  // so the foreign-key checks no longer scan the table.
  await sql.begin(async (tx) => {
    await tx`CREATE TEMP TABLE bench_filed ON COMMIT DROP AS
      SELECT id FROM report WHERE municipality_id = ${municipalityId} AND title = ${FILING_TITLE}`;
    for (const table of ['report_event', 'outbox', 'support', 'photo']) {
      await tx.unsafe(`DELETE FROM ${table} WHERE report_id IN (SELECT id FROM bench_filed)`);
    }
    await tx`DELETE FROM report WHERE id IN (SELECT id FROM bench_filed)`;
  });
  await sql.begin(async (tx) => {
    const touched = await tx<{ report_id: string }[]>`
      DELETE FROM support WHERE municipality_id = ${municipalityId} AND created_at >= ${since} RETURNING report_id`;
    const ids = [...new Set(touched.map((r) => r.report_id))];
    if (ids.length) {
      await tx`
        UPDATE report r SET support_count = (SELECT count(*) FROM support s WHERE s.report_id = r.id)
        WHERE r.id IN ${tx(ids)}`;
    }
  });
  await sql`DELETE FROM rate_limit`;
  await sql.unsafe(`DELETE FROM form_token_use WHERE used_at >= '${since.toISOString()}'`).catch(() => undefined);
  await sql`VACUUM ANALYZE report`;
  // The summaries the deleted reports' triggers updated (migrations 0020, 0022).
  await sql`VACUUM ANALYZE office_day, report_month_tally`;
  await sql`VACUUM ANALYZE support`;
  await sql`VACUUM ANALYZE report_event`;
}

// ---------------------------------------------------------------------------------------------

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

function markdown(runs: RunResult[], info: Record<string, unknown>): string {
  const hello = runs.find((r) => r.target === 'hello');
  const lines = [
    `Load test: ${info.database} (${info.reports} reports in ${info.municipality}), ${info.connections} connections, ` +
      `${info.duration} s per run after ${info.warmup} s warm-up, server pool ${APP_POOL}; ${info.at}.`,
    '',
    '| scenario | server | req/s | p50 ms | p90 ms | p99 ms | errors / non-2xx | vs raw SQL | vs hello | CPU cores server + PG | CPU ms/req server + PG | load1 |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of runs) {
    const raw = runs.find((x) => x.scenario === r.scenario && x.target === 'raw');
    const vsRaw = r.target !== 'raw' && raw ? `${fmt((100 * r.rps) / raw.rps, 0)} %` : '';
    const vsHello = hello && r.target !== 'hello' ? `${fmt((100 * r.rps) / hello.rps, 0)} %` : '';
    lines.push(
      `| ${r.scenario} | ${r.target} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors + r.timeouts} / ${r.non2xx} | ${vsRaw} | ${vsHello} | ` +
        `${fmt(r.cpu.server, 2)} + ${fmt(r.cpu.postgres, 2)} | ${fmt(r.cpuMsPerRequest.server, 2)} + ${fmt(r.cpuMsPerRequest.postgres, 2)} | ` +
        `${r.loadavg.before}→${r.loadavg.after} |`,
    );
  }
  return lines.join('\n') + '\n';
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const reports = intOption(args, 'reports', 100_000);
  const url = String(args.get('database-url') ?? databaseUrl(benchDatabaseName(reports)));
  const database = databaseNameOf(url);
  const duration = intOption(args, 'duration', 15);
  const warmup = intOption(args, 'warmup', 3);
  const connections = intOption(args, 'connections', 50);
  const slug = String(args.get('municipality') ?? 'seravezza');
  const wanted = String(args.get('scenarios') ?? ALL_SCENARIOS.join(',')).split(',') as ScenarioId[];
  const withHello = !args.has('no-hello');
  const startedAt = new Date();

  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`;
  if (!exists) {
    console.log(`${database} does not exist: seeding it first (npm run bench:seed -- --reports ${reports})`);
    const seed = spawn(process.execPath, ['--import', 'tsx', 'bench/seed-large.ts', '--reports', String(reports), '--database-url', url], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const code = await new Promise((r) => seed.once('exit', r));
    if (code !== 0) throw new Error('seeding failed');
  }
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const [{ version }] = await sql<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
  const [{ n: reportCount }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report`;
  const settings = Object.fromEntries(
    (await sql<{ name: string; setting: string; unit: string | null }[]>`
      SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'max_connections', 'effective_cache_size', 'synchronous_commit', 'random_page_cost')`).map(
      (s) => [s.name, s.unit ? `${s.setting} × ${s.unit}` : s.setting],
    ),
  );
  const fixture = await loadFixture(sql, slug);

  const serverEnv = {
    DATABASE_URL: url,
    SECRET_KEY: BENCH_SECRET_KEY,
    // Rate limits exist per client address; the whole load comes from one: out of the way.
    RATE_LIMIT_FACTOR: '100000',
    LOG_LEVEL: String(args.get('app-log-level') ?? 'warn'),
    DEMO: '0',
  };
  const rawEnv = {
    DATABASE_URL: url,
    SECRET_KEY: BENCH_SECRET_KEY,
    RAW_POOL: String(APP_POOL),
    ...(args.has('raw-municipality-cache') ? { RAW_MUNICIPALITY_CACHE: '1' } : {}),
  };
  console.log(`Load test on ${database}: ${reportCount} reports, ${connections} connections, ${duration} s runs (+${warmup} s warm-up)`);
  const targets = new Map<TargetName, Target>();
  const stopAll = async () => {
    for (const t of targets.values()) await t.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  const runs: RunResult[] = [];
  const notes: string[] = [];
  let restoreOpenData = false;
  try {
    targets.set('app', await start('app', 'server/index.ts', serverEnv, '/readyz'));
    targets.set('raw', await start('raw', 'bench/servers/raw.ts', rawEnv, `/api/v1/${slug}/streets?q=via`));
    if (withHello) targets.set('hello', await start('hello', 'bench/servers/hello.ts', {}, '/hello'));
    const probe = await fetch(`${targets.get('app')!.url}/api/v1/${slug}/reports/clusters?status=active&zoom=${fixture.bboxes[2].zoom}&bbox=${fixture.bboxes[2].bbox}`);
    const clusterRoute = probe.ok;
    if (!clusterRoute) notes.push(`GET /reports/clusters answered ${probe.status}: the clusters scenario was skipped.`);
    const problems = await checkEquivalence(targets.get('app')!, targets.get('raw')!, fixture, clusterRoute);
    if (problems.length) {
      notes.push(...problems.map((p) => `equivalence: ${p}`));
      console.warn(`The raw baseline differs from the server:\n  ${problems.join('\n  ')}`);
    }

    const runId = Date.now().toString(36);
    const measureOf = (t: TargetName) =>
      t === 'hello' ? undefined : { admin, database, applicationName: t === 'raw' ? 'segnala-bench-raw' : 'segnala' };
    const once = async (scenario: string, t: Target, requests: (run: string) => () => Request, formToken?: () => Promise<string>) => {
      if (warmup > 0) await drive(t, requests(`${runId}w${scenario}${t.name}`), { connections, duration: warmup, formToken });
      const d = await drive(t, requests(`${runId}${scenario}${t.name}`), { connections, duration, formToken }, measureOf(t.name));
      const r = summarize(scenario, t.name, d);
      runs.push(r);
      console.log(
        `  ${scenario.padEnd(8)} ${t.name.padEnd(11)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ` +
          `errors ${r.errors + r.timeouts}  non-2xx ${r.non2xx}  cpu ${r.cpu.server}+${r.cpu.postgres}  load ${r.loadavg.before}→${r.loadavg.after}`,
      );
      if (r.non2xx) console.log(`    status codes: ${JSON.stringify(r.statusCodes)}`);
    };

    if (withHello) await once('hello', targets.get('hello')!, () => () => ({ method: 'GET', path: '/hello' }));
    // GET /stats answers only where the municipality publishes open data: on for the run.
    if (wanted.includes('stats')) {
      const [{ open_data: published }] = await sql<{ open_data: boolean }[]>`SELECT open_data FROM municipality WHERE id = ${fixture.municipalityId}`;
      if (!published) {
        await sql`UPDATE municipality SET open_data = true WHERE id = ${fixture.municipalityId}`;
        restoreOpenData = true;
      }
    }
    for (const s of scenarios(fixture, clusterRoute)) {
      if (!wanted.includes(s.id)) continue;
      for (const name of s.targets) {
        if (name === 'app-nocache' && !targets.has('app-nocache')) {
          targets.set('app-nocache', await start('app-nocache', 'server/index.ts', { ...serverEnv, CLUSTER_CACHE_SECONDS: '0' }, '/readyz'));
        }
        const target = targets.get(name)!;
        // The real server checks the form token; the raw baseline records its use without the HMAC check.
        await once(s.id, target, s.requests, s.id === 'file' && name !== 'raw' ? fixture.formToken : undefined);
      }
      if (targets.has('app-nocache')) {
        await targets.get('app-nocache')!.stop();
        targets.delete('app-nocache');
      }
    }
  } finally {
    await stopAll();
    if (restoreOpenData) await sql`UPDATE municipality SET open_data = false WHERE id = ${fixture.municipalityId}`;
    await cleanUp(sql, fixture.municipalityId, startedAt).catch((err) => console.warn(`clean-up failed: ${err}`));
    await sql.end();
    await admin.end();
  }

  const info = {
    database,
    reports: reportCount,
    municipality: slug,
    connections,
    duration,
    warmup,
    serverPool: APP_POOL,
    appLogLevel: serverEnv.LOG_LEVEL,
    rawMunicipalityCache: args.has('raw-municipality-cache'),
    spamCheck: fixture.spamCheck,
    postgres: version,
    postgresSettings: settings,
    machine: { ...machineInfo(), cores: cpus().length },
    at: startedAt.toISOString(),
    notes,
  };
  const md = markdown(runs, info);
  const name = `load-${database}${args.has('label') ? `-${args.get('label')}` : ''}`;
  const file = await writeResult(`${name}.json`, { ...info, runs });
  await writeFile(`${RESULTS_DIR}${name}.md`, md + (notes.length ? `\nNotes: ${notes.join(' ')}\n` : ''));
  console.log('\n' + md);
  console.log(`Results: ${file}`);
}

// Run as a command; imported (bench/scale-out.ts reuses the fixture, scenarios and runs), it does nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  });
}
