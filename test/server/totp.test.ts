import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { LOGIN_MAX_FAILURES } from '../../server/services/staff-auth.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 15 §6: two-step login with an authenticator app (TOTP), in both database modes: enrolment
// from one's account, the code after the password, an admin requiring it, guesses limited.
let t: TestApp;
let admin: string;
let boss: Record<string, string>;
const ids: Record<string, number> = {};

/** The code an app shows for `secret` at `offsetSteps` steps from now (the next step: a code not used yet). */
const codeOf = (secret: string, offsetSteps = 0) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offsetSteps * 30_000 });
const login = (email: string, password: string) => t.call('POST', `${admin}/login`, { email, password });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const fieldsOf = (res: { body: any }) => res.body.error.details.fields.map((f: { field: string }) => f.field);
const records = async (id: number) =>
  (await t.db.sql<{ changes: Record<string, unknown> }[]>`SELECT changes FROM settings_change WHERE subject = 'staff' AND subject_id = ${id} ORDER BY id`).map((r) => r.changes);

async function account(name: string, role: 'admin' | 'staff' = 'staff') {
  ids[name] = await createStaffUser(t.db.sql, t.m.id, { email: `${name}@t.example`, name, role, password: `${name}-password-1` });
  return `${name}@t.example`;
}

/** Turns two-step login on for an account from its account page; the secret, as an app would keep it. */
async function enrol(name: string): Promise<string> {
  const session = bearer((await login(`${name}@t.example`, `${name}-password-1`)).body.token);
  const setup = await t.call('POST', `${admin}/me/totp/setup`, undefined, session);
  assert.equal(setup.status, 200);
  const res = await t.call('POST', `${admin}/me/totp/confirm`, { code: codeOf(setup.body.secret) }, session);
  assert.equal(res.status, 204, JSON.stringify(res.body));
  return setup.body.secret;
}

before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
  await account('capo', 'admin');
  boss = bearer((await login('capo@t.example', 'capo-password-1')).body.token);
});
after(() => t.close());

describe('two-step login', () => {
  test('enrolment from the account: the secret as text and QR URI, on only once a right code confirms it; recorded, never the secret', async () => {
    await account('anna');
    const session = bearer((await login('anna@t.example', 'anna-password-1')).body.token);
    assert.deepEqual((await t.call('GET', `${admin}/me/totp`, undefined, session)).body, { enabled: false, required: false });
    const setup = await t.call('POST', `${admin}/me/totp/setup`, undefined, session);
    assert.equal(setup.status, 200);
    assert.match(setup.body.secret, /^[A-Z2-7]{32}$/);
    assert.match(setup.body.uri, /^otpauth:\/\/totp\/.*anna%40t\.example\?.*secret=[A-Z2-7]+/);
    for (const code of ['000000', 'abcdef', '12345', codeOf(setup.body.secret, 3)]) {
      const wrong = await t.call('POST', `${admin}/me/totp/confirm`, { code }, session);
      assert.equal(wrong.status, 400, code);
      assert.deepEqual(fieldsOf(wrong), ['code']);
    }
    assert.equal((await t.call('GET', `${admin}/me/totp`, undefined, session)).body.enabled, false, 'not on before a right code');
    await t.db.sql`DELETE FROM login_throttle`;
    const ok = await t.call('POST', `${admin}/me/totp/confirm`, { code: codeOf(setup.body.secret) }, session);
    assert.equal(ok.status, 204);
    assert.deepEqual((await t.call('GET', `${admin}/me/totp`, undefined, session)).body, { enabled: true, required: false });
    assert.equal((await t.call('POST', `${admin}/me/totp/setup`, undefined, session)).status, 409, 'the secret is never given again');
    assert.deepEqual(await records(ids.anna), [{ totp: 'enabled' }]);
    const [stored] = await t.db.sql<{ s: Buffer }[]>`SELECT totp_secret AS s FROM staff_user WHERE id = ${ids.anna}`;
    const raw = Buffer.from(Secret.fromBase32(setup.body.secret).buffer);
    assert.ok(!stored.s.includes(raw), 'kept encrypted');
    const everything = JSON.stringify(await t.db.sql`SELECT * FROM settings_change`) + t.logLines.join('\n');
    assert.ok(!everything.includes(setup.body.secret));
  });

  test('login: the password gives a challenge, not a session; the code gives the session; a used code, a wrong one or a spent challenge does not', async () => {
    await account('bruno');
    const secret = await enrol('bruno');
    const first = await login('bruno@t.example', 'bruno-password-1');
    assert.equal(first.status, 200);
    assert.equal(first.body.totpRequired, true);
    assert.equal(first.body.enrol, false);
    assert.equal(first.body.token, undefined, 'no session yet');
    const { challenge } = first.body;
    assert.equal((await t.call('GET', `${admin}/me`, undefined, bearer(challenge))).status, 401, 'a challenge is no session');
    // The code just used to confirm the enrolment is refused: a code works once.
    const replay = await t.call('POST', `${admin}/login/totp`, { challenge, code: codeOf(secret) });
    assert.equal(replay.status, 400);
    assert.deepEqual(fieldsOf(replay), ['code']);
    // The next step's code (the app's clock a little ahead) is accepted.
    const next = codeOf(secret, 1);
    const res = await t.call('POST', `${admin}/login/totp`, { challenge, code: next });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.user.email, 'bruno@t.example');
    assert.equal((await t.call('GET', `${admin}/me`, undefined, bearer(res.body.token))).status, 200);
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge, code: next })).status, 401, 'the challenge is spent');
    const again = (await login('bruno@t.example', 'bruno-password-1')).body.challenge;
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge: again, code: next })).status, 400, 'the same code, another login: refused');
    await t.db.sql`UPDATE staff_login_challenge SET expires_at = now() - interval '1 second'`;
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge: again, code: codeOf(secret, -1) })).status, 401, 'expired');
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge: 'x'.repeat(43), code: '123456' })).status, 401);
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge: again })).status, 400);
    assert.ok(!t.logLines.join('\n').includes(challenge));
  });

  test('guessing codes, even ten at once, is held to the login’s limits', async () => {
    await account('carla');
    const secret = await enrol('carla');
    await t.db.sql`DELETE FROM login_throttle`;
    const { challenge } = (await login('carla@t.example', 'carla-password-1')).body;
    const right = codeOf(secret, 1);
    const guesses = Array.from({ length: 10 }, (_, i) => String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(guesses.map((code) => t.call('POST', `${admin}/login/totp`, { challenge, code })));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 400).length, LOGIN_MAX_FAILURES, `${statuses}`);
    assert.ok(statuses.every((s) => s === 400 || s === 429), `${statuses}`);
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge, code: right })).status, 429, 'the right one too, until the window ends');
    await t.db.sql`DELETE FROM login_throttle WHERE email = 'carla@t.example'`;
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge, code: right })).status, 200);
  });

  test('an admin requires it: the account enrols at its next login before it gets a session, and cannot turn it off; recorded', async () => {
    await account('dario');
    const clerk = bearer((await login('dario@t.example', 'dario-password-1')).body.token);
    const before = await t.db.sql`SELECT count(*)::int AS n FROM settings_change`;
    assert.equal((await t.call('POST', `${admin}/staff/${ids.dario}/totp-required`, { required: true }, clerk)).status, 403, 'clerks do not');
    assert.equal((await t.call('POST', `${admin}/staff/999999/totp-required`, { required: true }, boss)).status, 404);
    assert.equal((await t.call('POST', `${admin}/staff/${ids.dario}/totp-required`, { required: 'sì' }, boss)).status, 400);
    assert.equal((await t.call('POST', `${admin}/staff/${ids.dario}/totp-required`, {}, boss)).status, 400);
    assert.equal((await t.call('GET', `${admin}/staff/security`, undefined, clerk)).status, 403);
    assert.deepEqual(await t.db.sql`SELECT count(*)::int AS n FROM settings_change`, before, 'nothing written');
    assert.equal((await t.call('POST', `${admin}/staff/${ids.dario}/totp-required`, { required: true }, boss)).status, 204);
    const states = (await t.call('GET', `${admin}/staff/security`, undefined, boss)).body.staff;
    assert.deepEqual(states.find((s: { id: number }) => s.id === ids.dario), { id: ids.dario, totpEnabled: false, totpRequired: true });
    assert.equal((await t.call('GET', `${admin}/me`, undefined, clerk)).status, 200, 'a session open before stays until it ends');

    const first = await login('dario@t.example', 'dario-password-1');
    assert.deepEqual([first.body.totpRequired, first.body.enrol, first.body.token], [true, true, undefined]);
    const setup = await t.call('POST', `${admin}/login/totp/setup`, { challenge: first.body.challenge });
    assert.equal(setup.status, 200);
    assert.equal((await t.call('POST', `${admin}/login/totp`, { challenge: first.body.challenge, code: '000000' })).status, 400);
    const res = await t.call('POST', `${admin}/login/totp`, { challenge: first.body.challenge, code: codeOf(setup.body.secret) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const session = bearer(res.body.token);
    assert.deepEqual((await t.call('GET', `${admin}/me/totp`, undefined, session)).body, { enabled: true, required: true });
    const off = await t.call('POST', `${admin}/me/totp/disable`, { password: 'dario-password-1' }, session);
    assert.equal(off.status, 409);
    assert.deepEqual(await records(ids.dario), [{ totpRequired: true }, { totp: 'enabled' }]);
    const later = await login('dario@t.example', 'dario-password-1');
    assert.equal(later.body.enrol, false, 'from now on, the code');
  });

  test('turning it off needs the password or a code; an admin removes it for a lost phone', async () => {
    await account('elena');
    const secret = await enrol('elena');
    const challenge = (await login('elena@t.example', 'elena-password-1')).body.challenge;
    const session = bearer((await t.call('POST', `${admin}/login/totp`, { challenge, code: codeOf(secret, 1) })).body.token);
    const wrong = await t.call('POST', `${admin}/me/totp/disable`, { password: 'non-la-mia' }, session);
    assert.equal(wrong.status, 400);
    assert.deepEqual(fieldsOf(wrong), ['password']);
    assert.equal((await t.call('POST', `${admin}/me/totp/disable`, {}, session)).status, 400);
    assert.equal((await t.call('GET', `${admin}/me/totp`, undefined, session)).body.enabled, true, 'still on');
    assert.equal((await t.call('POST', `${admin}/me/totp/disable`, { password: 'elena-password-1' }, session)).status, 204);
    assert.equal((await login('elena@t.example', 'elena-password-1')).body.token !== undefined, true, 'a session at once again');

    await account('franco');
    await enrol('franco');
    assert.equal((await t.call('DELETE', `${admin}/staff/${ids.franco}/totp`, undefined, session)).status, 403);
    assert.equal((await t.call('DELETE', `${admin}/staff/${ids.franco}/totp`, undefined, boss)).status, 204);
    assert.equal((await t.call('DELETE', `${admin}/staff/${ids.franco}/totp`, undefined, boss)).status, 409);
    assert.ok((await login('franco@t.example', 'franco-password-1')).body.token);
    assert.deepEqual(await records(ids.franco), [{ totp: 'enabled' }, { totp: 'removed' }]);
    assert.deepEqual((await records(ids.elena)).at(-1), { totp: 'disabled' });
  });
});
