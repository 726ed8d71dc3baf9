import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { smtpTransport } from '../../server/mail/smtp.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';
import { startSmtpServer } from './helpers/smtp.ts';

// Issue 15 §6: the notification e-mails the sender gave up on, seen by staff and sent again when
// they ask, through a real SMTP server, in both database modes.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: ReturnType<typeof smtpTransport>;
let admin: string;
const as: Record<string, Record<string, string>> = {};
let reference: string;

type Mail = { id: string; kind: string; recipient: string; reference: string | null; createdAt: string; failedAt: string; attempts: number; lastError: string | null };

const sender = () =>
  createMailSender({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('error', () => undefined),
    transport,
    from: 'Comune di Testville <noreply@testville.example>',
    publicUrl: 'https://segnala.testville.example',
  });

before(async () => {
  t = await startTestApp();
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  admin = `/api/v1/${t.m.slug}/admin`;
  const people = [
    ['capo@t.example', 'admin', []],
    // The lighting reports go to the roads office.
    ['strade@t.example', 'staff', [t.m.departments.roads]],
    ['vigili@t.example', 'staff', [t.m.departments.police]],
  ] as const;
  for (const [email, role, departmentIds] of people) {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds: [...departmentIds], password: 'posta-fallita-1' });
    as[email.split('@')[0]] = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email, password: 'posta-fallita-1' })).body.token}` };
  }
  // The mail server rejects the reporter's address for good (550): the receipt is set aside at its first try.
  smtp.reject(/respinta/);
  reference = (await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { contact: { email: 'respinta@example.org' } }))).body.reference;
  await sender().runOnce();
});
after(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

const list = async (who: string) => t.call('GET', `${admin}/failed-mails`, undefined, as[who]);
const retry = async (who: string, id: string) => t.call('POST', `${admin}/failed-mails/${id}/retry`, undefined, as[who]);

describe('/admin/failed-mails', () => {
  test('the receipt the server refused is listed for the admin and the report’s office, not for another office', async () => {
    const res = await list('capo');
    assert.equal(res.status, 200);
    const mails = res.body.mails as Mail[];
    assert.equal(mails.length, 1, JSON.stringify(mails));
    const [m] = mails;
    assert.equal(m.reference, reference);
    assert.equal(m.recipient, 'respinta@example.org');
    assert.equal(m.attempts, 1);
    assert.match(m.lastError ?? '', /550/);
    assert.ok(!(m.lastError ?? '').includes('respinta'), 'the error names no address');
    assert.deepEqual((await list('strade')).body.mails.map((x: Mail) => x.id), [m.id]);
    assert.deepEqual((await list('vigili')).body.mails, []);
    assert.equal((await t.call('GET', `${admin}/failed-mails`)).status, 401);
  });

  test('sent again on request: once, however many ask at once; another office cannot', async () => {
    const [m] = (await list('capo')).body.mails as Mail[];
    assert.equal((await retry('vigili', m.id)).status, 404, 'not theirs to see');
    for (const bad of ['abc', '0', '99999999']) assert.equal((await retry('capo', bad)).status, 404, bad);

    smtp.reject(undefined);
    smtp.received.length = 0;
    const answers = await Promise.all([retry('capo', m.id), retry('strade', m.id), retry('capo', m.id)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    assert.equal(refused.body.error.code, 'not_failed');
    assert.deepEqual((await list('capo')).body.mails, [], 'no longer set aside');

    assert.deepEqual(await sender().runOnce(), { sent: 1, failed: 0 });
    const delivered = smtp.received.filter((r) => r.to.includes('respinta@example.org'));
    assert.equal(delivered.length, 1);
    assert.match(delivered[0].raw, /Abbiamo ricevuto la tua segnalazione/);
    assert.equal((await retry('capo', m.id)).status, 409, 'a sent message is not sent again');
    assert.deepEqual(await sender().runOnce(), { sent: 0, failed: 0 });
  });
});
