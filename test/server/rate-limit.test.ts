import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { type RateLimits, scaledLimits } from '../../server/http/rate-limit.ts';
import { createLogger } from '../../server/log.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

const limits: RateLimits = {
  ...scaledLimits(1000),
  filePerClient: { max: 3, windowSeconds: 3600 },
  filePerMunicipality: { max: 5, windowSeconds: 3600 },
  supportPerClient: { max: 2, windowSeconds: 3600 },
  trackPerClient: { max: 3, windowSeconds: 600 },
  loginPerClient: { max: 2, windowSeconds: 900 },
};

let t: TestApp;
let base: string;
/** Two apps over one database, as two server processes behind a load balancer. */
let processes: ReturnType<typeof createApp>[];

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  const deps = { sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('silent'), rateLimits: limits, trustProxy: true };
  processes = [createApp(deps), createApp(deps)];
});
after(() => t.close());

/** Behind one proxy, which appends the address it saw; anything before it is the client's own writing. */
async function send(n: number, path: string, init: { method?: string; body?: unknown; from: string }) {
  const res = await processes[n % 2].request(path, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.9.9.9, ${init.from}` },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, retryAfter: res.headers.get('Retry-After'), body: (await res.json()) as any };
}

describe('rate limits, shared by all processes through the database', () => {
  test('filing: per client address, then per municipality; over the limit 429 with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(i, `${base}/reports`, { method: 'POST', body: reportBody(t.m), from: '192.0.2.1' })).status);
    assert.deepEqual(statuses, [201, 201, 201, 429]);
    const refused = await send(0, `${base}/reports`, { method: 'POST', body: reportBody(t.m), from: '192.0.2.1' });
    assert.equal(refused.body.error.code, 'rate_limited');
    assert.ok(Number(refused.retryAfter) > 3500 && Number(refused.retryAfter) <= 3600, refused.retryAfter!);
    // Another address may still file, until the municipality's own limit (5 filed in all).
    assert.equal((await send(0, `${base}/reports`, { method: 'POST', body: reportBody(t.m), from: '192.0.2.2' })).status, 201);
    assert.equal((await send(1, `${base}/reports`, { method: 'POST', body: reportBody(t.m), from: '192.0.2.3' })).status, 201);
    assert.equal((await send(0, `${base}/reports`, { method: 'POST', body: reportBody(t.m), from: '192.0.2.4' })).status, 429);
    const [{ n }] = await t.db.sql`SELECT count(*)::int AS n FROM report`;
    assert.equal(n, 5, 'a refused filing writes nothing');
  });

  test('Mi associo and tracking-code lookups are limited per client', async () => {
    const [{ reference }] = await t.db.sql`SELECT reference FROM report LIMIT 1`;
    const joins = [];
    for (let i = 0; i < 3; i++) {
      joins.push((await send(i, `${base}/reports/${reference}/supports`, { method: 'POST', body: { supporterToken: randomBytes(12).toString('hex') }, from: '198.51.100.7' })).status);
    }
    assert.deepEqual(joins, [201, 201, 429]);
    const lookups = [];
    for (let i = 0; i < 4; i++) lookups.push((await send(i, `${base}/track/ZZZZ-ZZZZ-Z${i}`, { from: '198.51.100.8' })).status);
    assert.deepEqual(lookups, [404, 404, 404, 429]);
  });

  test('staff login is limited per client address, on top of the per-account lockout', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'a@t.example', name: 'A', role: 'admin', password: 'limite-login' });
    const tries = [];
    for (let i = 0; i < 3; i++) {
      tries.push((await send(i, `${base}/admin/login`, { method: 'POST', body: { email: `nobody${i}@t.example`, password: 'x' }, from: '203.0.113.9' })).status);
    }
    assert.deepEqual(tries, [401, 401, 429]);
    assert.equal((await send(0, `${base}/admin/login`, { method: 'POST', body: { email: 'a@t.example', password: 'limite-login' }, from: '203.0.113.10' })).status, 200);
  });

  test('reads are not limited', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await send(i, `${base}/reports`, { from: '192.0.2.1' })).status, 200);
  });
});
