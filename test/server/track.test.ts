import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMunicipality } from '../../server/services/municipality.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let base: string;
let filed: { reference: string; trackingCode: string };
before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  filed = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body;
});
after(() => t.close());

describe('GET /track/{trackingCode}', () => {
  test('shows the reporter their report, its status, dates and public replies', async () => {
    const id = (await t.db.sql`SELECT id FROM report WHERE reference = ${filed.reference}`)[0].id;
    await t.db.sql`UPDATE report SET status = 'accepted', accepted_at = now() WHERE id = ${id}`;
    await t.db.sql`INSERT INTO report_event (municipality_id, report_id, type, status, public) VALUES (${t.m.id}, ${id}, 'status', 'accepted', true)`;
    await t.db.sql`INSERT INTO report_event (municipality_id, report_id, type, message, public) VALUES (${t.m.id}, ${id}, 'reply', 'Interverremo entro venerdì', true)`;
    await t.db.sql`INSERT INTO report_event (municipality_id, report_id, type, message, public) VALUES (${t.m.id}, ${id}, 'note', 'Nota interna: chiamare la ditta', false)`;
    const res = await t.call('GET', `${base}/track/${filed.trackingCode}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.reference, filed.reference);
    assert.equal(res.body.status, 'accepted');
    assert.ok(res.body.acceptedAt);
    assert.equal(res.body.closedAt, null);
    assert.deepEqual(res.body.events.map((e: { type: string }) => e.type), ['created', 'status', 'reply']);
    assert.equal(res.body.events[2].message, 'Interverremo entro venerdì');
    assert.ok(!JSON.stringify(res.body).includes('Nota interna'), 'internal notes stay internal');
    assert.equal(res.headers.get('Cache-Control'), 'private, no-store');
  });

  test('accepts the code in lower case, without dashes, with spaces, and with O for 0 and I/L for 1', async () => {
    const raw = filed.trackingCode.replace(/-/g, '');
    const variants = [
      filed.trackingCode.toLowerCase(),
      raw,
      `${raw.slice(0, 4)} ${raw.slice(4, 8)} ${raw.slice(8)}`,
      raw.replace(/0/g, 'O').replace(/1/g, 'l'),
    ];
    for (const v of variants) {
      const res = await t.call('GET', `${base}/track/${encodeURIComponent(v)}`);
      assert.equal(res.status, 200, v);
      assert.equal(res.body.reference, filed.reference);
    }
  });

  test('works for a report that is not public (hidden)', async () => {
    const other = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body;
    await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${other.reference}`;
    const res = await t.call('GET', `${base}/track/${other.trackingCode}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'hidden');
  });

  test('an unknown code is a 404; a malformed one a 400', async () => {
    const unknown = await t.call('GET', `${base}/track/ZZZZ-ZZZZ-ZZ`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
    // A lone "%" once reached decodeURIComponent twice and crashed the request (found by fuzzing).
    assert.equal((await t.call('GET', `${base}/track/%25`)).status, 400);
    const malformed = await t.call('GET', `${base}/track/abc`);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.details.fields[0].field, 'trackingCode');
  });

  test('a code of one municipality does not open a report of another', async () => {
    await createMunicipality(t.db.sql, { slug: 'altrove', name: 'Comune di Altrove', center: { lon: 10, lat: 44 } });
    assert.equal((await t.call('GET', `/api/v1/altrove/track/${filed.trackingCode}`)).status, 404);
  });

  test('the database holds no usable tracking code, and the log never shows one', async () => {
    const [row] = await t.db.sql`SELECT * FROM report WHERE reference = ${filed.reference}`;
    const raw = filed.trackingCode.replace(/-/g, '');
    assert.ok(!JSON.stringify(row).includes(raw));
    assert.ok(!Buffer.from(row.tracking_hash).toString('latin1').includes(raw));
    const log = t.logLines.join('');
    assert.ok(log.includes('/track/***'), 'tracking requests are logged, masked');
    assert.ok(!log.toUpperCase().includes(raw));
    assert.ok(!log.toUpperCase().includes(filed.trackingCode));
  });
});
