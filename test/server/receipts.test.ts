import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { smtpTransport } from '../../server/mail/smtp.ts';
import { RECEIPTS_PER_ADDRESS_PER_DAY } from '../../server/services/outbox.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser, createTestMunicipality, type TestMunicipality } from './helpers/fixtures.ts';
import { startSmtpServer } from './helpers/smtp.ts';

/**
 * Issue 11, item 13: the address typed at filing (or with Mi associo) is never confirmed, so
 * anyone can type a stranger's. The municipality must not become a way to mail strangers one's
 * own words, nor to flood one inbox.
 */

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: ReturnType<typeof smtpTransport>;
let base: string;
let asClerk: Record<string, string>;
/** A second town on the same server: the cap is the inbox's, not one town's. */
let other: TestMunicipality;

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  await t.db.sql`UPDATE municipality SET widget_page_url = '/servizi/segnalazioni' WHERE id = ${t.m.id}`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'tecnico@t.example', name: 'Tecnico', role: 'staff', departmentIds: [t.m.departments.roads], password: 'ricevute-test-1' });
  const login = await t.call('POST', `${base}/admin/login`, { email: 'tecnico@t.example', password: 'ricevute-test-1' });
  asClerk = { Authorization: `Bearer ${login.body.token}` };
  other = await createTestMunicipality(t.db.sql, { slug: 'altrove' });
});
after(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

const send = () =>
  createMailSender({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('silent'),
    transport,
    from: 'Comune di Testville <noreply@testville.example>',
    publicUrl: 'https://segnala.testville.example',
  }).runOnce(200);

/** Headers unfolded and quoted-printable soft breaks joined, so the text can be searched. */
const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => readable(m.raw));

/** What a spammer would want the municipality to carry to a stranger: every field a filer writes. */
const spam = {
  title: 'Hai vinto un premio SCRIVI A premi-truffa',
  details: 'Clicca subito su truffa-example-pagamento per ritirare il premio',
  civic: '99 VINCI ORA',
  contact: { name: 'Ufficio Premi Ministero', email: 'vittima@example.org', phone: '+39 333 7654321' },
};
const spamWords = ['premi-truffa', 'Hai vinto', 'truffa-example-pagamento', 'ritirare il premio', 'VINCI ORA', 'Ufficio Premi', '7654321'];

describe('mail to an address typed by a citizen carries no citizen-written text', () => {
  test('the receipt: reference, code, category, office, municipality, date and link; none of the filer’s words', async () => {
    smtp.received.length = 0;
    const filed = await t.call('POST', `${base}/reports`, reportBody(t.m, spam));
    assert.equal(filed.status, 201);
    await send();
    const [receipt, ...more] = mailsTo('vittima@example.org');
    assert.ok(receipt, 'a receipt is sent');
    assert.equal(more.length, 0);
    for (const word of spamWords) assert.ok(!receipt.includes(word), `the receipt carries “${word}”`);
    assert.match(receipt, /Subject: Abbiamo ricevuto la tua segnalazione/);
    for (const expected of [
      filed.body.reference,
      filed.body.trackingCode,
      'Illuminazione pubblica',
      'Ufficio Tecnico',
      'Comune di testville',
      `https://segnala.testville.example/servizi/segnalazioni#segnala/report/${filed.body.reference}`,
      String(new Date().getFullYear()),
    ]) {
      assert.ok(receipt.includes(expected), `the receipt names ${expected}`);
    }
    // The office, at an address its admin set, still reads everything.
    const office = readable(smtp.received.find((m) => m.to.includes('tecnico@example.org'))!.raw);
    assert.ok(office.includes('premi-truffa') && office.includes('truffa-example-pagamento'));
  });

  test('updates to the reporter and to supporters carry the office’s reply, not the filer’s words', async () => {
    const filed = await t.call('POST', `${base}/reports`, reportBody(t.m, spam));
    const joined = await t.call('POST', `${base}/reports/${filed.body.reference}/supports`, { supporterToken: 'receipts-supporter-0001', email: 'vicino-ricevute@example.org' });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
    const detail = await t.call('GET', `${base}/admin/reports/${filed.body.reference}`, undefined, asClerk);
    const changed = await t.call(
      'POST',
      `${base}/admin/reports/${filed.body.reference}/status`,
      { status: 'resolved', message: 'Lampione sostituito dalla squadra.', version: detail.body.version },
      asClerk,
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    smtp.received.length = 0;
    await send();
    const toReporter = mailsTo('vittima@example.org');
    const toSupporter = mailsTo('vicino-ricevute@example.org');
    // Resolving writes the update and the "is it really fixed?" question (issue 13), to each of them.
    assert.equal(toSupporter.length, 2);
    assert.ok(toReporter.some((m) => /Subject: Aggiornamento/.test(m)));
    assert.ok(toSupporter.some((m) => /Subject: Aggiornamento/.test(m)));
    for (const mail of [...toReporter, ...toSupporter]) {
      assert.ok(mail.includes(filed.body.reference));
      for (const word of spamWords) assert.ok(!mail.includes(word), `an update carries “${word}”`);
    }
    for (const mail of [toReporter.find((m) => /Subject: Aggiornamento/.test(m))!, toSupporter.find((m) => /Subject: Aggiornamento/.test(m))!]) {
      assert.match(mail, /Lampione sostituito dalla squadra\./);
      assert.match(mail, /Stato: Risolta/);
    }
  });
});

describe('receipts per address', () => {
  const receiptsTo = async (address: string) =>
    (await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox WHERE kind = 'receipt' AND lower(recipient) = ${address}`)[0].n;

  test(`at most ${RECEIPTS_PER_ADDRESS_PER_DAY} receipts a day to one address, however it is spelt and however fast the filings come`, async () => {
    const extra = 4;
    const spellings = ['bersaglio@example.org', 'Bersaglio@Example.org', 'BERSAGLIO@EXAMPLE.ORG'];
    // Sent at once, to two towns: with a real PostgreSQL they race in separate connections (filings
    // to one town already wait for each other on its reference counter; two towns' do not).
    const filings = await Promise.all(
      Array.from({ length: RECEIPTS_PER_ADDRESS_PER_DAY + extra }, (_, i) => {
        const town = i % 2 ? other : t.m;
        return t.call('POST', `/api/v1/${town.slug}/reports`, reportBody(town, { contact: { email: spellings[i % spellings.length] } }));
      }),
    );
    // Every filing is accepted, with its tracking code in the answer: only the mail is held back.
    assert.deepEqual(filings.map((f) => f.status), filings.map(() => 201));
    assert.ok(filings.every((f) => /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/.test(f.body.trackingCode)));
    assert.equal(await receiptsTo('bersaglio@example.org'), RECEIPTS_PER_ADDRESS_PER_DAY);
    // Another address is untouched.
    await t.call('POST', `${base}/reports`, reportBody(t.m, { contact: { email: 'altra@example.org' } }));
    assert.equal(await receiptsTo('altra@example.org'), 1);
    // A day later the address gets receipts again.
    await t.db.sql`UPDATE outbox SET created_at = created_at - interval '25 hours' WHERE lower(recipient) = 'bersaglio@example.org'`;
    await t.call('POST', `${base}/reports`, reportBody(t.m, { contact: { email: 'bersaglio@example.org' } }));
    assert.equal(await receiptsTo('bersaglio@example.org'), RECEIPTS_PER_ADDRESS_PER_DAY + 1);
  });
});
