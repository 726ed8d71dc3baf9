import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import postgres from 'postgres';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/connect.ts';
import { createDatabaseMetrics, createProcessMetrics, metricsRoutes } from '../../server/http/metrics.ts';
import { createLogger } from '../../server/log.ts';
import { TEST_RATE_LIMITS, reportBody } from './helpers/app.ts';
import { openTestDatabase } from './helpers/database.ts';
import { createTestMunicipality, type TestMunicipality } from './helpers/fixtures.ts';
import { replicaUnavailable, startReplicaPair } from './helpers/replica.ts';
import { isolatedServerEnv, startServer } from './helpers/server-process.ts';
import { migrate } from '../../server/db/migrate.ts';

/**
 * GET /metrics and request ids (README, "Metrics" and "Request ids"), on the app as the server
 * builds it (server/index.ts), then on a real server process. Both database modes.
 */
const TOKEN = randomBytes(16).toString('hex');
let db: Database;
let m: TestMunicipality;
const logLines: string[] = [];

function buildApp(o: { token?: string; trustProxy?: number; sql?: Database['sql'] } = {}) {
  const sql = o.sql ?? db.sql;
  const logger = createLogger('debug', (line) => logLines.push(line));
  const processMetrics = createProcessMetrics({ pools: { main: sql }, worker: 1 });
  const databaseMetrics = createDatabaseMetrics({ sql, kind: db.kind, logger });
  return createApp({
    sql,
    secretKey: randomBytes(32),
    logger,
    rateLimits: TEST_RATE_LIMITS,
    trustProxy: o.trustProxy,
    metrics: {
      middleware: processMetrics.middleware,
      routes: metricsRoutes({ token: o.token, processText: () => processMetrics.registry.metrics(), databaseText: () => databaseMetrics.text() }),
    },
  });
}

let app: ReturnType<typeof buildApp>;
const base = () => `/api/v1/${m.slug}`;
const scrape = async (token = TOKEN) => app.request('/metrics', { headers: { Authorization: `Bearer ${token}` } });
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The value of one series in a Prometheus text, or undefined. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

before(async () => {
  db = await openTestDatabase();
  m = await createTestMunicipality(db.sql);
  app = buildApp({ token: TOKEN });
});
after(() => db.close());

describe('GET /metrics', () => {
  test('is off without METRICS_TOKEN, and needs its bearer token when on', async () => {
    const off = await buildApp({ token: undefined }).request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(off.status, 404);
    assert.equal(((await off.json()) as any).error.code, 'not_found');

    for (const authorization of [undefined, 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await app.request('/metrics', { headers: authorization ? { Authorization: authorization } : {} });
      assert.equal(res.status, 401, `Authorization: ${authorization}`);
      assert.match(res.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
      const body = await res.text();
      assert.doesNotMatch(body, /segnala_/, 'no figure leaks to a wrong token');
    }
    const ok = await scrape();
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('Content-Type') ?? '', /^text\/plain; version=0\.0\.4/);
  });

  test('counts requests by route pattern and status, never by the path that holds a tracking code', async () => {
    const filed = await app.request(`${base()}/reports`, json(reportBody(m)));
    assert.equal(filed.status, 201);
    const { trackingCode, reference } = (await filed.json()) as { trackingCode: string; reference: string };
    for (let i = 0; i < 3; i++) assert.equal((await app.request(`${base()}/track/${trackingCode}`)).status, 200);
    assert.equal((await app.request(`${base()}/track/ZZZZ-ZZZZ-ZZ`)).status, 404);
    assert.equal((await app.request('/no/such/thing')).status, 404);

    const text = await (await scrape()).text();
    assert.equal(value(text, 'segnala_http_requests_total{method="POST",route="/api/v1/:municipality/reports",status="201"}'), 1);
    const trackRoute = /segnala_http_requests_total\{method="GET",route="([^"]*track[^"]*)",status="200"\} 3/.exec(text);
    assert.ok(trackRoute, 'three tracking lookups, counted under one pattern');
    assert.match(trackRoute[1], /:/, 'the route label is a pattern');
    assert.ok(text.includes(`route="${trackRoute[1]}",status="404"} 1`), 'the unknown code counted under the same pattern, as a 404');
    assert.equal(value(text, 'segnala_http_requests_total{method="GET",route="unmatched",status="404"}'), 1);
    assert.equal(value(text, `segnala_http_request_duration_seconds_count{method="GET",route="${trackRoute[1]}",status="200"}`), 3);
    for (const secret of [trackingCode, trackingCode.replace(/-/g, ''), reference, `/api/v1/${m.slug}/`]) {
      assert.ok(!text.includes(secret), `the metrics do not name ${secret}`);
    }
    assert.match(text, /^process_cpu_user_seconds_total /m, "Node's process metrics are there");
    assert.match(text, /^nodejs_heap_size_used_bytes /m);
  });

  test('reads the outbox and the reports per municipality from the database when scraped', async () => {
    const before = await (await scrape()).text();
    const filedBefore = value(before, `segnala_reports_filed_total{municipality="${m.slug}"}`) ?? 0;
    const res = await app.request(`${base()}/reports`, json(reportBody(m, { contact: { email: `metrics-${randomBytes(3).toString('hex')}@example.org` } })));
    assert.equal(res.status, 201);

    const [outbox] = await db.sql<{ pending: number }[]>`SELECT count(*)::int AS pending FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`;
    assert.ok(outbox.pending >= 1, 'the receipt waits in the outbox (no sender runs here)');
    let text = await (await scrape()).text();
    assert.equal(value(text, `segnala_reports_filed_total{municipality="${m.slug}"}`), filedBefore + 1);
    assert.equal(value(text, 'segnala_mail_outbox_pending'), outbox.pending);
    assert.equal(value(text, 'segnala_mail_outbox_failed'), 0);
    assert.equal(value(text, 'segnala_database_up'), 1);

    // One mail tried and failing, one set aside for good.
    await db.sql`UPDATE outbox SET last_error = '451 try later', attempts = 1 WHERE id = (SELECT min(id) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL)`;
    await db.sql`UPDATE outbox SET failed_at = now(), last_error = '550 unknown' WHERE id = (SELECT max(id) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND last_error IS NULL)`;
    text = await (await scrape()).text();
    assert.equal(value(text, 'segnala_mail_outbox_pending'), outbox.pending - 1);
    assert.equal(value(text, 'segnala_mail_outbox_retrying'), 1);
    assert.equal(value(text, 'segnala_mail_outbox_failed'), 1);
    assert.ok((value(text, 'segnala_mail_outbox_oldest_pending_seconds') ?? -1) >= 0);
    assert.ok(!text.includes('@example.org'), 'no recipient in the metrics');
    if (db.kind === 'postgres') assert.match(text, /^segnala_db_connections\{application="segnala",state="busy"\} \d+/m);
  });

  test('with the database unreachable, still answers, saying so', async () => {
    const unreachable = postgres('postgres://postgres@127.0.0.1:1/none', { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      const res = await buildApp({ token: TOKEN, sql: unreachable }).request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.equal(value(text, 'segnala_database_up'), 0);
      assert.match(text, /^process_cpu_user_seconds_total /m);
    } finally {
      await unreachable.end();
    }
  });
});

describe('X-Request-Id', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const requestLines = (id: string) => logLines.map((l) => JSON.parse(l)).filter((l) => l.requestId === id);

  test('every answer has one, and the request log line carries it', async () => {
    const ids = new Set<string>();
    for (const path of [`${base()}/config`, '/healthz', '/no/such/thing']) {
      const res = await app.request(path);
      const id = res.headers.get('X-Request-Id') ?? '';
      assert.match(id, uuid, path);
      ids.add(id);
      const lines = requestLines(id);
      assert.equal(lines.length, 1, `one log line for ${path}`);
      assert.equal(lines[0].msg, 'request');
      assert.equal(lines[0].status, res.status);
    }
    assert.equal(ids.size, 3, 'each request its own');
    const refused = await app.request(`${base()}/reports`, json({ title: '' }));
    assert.equal(refused.status, 400);
    assert.match(refused.headers.get('X-Request-Id') ?? '', uuid, 'errors carry one too');
  });

  test("a proxy's id is kept only behind TRUST_PROXY and only when well-formed", async () => {
    const direct = await app.request('/healthz', { headers: { 'X-Request-Id': 'nginx-abc123' } });
    assert.match(direct.headers.get('X-Request-Id') ?? '', uuid, 'no trusted proxy: a client cannot choose its id');

    const proxied = buildApp({ token: TOKEN, trustProxy: 1 });
    const kept = await proxied.request('/healthz', { headers: { 'X-Request-Id': 'f3a9c2e1d4b5a6978877665544332211' } });
    assert.equal(kept.headers.get('X-Request-Id'), 'f3a9c2e1d4b5a6978877665544332211');
    assert.equal(requestLines('f3a9c2e1d4b5a6978877665544332211').length, 1);
    for (const bad of ['maria.rossi@example.org', 'two words', 'x'.repeat(65), 'a"b', '']) {
      const res = await proxied.request('/healthz', { headers: { 'X-Request-Id': bad } });
      assert.match(res.headers.get('X-Request-Id') ?? '', uuid, `${JSON.stringify(bad)} replaced`);
    }
    assert.ok(!logLines.some((l) => l.includes('maria.rossi')), 'a refused id never reaches the log');
  });

  test("an error logged while answering carries the request's id", async () => {
    const unreachable = postgres('postgres://postgres@127.0.0.1:1/none', { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      const res = await buildApp({ sql: unreachable }).request(`${base()}/config`);
      assert.equal(res.status, 503);
      const id = res.headers.get('X-Request-Id') ?? '';
      assert.match(id, uuid);
      const lines = requestLines(id);
      assert.deepEqual(lines.map((l) => [l.level, l.msg]), [['error', 'database unavailable'], ['info', 'request']]);
    } finally {
      await unreachable.end();
    }
  });
});

test('a real server process serves /metrics to a scraper: no CORS or rate limit in the way', async () => {
  const isolated = await isolatedServerEnv('metrics');
  // One process (with DATABASE_URL the default is one per core): workers.test.ts tests several.
  const server = await startServer({ ...isolated.env, WORKERS: '1', METRICS_TOKEN: TOKEN, RATE_LIMIT_FACTOR: '0.01' });
  try {
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}`, Origin: 'https://elsewhere.example' } });
      assert.equal(res.status, 200, `scrape ${i + 1}`);
      await res.arrayBuffer();
    }
    const text = await (await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    assert.equal(value(text, 'segnala_http_requests_total{method="GET",route="/metrics",status="200"}'), 30);
    assert.equal(value(text, 'segnala_worker_http_requests_total{worker="1"}'), 30, 'one process: worker 1 answered all');
    assert.ok((value(text, 'segnala_reports_filed_total{municipality="seravezza"}') ?? 0) > 0, 'the demo reports');
  } finally {
    assert.equal(await server.stop(), 0);
    await isolated.cleanup();
  }
});

test("a read replica's connections are counted from the replica, and a replica down does not fail the scrape", {
  skip: !process.env.DATABASE_URL ? 'needs DATABASE_URL (a replica is PostgreSQL only)' : replicaUnavailable(),
}, async () => {
  const pair = await startReplicaPair();
  const primary = postgres(pair.primaryUrl, { max: 2, onnotice: () => {}, connection: { application_name: 'segnala' } });
  const replica = postgres(pair.replicaUrl, { max: 2, onnotice: () => {}, connection: { application_name: 'segnala-replica' } });
  try {
    await migrate(primary);
    await pair.caughtUp();
    await replica`SELECT 1`;
    const databaseMetrics = createDatabaseMetrics({ sql: primary, replicaSql: replica, kind: 'postgres', logger: createLogger('silent') });
    let text = await databaseMetrics.text();
    assert.equal(value(text, 'segnala_database_up'), 1);
    assert.ok((value(text, 'segnala_db_connections{application="segnala",state="busy"}') ?? 0) >= 1, text);
    assert.ok((value(text, 'segnala_db_connections{application="segnala-replica",state="busy"}') ?? 0) >= 1, 'the scrape reads the replica on one of its connections');
    assert.equal(value(text, 'segnala_replica_up'), 1);

    // A replica that stops replaying falls behind by what the primary writes meanwhile.
    await pair.pauseReplay();
    await primary`CREATE TABLE lag_probe AS SELECT g AS n, repeat('x', 100) AS filler FROM generate_series(1, 5000) g`;
    text = await databaseMetrics.text();
    const behind = value(text, 'segnala_replica_lag_bytes') ?? 0;
    assert.ok(behind > 500_000, `5 000 rows of 100 bytes unreplayed, yet the lag is ${behind} bytes`);
    await pair.resumeReplay();
    text = await databaseMetrics.text();
    const after = value(text, 'segnala_replica_lag_bytes') ?? Infinity;
    assert.ok(after < behind / 10, `caught up, the lag went from ${behind} to only ${after} bytes`);

    await pair.stopReplica();
    text = await databaseMetrics.text();
    assert.equal(value(text, 'segnala_database_up'), 1, 'the primary answers: the database is up');
    assert.doesNotMatch(text, /application="segnala-replica"/);
    assert.equal(value(text, 'segnala_replica_up'), 0);
    assert.match(text, /^segnala_replica_lag_bytes Nan$/m, 'unknown, not 0, for a replica that does not answer');
  } finally {
    await replica.end({ timeout: 1 }).catch(() => undefined);
    await primary.end();
    await pair.stop();
  }
});
