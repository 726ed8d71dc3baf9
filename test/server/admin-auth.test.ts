import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser, createTestMunicipality } from './helpers/fixtures.ts';

let t: TestApp;
let admin: string;
before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'clerk@testville.example', name: 'Carla Clerk', role: 'staff', departmentIds: [t.m.departments.roads], password: 'giusta-password' });
  await createStaffUser(t.db.sql, t.m.id, { email: 'locked@testville.example', name: 'Lino Locked', role: 'staff', password: 'giusta-password' });
});
after(() => t.close());

const loginAs = (email: string, password: string, base = admin) => t.call('POST', `${base}/login`, { email, password });

describe('staff login', () => {
  test('the right password opens a session; the token works and logout ends it', async () => {
    const res = await loginAs('Clerk@Testville.example ', 'giusta-password');
    assert.equal(res.status, 200);
    assert.match(res.body.token, /^[A-Za-z0-9_-]{40,}$/);
    assert.deepEqual(res.body.user, {
      id: res.body.user.id, municipalityId: t.m.id, email: 'clerk@testville.example', name: 'Carla Clerk', role: 'staff',
      departmentIds: [t.m.departments.roads],
    });
    const auth = { Authorization: `Bearer ${res.body.token}` };
    assert.equal((await t.call('GET', `${admin}/me`, undefined, auth)).body.user.email, 'clerk@testville.example');
    assert.equal((await t.call('POST', `${admin}/logout`, undefined, auth)).status, 204);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, auth)).status, 401);
  });

  test('a wrong password and an unknown e-mail get the same 401', async () => {
    const wrong = await loginAs('clerk@testville.example', 'sbagliata');
    const unknown = await loginAs('nobody@testville.example', 'sbagliata');
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
  });

  test('passwords are stored only as scrypt hashes', async () => {
    const rows = await t.db.sql`SELECT password_hash FROM staff_user`;
    for (const r of rows) {
      assert.match(r.password_hash, /^scrypt\$\d+\$\d+\$\d+\$/);
      assert.ok(!r.password_hash.includes('giusta-password'));
    }
  });

  test('after 5 failures the account is throttled (429 with Retry-After), even with the right password', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await loginAs('locked@testville.example', `wrong-${i}`)).status, 401);
    const res = await loginAs('locked@testville.example', 'giusta-password');
    assert.equal(res.status, 429);
    assert.equal(res.body.error.code, 'too_many_attempts');
    assert.ok(Number(res.headers.get('Retry-After')) > 0);
    // Another account is not affected.
    assert.equal((await loginAs('clerk@testville.example', 'giusta-password')).status, 200);
  });

  test('no token, a bad token, an expired session: 401', async () => {
    assert.equal((await t.call('GET', `${admin}/reports`)).status, 401);
    assert.equal((await t.call('GET', `${admin}/reports`, undefined, { Authorization: 'Bearer not-a-real-token-at-all-0000' })).status, 401);
    const { token } = (await loginAs('clerk@testville.example', 'giusta-password')).body;
    await t.db.sql`UPDATE staff_session SET expires_at = now() - interval '1 minute'`;
    const res = await t.call('GET', `${admin}/me`, undefined, { Authorization: `Bearer ${token}` });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'unauthorized');
  });

  test('the Authorization scheme is case-insensitive (RFC 9110): bearer and BEARER work too', async () => {
    const { token } = (await loginAs('clerk@testville.example', 'giusta-password')).body;
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await t.call('GET', `${admin}/me`, undefined, { Authorization: `${scheme} ${token}` });
      assert.equal(res.status, 200, scheme);
      assert.equal(res.body.user.email, 'clerk@testville.example');
    }
    // Only the scheme: another scheme, or the token alone, is still refused.
    assert.equal((await t.call('GET', `${admin}/me`, undefined, { Authorization: `Basic ${token}` })).status, 401);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, { Authorization: token })).status, 401);
  });

  test('a session of one municipality opens nothing in another', async () => {
    const other = await createTestMunicipality(t.db.sql, { slug: 'altrove' });
    const { token } = (await loginAs('clerk@testville.example', 'giusta-password')).body;
    const res = await t.call('GET', `/api/v1/${other.slug}/admin/reports`, undefined, { Authorization: `Bearer ${token}` });
    assert.equal(res.status, 401);
    assert.equal((await loginAs('clerk@testville.example', 'giusta-password', `/api/v1/${other.slug}/admin`)).status, 401);
  });

  test('bad login bodies are a 400 naming the field', async () => {
    const res = await t.call('POST', `${admin}/login`, { email: 'x@y.z' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0].field, 'password');
  });
});
