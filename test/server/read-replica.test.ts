import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import postgres from 'postgres';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/connect.ts';
import { REPLICA_RETRY_MS } from '../../server/http/public-reads.ts';
import { createLogger } from '../../server/log.ts';
import { reportBody, TEST_RATE_LIMITS } from './helpers/app.ts';
import { openTestDatabase } from './helpers/database.ts';
import { createTestMunicipality } from './helpers/fixtures.ts';
import { type ReplicaPair, replicaUnavailable, startReplicaPair } from './helpers/replica.ts';
import { formTokens, type ServerProcess, startServer } from './helpers/server-process.ts';

/**
 * DATABASE_READ_URL on a real streaming replica (issue 16 §1; README, "Read replicas"): a server
 * process with a primary and a replica made by pg_basebackup. Replay is paused on the replica to
 * make it lag for as long as the test needs, so what reads it and what reads the primary shows in
 * the answers: a report filed meanwhile is on its tracking page and in Mi associo's answer, not in
 * the public list until replay resumes. Then the replica is stopped: filing goes on, and the public
 * reads are answered by the primary.
 */
const skip = !process.env.DATABASE_URL
  ? 'needs PostgreSQL mode (DATABASE_URL): the embedded database has no replica'
  : replicaUnavailable();

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

describe('public reads on a streaming replica (DATABASE_READ_URL)', { skip: skip && `skipped: ${skip}` }, () => {
  let pair: ReplicaPair | undefined;
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;
  let api: string;
  let tokens: string[];
  let filing: { categoryId: number; streetId: number };

  before(async () => {
    pair = await startReplicaPair();
    dataDir = await mkdtemp(join(tmpdir(), 'segnala-read-replica-'));
    server = await startServer({
      DATA_DIR: dataDir,
      DEMO: '1',
      DATABASE_URL: pair.primaryUrl,
      DATABASE_READ_URL: pair.replicaUrl,
      SECRET_KEY: randomBytes(24).toString('hex'),
      // One process, so that the replica's failure is found, and logged, by exactly one.
      WORKERS: '1',
    });
    api = `${server.url}/api/v1/seravezza`;
    // The demo, migrated and seeded on the primary, replayed on the replica before anything is asked.
    await pair.caughtUp();
    const config = await json(await fetch(`${api}/config`));
    const street = await json(await fetch(`${api}/streets?q=aurelia`));
    assert.equal(street.status, 200);
    filing = { categoryId: config.body.categories[0].id, streetId: street.body.streets[0].id };
    tokens = await formTokens(api, 2);
  });

  after(async () => {
    await server?.stop();
    await pair?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Files a report whose title carries `tag`, a word no other report has. */
  async function file(tag: string) {
    const res = await json(
      await fetch(`${api}/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomBytes(16).toString('hex') },
        body: JSON.stringify({
          ...filing,
          title: `Lampione spento ${tag}`,
          details: 'Il lampione davanti al civico 1 non si accende da giorni.',
          civic: '1',
          privacyAccepted: true,
          antiSpam: { token: tokens.shift() },
        }),
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { reference: string; trackingCode: string };
  }

  /** The references the public list finds for `tag`, with the status of the answer. */
  async function listed(tag: string) {
    const res = await json(await fetch(`${api}/reports?status=all&q=${tag}`));
    return { status: res.status, references: (res.body.reports ?? []).map((r: { reference: string }) => r.reference) as string[] };
  }

  const support = async (reference: string) =>
    json(
      await fetch(`${api}/reports/${reference}/supports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ supporterToken: randomBytes(16).toString('hex') }),
      }),
    );

  test('with the replica lagging, what the citizen just wrote reads the primary and the public list the replica', async () => {
    const tag = `replicaprova${randomBytes(3).toString('hex')}`;
    // An older report, open and public, on both servers.
    const open = await json(await fetch(`${api}/reports?status=open&limit=1`));
    const older = open.body.reports[0] as { reference: string; supportCount: number };

    await pair!.pauseReplay();
    const filed = await file(tag);

    const tracked = await json(await fetch(`${api}/track/${filed.trackingCode}`));
    assert.equal(tracked.status, 200, 'the tracking page right after filing');
    assert.equal(tracked.body.reference, filed.reference);
    assert.deepEqual(await listed(tag), { status: 200, references: [] }, 'the list reads the replica, which has not replayed the filing');

    const joined = await support(filed.reference);
    assert.equal(joined.status, 201, 'Mi associo on the report just filed');
    assert.equal(joined.body.supportCount, 1);
    const page = await json(await fetch(`${api}/reports/${filed.reference}`));
    assert.equal(page.status, 200, 'its public page: not on the replica yet, so read from the primary');
    assert.equal(page.body.supportCount, 1);

    // Mi associo on the older report answers the new count (primary); its page, which the replica
    // has, still shows the count from before the pause until replay resumes.
    const joinedOlder = await support(older.reference);
    assert.equal(joinedOlder.body.supportCount, older.supportCount + 1);
    assert.equal((await json(await fetch(`${api}/reports/${older.reference}`))).body.supportCount, older.supportCount);

    await pair!.resumeReplay();
    assert.deepEqual(await listed(tag), { status: 200, references: [filed.reference] }, 'replayed, the list has it');
    assert.equal((await json(await fetch(`${api}/reports/${older.reference}`))).body.supportCount, older.supportCount + 1);
  });

  test('with the replica stopped, filing works and the public reads are answered by the primary', async () => {
    await pair!.stopReplica();
    const tag = `replicaferma${randomBytes(3).toString('hex')}`;
    const filed = await file(tag);
    assert.equal((await json(await fetch(`${api}/track/${filed.trackingCode}`))).status, 200);
    assert.deepEqual(await listed(tag), { status: 200, references: [filed.reference] });
    const page = await json(await fetch(`${api}/reports/${filed.reference}`));
    assert.equal(page.status, 200);
    assert.equal(page.body.reference, filed.reference);
    const streets = await json(await fetch(`${api}/streets?q=via`));
    assert.equal(streets.status, 200);
    assert.ok(streets.body.streets.length > 0);
    const clusters = await fetch(`${api}/reports/clusters?status=all&zoom=13&bbox=10.150,43.940,10.320,44.060`);
    assert.equal(clusters.status, 200);
    // The operator is told once, without any personal data.
    const warnings = server!.output().split('\n').filter((l) => l.includes('read replica unreachable'));
    assert.equal(warnings.length, 1, server!.output());
    assert.match(warnings[0], /"level":"warn"/);
  });
});

/** A loopback port nothing listens on: connections to it are refused at once. */
const closedPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

// Both database modes: the fallback's rules, with a replica that refuses every connection and the
// app's own clock, so that "skipped for REPLICA_RETRY_MS, then tried again" shows without waiting.
describe('a replica that cannot be reached', () => {
  let db: Database;
  let replica: postgres.Sql;
  const logLines: string[] = [];
  let clock = Date.parse('2026-12-07T10:00:00Z');
  let app: ReturnType<typeof createApp>;
  let base: string;

  before(async () => {
    db = await openTestDatabase();
    const m = await createTestMunicipality(db.sql, { publishOnArrival: true });
    base = `/api/v1/${m.slug}`;
    replica = postgres(`postgres://postgres@127.0.0.1:${await closedPort()}/postgres`, { max: 2, connect_timeout: 2, onnotice: () => {} });
    app = createApp({
      sql: db.sql,
      publicSql: db.publicSql,
      replicaSql: replica,
      secretKey: randomBytes(32),
      logger: createLogger('debug', (line) => logLines.push(line)),
      rateLimits: TEST_RATE_LIMITS,
      now: () => clock,
    });
    const filed = await app.request(`${base}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomBytes(16).toString('hex') },
      body: JSON.stringify(reportBody(m, { title: 'Lampione spento in piazza' })),
    });
    assert.equal(filed.status, 201);
  });

  after(async () => {
    await replica.end({ timeout: 1 });
    await db.close();
  });

  const warnings = () => logLines.filter((l) => l.includes('read replica unreachable'));
  const listTitles = async () => {
    const res = await app.request(`${base}/reports?status=all`);
    assert.equal(res.status, 200);
    return ((await res.json()) as { reports: { title: string }[] }).reports.map((r) => r.title);
  };

  test('the reads are answered by the primary, the replica skipped for a while and then tried again', async () => {
    assert.deepEqual(await listTitles(), ['Lampione spento in piazza']);
    assert.equal(warnings().length, 1, 'told once');
    assert.match(warnings()[0], /"level":"warn".*"error":"ECONNREFUSED"/);
    assert.doesNotMatch(warnings()[0], /postgres:\/\/|127\.0\.0\.1/, 'the log names no address');

    // Within REPLICA_RETRY_MS the replica is not tried: no new warning however many reads.
    clock += REPLICA_RETRY_MS - 1;
    assert.deepEqual(await listTitles(), ['Lampione spento in piazza']);
    assert.equal((await app.request(`${base}/streets?q=gasperi`)).status, 200);
    assert.equal(warnings().length, 1);

    // After it, the next read tries the replica again, fails again, and says so again.
    clock += 2;
    assert.deepEqual(await listTitles(), ['Lampione spento in piazza']);
    assert.equal(warnings().length, 2);
  });

  test('a report unknown to both is still a 404, and the tracking page never asks the replica', async () => {
    assert.equal((await app.request(`${base}/reports/2020-999999`)).status, 404);
    clock += REPLICA_RETRY_MS + 1;
    const before = warnings().length;
    const res = await app.request(`${base}/track/AAAA-AAAA-AA`);
    assert.equal(res.status, 404);
    assert.equal(warnings().length, before, 'no attempt on the replica');
  });
});
