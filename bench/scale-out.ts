/**
 * Scale-out on PostgreSQL (issue 16 §1): the public list by bbox and a report's detail with one
 * server process, with two (WORKERS=2), and with two whose public reads go to a streaming replica
 * (DATABASE_READ_URL), in one run, as ratios to the one-process figures.
 *
 *   npm run bench:scale-out -- [--reports 100000] [--duration 15] [--warmup 3] [--connections 50] [--rounds 2]
 *
 * A primary and a streaming replica are made for the run (test/server/helpers/replica.ts, the
 * read-replica test's: initdb, pg_basebackup -R, free loopback ports, a temporary folder removed at
 * the end); the primary is seeded as `npm run bench:seed` does (bench/seed-large.ts) and the replica
 * waited for until it has replayed all of it. Every configuration reads the same data on the same
 * two clusters: the first two simply leave the replica idle. Requests, warm-up and measurement are
 * bench/load.ts's (the same seeded views and references, autocannon, 50 connections).
 *
 * The three configurations run in turn, then again in the reverse order (--rounds): the machine's
 * speed drifts (BENCHMARKS.md, "Machine"), and whichever runs last would otherwise carry the drift
 * alone. Each round's ratios are to that round's one-worker figures.
 *
 * The server is started with WORKERS set and nothing else changed: how it forks is server/index.ts's.
 * Everything shares the machine's cores: the load generator, the server's processes and both
 * PostgreSQL servers. On a 2-core machine the ratios tell what a second process costs or gains when
 * nothing is left idle, not what a second core of a dedicated server would give.
 *
 * Results: bench/results/scale-out-<reports>.json and .md.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import postgres from 'postgres';
import { startReplicaPair } from '../test/server/helpers/replica.ts';
import { BENCH_SECRET_KEY, RESULTS_DIR, ROOT, intOption, machineInfo, parseArgs, sizeLabel, startServer, writeResult } from './common.ts';
import { cpuSeconds, drive, loadFixture, processTree, type RunResult, scenarios, summarize } from './load.ts';

interface Configuration {
  label: string;
  env: Record<string, string>;
}

interface ScaleRun extends RunResult {
  round: number;
  configuration: string;
  /** CPU seconds per second of run of both PostgreSQL servers (all their processes), primary and replica. */
  cpuPostgres: { primary: number; replica: number };
}

/** The postmaster's process id, from the first line of its data folder's postmaster.pid. */
const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

const ONE_WORKER = '1 worker';
const CONFIGURATION_ORDER = [ONE_WORKER, '2 workers', '2 workers, reads on the replica'];
const order = (r: ScaleRun) => CONFIGURATION_ORDER.indexOf(r.configuration);
const SCENARIO_ORDER = ['list', 'detail'];

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

function markdown(runs: ScaleRun[], info: Record<string, unknown>): string {
  const lines = [
    `Scale-out: ${info.reports} reports, ${info.connections} connections, ${info.duration} s per run after ${info.warmup} s warm-up, ` +
      `${(info.machine as { nproc: number }).nproc} cores shared by the load generator, the server and both PostgreSQL servers; ${info.at}.`,
    '',
    '| round | scenario | configuration | req/s | ratio to 1 worker | p50 ms | p99 ms | p99 ratio | errors / non-2xx | CPU cores server + primary + replica + load generator | CPU ms/req server + PostgreSQL |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const sorted = [...runs].sort((a, b) => a.round - b.round || SCENARIO_ORDER.indexOf(a.scenario) - SCENARIO_ORDER.indexOf(b.scenario) || order(a) - order(b));
  for (const r of sorted) {
    const one = runs.find((x) => x.round === r.round && x.scenario === r.scenario && x.configuration === ONE_WORKER)!;
    const perRequest = (cores: number) => (r.rps > 0 ? (cores * 1000) / r.rps : NaN);
    lines.push(
      `| ${r.round} | ${r.scenario} | ${r.configuration} | ${r.rps} | ${fmt(r.rps / one.rps)} | ${r.p50} | ${r.p99} | ${fmt(r.p99 / one.p99)} | ` +
        `${r.errors + r.timeouts} / ${r.non2xx} | ${fmt(r.cpu.server)} + ${fmt(r.cpuPostgres.primary)} + ${fmt(r.cpuPostgres.replica)} + ${fmt(r.cpu.loadGenerator)} | ` +
        `${fmt(perRequest(r.cpu.server))} + ${fmt(perRequest(r.cpuPostgres.primary + r.cpuPostgres.replica))} |`,
    );
  }
  return lines.join('\n') + '\n';
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const reports = intOption(args, 'reports', 100_000);
  const duration = intOption(args, 'duration', 15);
  const warmup = intOption(args, 'warmup', 3);
  const connections = intOption(args, 'connections', 50);
  const rounds = intOption(args, 'rounds', 2);
  const slug = 'seravezza';
  const at = new Date().toISOString();

  console.log(`Scale-out: a primary and a streaming replica for the run, ${reports} reports`);
  const pair = await startReplicaPair();
  process.once('SIGINT', () => void pair.stop().then(() => process.exit(130)));
  const runs: ScaleRun[] = [];
  let version = '';
  try {
    // Not a segnala_bench_* name: the seed's record of that database (bench/results) stays as it is.
    const database = `segnala_scaleout_${sizeLabel(reports)}`;
    const primaryUrl = pair.primaryUrl.replace(/\/postgres$/, `/${database}`);
    const replicaUrl = pair.replicaUrl.replace(/\/postgres$/, `/${database}`);
    const seed = spawn(process.execPath, ['--import', 'tsx', 'bench/seed-large.ts', '--reports', String(reports), '--database-url', primaryUrl], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if ((await new Promise((r) => seed.once('exit', r))) !== 0) throw new Error('seeding failed');
    await rm(`${RESULTS_DIR}seed-${database}-${slug}.json`, { force: true });
    const sql = postgres(primaryUrl, { max: 1, onnotice: () => {} });
    await sql`VACUUM ANALYZE`;
    [{ version }] = await sql<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
    const fixture = await loadFixture(sql, slug);
    await sql.end();
    await pair.caughtUp();
    console.log('  the replica has replayed the seed');

    const pgRoots = { primary: postmasterPid(join(pair.dataDir, 'primary')), replica: postmasterPid(join(pair.dataDir, 'replica')) };
    const base = {
      DATABASE_URL: primaryUrl,
      SECRET_KEY: BENCH_SECRET_KEY,
      // Rate limits exist per client address; the whole load comes from one: out of the way.
      RATE_LIMIT_FACTOR: '100000',
      LOG_LEVEL: 'warn',
      DEMO: '0',
    };
    const configurations: Configuration[] = [
      { label: CONFIGURATION_ORDER[0], env: { ...base, WORKERS: '1' } },
      { label: CONFIGURATION_ORDER[1], env: { ...base, WORKERS: '2' } },
      { label: CONFIGURATION_ORDER[2], env: { ...base, WORKERS: '2', DATABASE_READ_URL: replicaUrl } },
    ];
    const wanted = scenarios(fixture, false).filter((s) => s.id === 'list' || s.id === 'detail');
    const runId = Date.now().toString(36);
    const schedule = Array.from({ length: rounds }, (_, i) =>
      (i % 2 ? [...configurations].reverse() : configurations).map((configuration) => ({ round: i + 1, configuration })),
    ).flat();
    for (const { round, configuration } of schedule) {
      const server = await startServer(configuration.label, 'server/index.ts', configuration.env, '/readyz');
      const target = { name: 'app' as const, ...server };
      try {
        for (const s of wanted) {
          if (warmup > 0) await drive(target, s.requests(`${runId}w`), { connections, duration: warmup });
          // Both servers' processes, counted like the server's tree (bench/load.ts processTree).
          const pg = { primary: processTree(pgRoots.primary), replica: processTree(pgRoots.replica) };
          const pg0 = { primary: cpuSeconds(pg.primary), replica: cpuSeconds(pg.replica) };
          const started = performance.now();
          const d = await drive(target, s.requests(runId), { connections, duration });
          const wall = (performance.now() - started) / 1000;
          const run: ScaleRun = {
            ...summarize(s.id, 'app', d),
            round,
            configuration: configuration.label,
            cpuPostgres: {
              primary: Math.round(((cpuSeconds(pg.primary) - pg0.primary) / wall) * 100) / 100,
              replica: Math.round(((cpuSeconds(pg.replica) - pg0.replica) / wall) * 100) / 100,
            },
          };
          runs.push(run);
          console.log(
            `  ${round} ${s.id.padEnd(7)} ${configuration.label.padEnd(32)} ${String(run.rps).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  ` +
              `non-2xx ${run.non2xx}  cpu ${run.cpu.server}+${run.cpuPostgres.primary}+${run.cpuPostgres.replica}`,
          );
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await pair.stop();
  }

  const info = { reports, municipality: slug, connections, duration, warmup, rounds, postgres: version, machine: machineInfo(), at };
  const md = markdown(runs, info);
  const name = `scale-out-${sizeLabel(reports)}`;
  const file = await writeResult(`${name}.json`, { ...info, runs });
  await writeFile(`${RESULTS_DIR}${name}.md`, md);
  console.log('\n' + md);
  console.log(`Results: ${file}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
