import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('no reporter or supporter contact appears in any public response or log line', async () => {
  const base = `/api/v1/${t.m.slug}`;
  const secrets = ['Ginevra Bartolozzi', 'ginevra.bartolozzi@example.org', '+39 347 9876543', 'sostenitore.unico@example.org'];
  const filed = await t.call('POST', `${base}/reports`, reportBody(t.m, {
    contact: { name: secrets[0], email: secrets[1], phone: secrets[2] },
  }));
  assert.equal(filed.status, 201);
  await t.call('POST', `${base}/reports/${filed.body.reference}/supports`, { supporterToken: 'privacy-test-token-1', email: secrets[3] });

  // The data is really stored (staff will need it)…
  const [stored] = await t.db.sql`SELECT contact_name, contact_email, contact_phone FROM report WHERE reference = ${filed.body.reference}`;
  assert.deepEqual(Object.values(stored), secrets.slice(0, 3));

  // …and never answered to the public, whatever the endpoint.
  const publicGets = [
    `${base}/config`,
    `${base}/reports`,
    `${base}/reports?status=all&q=Lampione`,
    `${base}/reports/${filed.body.reference}`,
    `${base}/reports/nearby?lat=43.9953&lon=10.2276`,
    `${base}/streets/summary`,
    `${base}/streets?q=gasperi`,
    `${base}/track/${filed.body.trackingCode}`,
  ];
  for (const path of publicGets) {
    const res = await t.call('GET', path);
    assert.equal(res.status, 200, path);
    const text = JSON.stringify(res.body);
    for (const secret of secrets) assert.ok(!text.includes(secret), `${path} leaks ${secret}`);
    assert.ok(!/contact|email|phone/i.test(text.replace(/"privacyUrl"/, '')), `${path} has a contact field`);
  }
  const log = t.logLines.join('');
  for (const secret of secrets) assert.ok(!log.includes(secret), `the log leaks ${secret}`);
});
