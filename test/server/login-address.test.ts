import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/connect.ts';
import { createLogger } from '../../server/log.ts';
import { LOGIN_MAX_ACCOUNT_FAILURES, LOGIN_MAX_FAILURES } from '../../server/services/staff-auth.ts';
import { TEST_RATE_LIMITS } from './helpers/app.ts';
import { openTestDatabase } from './helpers/database.ts';
import { createStaffUser, createTestMunicipality, type TestMunicipality } from './helpers/fixtures.ts';

/**
 * Failed logins count per account from one client address, and per account from all addresses
 * (README, "Staff and the demo accounts"). The app listens on a real socket and each "client"
 * connects from its own loopback address (127.0.0.x all reach 127.0.0.1 on Linux), so the
 * addresses are the TCP peers the server sees, not headers a client could write.
 */
let db: Database;
let m: TestMunicipality;
let server: ServerType;
let port: number;
before(async () => {
  db = await openTestDatabase();
  m = await createTestMunicipality(db.sql, {});
  const app = createApp({ sql: db.sql, secretKey: Buffer.alloc(32, 7), logger: createLogger('error', () => {}), rateLimits: TEST_RATE_LIMITS });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

/** A login sent from `from` (a loopback address): its status. */
function loginFrom(from: string, email: string, password: string): Promise<number> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: `/api/v1/${m.slug}/admin/login`,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const wrongFrom = (from: string, email: string, times: number) =>
  Promise.all(Array.from({ length: times }, (_, i) => loginFrom(from, email, `sbagliata-${i}`)));

describe('login failures per account and client address', () => {
  test('five wrong passwords from one address lock that address out, not the clerk at another', async () => {
    await createStaffUser(db.sql, m.id, { email: 'clerk@testville.example', name: 'Carla Clerk', role: 'staff', password: 'giusta-password' });
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) assert.equal(await loginFrom('127.0.0.2', 'clerk@testville.example', `sbagliata-${i}`), 401);
    assert.equal(await loginFrom('127.0.0.2', 'clerk@testville.example', 'giusta-password'), 429);
    assert.equal(await loginFrom('127.0.0.3', 'clerk@testville.example', 'giusta-password'), 200);
  });

  test('guessing from many addresses at once stops at the account-wide ceiling, for every address', async () => {
    await createStaffUser(db.sql, m.id, { email: 'target@testville.example', name: 'Tina Target', role: 'staff', password: 'giusta-password' });
    // 10 addresses × 4 wrong passwords, all at once: 40 attempts, none past its address's limit.
    const addresses = Array.from({ length: 10 }, (_, i) => `127.0.1.${i + 1}`);
    const statuses = (await Promise.all(addresses.map((a) => wrongFrom(a, 'target@testville.example', 4)))).flat();
    assert.equal(statuses.filter((s) => s === 401).length, LOGIN_MAX_ACCOUNT_FAILURES, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 40 - LOGIN_MAX_ACCOUNT_FAILURES);
    // Now even the right password from a fresh address is refused unchecked.
    assert.equal(await loginFrom('127.0.2.1', 'target@testville.example', 'giusta-password'), 429);
    assert.equal(await loginFrom('127.0.2.1', 'target@testville.example', 'giusta-password'), 429);

    // When the account's window has passed, that address has all its own attempts left: being
    // refused by the account-wide ceiling did not use them up.
    await db.sql`UPDATE login_throttle SET window_start = window_start - interval '16 minutes' WHERE client = 'all'`;
    const wrong = await wrongFrom('127.0.2.1', 'target@testville.example', LOGIN_MAX_FAILURES - 1);
    assert.deepEqual(wrong, Array(LOGIN_MAX_FAILURES - 1).fill(401));
    assert.equal(await loginFrom('127.0.2.1', 'target@testville.example', 'giusta-password'), 200);
  });

  test('the limits belong to one account: another account at the same address logs in', async () => {
    await createStaffUser(db.sql, m.id, { email: 'other@testville.example', name: 'Otto Other', role: 'staff', password: 'giusta-password' });
    await wrongFrom('127.0.3.1', 'nobody@testville.example', LOGIN_MAX_FAILURES + 2);
    assert.equal(await loginFrom('127.0.3.1', 'other@testville.example', 'giusta-password'), 200);
  });
});
