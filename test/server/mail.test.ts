import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { smtpTransport } from '../../server/mail/smtp.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { startSmtpServer } from './helpers/smtp.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: ReturnType<typeof smtpTransport>;
const logLines: string[] = [];

before(async () => {
  t = await startTestApp();
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  await t.db.sql`UPDATE municipality SET widget_page_url = '/servizi/segnalazioni' WHERE id = ${t.m.id}`;
});
after(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

const sender = (over: Partial<Parameters<typeof createMailSender>[0]> = {}) =>
  createMailSender({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('debug', (l) => logLines.push(l)),
    transport,
    from: 'Comune di Testville <noreply@testville.example>',
    publicUrl: 'https://segnala.testville.example',
    ...over,
  });

/** Headers unfolded and quoted-printable soft breaks joined, so the text can be searched. */
const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');

describe('e-mail notifications through a real SMTP server', () => {
  test('a new report: the office is told, the reporter gets a receipt with a tracking code that works', async () => {
    smtp.received.length = 0;
    const filed = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m));
    const result = await sender().runOnce();
    assert.deepEqual(result, { sent: 2, failed: 0 });
    const office = smtp.received.find((m) => m.to.includes('tecnico@example.org'))!;
    const receipt = smtp.received.find((m) => m.to.includes('maria.rossi@example.org'))!;
    assert.ok(office && receipt);
    assert.match(readable(office.raw), new RegExp(`Nuova segnalazione ${filed.body.reference}`));
    const text = readable(receipt.raw);
    assert.match(text, /Subject: Abbiamo ricevuto la tua segnalazione/);
    assert.ok(text.includes(filed.body.trackingCode), 'the receipt carries the tracking code');
    assert.ok(text.includes(`https://segnala.testville.example/servizi/segnalazioni#segnala/report/${filed.body.reference}`));
    assert.ok(!readable(office.raw).includes(filed.body.trackingCode), 'the office never sees the code');
    // Sent once: another round sends nothing.
    assert.deepEqual(await sender().runOnce(), { sent: 0, failed: 0 });
    assert.equal(smtp.received.length, 2);
  });

  test('with the mail server refusing, mail is kept and retried with backoff, then delivered once', async () => {
    smtp.received.length = 0;
    smtp.refuse(true);
    await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { contact: { email: 'ritardo@example.org' } }));
    const s = sender({ retryBaseSeconds: 60 });
    assert.deepEqual(await s.runOnce(), { sent: 0, failed: 2 });
    const pending = await t.db.sql`SELECT attempts, last_error, next_attempt_at > now() + interval '50 seconds' AS later FROM outbox WHERE sent_at IS NULL`;
    assert.equal(pending.length, 2);
    assert.ok(pending.every((p) => p.attempts === 1 && p.later && /451|unavailable/i.test(p.last_error)));
    assert.deepEqual(await s.runOnce(), { sent: 0, failed: 0 }, 'not retried before its time');
    smtp.refuse(false);
    await t.db.sql`UPDATE outbox SET next_attempt_at = now() WHERE sent_at IS NULL`;
    assert.deepEqual(await s.runOnce(), { sent: 2, failed: 0 });
    assert.equal(smtp.received.filter((m) => m.to.includes('ritardo@example.org')).length, 1);
    assert.ok(!logLines.join('').includes('ritardo@example.org'), 'the log names no recipient');
  });

  test('after the last attempt a message is set aside as failed, not lost', async () => {
    smtp.refuse(true);
    await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { contact: { email: 'mai@example.org' } }));
    const s = sender({ maxAttempts: 2, retryBaseSeconds: 1 });
    await s.runOnce();
    await t.db.sql`UPDATE outbox SET next_attempt_at = now() WHERE sent_at IS NULL`;
    await s.runOnce();
    const [row] = await t.db.sql`SELECT attempts, failed_at FROM outbox WHERE recipient = 'mai@example.org'`;
    assert.equal(row.attempts, 2);
    assert.ok(row.failed_at);
    smtp.refuse(false);
    await t.db.sql`UPDATE outbox SET next_attempt_at = now() WHERE recipient = 'mai@example.org'`;
    await s.runOnce();
    assert.equal(smtp.received.filter((m) => m.to.includes('mai@example.org')).length, 0, 'a failed message waits for staff');
  });

  test('two senders working at once deliver each message once', async () => {
    smtp.received.length = 0;
    await t.db.sql`UPDATE outbox SET failed_at = now() WHERE sent_at IS NULL`;
    for (let i = 0; i < 4; i++) {
      await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { contact: { email: `doppio${i}@example.org` } }));
    }
    await Promise.all([sender().runOnce(3), sender().runOnce(3), sender().runOnce(3)]);
    await sender().runOnce();
    const receipts = smtp.received.filter((m) => m.to[0].startsWith('doppio'));
    assert.equal(receipts.length, 4);
    assert.equal(new Set(receipts.map((m) => m.to[0])).size, 4);
  });

  test('a status change reaches the reporter and supporters who asked, in Italian', async () => {
    smtp.received.length = 0;
    const filed = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { contact: { email: 'autore@example.org' } }));
    await t.call('POST', `/api/v1/${t.m.slug}/reports/${filed.body.reference}/supports`, { supporterToken: 'mail-test-supporter-1', email: 'vicino@example.org' });
    const { id } = (await t.db.sql`SELECT id FROM report WHERE reference = ${filed.body.reference}`)[0];
    await t.db.sql`INSERT INTO outbox (municipality_id, report_id, kind, recipient, data) VALUES
      (${t.m.id}, ${id}, 'reporter_update', 'autore@example.org', ${t.db.sql.json({ status: 'resolved', message: 'Lampione sostituito.' })}),
      (${t.m.id}, ${id}, 'supporter_update', 'vicino@example.org', ${t.db.sql.json({ status: 'resolved', message: 'Lampione sostituito.' })})`;
    await sender().runOnce(50);
    const toReporter = readable(smtp.received.find((m) => m.to.includes('autore@example.org') && /Aggiornamento/.test(readable(m.raw)))!.raw);
    const toSupporter = readable(smtp.received.find((m) => m.to.includes('vicino@example.org'))!.raw);
    for (const text of [toReporter, toSupporter]) {
      assert.match(text, /Subject: Aggiornamento sulla segnalazione/);
      assert.match(text, /Stato: Risolta/);
      assert.match(text, /Lampione sostituito\./);
    }
    assert.ok(toReporter.includes(filed.body.trackingCode));
    assert.ok(!toSupporter.includes(filed.body.trackingCode), 'a supporter never gets the reporter’s code');
  });
});

describe('no reporter address in the log or the outbox (issue 11)', () => {
  test('an address the mail server rejects, quoting it, is kept out of the log line and outbox.last_error', async () => {
    const address = 'giulia.bianchi-respinta@example.org';
    smtp.reject(/respinta/);
    try {
      const filed = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { contact: { email: address } }));
      assert.equal(filed.status, 201);
      const lines: string[] = [];
      const s = sender({ logger: createLogger('debug', (l) => lines.push(l)) });
      await s.runOnce(50);
      const [row] = await t.db.sql<{ last_error: string }[]>`
        SELECT o.last_error FROM outbox o JOIN report r ON r.id = o.report_id
        WHERE r.reference = ${filed.body.reference} AND o.kind = 'receipt'`;
      // Refused for good (550): set aside for staff at once, not retried for hours.
      const [state] = await t.db.sql<{ attempts: number; failed: boolean }[]>`
        SELECT o.attempts, o.failed_at IS NOT NULL AS failed FROM outbox o JOIN report r ON r.id = o.report_id
        WHERE r.reference = ${filed.body.reference} AND o.kind = 'receipt'`;
      assert.deepEqual(state, { attempts: 1, failed: true });
      const logged = lines.filter((l) => l.includes('mail not sent'));
      assert.equal(logged.length, 1, lines.join(''));
      for (const text of [row.last_error, ...logged]) {
        assert.match(text, /550/, 'the error still says what happened');
        for (const secret of [address, 'giulia.bianchi-respinta', 'giulia.bianchi']) {
          assert.ok(!text.toLowerCase().includes(secret), `${secret} in ${text}`);
        }
      }
    } finally {
      smtp.reject(undefined);
    }
  });
});
