import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { purgeContactData } from '../../server/services/retention.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
});
after(() => t.close());

const contact = async (ref: string) =>
  (await t.db.sql`SELECT contact_name, contact_email, contact_phone FROM report WHERE reference = ${ref}`)[0];

describe('personal data retention (GDPR)', () => {
  test('a reporter erases their own contact data with the tracking code; the report stays', async () => {
    const filed = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body;
    assert.equal((await contact(filed.reference)).contact_email, 'maria.rossi@example.org');
    const res = await t.call('DELETE', `${base}/track/${filed.trackingCode}/contact`);
    assert.equal(res.status, 204);
    assert.deepEqual(await contact(filed.reference), { contact_name: null, contact_email: null, contact_phone: null });
    const pending = await t.db.sql`SELECT 1 FROM outbox o JOIN report r ON r.id = o.report_id WHERE r.reference = ${filed.reference} AND o.recipient = 'maria.rossi@example.org'`;
    assert.equal(pending.length, 0, 'mail still waiting for them is dropped');
    assert.equal((await t.call('GET', `${base}/track/${filed.trackingCode}`)).status, 200);
    assert.equal((await t.call('GET', `${base}/reports/${filed.reference}`)).status, 200);
    assert.equal((await t.call('DELETE', `${base}/track/ZZZZ-ZZZZ-ZZ/contact`)).status, 404);
    assert.equal((await t.call('DELETE', `${base}/track/nope/contact`)).status, 400);
  });

  test('contact data of reports closed longer than the retention period are purged, others kept', async () => {
    const old = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
    const recent = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
    const open = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
    await t.call('POST', `${base}/reports/${old}/supports`, { supporterToken: 'retention-supporter-1', email: 'vicino@example.org' });
    await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() - interval '200 days' WHERE reference = ${old}`;
    await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() - interval '10 days' WHERE reference = ${recent}`;
    const purged = await purgeContactData(t.db.sql, 180);
    assert.equal(purged.reports, 1);
    assert.equal(purged.supports, 1);
    assert.equal((await contact(old)).contact_email, null);
    assert.equal((await contact(recent)).contact_email, 'maria.rossi@example.org');
    assert.equal((await contact(open)).contact_email, 'maria.rossi@example.org');
    const [{ email }] = await t.db.sql`SELECT s.email FROM support s JOIN report r ON r.id = s.report_id WHERE r.reference = ${old}`;
    assert.equal(email, null);
    assert.deepEqual(await purgeContactData(t.db.sql, 180), { reports: 0, supports: 0, mails: 0 }, 'a second sweep finds nothing');
  });
});
