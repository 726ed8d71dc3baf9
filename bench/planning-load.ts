/**
 * Load run of the planning and statistics endpoints (issue 14 §4) on a seeded PostgreSQL, and
 * whether they hold up filings:
 *
 *   npm run bench:planning -- [--reports 1000000] [--database-url URL] [--duration 10] [--warmup 2]
 *                             [--connections 4] [--filers 10]
 *
 * Starts the real server (`server/index.ts`, rate limits out of the way, LOG_LEVEL=warn) on the
 * benchmark database `npm run bench:seed` made, logs in as the demo admin, and for each endpoint
 * that answers (an endpoint not built yet answers 404 and is skipped):
 *   1. one staff member alone: one connection for `duration` seconds (the answer time a clerk
 *      sees; the target is under 1 s at 1 000 000 reports);
 *   2. `connections` at once (several offices planning at the same time).
 * Then filings (`filers` connections, JSON without photo) alone, and again while `connections`
 * connections ask every planning endpoint in turn: the filings' p99 with and without planning load
 * tells whether a planning query ever makes a filing wait. The run's filings are deleted at the
 * end. Results: bench/results/planning-<database>.json and .md.
 */
import { writeFile } from 'node:fs/promises';
import autocannon, { type Result } from 'autocannon';
import postgres from 'postgres';
import {
  BENCH_SECRET_KEY,
  RESULTS_DIR,
  benchDatabaseName,
  databaseNameOf,
  databaseUrl,
  intOption,
  load1,
  machineInfo,
  parseArgs,
  rng,
  startServer,
  viewAround,
  writeResult,
} from './common.ts';

type Sql = postgres.Sql<{}>;

const DEMO_ADMIN = { email: 'admin@seravezza.example', password: 'segnala-demo' };
const FILING_KEY_PREFIX = 'bench-planning-';
/** The title of this run's filings: how cleanUp finds them (no seeded report has it). */
const FILING_TITLE = 'Buca in carreggiata (prova di carico)';

interface Endpoint {
  id: string;
  path: string;
  /** Staff endpoints need the bearer token; public ones must not get it. */
  staff: boolean;
}

function endpoints(slug: string, m: { lon: number; lat: number; zoom: number }): Endpoint[] {
  const api = `/api/v1/${slug}`;
  const view = viewAround(m.lon, m.lat, m.zoom, 1280, 800);
  return [
    { id: 'admin-stats', path: `${api}/admin/stats`, staff: true },
    { id: 'density', path: `${api}/admin/planning/density?zoom=${m.zoom}&bbox=${view}`, staff: true },
    { id: 'recurrences', path: `${api}/admin/planning/recurrences`, staff: true },
    { id: 'streets', path: `${api}/admin/planning/streets`, staff: true },
    { id: 'streets-csv', path: `${api}/admin/planning/streets.csv`, staff: true },
    { id: 'offices', path: `${api}/admin/planning/offices`, staff: true },
    { id: 'backlog', path: `${api}/admin/planning/backlog`, staff: true },
    { id: 'public-stats', path: `${api}/stats`, staff: false },
  ];
}

interface Run {
  what: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  load1: number;
}

function summary(what: string, connections: number, r: Result): Run {
  return {
    what,
    connections,
    requests: r.requests.total,
    rps: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    load1: load1(),
  };
}

type Next = () => { method: string; path: string; headers?: Record<string, string>; body?: string };

function drive(url: string, connections: number, duration: number, next: Next) {
  return autocannon({
    url,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          return { ...req, method: r.method, path: r.path, body: r.body, headers: { ...(req.headers ?? {}), ...(r.headers ?? {}) } } as typeof req;
        },
      },
    ],
  });
}

/** Requests for one endpoint (or several in turn), with the token where it belongs. */
function reading(list: Endpoint[], token: string): Next {
  let i = 0;
  return () => {
    const e = list[i++ % list.length];
    const headers: Record<string, string> = e.staff ? { Authorization: `Bearer ${token}` } : {};
    return { method: 'GET', path: e.path, headers };
  };
}

async function filing(sql: Sql, slug: string, municipalityId: number): Promise<Next> {
  const streets = await sql<{ id: number }[]>`SELECT id FROM street WHERE municipality_id = ${municipalityId} ORDER BY id LIMIT 200`;
  const categories = await sql<{ id: number }[]>`SELECT id FROM category WHERE municipality_id = ${municipalityId} AND active ORDER BY id`;
  const random = rng(14);
  const run = Date.now().toString(36);
  let n = 0;
  return () => ({
    method: 'POST',
    path: `/api/v1/${slug}/reports`,
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${FILING_KEY_PREFIX}${run}-${++n}` },
    body: JSON.stringify({
      categoryId: categories[Math.floor(random() * categories.length)].id,
      title: FILING_TITLE,
      details: 'Una buca profonda all’altezza del civico 8, pericolosa per chi va in bicicletta.',
      streetId: streets[Math.floor(random() * streets.length)].id,
      civic: String(1 + Math.floor(random() * 120)),
      privacyAccepted: true,
    }),
  });
}

/**
 * Removes the run's filings (and any an interrupted run left) and what they wrote, so that the next
 * run starts from the seed. Found by title: the server stores an Idempotency-Key made its own by
 * the client's address (routes/filing.ts), so the key the run sent is not in the database.
 */
async function cleanUp(sql: Sql, municipalityId: number) {
  await sql.begin(async (tx) => {
    await tx`CREATE TEMP TABLE bench_filed ON COMMIT DROP AS
      SELECT id FROM report WHERE municipality_id = ${municipalityId} AND title = ${FILING_TITLE}`;
    for (const table of ['report_event', 'outbox', 'support', 'photo']) await tx.unsafe(`DELETE FROM ${table} WHERE report_id IN (SELECT id FROM bench_filed)`);
    await tx`DELETE FROM report WHERE id IN (SELECT id FROM bench_filed)`;
  });
  await sql`DELETE FROM rate_limit`;
  await sql`VACUUM ANALYZE report`;
  // The summaries the deleted reports' triggers updated (migrations 0020, 0022).
  await sql`VACUUM ANALYZE office_day, report_month_tally`;
}

function markdown(database: string, reports: number, runs: Run[], notes: string[], started: Date): string {
  const m = machineInfo();
  return [
    `# Planning and statistics under load — ${database} (${reports} reports)`,
    '',
    `${started.toISOString()}, ${m.nproc} × ${m.cpuModel}, Node ${m.node}. \`npm run bench:planning\` (bench/planning-load.ts).`,
    '',
    '| run | connections | requests | req/s | p50 ms | p99 ms | max ms | non-2xx / errors | load1 after |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${r.what} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.max} | ${r.non2xx} / ${r.errors} | ${r.load1} |`),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const reports = intOption(args, 'reports', 1_000_000);
  const url = String(args.get('database-url') ?? databaseUrl(benchDatabaseName(reports)));
  const database = databaseNameOf(url);
  const duration = intOption(args, 'duration', 10);
  const warmup = intOption(args, 'warmup', 2);
  const connections = intOption(args, 'connections', 4);
  const filers = intOption(args, 'filers', 10);
  const slug = String(args.get('municipality') ?? 'seravezza');
  const started = new Date();

  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const [m] = await sql<{ id: number; lon: number; lat: number; zoom: number; spam_check: string }[]>`
    SELECT id, map_center[0] AS lon, map_center[1] AS lat, map_zoom AS zoom, spam_check FROM municipality WHERE slug = ${slug}`;
  if (!m) throw new Error(`no municipality ${slug} in ${database}: seed it with npm run bench:seed`);
  const [{ n: count }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report WHERE municipality_id = ${m.id}`;
  // The filings measure the database, not the spam check: off for the run, put back after.
  await sql`UPDATE municipality SET spam_check = 'off' WHERE id = ${m.id}`;
  const server = await startServer('server', 'server/index.ts', { DATABASE_URL: url, SECRET_KEY: BENCH_SECRET_KEY, RATE_LIMIT_FACTOR: '100000', LOG_LEVEL: 'warn', DEMO: '0' }, '/readyz');
  const runs: Run[] = [];
  const notes: string[] = [];
  try {
    const login = await fetch(`${server.url}/api/v1/${slug}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(DEMO_ADMIN),
    });
    if (!login.ok) throw new Error(`login as ${DEMO_ADMIN.email} answered ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    console.log(`Planning load on ${database}: ${count} reports, ${duration} s runs`);

    const live: Endpoint[] = [];
    for (const e of endpoints(slug, m)) {
      const t0 = performance.now();
      const res = await fetch(server.url + e.path, { headers: e.staff ? { Authorization: `Bearer ${token}` } : {} });
      await res.arrayBuffer();
      const ms = Math.round(performance.now() - t0);
      if (res.status === 404) {
        notes.push(`${e.id} (${e.path.replace(/\?.*/, '')}) answered 404: skipped.`);
        continue;
      }
      if (!res.ok) throw new Error(`${e.id} answered ${res.status}`);
      notes.push(`${e.id}: first answer (cold caches of the server) in ${ms} ms.`);
      live.push(e);
    }
    for (const e of live) {
      for (const c of [1, connections]) {
        if (warmup) await drive(server.url, c, warmup, reading([e], token));
        const r = summary(e.id, c, await drive(server.url, c, duration, reading([e], token)));
        runs.push(r);
        console.log(`  ${e.id.padEnd(14)} ×${c}  ${r.rps} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  max ${r.max} ms  non-2xx ${r.non2xx}`);
      }
    }

    const file = await filing(sql, slug, m.id);
    const alone = summary('filing alone', filers, await drive(server.url, filers, duration, file));
    runs.push(alone);
    console.log(`  filing alone      ×${filers}  ${alone.rps} req/s  p99 ${alone.p99} ms`);
    if (live.length) {
      // Whether a filing ever waits on a lock planning holds, sampled every 50 ms while both run.
      // Filings wait on each other (the year's reference counter); a wait on a connection of the
      // reporting pool (application_name segnala-reporting, db/connect.ts) would be planning's.
      const waits = { all: 0, onReads: 0 };
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const [now] = await sql<{ all: number; onReads: number }[]>`
            SELECT count(DISTINCT w.pid)::int AS all,
              count(DISTINCT w.pid) FILTER (WHERE b.application_name = 'segnala-reporting')::int AS "onReads"
            FROM pg_stat_activity w
            LEFT JOIN pg_stat_activity b ON b.pid = ANY(pg_blocking_pids(w.pid))
            WHERE w.datname = current_database() AND w.wait_event_type = 'Lock'`;
          waits.all = Math.max(waits.all, now.all);
          waits.onReads = Math.max(waits.onReads, now.onReads);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const [filings, planning] = await Promise.all([
        drive(server.url, filers, duration, file),
        drive(server.url, connections, duration, reading(live, token)),
      ]).finally(() => (sampling = false));
      await sampler;
      notes.push(
        `filings during planning, sampled every 50 ms: at most ${waits.all} session(s) waiting on a lock at once (filings on each other), ${waits.onReads} on a connection of the reporting pool (planning).`,
      );
      const busy = summary('filing during planning', filers, filings);
      const reads = summary('planning (all, in turn) during filings', connections, planning);
      runs.push(busy, reads);
      console.log(`  filing + planning ×${filers}  ${busy.rps} req/s  p99 ${busy.p99} ms; planning p99 ${reads.p99} ms`);
    }
  } finally {
    await server.stop();
    await sql`UPDATE municipality SET spam_check = ${m.spam_check} WHERE id = ${m.id}`;
    await cleanUp(sql, m.id).catch((err) => console.warn(`clean-up failed: ${err}`));
    await sql.end();
  }
  const result = { database, reports: count, started, machine: machineInfo(), duration, connections, filers, runs, notes };
  await writeResult(`planning-${database}.json`, result);
  await writeFile(`${RESULTS_DIR}planning-${database}.md`, markdown(database, count, runs, notes, started));
  console.log(`bench/results/planning-${database}.md`);
}

await main();
