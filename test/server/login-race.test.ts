import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOGIN_MAX_FAILURES } from '../../server/services/staff-auth.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

/**
 * Issue 11, item 1: a burst of logins for one account, sent at once, must not get more password
 * checks than the lockout allows. Every request used to read the failure count before any failure
 * was written, so 24 wrong passwords and the right one gave 24 × 401 and a 200. On real PostgreSQL
 * (a pool of 10 connections) the requests truly overlap; on the embedded database their awaits
 * interleave on its one connection.
 */
let t: TestApp;
let admin: string;
before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
});
after(() => t.close());

const login = (email: string, password: string) => t.call('POST', `${admin}/login`, { email, password });

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('concurrent logins for one account', () => {
  test('24 wrong passwords and the right one at once: never more 401s than the lockout allows', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'burst@testville.example', name: 'Bruno Burst', role: 'staff', password: 'giusta-password' });
    const passwords = Array.from({ length: 25 }, (_, i) => (i === 12 ? 'giusta-password' : `sbagliata-${i}`));
    const answers = await Promise.all(passwords.map((p) => login('burst@testville.example', p)));
    const statuses = answers.map((a) => a.status);
    assert.ok(count(statuses, 401) <= LOGIN_MAX_FAILURES, `${count(statuses, 401)} wrong passwords were checked: ${statuses.join(' ')}`);
    // Every answer is one of the three a client may see; the rest were refused unchecked.
    assert.equal(count(statuses, 401) + count(statuses, 200) + count(statuses, 429), 25);
    assert.ok(count(statuses, 429) >= 25 - LOGIN_MAX_FAILURES - 1);
    for (const a of answers.filter((a) => a.status === 429)) {
      assert.equal(a.body.error.code, 'too_many_attempts');
      assert.ok(Number(a.headers.get('Retry-After')) > 0);
    }
    // The right password was either among the checked ones (and opened a session) or refused unchecked.
    const right = answers[12];
    assert.ok(right.status === 200 || right.status === 429, `the right password got ${right.status}`);
    if (right.status === 200) assert.match(right.body.token, /^[A-Za-z0-9_-]{40,}$/);
  });

  test('the right password sent after a concurrent burst of wrong ones is refused unchecked', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'after@testville.example', name: 'Anna After', role: 'staff', password: 'giusta-password' });
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => login('after@testville.example', `sbagliata-${i}`)));
    const statuses = burst.map((a) => a.status);
    assert.equal(count(statuses, 401), LOGIN_MAX_FAILURES, statuses.join(' '));
    assert.equal(count(statuses, 429), 10 - LOGIN_MAX_FAILURES);
    const res = await login('after@testville.example', 'giusta-password');
    assert.equal(res.status, 429);
    assert.equal(res.body.error.code, 'too_many_attempts');
  });

  test('a burst of right passwords all log in: a success does not count as a failure', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'many@testville.example', name: 'Mara Many', role: 'staff', password: 'giusta-password' });
    const answers = await Promise.all(Array.from({ length: LOGIN_MAX_FAILURES }, () => login('many@testville.example', 'giusta-password')));
    assert.deepEqual(answers.map((a) => a.status), Array(LOGIN_MAX_FAILURES).fill(200));
    // And afterwards the account still has all its attempts.
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) assert.equal((await login('many@testville.example', `sbagliata-${i}`)).status, 401);
    assert.equal((await login('many@testville.example', 'giusta-password')).status, 200);
  });
});
