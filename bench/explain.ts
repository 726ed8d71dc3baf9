/**
 * How the main read queries cost as the data grows: EXPLAIN (ANALYZE, BUFFERS) of the very
 * statements the server issues (captured from the services' own functions through postgres.js'
 * debug hook), on each benchmark database that exists, warm cache, median of several executions.
 *
 *   npm run bench:explain -- [--databases segnala_bench_1k,segnala_bench_100k,segnala_bench_1m] [--repeat 7]
 *
 * Results: bench/results/explain.json and .md (one row per query and database: execution time,
 * rows, shared buffers touched, and the plan's access path).
 */
import { writeFile } from 'node:fs/promises';
import postgres from 'postgres';
import { OPEN_STATUSES, REPORT_STATUSES, type ReportStatus, STATUS_INFO } from '../server/domain/status.ts';
import { findMunicipality } from '../server/services/municipality.ts';
import { getPublicReport } from '../server/services/report-detail.ts';
import { countPublicReports, listPublicReports, viewShare } from '../server/services/report-list.ts';
import { searchStreets } from '../server/services/streets.ts';
import { publicStatistics } from '../server/services/public-stats.ts';
import { planningFilters } from '../server/routes/planning-query.ts';
import { clusterGrid } from '../server/services/clusters.ts';
import { cellReports, densityCells } from '../server/services/planning/density.ts';
import { officePlanning } from '../server/services/planning/offices.ts';
import { officeBacklog } from '../server/services/planning/backlog.ts';
import { recurrences } from '../server/services/planning/recurrences.ts';
import { planningStreets } from '../server/services/planning/streets.ts';
import type { StaffUser } from '../server/services/staff-auth.ts';
import { findEdition, readPublication, romeDay } from '../server/services/open-data/dataset.ts';
import { BENCH_SECRET_KEY, RESULTS_DIR, databaseUrl, intOption, machineInfo, median, parseArgs, viewAround, writeResult } from './common.ts';

interface Captured {
  query: string;
  parameters: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The access paths of a plan, e.g. "Index Scan report_public_recent → Nested Loop …", shortest useful form. */
function accessPaths(node: PlanNode): string[] {
  const here = node['Index Name'] ? [`${node['Node Type']} on ${node['Index Name']}`] : node['Node Type'].includes('Seq Scan') ? [`Seq Scan on ${node['Relation Name']}`] : [];
  return [...here, ...(node.Plans ?? []).flatMap(accessPaths)];
}

type Job = { name: string; run: (sql: postgres.Sql<{}>) => Promise<unknown> };

async function jobsFor(sql: postgres.Sql<{}>, slug: string): Promise<Job[]> {
  const m = await findMunicipality(sql, slug);
  if (!m) throw new Error(`no municipality ${slug}`);
  const { lon, lat } = m.center;
  // A report in the middle of the history, and a street that is on many reports.
  const [{ reference }] = await sql<{ reference: string }[]>`
    SELECT reference FROM report WHERE municipality_id = ${m.id} AND published AND status <> 'hidden'
    ORDER BY id OFFSET (SELECT count(*) / 2 FROM report WHERE municipality_id = ${m.id}) LIMIT 1`;
  const bbox = (zoom: number) => {
    const [west, south, east, north] = viewAround(lon, lat, zoom).split(',').map(Number);
    return { west, south, east, north };
  };
  const publicStatuses = REPORT_STATUSES.filter((s) => STATUS_INFO[s].public);
  // As routes/reports.ts calls it: with its guess of how many matching reports the view holds.
  const counts = new Map<readonly ReportStatus[], number>();
  for (const statuses of [OPEN_STATUSES, publicStatuses]) counts.set(statuses, await countPublicReports(sql, m.id, statuses));
  const list = (s: postgres.Sql<{}>, statuses: readonly ReportStatus[], zoom: number) =>
    listPublicReports(s, Buffer.from(BENCH_SECRET_KEY), m.id, {
      statuses,
      bbox: bbox(zoom),
      limit: 50,
      expectedInView: m.bounds ? counts.get(statuses)! * viewShare(bbox(zoom), m.bounds) : undefined,
    });
  const jobs: Job[] = [
    { name: 'municipality lookup (every request)', run: (s) => findMunicipality(s, slug) },
    { name: 'list active, whole town (zoom 12)', run: (s) => list(s, OPEN_STATUSES, 12) },
    { name: 'list active, frazione (zoom 14)', run: (s) => list(s, OPEN_STATUSES, 14) },
    { name: 'list active, a few streets (zoom 16)', run: (s) => list(s, OPEN_STATUSES, 16) },
    { name: 'list all statuses, frazione (zoom 14)', run: (s) => list(s, publicStatuses, 14) },
    { name: 'list all statuses, a few streets (zoom 16)', run: (s) => list(s, publicStatuses, 16) },
    { name: 'detail (report, events, photos)', run: (s) => getPublicReport(s, m, reference) },
    { name: 'list all statuses, text "lampione"', run: (s) => listPublicReports(s, Buffer.from(BENCH_SECRET_KEY), m.id, { statuses: publicStatuses, q: 'lampione', limit: 50 }) },
    { name: 'list all statuses, text "zzz" (no match)', run: (s) => listPublicReports(s, Buffer.from(BENCH_SECRET_KEY), m.id, { statuses: publicStatuses, q: 'zzz', limit: 50 }) },
    { name: 'street search "gasp"', run: (s) => searchStreets(s, m.id, 'gasp', 10) },
    { name: 'street search "via roma"', run: (s) => searchStreets(s, m.id, 'via roma', 10) },
    // The public statistics (GET /stats): the monthly summary of migration 0022, open reports live.
    { name: 'public statistics, 12 months', run: (s) => publicStatistics(s, m.id, 12) },
    { name: 'public statistics, 24 months', run: (s) => publicStatistics(s, m.id, 24) },
  ];
  const clustersPath = '../server/services/' + 'clusters.ts';
  const clusters = (await import(clustersPath).catch(() => undefined)) as
    | { clusterGrid(b: unknown, z: number): unknown; clusterReports(s: unknown, id: number, g: unknown, z: number, f: unknown): Promise<unknown> }
    | undefined;
  if (clusters) {
    for (const [zoom, statuses, label] of [
      [13, OPEN_STATUSES, 'active'],
      [15, OPEN_STATUSES, 'active'],
      [13, publicStatuses, 'all statuses'],
    ] as const) {
      jobs.push({
        name: `clusters ${label} (zoom ${zoom})`,
        run: (s) => clusters.clusterReports(s, m.id, clusters.clusterGrid(bbox(zoom), zoom), zoom, { statuses }),
      });
    }
  }
  // The planning view's density map (issue 14): the municipality's default view, the default
  // filters (the last 12 months, every status), as an admin sees it; then its busiest cell's list.
  const planner: StaffUser = { id: 0, municipalityId: m.id, email: 'bench@example.org', name: 'Bench', role: 'admin', departmentIds: [] };
  const lastYear = planningFilters({});
  const densityView = clusterGrid(bbox(m.zoom), m.zoom);
  const busiest = (await densityCells(sql, m.id, planner, lastYear, densityView, m.zoom)).cells[0]?.id;
  jobs.push({ name: `planning density, last 12 months (zoom ${m.zoom})`, run: (s) => densityCells(s, m.id, planner, lastYear, densityView, m.zoom) });
  if (busiest) jobs.push({ name: 'planning density, busiest cell\'s reports', run: (s) => cellReports(s, m.id, planner, lastYear, busiest, { limit: 100 }) });
  // The offices panel (issue 14 §1): deadlines kept month by month (the per-day summary of migration
  // 0020, open reports judged live) and the backlog by age (open reports, their partial index).
  jobs.push({ name: 'planning offices, last 12 months', run: (s) => officePlanning(s, m.id, planner, lastYear) });
  jobs.push({ name: 'planning backlog by age', run: (s) => officeBacklog(s, m.id, planner, {}) });
  // Recurring faults and every street (issue 14 §1): one pass over the period's reports grouped by
  // cell (index-only on the period index, migration 0019), then the places' latest reports (0018).
  const recurring = { minReports: 3, radius: 50 };
  jobs.push({ name: 'planning recurring faults, last 12 months (N 3, M 50 m)', run: (s) => recurrences(s, m.id, m.center.lat, planner, lastYear, recurring) });
  jobs.push({ name: 'planning streets, last 12 months', run: (s) => planningStreets(s, m.id, m.center.lat, planner, lastYear, { ...recurring, sort: 'total', order: 'desc' }) });
  // Open data (issue 14 §3): what every download and metadata request reads before streaming the
  // stored edition (the daily build itself is timed apart: README, "Open data").
  jobs.push({ name: 'open data: publication setting', run: (s) => readPublication(s, m.id) });
  jobs.push({ name: "open data: today's edition", run: (s) => findEdition(s, m.id, romeDay(Date.now())) });
  return jobs;
}

async function explainDatabase(name: string, slug: string, repeat: number) {
  let capture: Captured[] | undefined;
  const sql = postgres(databaseUrl(name), {
    max: 1,
    onnotice: () => {},
    connection: { application_name: 'segnala-bench-explain', TimeZone: 'UTC' },
    debug: (_connection, query, parameters) => capture?.push({ query, parameters }),
  });
  try {
    const [{ reports, size }] = await sql<{ reports: number; size: string }[]>`
      SELECT (SELECT count(*)::int FROM report) AS reports, pg_size_pretty(pg_database_size(current_database())) AS size`;
    const sizes = await sql<{ relation: string; size: string }[]>`
      SELECT c.relname AS relation, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
      FROM pg_class c WHERE c.relname IN ('report', 'report_event', 'support') ORDER BY c.relname`;
    const rows = [];
    for (const job of await jobsFor(sql, slug)) {
      capture = [];
      await job.run(sql);
      const statements = capture;
      capture = undefined;
      const times: number[] = [];
      let plans: { paths: string[]; rows: number; buffers: number }[] = [];
      // The first execution warms the cache; the median of the next ones is what a busy server sees.
      for (let i = 0; i <= repeat; i++) {
        let total = 0;
        const now: typeof plans = [];
        // In one transaction, as a service runs its own: a planning read's set_config(…, true)
        // (db/long-read.ts) holds for the query after it.
        await sql.begin(async (tx) => {
          for (const st of statements) {
            if (/^\s*(begin|commit)\b/i.test(st.query)) continue;
            const [{ 'QUERY PLAN': [result] }] = await tx.unsafe(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${st.query}`, st.parameters as never[]);
            const plan = result as { 'Execution Time': number; 'Planning Time': number; Plan: PlanNode & { 'Actual Rows': number; 'Shared Hit Blocks': number; 'Shared Read Blocks': number } };
            total += plan['Execution Time'] + plan['Planning Time'];
            now.push({ paths: accessPaths(plan.Plan), rows: plan.Plan['Actual Rows'], buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'] });
          }
        });
        if (i > 0) times.push(total);
        plans = now;
      }
      rows.push({
        query: job.name,
        statements: statements.length,
        ms: Math.round(median(times) * 100) / 100,
        rows: plans.map((p) => p.rows),
        buffers: plans.reduce((a, p) => a + p.buffers, 0),
        plan: plans.map((p) => [...new Set(p.paths)].join(' + ')).join(' | '),
      });
      console.log(`  ${name} ${job.name}: ${rows[rows.length - 1].ms} ms, ${rows[rows.length - 1].buffers} buffers — ${rows[rows.length - 1].plan}`);
    }
    return { database: name, reports, size, sizes, rows };
  } finally {
    await sql.end();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const repeat = intOption(args, 'repeat', 7);
  const slug = String(args.get('municipality') ?? 'seravezza');
  const wanted = String(args.get('databases') ?? 'segnala_bench_1k,segnala_bench_100k,segnala_bench_1m').split(',');
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  const existing = new Set((await admin<{ datname: string }[]>`SELECT datname FROM pg_database`).map((r) => r.datname));
  await admin.end();
  const results = [];
  for (const name of wanted) {
    if (!existing.has(name)) {
      console.log(`  ${name}: missing (npm run bench:seed -- --reports N), skipped`);
      continue;
    }
    results.push(await explainDatabase(name, slug, repeat));
  }
  const queries = [...new Set(results.flatMap((r) => r.rows.map((x) => x.query)))];
  const lines = [
    `| query | ${results.map((r) => `${r.reports.toLocaleString('en')} reports`).join(' | ')} | plan at the largest size |`,
    `|---|${results.map(() => '---:|').join('')}---|`,
  ];
  for (const q of queries) {
    const cells = results.map((r) => {
      const row = r.rows.find((x) => x.query === q);
      return row ? `${row.ms} ms (${row.buffers} buf)` : '–';
    });
    const last = results[results.length - 1].rows.find((x) => x.query === q);
    lines.push(`| ${q} | ${cells.join(' | ')} | ${last?.plan ?? ''} |`);
  }
  const md = lines.join('\n') + '\n';
  const file = await writeResult('explain.json', { machine: machineInfo(), repeat, at: new Date().toISOString(), results });
  await writeFile(`${RESULTS_DIR}explain.md`, md);
  console.log('\n' + md + `\n${file}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
