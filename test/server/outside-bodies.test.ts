import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { smtpTransport } from '../../server/mail/smtp.ts';
import { signLink } from '../../server/services/signed-links.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';
import { startSmtpServer } from './helpers/smtp.ts';

// Issue 15 §5: outside bodies. Admins keep the list; a clerk forwards a report of their office;
// the body gets a mail through a real SMTP server with a signed link, reads the report and posts
// updates the public sees, without an account. In both database modes.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: ReturnType<typeof smtpTransport>;
let base: string;
let admin: string;
const as: Record<string, Record<string, string>> = {};
let acqua: number;
let gas: number;
let retired: number;

const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');

const sender = () =>
  createMailSender({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('error', () => undefined),
    transport,
    from: 'Comune di Testville <noreply@testville.example>',
    publicUrl: 'https://segnala.testville.example',
  });
const flush = async () => {
  const s = sender();
  while ((await s.runOnce()).sent > 0);
};

/** The text of the last mail to `to`, and the body link's token in it. */
function lastMailTo(to: string) {
  const mail = smtp.received.filter((m) => m.to.includes(to)).at(-1);
  assert.ok(mail, `a mail to ${to}`);
  const text = readable(mail.raw);
  return { text, token: text.match(/#segnala\/link\/body_update\/([A-Za-z0-9_.-]+)/)?.[1] };
}

const file = async () => {
  const res = await t.call('POST', `${base}/reports`, reportBody(t.m));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.reference as string;
};
const staffDetail = async (reference: string) => (await t.call('GET', `${admin}/reports/${reference}`, undefined, as.capo)).body;
const forward = async (who: string, reference: string, body: Record<string, unknown>) =>
  t.call('POST', `${admin}/reports/${reference}/forward`, { version: (await staffDetail(reference)).version, ...body }, as[who]);
const counts = async () => {
  const [c] = await t.db.sql<{ events: number; outbox: number; changes: number; bodies: number }[]>`
    SELECT (SELECT count(*)::int FROM report_event) AS events, (SELECT count(*)::int FROM outbox) AS outbox,
           (SELECT count(*)::int FROM settings_change) AS changes, (SELECT count(*)::int FROM outside_body) AS bodies`;
  return c;
};

before(async () => {
  t = await startTestApp({ publishOnArrival: true });
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  base = `/api/v1/${t.m.slug}`;
  admin = `${base}/admin`;
  await t.db.sql`UPDATE municipality SET widget_page_url = 'https://comune.example/segnala' WHERE id = ${t.m.id}`;
  const people = [
    ['capo@t.example', 'admin', []],
    // The lighting reports go to the roads office.
    ['strade@t.example', 'staff', [t.m.departments.roads]],
    ['vigili@t.example', 'staff', [t.m.departments.police]],
  ] as const;
  for (const [email, role, departmentIds] of people) {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds: [...departmentIds], password: 'enti-esterni-1' });
    as[email.split('@')[0]] = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email, password: 'enti-esterni-1' })).body.token}` };
  }
});
after(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

describe('outside bodies in the settings', () => {
  test('an admin adds and changes bodies, recorded; every staff member reads them; a clerk may not write', async () => {
    const created = await t.call('POST', `${admin}/bodies`, { name: 'Acquedotto Versilia', email: 'guasti@acquedotto.example' }, as.capo);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    acqua = created.body.id;
    assert.equal(created.body.active, true);
    gas = (await t.call('POST', `${admin}/bodies`, { name: 'Gas Toscana', email: 'reti@gas.example' }, as.capo)).body.id;
    retired = (await t.call('POST', `${admin}/bodies`, { name: 'Vecchio gestore', email: 'x@vecchio.example' }, as.capo)).body.id;
    const off = await t.call('PATCH', `${admin}/bodies/${retired}`, { active: false }, as.capo);
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);

    const list = await t.call('GET', `${admin}/bodies`, undefined, as.strade);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.bodies.map((b: { name: string }) => b.name), ['Acquedotto Versilia', 'Gas Toscana', 'Vecchio gestore']);

    const before = await counts();
    assert.equal((await t.call('POST', `${admin}/bodies`, { name: 'Enel', email: 'e@enel.example' }, as.strade)).status, 403);
    assert.equal((await t.call('PATCH', `${admin}/bodies/${acqua}`, { name: 'Altro' }, as.strade)).status, 403);
    assert.equal((await t.call('GET', `${admin}/bodies`)).status, 401);
    // Bad input: 400 at the field, nothing written.
    for (const bad of [{ name: 'A', email: 'a@b.example' }, { name: 'Enel', email: 'non-un-indirizzo' }, { name: 'Acquedotto Versilia', email: 'a@b.example' }, {}]) {
      const res = await t.call('POST', `${admin}/bodies`, bad, as.capo);
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    assert.equal((await t.call('PATCH', `${admin}/bodies/${gas}`, { name: 'Acquedotto Versilia' }, as.capo)).status, 400);
    assert.equal((await t.call('PATCH', `${admin}/bodies/999999`, { active: true }, as.capo)).status, 404);
    assert.deepEqual(await counts(), before);

    const changes = await t.db.sql<{ action: string; changes: Record<string, unknown> }[]>`
      SELECT action, changes FROM settings_change WHERE subject = 'body' ORDER BY id`;
    assert.deepEqual(changes.map((c) => c.action), ['created', 'created', 'created', 'changed']);
    assert.deepEqual(changes[3].changes, { active: false });
  });
});

describe('forwarding a report', () => {
  let reference: string;
  let token: string;

  test('a clerk of the report’s office forwards it: the body is mailed the report and a link; the public sees "forwarded to"', async () => {
    reference = await file();
    await flush();
    // Another office's clerk may not; a stale version, an unknown or retired body are refused, nothing written.
    const before = await counts();
    assert.equal((await forward('vigili', reference, { bodyId: acqua })).status, 403);
    assert.equal((await forward('strade', reference, { bodyId: acqua, version: 99 })).status, 409);
    for (const bodyId of [retired, 999999]) {
      const res = await forward('strade', reference, { bodyId });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.details.fields[0].field, 'bodyId', JSON.stringify(res.body));
    }
    assert.equal((await forward('strade', reference, { bodyId: 'uno' })).status, 400);
    assert.deepEqual(await counts(), before);

    const res = await forward('strade', reference, { bodyId: acqua, message: 'Perdita dalla condotta: di vostra competenza.' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.forwardedTo, { id: acqua, name: 'Acquedotto Versilia' });
    await flush();
    const mail = lastMailTo('guasti@acquedotto.example');
    assert.match(mail.text, /Lampione spento/);
    assert.match(mail.text, /Perdita dalla condotta/);
    assert.match(mail.text, /Via Alcide De Gasperi, 3/);
    assert.ok(!mail.text.includes('maria.rossi') && !mail.text.includes('333 1234567'), 'no contact of the reporter');
    assert.ok(mail.token, 'the mail carries the link');
    token = mail.token!;
    // The reporter is told who handles it now.
    assert.match(lastMailTo('maria.rossi@example.org').text, /inoltrata a Acquedotto Versilia/);

    const pub = await t.call('GET', `${base}/reports/${reference}`);
    assert.deepEqual(pub.body.forwardedTo, { name: 'Acquedotto Versilia' });
    const fwd = pub.body.events.find((e: { type: string }) => e.type === 'forward');
    assert.equal(fwd.body, 'Acquedotto Versilia');
    assert.ok(!JSON.stringify(pub.body).includes('Perdita dalla condotta'), 'the note to the body is not public');
  });

  test('the body reads the report through its link, with no contact data', async () => {
    const res = await t.call('GET', `${base}/body-links/${token}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.reference, reference);
    assert.equal(res.body.body.name, 'Acquedotto Versilia');
    assert.equal(res.body.title, 'Lampione spento');
    assert.equal(res.body.place, 'Via Alcide De Gasperi, 3');
    const all = JSON.stringify(res.body);
    for (const personal of ['Maria', 'maria.rossi', '1234567', 'contact', 'tracking']) assert.ok(!all.includes(personal), personal);
  });

  test('the body posts an update: the public history shows it as the body’s, the reporter and the office are mailed', async () => {
    const res = await t.call('POST', `${base}/body-links/${token}/updates`, { status: 'in_progress', message: 'Squadra sul posto domattina.' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'in_progress');
    const pub = (await t.call('GET', `${base}/reports/${reference}`)).body;
    assert.equal(pub.status, 'in_progress');
    const update = pub.events.find((e: { type: string }) => e.type === 'body_update');
    assert.deepEqual({ message: update.message, body: update.body }, { message: 'Squadra sul posto domattina.', body: 'Acquedotto Versilia' });
    assert.equal(pub.events.filter((e: { type: string; body?: string }) => e.type === 'status' && e.body === 'Acquedotto Versilia').length, 1);
    await flush();
    assert.match(lastMailTo('maria.rossi@example.org').text, /Aggiornamento da Acquedotto Versilia:\s+Squadra sul posto domattina/);
    assert.match(lastMailTo('tecnico@example.org').text, /Acquedotto Versilia ha aggiornato la segnalazione/);
    // Resolved: closed, and the reporter asked whether it is really fixed.
    const done = await t.call('POST', `${base}/body-links/${token}/updates`, { status: 'resolved', message: 'Condotta riparata.' });
    assert.equal(done.status, 201);
    const [r] = await t.db.sql<{ closed_at: Date | null }[]>`SELECT closed_at FROM report WHERE reference = ${reference}`;
    assert.ok(r.closed_at);
    const [{ checks }] = await t.db.sql<{ checks: number }[]>`SELECT count(*)::int AS checks FROM outbox WHERE kind = 'resolution_check'`;
    assert.ok(checks >= 1);
  });

  test('bad updates are 400 with nothing written', async () => {
    const before = await counts();
    for (const bad of [
      {},
      { message: '' },
      { message: 'x'.repeat(2001) },
      { status: 'rejected', message: 'no' },
      { status: 'hidden', message: 'no' },
      { status: 'scheduled', message: 'senza data' },
      { status: 'in_progress', message: 42 },
    ]) {
      const res = await t.call('POST', `${base}/body-links/${token}/updates`, bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    assert.deepEqual(await counts(), before);
  });

  test('two updates at once are both recorded', async () => {
    const [a, b] = await Promise.all([
      t.call('POST', `${base}/body-links/${token}/updates`, { status: 'scheduled', expectedAt: '2027-01-20', message: 'Primo.' }),
      t.call('POST', `${base}/body-links/${token}/updates`, { message: 'Secondo.' }),
    ]);
    assert.deepEqual([a.status, b.status], [201, 201]);
    const pub = (await t.call('GET', `${base}/reports/${reference}`)).body;
    const messages = pub.events.filter((e: { type: string }) => e.type === 'body_update').map((e: { message: string }) => e.message);
    assert.ok(messages.includes('Primo.') && messages.includes('Secondo.'));
    assert.equal(pub.status, 'scheduled');
  });

  test('forged links, another report’s link, a link after forwarding to another body: refused, the same way', async () => {
    const other = await file();
    const sign = (subject: string, b: number, expiresAt = Date.now() + 86_400_000) =>
      signLink(t.secretKey, { purpose: 'body_update', municipalityId: t.m.id, subject, expiresAt, extra: { b } });
    const [{ id: otherId }] = await t.db.sql<{ id: string }[]>`SELECT id::text FROM report WHERE reference = ${other}`;
    const [{ id: thisId }] = await t.db.sql<{ id: string }[]>`SELECT id::text FROM report WHERE reference = ${reference}`;
    const forged = [
      `${token.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`,
      token.slice(0, -2),
      'not-a-token',
      // Signed for a citizen's reply, or for another report that was never forwarded to this body.
      signLink(t.secretKey, { purpose: 'citizen_reply', municipalityId: t.m.id, subject: thisId, expiresAt: Date.now() + 86_400_000 }),
      sign(otherId, acqua),
      sign(thisId, gas),
    ];
    const before = await counts();
    for (const bad of forged) {
      const get = await t.call('GET', `${base}/body-links/${bad}`);
      assert.equal(get.status, 404, bad);
      assert.equal(get.body.error.code, 'link_not_valid');
      assert.equal((await t.call('POST', `${base}/body-links/${bad}/updates`, { message: 'ciao' })).status, 404);
    }
    const expired = await t.call('GET', `${base}/body-links/${sign(thisId, acqua, Date.now() - 1000)}`);
    assert.equal(expired.status, 410);
    // Forwarded to the gas company: the water company's link stops working, the gas company's works.
    assert.equal((await forward('capo', reference, { bodyId: gas })).status, 200);
    assert.equal((await t.call('GET', `${base}/body-links/${token}`)).status, 404);
    assert.equal((await t.call('POST', `${base}/body-links/${token}/updates`, { message: 'ancora noi' })).status, 404);
    await flush();
    const gasToken = lastMailTo('reti@gas.example').token!;
    assert.equal((await t.call('GET', `${base}/body-links/${gasToken}`)).status, 200);
    assert.equal((await t.call('GET', `${base}/reports/${reference}`)).body.forwardedTo.name, 'Gas Toscana');
    // A body the admin retires: its link stops too.
    await t.call('PATCH', `${admin}/bodies/${gas}`, { active: false }, as.capo);
    assert.equal((await t.call('GET', `${base}/body-links/${gasToken}`)).status, 404);
    await t.call('PATCH', `${admin}/bodies/${gas}`, { active: true }, as.capo);
    const after = await counts();
    assert.equal(after.bodies, before.bodies);
  });
});
