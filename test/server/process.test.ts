import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import postgres from 'postgres';
import { formTokens, isolatedServerEnv, runServerToExit, startServer } from './helpers/server-process.ts';

/**
 * The server as a process, as `npm start` runs it: start-up, the demo, persistence across a
 * restart, graceful stop. Embedded database by default; a fresh database on the real PostgreSQL
 * when DATABASE_URL is set.
 */
let env: Record<string, string>;
let cleanup = async () => {};

before(async () => {
  const isolated = await isolatedServerEnv('proc');
  env = { ...isolated.env };
  cleanup = isolated.cleanup;
});
after(() => cleanup());

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

describe('the server process', () => {
  test('starts with the demo, files a report, stops cleanly on SIGTERM, and keeps the report after a restart', async () => {
    const first = await startServer(env);
    let reference: string;
    let trackingCode: string;
    try {
      const config = await json(await fetch(`${first.url}/api/v1/seravezza/config`));
      assert.equal(config.status, 200);
      assert.equal(config.body.municipality.name, 'Comune di Seravezza');
      assert.ok(config.body.categories.length > 5);
      const street = (await json(await fetch(`${first.url}/api/v1/seravezza/streets?q=aurelia`))).body.streets[0];
      const filed = await json(
        await fetch(`${first.url}/api/v1/seravezza/reports`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            categoryId: config.body.categories[0].id,
            title: 'Prova dal test di processo',
            details: 'Segnalazione scritta dal test del processo server.',
            streetId: street.id,
            civic: '1',
            privacyAccepted: true,
            antiSpam: { token: (await formTokens(`${first.url}/api/v1/seravezza`, 1))[0] },
          }),
        }),
      );
      assert.equal(filed.status, 201);
      ({ reference, trackingCode } = filed.body);
    } finally {
      assert.equal(await first.stop(), 0, first.output());
    }
    assert.match(first.output(), /"msg":"stopped"/);

    const second = await startServer(env);
    try {
      const tracked = await json(await fetch(`${second.url}/api/v1/seravezza/track/${trackingCode}`));
      assert.equal(tracked.status, 200, 'the same key and data survive a restart');
      assert.equal(tracked.body.reference, reference);
      assert.doesNotMatch(second.output(), /demo data seeded/, 'the demo is seeded once');
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });

  test('a wrong setting stops the start with a message naming it', async () => {
    const { code, output } = await runServerToExit({ ...env, PORT: 'eighty' });
    assert.equal(code, 2);
    assert.match(output, /PORT/);
    assert.doesNotMatch(output, /at .*\.ts:\d+/, 'a message, not a stack trace');
  });
});

describe('several processes on one PostgreSQL', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL' }, () => {
  test('two processes starting together migrate and seed once', async () => {
    const name = `segnala_pair_${randomBytes(4).toString('hex')}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const dbUrl = new URL(process.env.DATABASE_URL!);
    dbUrl.pathname = `/${name}`;
    const pairEnv = { DATA_DIR: env.DATA_DIR, DEMO: '1', DATABASE_URL: dbUrl.toString(), SECRET_KEY: 'k'.repeat(40) };
    try {
      const [a, b] = await Promise.all([startServer(pairEnv), startServer(pairEnv)]);
      try {
        const db = postgres(dbUrl.toString(), { max: 1 });
        const [{ n }] = await db`SELECT count(*)::int AS n FROM municipality`;
        const migrations = await db`SELECT name FROM schema_migration`;
        await db.end();
        assert.equal(n, 1);
        assert.equal(migrations.length, new Set(migrations.map((m) => m.name)).size);
        for (const s of [a, b]) assert.equal((await fetch(`${s.url}/readyz`)).status, 200);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
