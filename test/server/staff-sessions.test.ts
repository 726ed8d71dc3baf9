import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 15 §6: a staff member sees their own live sessions (never a token) and closes them, in both
// database modes; nobody sees or closes another account's.
let t: TestApp;
let admin: string;

before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'anna@t.example', name: 'Anna', role: 'staff', departmentIds: [t.m.departments.roads], password: 'anna-password-1' });
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'capo-password-1' });
});
after(() => t.close());

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

async function login(email: string, password: string, userAgent = FIREFOX, forwardedFor?: string) {
  const res = await t.call('POST', `${admin}/login`, { email, password }, { 'User-Agent': userAgent, ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { Authorization: `Bearer ${res.body.token}` };
}
const sessions = (who: Record<string, string>) => t.call('GET', `${admin}/me/sessions`, undefined, who);

type Listed = { id: string; createdAt: string; lastSeenAt: string; expiresAt: string; browser: string | null; clientAddress: string | null; current: boolean };

describe('/admin/me/sessions', () => {
  test('lists the account’s live sessions, the current one flagged, with browser and address, no token', async () => {
    const office = await login('anna@t.example', 'anna-password-1', FIREFOX);
    const phone = await login('anna@t.example', 'anna-password-1', ANDROID);
    await login('capo@t.example', 'capo-password-1');
    const res = await sessions(office);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Cache-Control'), 'private, no-store');
    const list = res.body.sessions as Listed[];
    assert.equal(list.length, 2, JSON.stringify(list));
    const here = list.find((s) => s.current)!;
    assert.equal(here.browser, 'Firefox, Windows');
    assert.deepEqual(list.filter((s) => !s.current).map((s) => s.browser), ['Chrome, Android']);
    for (const s of list) {
      assert.match(s.id, /^[0-9a-f-]{36}$/);
      assert.ok(Date.parse(s.expiresAt) > Date.now());
      assert.ok(Date.parse(s.createdAt) <= Date.parse(s.lastSeenAt));
      assert.equal(typeof s.clientAddress, 'string');
    }
    const text = JSON.stringify(res.body);
    for (const token of [office, phone].map((h) => h.Authorization.slice(7))) assert.ok(!text.includes(token));
    const hashes = await t.db.sql<{ h: string }[]>`SELECT encode(token_hash, 'hex') AS h, encode(token_hash, 'base64') AS b FROM staff_session`;
    for (const { h } of hashes) assert.ok(!text.includes(h));
    // The User-Agent itself is not kept: only its label.
    const [stored] = await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM staff_session WHERE browser LIKE '%133%' OR browser LIKE '%Pixel%'`;
    assert.equal(stored.n, 0);
    assert.equal((await t.call('GET', `${admin}/me/sessions`)).status, 401);
  });

  test('closing one: 204, that session ends, the others stay; another account’s id or a made-up one is a 404 and nothing ends', async () => {
    const office = await login('anna@t.example', 'anna-password-1');
    const laptop = await login('anna@t.example', 'anna-password-1', ANDROID);
    const boss = await login('capo@t.example', 'capo-password-1');
    const laptopId = (await sessions(laptop)).body.sessions.find((s: Listed) => s.current).id;
    const bossId = (await sessions(boss)).body.sessions.find((s: Listed) => s.current).id;
    const before = (await sessions(office)).body.sessions.length;

    for (const bad of [bossId, '00000000-0000-0000-0000-000000000000', 'not-an-id', "1' OR '1'='1"]) {
      const res = await t.call('DELETE', `${admin}/me/sessions/${encodeURIComponent(bad)}`, undefined, office);
      assert.equal(res.status, 404, bad);
    }
    // Not even an admin closes another's session here.
    assert.equal((await t.call('DELETE', `${admin}/me/sessions/${laptopId}`, undefined, boss)).status, 404);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, boss)).status, 200);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, laptop)).status, 200);

    const res = await t.call('DELETE', `${admin}/me/sessions/${laptopId}`, undefined, office);
    assert.equal(res.status, 204);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, laptop)).status, 401, 'the closed session ends');
    assert.equal((await t.call('GET', `${admin}/me`, undefined, office)).status, 200, 'this one stays');
    assert.equal((await sessions(office)).body.sessions.length, before - 1);
    assert.equal((await t.call('DELETE', `${admin}/me/sessions/${laptopId}`, undefined, office)).status, 404, 'closed once');
  });

  test('closing every other session keeps this one; closing this one is a logout', async () => {
    const here = await login('anna@t.example', 'anna-password-1');
    await login('anna@t.example', 'anna-password-1');
    const boss = await login('capo@t.example', 'capo-password-1');
    const res = await t.call('POST', `${admin}/me/sessions/close-others`, undefined, here);
    assert.equal(res.status, 200);
    assert.ok(res.body.closed >= 1);
    const left = (await sessions(here)).body.sessions as Listed[];
    assert.deepEqual(left.map((s) => s.current), [true]);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, boss)).status, 200, 'other accounts untouched');
    const res2 = await t.call('DELETE', `${admin}/me/sessions/${left[0].id}`, undefined, here);
    assert.equal(res2.status, 204);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, here)).status, 401);
  });

  test('no session detail reaches the log', async () => {
    const text = t.logLines.join('\n');
    assert.ok(!/Firefox|Android/.test(text));
  });
});
