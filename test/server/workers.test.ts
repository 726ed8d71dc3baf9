import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import postgres from 'postgres';
import { formTokens, isolatedServerEnv, type ServerProcess, startServer } from './helpers/server-process.ts';
import { startSmtpServer } from './helpers/smtp.ts';

/**
 * WORKERS=2 (README, "Several processes: WORKERS"): one port served by two processes, background
 * jobs in one of them, /metrics for the whole deployment, a worker that dies replaced, SIGTERM
 * stopping all. Several processes need PostgreSQL, so this runs only with DATABASE_URL set.
 */
const skip = process.env.DATABASE_URL ? false : 'WORKERS>1 needs PostgreSQL: run with DATABASE_URL=postgres://… to test it';

const TOKEN = randomBytes(16).toString('hex');
let env: Record<string, string>;
let cleanup = async () => {};
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: ServerProcess;
let db: postgres.Sql;
let api: string;

before(async () => {
  if (skip) return;
  const isolated = await isolatedServerEnv('workers');
  cleanup = isolated.cleanup;
  smtp = await startSmtpServer();
  env = { ...isolated.env, WORKERS: '2', METRICS_TOKEN: TOKEN, SMTP_URL: smtp.url, RATE_LIMIT_FACTOR: '100' };
  server = await startServer(env);
  api = `${server.url}/api/v1/seravezza`;
  db = postgres(env.DATABASE_URL, { max: 2, onnotice: () => {} });
});

after(async () => {
  if (skip) return;
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await db?.end();
  await smtp?.close();
  await cleanup();
});

/** A GET on a connection of its own (no keep-alive), so the primary hands each to the next worker. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

async function metrics(): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200);
  return res.text();
}

/** The value of one series in a Prometheus text, or undefined. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined && got !== false) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Files a report with its own contact address, so that exactly one receipt is owed to it. */
async function fileWithContact(email: string, token: string) {
  const config = (await (await fetch(`${api}/config`)).json()) as { categories: { id: number }[] };
  const streets = (await (await fetch(`${api}/streets?q=aurelia`)).json()) as { streets: { id: number }[] };
  const res = await fetch(`${api}/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      categoryId: config.categories[0].id,
      title: 'Prova con due processi',
      details: 'Segnalazione scritta dal test dei processi multipli.',
      streetId: streets.streets[0].id,
      civic: '2',
      contact: { email },
      privacyAccepted: true,
      antiSpam: { token },
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
}

const workerPids = () => [...server.output().matchAll(/"msg":"worker listening","worker":(\d+),"pid":(\d+)/g)].map((m) => ({ slot: Number(m[1]), pid: Number(m[2]) }));
const jobHolders = () => [...server.output().matchAll(/"msg":"background jobs running in this process","worker":(\d+)/g)].map((m) => Number(m[1]));

test('two workers share the port: answers come from both, and /metrics adds up the whole deployment', { skip }, async () => {
  assert.equal(workerPids().length, 2, 'both workers listen before the server says it listens');
  const before = await metrics();
  const statuses = await Promise.all(Array.from({ length: 20 }, () => getOnNewConnection(`${server.url}/healthz`)));
  assert.deepEqual(new Set(statuses), new Set([200]));
  const text = await metrics();
  const served = [1, 2].map((w) => (value(text, `segnala_worker_http_requests_total{worker="${w}"}`) ?? 0) - (value(before, `segnala_worker_http_requests_total{worker="${w}"}`) ?? 0));
  assert.ok(served[0] > 0 && served[1] > 0, `each worker answered some of the 20 (${served.join(' / ')})`);
  // The per-route counter is one series for the deployment: both workers' counts, added up.
  assert.equal(value(text, 'segnala_http_requests_total{method="GET",route="/healthz",status="200"}'), 20);
  assert.equal(value(text, 'segnala_workers'), 2);
  assert.equal(value(text, 'segnala_worker_restarts_total'), 0);
  assert.equal(value(text, 'segnala_database_up'), 1);
  assert.ok((value(text, 'segnala_db_pool_max_connections{pool="main"}') ?? 0) >= 20, 'both workers have their own pool');
});

test('background jobs run in one worker; a mail queued once is delivered once; the day\'s open data is built once', { skip }, async () => {
  await until('a worker to take the background jobs', () => (jobHolders().length ? true : undefined));
  assert.equal(jobHolders().length, 1, 'one worker runs the jobs');

  const addresses = Array.from({ length: 4 }, (_, i) => `workers-${i}-${randomBytes(3).toString('hex')}@example.org`);
  const tokens = await formTokens(api, addresses.length);
  await Promise.all(addresses.map((a, i) => fileWithContact(a, tokens[i])));
  // Sent once marked sent: after that no process can claim the row again (mail/sender.ts).
  await until('every receipt sent', async () => {
    const [row] = await db<{ n: number }[]>`
      SELECT count(*)::int AS n FROM outbox WHERE kind = 'receipt' AND recipient IN ${db(addresses)} AND sent_at IS NOT NULL`;
    return row.n === addresses.length || undefined;
  });
  for (const a of addresses) assert.equal(smtp.received.filter((m) => m.to.includes(a)).length, 1, `${a} got one receipt`);

  // The first requests of the day, at once on both workers, build the day's edition: one build.
  const url = `${api}/open-data/segnalazioni.csv`;
  const statuses = await Promise.all(Array.from({ length: 6 }, () => getOnNewConnection(url)));
  assert.deepEqual(new Set(statuses), new Set([200]));
  assert.equal(count(server.output(), /"msg":"open data edition built",[^\n]*"municipality":"seravezza"/), 1, server.output().slice(-3000));
  const [editions] = await db<{ n: number }[]>`SELECT count(*)::int AS n FROM open_data_snapshot`;
  assert.equal(editions.n, 1);
});

test('when the jobs\' database connection is cut, they stop there and are taken up again', { skip }, async () => {
  const taken = jobHolders().length;
  // What a restart of PostgreSQL or a broken network does to the one connection holding the lock.
  const [cut] = await db<{ ok: boolean }[]>`
    SELECT pg_terminate_backend(pid) AS ok FROM pg_locks
    WHERE locktype = 'advisory' AND classid = 4242020 AND objid = 0 AND objsubid = 2 AND granted`;
  assert.equal(cut?.ok, true, 'one connection held the jobs\' lock');
  await until('the jobs to stop where the lock was lost', () => (/"msg":"background jobs: lock lost, stopping them here"/.test(server.output()) ? true : undefined));
  await until('the jobs to run again', () => (jobHolders().length === taken + 1 ? true : undefined));
  const [held] = await db<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 4242020 AND granted`;
  assert.equal(held.n, 1, 'one process holds the lock again');
});

test('a worker that dies is replaced and its jobs taken over; SIGTERM stops every process', { skip }, async () => {
  const taken = jobHolders().length;
  const holder = jobHolders().at(-1)!;
  const victim = workerPids().find((w) => w.slot === holder)!;
  process.kill(victim.pid, 'SIGKILL');
  await until('the worker to be restarted', () => (workerPids().filter((w) => w.slot === holder).length === 2 ? true : undefined));
  await until('the jobs to be taken over', () => (jobHolders().length === taken + 1 ? true : undefined));
  assert.match(server.output(), /"msg":"worker ended; restarting it","worker":\d,"code":null,"signal":"SIGKILL"/);
  const text = await metrics();
  assert.equal(value(text, 'segnala_worker_restarts_total'), 1);
  assert.equal(value(text, 'segnala_workers'), 2);

  // Mail still goes, once, from whichever worker has the jobs now.
  const address = `after-restart-${randomBytes(3).toString('hex')}@example.org`;
  await fileWithContact(address, (await formTokens(api, 1))[0]);
  await until('the receipt sent', async () => {
    const [row] = await db<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox WHERE recipient = ${address} AND sent_at IS NOT NULL`;
    return row.n === 1 || undefined;
  });
  assert.equal(smtp.received.filter((m) => m.to.includes(address)).length, 1);

  const pids = workerPids().map((w) => w.pid).filter((pid) => pid !== victim.pid);
  assert.equal(await server.stop(), 0, server.output().slice(-3000));
  assert.equal(count(server.output(), /"msg":"stopped","worker":\d/), 2, 'each worker stopped gracefully');
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `worker ${pid} is gone`);
});
