import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { formTokens, isolatedServerEnv, startServer } from './helpers/server-process.ts';

/**
 * `kill -9` in the middle of a filing load: every report whose filing got a 2xx answer must be
 * there after a restart, complete (its history entry too); nothing half-written. Runs on the
 * embedded database (files in DATA_DIR) and, with DATABASE_URL, on a real PostgreSQL.
 */
let env: Record<string, string>;
let cleanup = async () => {};

before(async () => {
  const isolated = await isolatedServerEnv('crash');
  env = { ...isolated.env, RATE_LIMIT_FACTOR: '1000' };
  cleanup = isolated.cleanup;
});
after(() => cleanup());

test('after kill -9 under load, every acknowledged report is there and complete', async () => {
  const first = await startServer(env);
  const api = `${first.url}/api/v1/seravezza`;
  const config = (await (await fetch(`${api}/config`)).json()) as { categories: { id: number }[] };
  const street = ((await (await fetch(`${api}/streets?q=aurelia`)).json()) as { streets: { id: number }[] }).streets[0];

  const tokens = await formTokens(api, 600);
  const acknowledged: { reference: string; trackingCode: string }[] = [];
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop && tokens.length; i++) {
      try {
        const res = await fetch(`${api}/reports`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `crash-${w}-${i}-${randomBytes(4).toString('hex')}` },
          body: JSON.stringify({
            categoryId: config.categories[i % config.categories.length].id,
            title: `Prova di carico ${w}-${i}`,
            details: 'Segnalazione del test di crash.',
            streetId: street.id,
            contact: { email: `carico${w}@example.org` },
            privacyAccepted: true,
            antiSpam: { token: tokens.pop() },
          }),
        });
        if (res.status === 201) acknowledged.push((await res.json()) as { reference: string; trackingCode: string });
      } catch {
        // The server died under us: that request has no answer, so it promised nothing.
      }
    }
  };
  const workers = Array.from({ length: 6 }, (_, w) => worker(w));
  // Let the load build up, then kill without warning.
  while (acknowledged.length < 25 && tokens.length) await new Promise((r) => setTimeout(r, 20));
  first.child.kill('SIGKILL');
  await once(first.child, 'exit').catch(() => {});
  stop = true;
  await Promise.all(workers);
  assert.ok(acknowledged.length >= 25);

  const second = await startServer(env);
  try {
    const api2 = `${second.url}/api/v1/seravezza`;
    for (const filed of acknowledged) {
      const res = await fetch(`${api2}/track/${filed.trackingCode}`);
      assert.equal(res.status, 200, `${filed.reference} was acknowledged but is missing`);
      const report = (await res.json()) as { reference: string; events: { type: string }[] };
      assert.equal(report.reference, filed.reference);
      assert.deepEqual(report.events.map((e) => e.type), ['created'], 'complete, with its history');
    }
    // References stay sequential: no number was handed out twice.
    const refs = acknowledged.map((a) => a.reference);
    assert.equal(new Set(refs).size, refs.length);
  } finally {
    await second.stop();
  }
});
