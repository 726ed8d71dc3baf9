import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { smtpTransport } from '../../server/mail/smtp.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';
import { startSmtpServer } from './helpers/smtp.ts';

// Issue 15 §6: an admin has a one-time link mailed to a colleague, who sets a new password with it;
// through a real SMTP server, in both database modes.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: ReturnType<typeof smtpTransport>;
let admin: string;
let boss: Record<string, string>;
let clerkId: number;
const PAGE = 'http://localhost/intranet/segnalazioni.html';

const sender = () =>
  createMailSender({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('error', () => undefined), transport, from: 'Testville <noreply@testville.example>' });
const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');
const login = (email: string, password: string) => t.call('POST', `${admin}/login`, { email, password });
const bearer = async (email: string, password: string) => ({ Authorization: `Bearer ${(await login(email, password)).body.token}` });
const ask = (who: Record<string, string>, id: number | string, body: unknown = { pageUrl: PAGE }) => t.call('POST', `${admin}/staff/${id}/password-reset`, body, who);
const use = (token: string, newPassword: string) => t.call('POST', `${admin}/password-reset`, { token, newPassword });
const counts = async () =>
  (await t.db.sql<{ resets: number; mails: number; records: number }[]>`
    SELECT (SELECT count(*)::int FROM staff_password_reset) AS resets, (SELECT count(*)::int FROM outbox) AS mails,
           (SELECT count(*)::int FROM settings_change) AS records`)[0];

/** Asks for a link for the clerk, sends the outbox, and reads the token from the mail that arrived. */
async function mailedToken(to = 'chiara@t.example'): Promise<{ token: string; text: string }> {
  const before = smtp.received.length;
  const res = await ask(boss, clerkId);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  await sender().runOnce();
  const mail = smtp.received.slice(before).find((m) => m.to.includes(to));
  assert.ok(mail, 'the mail arrived');
  const text = readable(mail.raw);
  const m = /http:\/\/localhost\/intranet\/segnalazioni\.html#segnala-admin\/reset\/([\w.-]+)/.exec(text);
  assert.ok(m, text);
  return { token: m[1], text };
}

before(async () => {
  t = await startTestApp();
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  admin = `/api/v1/${t.m.slug}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'capo-password-1' });
  clerkId = await createStaffUser(t.db.sql, t.m.id, { email: 'chiara@t.example', name: 'Chiara Neri', role: 'staff', departmentIds: [t.m.departments.roads], password: 'chiara-password-1' });
  boss = await bearer('capo@t.example', 'capo-password-1');
});
after(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

describe('a new password by a one-time link', () => {
  test('the admin asks, the account’s own address gets the link; used once, it sets the password and ends every session; recorded without secrets', async () => {
    const session = await bearer('chiara@t.example', 'chiara-password-1');
    const res = await ask(boss, clerkId);
    assert.equal(res.status, 202);
    assert.equal(res.body.sentTo, 'chiara@t.example');
    const [row] = await t.db.sql<{ report_id: string | null; data: unknown; recipient: string }[]>`SELECT report_id, data, recipient FROM outbox WHERE kind = 'staff_password_reset'`;
    assert.equal(row.report_id, null);
    assert.equal(row.recipient, 'chiara@t.example');
    const before = smtp.received.length;
    await sender().runOnce();
    const mail = smtp.received.slice(before).find((m) => m.to.includes('chiara@t.example'))!;
    const text = readable(mail.raw);
    assert.match(text, /Nuova password per la console di Segnala/);
    assert.match(text, /Chiara Neri/);
    const token = /#segnala-admin\/reset\/([\w.-]+)/.exec(text)![1];
    // The token is nowhere in the database or the log: it is made when the mail is sent.
    const dump = JSON.stringify(await t.db.sql`SELECT * FROM outbox`) + JSON.stringify(await t.db.sql`SELECT encode(salt, 'base64') FROM staff_password_reset`);
    assert.ok(!dump.includes(token.split('.')[1]));

    const check = await t.call('POST', `${admin}/password-reset/check`, { token });
    assert.equal(check.status, 200);
    assert.deepEqual(check.body, { name: 'Chiara Neri', email: 'chiara@t.example' });

    // Twice at once: one wins.
    const [a, b] = await Promise.all([use(token, 'nuova-password-aa'), use(token, 'nuova-password-bb')]);
    assert.deepEqual([a.status, b.status].sort(), [204, 400], JSON.stringify([a.body, b.body]));
    const winner = a.status === 204 ? 'nuova-password-aa' : 'nuova-password-bb';
    const loser = a.status === 204 ? b : a;
    assert.deepEqual(loser.body.error.details.fields.map((f: { field: string }) => f.field), ['token']);
    assert.equal((await login('chiara@t.example', winner)).status, 200);
    assert.equal((await login('chiara@t.example', 'chiara-password-1')).status, 401);
    assert.equal((await login('chiara@t.example', a.status === 204 ? 'nuova-password-bb' : 'nuova-password-aa')).status, 401);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, session)).status, 401, 'the sessions ended');
    assert.equal((await use(token, 'ancora-una-volta-1')).status, 400, 'used once');
    assert.equal((await t.call('POST', `${admin}/password-reset/check`, { token })).status, 400);

    const records = await t.db.sql<{ by: number; changes: Record<string, string> }[]>`
      SELECT staff_user_id AS by, changes FROM settings_change WHERE subject = 'staff' AND subject_id = ${clerkId} ORDER BY id`;
    assert.deepEqual(records.map((r) => r.changes), [{ passwordResetLink: 'sent' }, { password: 'changed', passwordResetLink: 'used' }]);
    assert.equal(records[1].by, clerkId, 'the new password is the account’s own change');
    const all = JSON.stringify(await t.db.sql`SELECT changes FROM settings_change`) + t.logLines.join('\n');
    for (const secret of [token, token.split('.')[1], winner]) assert.ok(!all.includes(secret));
  });

  test('a forged, changed, replaced or expired link is a 400 on token and changes nothing; a short password is a 400 and keeps the link', async () => {
    const first = await mailedToken();
    const { token } = await mailedToken();
    assert.equal((await use(first.token, 'sostituito-123')).status, 400, 'a newer link replaces the older');
    const [id, mac] = token.split('.');
    const forged = [`${id}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, `${Number(id) + 1}.${mac}`, `${id}.`, 'x', `${id}.${mac}.x`, "1' OR '1'='1"];
    for (const bad of forged) {
      const res = await use(bad, 'falsificata-123');
      assert.equal(res.status, 400, bad);
      assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['token'], bad);
    }
    const short = await use(token, 'corta');
    assert.equal(short.status, 400);
    assert.deepEqual(short.body.error.details.fields.map((f: { field: string }) => f.field), ['newPassword']);
    assert.equal((await t.call('POST', `${admin}/password-reset`, { newPassword: 'manca-il-token' })).status, 400);
    await t.db.sql`UPDATE staff_password_reset SET expires_at = now() - interval '1 second' WHERE id = ${id}`;
    assert.equal((await use(token, 'scaduta-password-1')).status, 400, 'expired');
    assert.equal((await login('chiara@t.example', 'scaduta-password-1')).status, 401);
  });

  test('only admins ask, for an active account of their municipality, to a page of theirs: else 4xx and nothing written', async () => {
    const clerk = await bearer('capo@t.example', 'capo-password-1').then(async () => {
      await createStaffUser(t.db.sql, t.m.id, { email: 'dario@t.example', name: 'Dario', role: 'staff', password: 'dario-password-1' });
      return bearer('dario@t.example', 'dario-password-1');
    });
    const start = await counts();
    assert.equal((await ask(clerk, clerkId)).status, 403);
    assert.equal((await t.call('POST', `${admin}/staff/${clerkId}/password-reset`, { pageUrl: PAGE })).status, 401);
    for (const id of ['999999', 'abc', '0']) assert.equal((await ask(boss, id)).status, 404, id);
    for (const pageUrl of ['https://evil.example/phish.html', 'javascript:alert(1)', 'non un indirizzo', 'http://user:pw@localhost/x']) {
      const res = await ask(boss, clerkId, { pageUrl });
      assert.equal(res.status, 400, pageUrl);
      assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['pageUrl']);
    }
    assert.equal((await ask(boss, clerkId, {})).status, 400);
    assert.equal((await ask(boss, clerkId, { pageUrl: PAGE, email: 'altro@evil.example' })).status, 202, 'an address in the body is ignored');
    await sender().runOnce();
    assert.ok(!smtp.received.some((m) => m.to.includes('altro@evil.example')));
    const after202 = await counts();
    assert.equal(after202.mails, start.mails + 1);
    // A deactivated account gets no link.
    const dario = (await t.db.sql<{ id: number }[]>`SELECT id FROM staff_user WHERE email = 'dario@t.example'`)[0].id;
    await t.db.sql`UPDATE staff_user SET active = false WHERE id = ${dario}`;
    assert.equal((await ask(boss, dario)).status, 409);
    assert.deepEqual(await counts(), after202);
  });
});
