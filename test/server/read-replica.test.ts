import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
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
