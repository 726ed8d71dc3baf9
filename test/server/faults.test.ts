import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import postgres from 'postgres';
import { createApp } from '../../server/app.ts';
import { connectDatabase, type Database } from '../../server/db/connect.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createLogger } from '../../server/log.ts';
import { TEST_RATE_LIMITS, reportBody } from './helpers/app.ts';
import { createTestMunicipality, type TestMunicipality } from './helpers/fixtures.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

/**
 * The database becoming unreachable under a running server, and coming back. A real PostgreSQL
 * reached through a relay the test cuts (the embedded database lives in the process: it cannot
 * go away on its own).
 */
const url = process.env.DATABASE_URL;

describe('PostgreSQL goes away and comes back', { skip: !url && 'needs a real PostgreSQL (DATABASE_URL)' }, () => {
  const name = `segnala_fault_${randomBytes(4).toString('hex')}`;
  let admin: postgres.Sql;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let db: Database;
  let m: TestMunicipality;
  let app: ReturnType<typeof createApp>;
  const logLines: string[] = [];

  before(async () => {
    admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const target = new URL(url!);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    const viaProxy = new URL(url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.pathname = `/${name}`;
    db = await connectDatabase({ databaseUrl: viaProxy.toString(), maxConnections: 4 });
    await migrate(db.sql);
    m = await createTestMunicipality(db.sql);
    app = createApp({ sql: db.sql, secretKey: randomBytes(32), logger: createLogger('info', (l) => logLines.push(l)), rateLimits: TEST_RATE_LIMITS });
  });
  after(async () => {
    await db?.close().catch(() => {});
    await proxy?.close();
    await admin?.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  const request = async (path: string, body?: unknown) => {
    const started = performance.now();
    const res = await app.request(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, ms: performance.now() - started, body: (await res.json()) as any, retryAfter: res.headers.get('Retry-After') };
  };

  test('requests fail fast with 503 while it is gone, /readyz says so, and all recovers by itself', async () => {
    assert.equal((await request('/readyz')).status, 200);
    assert.equal((await request(`/api/v1/${m.slug}/reports`)).status, 200);

    await proxy.cut();
    const outage = await Promise.all([
      request('/readyz'),
      request(`/api/v1/${m.slug}/reports`),
      request(`/api/v1/${m.slug}/config`),
      request(`/api/v1/${m.slug}/reports`, reportBody(m)),
    ]);
    assert.deepEqual(outage.map((r) => r.status), [503, 503, 503, 503]);
    for (const r of outage) assert.ok(r.ms < 3000, `answered in ${Math.round(r.ms)} ms`);
    assert.equal(outage[0].body.database, 'unreachable');
    assert.equal(outage[1].body.error.code, 'unavailable');
    assert.ok(Number(outage[1].retryAfter) > 0);
    assert.equal((await request('/healthz')).status, 200, 'the process itself is up');

    await proxy.restore();
    let ready = 0;
    for (let i = 0; i < 20 && ready !== 200; i++) {
      ready = (await request('/readyz')).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(ready, 200, 'recovered without a restart');
    const filed = await request(`/api/v1/${m.slug}/reports`, reportBody(m));
    assert.equal(filed.status, 201);
    assert.equal((await request(`/api/v1/${m.slug}/reports/${filed.body.reference}`)).status, 200);
    assert.ok(!logLines.join('').includes('maria.rossi'), 'no personal data in the error log');
  });
});
