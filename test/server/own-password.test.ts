import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOGIN_MAX_FAILURES } from '../../server/services/staff-auth.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 15 §6: a staff member changes their own password, giving the current one, in both database
// modes; a stolen session cannot guess the current password faster than a login could.
let t: TestApp;
let admin: string;

before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
});
after(() => t.close());

const login = async (email: string, password: string) => t.call('POST', `${admin}/login`, { email, password });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const change = (token: string, body: unknown) => t.call('POST', `${admin}/me/password`, body, bearer(token));

describe('POST /admin/me/password', () => {
  test('with the current password: the new one logs in, the old no more; other sessions end, this one stays; recorded without the password', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'anna@t.example', name: 'Anna', role: 'staff', departmentIds: [t.m.departments.roads], password: 'vecchia-password-1' });
    const here = (await login('anna@t.example', 'vecchia-password-1')).body.token;
    const elsewhere = (await login('anna@t.example', 'vecchia-password-1')).body.token;
    const res = await change(here, { currentPassword: 'vecchia-password-1', newPassword: 'nuova-password-22' });
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal((await login('anna@t.example', 'vecchia-password-1')).status, 401);
    assert.equal((await login('anna@t.example', 'nuova-password-22')).status, 200);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, bearer(here))).status, 200, 'this session stays');
    assert.equal((await t.call('GET', `${admin}/me`, undefined, bearer(elsewhere))).status, 401, 'the others end');
    const [record] = await t.db.sql<{ subject: string; changes: unknown; by: number }[]>`
      SELECT subject, changes, staff_user_id AS by FROM settings_change WHERE subject = 'staff' ORDER BY id DESC LIMIT 1`;
    assert.deepEqual(record.changes, { password: 'changed' });
    assert.equal(record.subject, 'staff');
    const stored = JSON.stringify(await t.db.sql`SELECT changes FROM settings_change`);
    assert.ok(!stored.includes('nuova-password-22'));
  });

  test('a wrong current password, a short or unchanged new one: a 400 naming the field, nothing changed', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'bruno@t.example', name: 'Bruno', role: 'staff', password: 'bruno-password-1' });
    const token = (await login('bruno@t.example', 'bruno-password-1')).body.token;
    const fieldOf = async (body: unknown) => {
      const res = await change(token, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      return res.body.error.details.fields.map((f: { field: string }) => f.field);
    };
    assert.deepEqual(await fieldOf({ currentPassword: 'sbagliata-1234', newPassword: 'bruno-password-2' }), ['currentPassword']);
    assert.deepEqual(await fieldOf({ currentPassword: 'bruno-password-1', newPassword: 'corta' }), ['newPassword']);
    assert.deepEqual(await fieldOf({ currentPassword: 'bruno-password-1', newPassword: 'bruno-password-1' }), ['newPassword']);
    assert.deepEqual(await fieldOf({ newPassword: 'bruno-password-2' }), ['currentPassword']);
    assert.equal((await login('bruno@t.example', 'bruno-password-1')).status, 200, 'the password did not change');
    assert.equal((await t.call('POST', `${admin}/me/password`, { currentPassword: 'x', newPassword: 'bruno-password-2' })).status, 401);
  });

  test('a stolen session guessing the current password: the login’s limits, even all at once', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'carla@t.example', name: 'Carla', role: 'staff', password: 'carla-password-1' });
    const token = (await login('carla@t.example', 'carla-password-1')).body.token;
    const guesses = await Promise.all(
      Array.from({ length: LOGIN_MAX_FAILURES + 5 }, (_, i) => change(token, { currentPassword: `tentativo-${i}`, newPassword: 'presa-dal-ladro-1' })),
    );
    const statuses = guesses.map((g) => g.status);
    assert.equal(statuses.filter((s) => s === 400).length, LOGIN_MAX_FAILURES, `checked: ${statuses}`);
    assert.ok(statuses.every((s) => s === 400 || s === 429), `${statuses}`);
    // The right one too is refused until the window ends: guessing is no faster than by logging in.
    assert.equal((await change(token, { currentPassword: 'carla-password-1', newPassword: 'presa-dal-ladro-1' })).status, 429);
    await t.db.sql`DELETE FROM login_throttle WHERE email = 'carla@t.example'`;
    assert.equal((await login('carla@t.example', 'carla-password-1')).status, 200, 'unchanged');
  });
});
