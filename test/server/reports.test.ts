import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
});
after(() => t.close());

const countReports = async () => Number((await t.db.sql`SELECT count(*)::int AS n FROM report`)[0].n);

describe('POST /reports (file a report)', () => {
  test('files a report routed to its category’s office, with a reference and a tracking code', async () => {
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, { categoryId: t.m.categories.parking }));
    assert.equal(res.status, 201);
    assert.match(res.body.reference, /^\d{4}-\d{6}$/);
    assert.match(res.body.trackingCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    assert.equal(res.body.status, 'submitted');
    const detail = await t.call('GET', `${base}/reports/${res.body.reference}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.departmentId, t.m.departments.police);
    assert.equal(detail.body.streetName, 'Via Alcide De Gasperi');
    assert.deepEqual(detail.body.location, { lat: 43.9953, lon: 10.2276 });
    assert.deepEqual(detail.body.events.map((e: { type: string }) => e.type), ['created']);
  });

  test('references are sequential per year', async () => {
    const a = await t.call('POST', `${base}/reports`, reportBody(t.m));
    const b = await t.call('POST', `${base}/reports`, reportBody(t.m));
    const [ya, na] = a.body.reference.split('-').map(Number);
    const [yb, nb] = b.body.reference.split('-').map(Number);
    assert.equal(ya, yb);
    assert.equal(nb, na + 1);
  });

  test('a street alone is enough, without the map', async () => {
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, { location: undefined, streetId: t.m.streets.piazza, civic: 'davanti alla scuola' }));
    assert.equal(res.status, 201);
    const detail = await t.call('GET', `${base}/reports/${res.body.reference}`);
    assert.equal(detail.body.location, null);
    assert.equal(detail.body.streetName, 'Piazza Alessandrini');
    assert.equal(detail.body.civic, 'davanti alla scuola');
  });

  test('a point alone is tied to the nearest known street', async () => {
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, { streetId: undefined, civic: undefined, location: { lat: 43.98003, lon: 10.21005 } }));
    assert.equal(res.status, 201);
    const detail = await t.call('GET', `${base}/reports/${res.body.reference}`);
    assert.equal(detail.body.streetName, 'Via Aurelia');
  });

  test('the same Idempotency-Key twice gives the same report, and only one is created', async () => {
    const before = await countReports();
    const headers = { 'Idempotency-Key': 'retry-key-0001' };
    const first = await t.call('POST', `${base}/reports`, reportBody(t.m), headers);
    const second = await t.call('POST', `${base}/reports`, reportBody(t.m), headers);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.body.reference, first.body.reference);
    assert.equal(second.body.trackingCode, first.body.trackingCode);
    assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(await countReports(), before + 1);
  });

  test('parallel filings with one Idempotency-Key create one report', async () => {
    const before = await countReports();
    const headers = { 'Idempotency-Key': 'parallel-key-0001' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.call('POST', `${base}/reports`, reportBody(t.m), headers)));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]));
    assert.equal(new Set(answers.map((a) => a.body.reference)).size, 1);
    assert.equal(new Set(answers.map((a) => a.body.trackingCode)).size, 1);
    assert.equal(await countReports(), before + 1);
  });

  test('an Idempotency-Key reused for a different report is refused', async () => {
    const headers = { 'Idempotency-Key': 'reused-key-0001' };
    await t.call('POST', `${base}/reports`, reportBody(t.m), headers);
    const before = await countReports();
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, { title: 'Un’altra cosa' }), headers);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'idempotency_key_reused');
    assert.equal(await countReports(), before);
  });

  const badBodies: [string, (m: TestApp['m']) => unknown, string][] = [
    ['no category', (m) => reportBody(m, { categoryId: undefined }), 'categoryId'],
    ['an unknown category', (m) => reportBody(m, { categoryId: 99999 }), 'categoryId'],
    ['an inactive category', (m) => reportBody(m, { categoryId: m.categories.retired }), 'categoryId'],
    ['a title too short', (m) => reportBody(m, { title: ' a ' }), 'title'],
    ['a title too long', (m) => reportBody(m, { title: 'x'.repeat(151) }), 'title'],
    ['empty details', (m) => reportBody(m, { details: '   ' }), 'details'],
    ['neither street nor point', (m) => reportBody(m, { streetId: undefined, location: undefined }), 'streetId'],
    ['an unknown street', (m) => reportBody(m, { streetId: 424242 }), 'streetId'],
    ['a latitude out of range', (m) => reportBody(m, { location: { lat: 91, lon: 10 } }), 'location.lat'],
    ['a point outside the municipality', (m) => reportBody(m, { location: { lat: 45.46, lon: 9.19 } }), 'location'],
    ['a bad e-mail', (m) => reportBody(m, { contact: { email: 'not-an-email' } }), 'contact.email'],
    ['a bad phone', (m) => reportBody(m, { contact: { phone: 'call me' } }), 'contact.phone'],
    ['privacy not accepted', (m) => reportBody(m, { privacyAccepted: false }), 'privacyAccepted'],
    ['a NUL character', (m) => reportBody(m, { title: 'Lampione\u0000spento' }), 'title'],
    ['a string for the category', (m) => reportBody(m, { categoryId: '1' }), 'categoryId'],
  ];
  for (const [what, body, field] of badBodies) {
    test(`${what}: 400 naming ${field}, nothing written`, async () => {
      const before = await countReports();
      const res = await t.call('POST', `${base}/reports`, body(t.m));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'invalid_request');
      assert.ok(
        res.body.error.details.fields.some((f: { field: string }) => f.field === field),
        `expected ${field} in ${JSON.stringify(res.body.error.details.fields)}`,
      );
      assert.equal(await countReports(), before);
    });
  }

  test('malformed JSON gets a JSON 400, a wrong content type a JSON 415', async () => {
    const bad = await t.call('POST', `${base}/reports`, '{"title": ', { 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_request');
    const form = await t.call('POST', `${base}/reports`, 'title=x', { 'Content-Type': 'text/plain' });
    assert.equal(form.status, 415);
    assert.equal(form.body.error.code, 'unsupported_media_type');
  });

  test('a body over 64 KB gets 413 with the JSON error', async () => {
    const before = await countReports();
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, { details: 'x'.repeat(70_000) }));
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
    assert.equal(await countReports(), before);
  });

  test('a bad Idempotency-Key is refused by name', async () => {
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m), { 'Idempotency-Key': 'short' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0].field, 'Idempotency-Key');
  });

  test('an unknown municipality is a 404', async () => {
    const res = await t.call('POST', `/api/v1/nowhere/reports`, reportBody(t.m));
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });
});

describe('GET /reports (public list)', () => {
  let closedRef: string;
  let hiddenRef: string;
  before(async () => {
    const closed = await t.call('POST', `${base}/reports`, reportBody(t.m, { title: 'Buca chiusa', categoryId: t.m.categories.potholes, streetId: t.m.streets.aurelia, location: { lat: 43.9801, lon: 10.2101 } }));
    closedRef = closed.body.reference;
    await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() WHERE reference = ${closedRef}`;
    const hidden = await t.call('POST', `${base}/reports`, reportBody(t.m, { title: 'Contenuto offensivo' }));
    hiddenRef = hidden.body.reference;
    await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${hiddenRef}`;
  });

  test('lists active reports newest first, without closed or hidden ones', async () => {
    const res = await t.call('GET', `${base}/reports`);
    assert.equal(res.status, 200);
    const refs = res.body.reports.map((r: { reference: string }) => r.reference);
    assert.ok(refs.length > 3);
    assert.ok(!refs.includes(closedRef));
    assert.ok(!refs.includes(hiddenRef));
    const times = res.body.reports.map((r: { createdAt: string }) => Date.parse(r.createdAt));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });

  test('status=closed and status=all', async () => {
    const closed = await t.call('GET', `${base}/reports?status=closed`);
    assert.deepEqual(closed.body.reports.map((r: { reference: string }) => r.reference), [closedRef]);
    const all = await t.call('GET', `${base}/reports?status=all&limit=200`);
    const refs = all.body.reports.map((r: { reference: string }) => r.reference);
    assert.ok(refs.includes(closedRef));
    assert.ok(!refs.includes(hiddenRef));
    const one = await t.call('GET', `${base}/reports?status=resolved`);
    assert.deepEqual(one.body.reports.map((r: { reference: string }) => r.reference), [closedRef]);
  });

  test('filters by category, street, text and bounding box', async () => {
    const byCategory = await t.call('GET', `${base}/reports?status=all&category=${t.m.categories.potholes}`);
    assert.deepEqual(byCategory.body.reports.map((r: { title: string }) => r.title), ['Buca chiusa']);
    const byStreet = await t.call('GET', `${base}/reports?status=all&street=${t.m.streets.aurelia}&limit=200`);
    assert.ok(byStreet.body.reports.length >= 2);
    assert.ok(byStreet.body.reports.every((r: { streetId: number }) => r.streetId === t.m.streets.aurelia));
    const byText = await t.call('GET', `${base}/reports?status=all&q=${encodeURIComponent('BUCA')}`);
    assert.deepEqual(byText.body.reports.map((r: { title: string }) => r.title), ['Buca chiusa']);
    const accents = await t.call('GET', `${base}/reports?q=${encodeURIComponent('e spento da una settimana')}`);
    assert.ok(accents.body.reports.length > 0, 'è matched by e');
    const box = await t.call('GET', `${base}/reports?status=all&bbox=10.205,43.975,10.215,43.985`);
    assert.ok(box.body.reports.length >= 1);
    for (const r of box.body.reports) {
      assert.ok(r.location.lon >= 10.205 && r.location.lon <= 10.215 && r.location.lat >= 43.975 && r.location.lat <= 43.985);
    }
  });

  test('pages with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { reports: { reference: string }[]; nextCursor: string | null } } = await t.call(
        'GET',
        `${base}/reports?status=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.ok(res.body.reports.length <= 2);
      seen.push(...res.body.reports.map((r) => r.reference));
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = await t.call('GET', `${base}/reports?status=all&limit=200`);
    assert.deepEqual(seen, all.body.reports.map((r: { reference: string }) => r.reference));
    assert.equal(new Set(seen).size, seen.length);
  });

  const badQueries: [string, string][] = [
    ['status=nascosta', 'status'],
    ['status=hidden', 'status'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=10.3,43.9,10.2,44', 'bbox'],
    ['category=abc', 'category'],
    ['limit=0', 'limit'],
    ['limit=1000', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
  ];
  for (const [query, field] of badQueries) {
    test(`?${query} is a 400 naming ${field}`, async () => {
      const res = await t.call('GET', `${base}/reports?${query}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.details.fields[0].field, field);
    });
  }

  test('a hidden report is not found by reference, and a malformed reference is a 404', async () => {
    assert.equal((await t.call('GET', `${base}/reports/${hiddenRef}`)).status, 404);
    assert.equal((await t.call('GET', `${base}/reports/not-a-ref`)).status, 404);
    assert.equal((await t.call('GET', `${base}/reports/2020-999999`)).status, 404);
  });
});

describe('GET /reports/nearby (duplicate suggestions)', () => {
  test('open reports near a point, nearest first, within the radius, of the category asked', async () => {
    const near = await t.call('POST', `${base}/reports`, reportBody(t.m, { title: 'Lampione vicino', location: { lat: 43.99501, lon: 10.22701 } }));
    const far = await t.call('POST', `${base}/reports`, reportBody(t.m, { title: 'Lampione lontano', location: { lat: 44.01, lon: 10.25 } }));
    const res = await t.call('GET', `${base}/reports/nearby?lat=43.995&lon=10.227&category=${t.m.categories.lighting}&radius=200`);
    assert.equal(res.status, 200);
    const refs = res.body.reports.map((r: { reference: string }) => r.reference);
    assert.equal(refs[0], near.body.reference);
    assert.ok(!refs.includes(far.body.reference));
    const distances = res.body.reports.map((r: { distanceMeters: number }) => r.distanceMeters);
    assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
    assert.ok(distances.every((d: number) => d <= 200));
    assert.ok(res.body.reports.every((r: { categoryId: number; status: string }) => r.categoryId === t.m.categories.lighting));
    const other = await t.call('GET', `${base}/reports/nearby?lat=43.995&lon=10.227&category=${t.m.categories.parking}&radius=200`);
    assert.ok(!other.body.reports.some((r: { reference: string }) => r.reference === near.body.reference));
  });

  test('lat and lon are required numbers', async () => {
    const res = await t.call('GET', `${base}/reports/nearby?lat=&lon=10`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0].field, 'lat');
    assert.equal((await t.call('GET', `${base}/reports/nearby?lat=43.9&lon=10&radius=99999`)).status, 400);
  });
});

describe('publication after acceptance', () => {
  test('a municipality that publishes only after acceptance keeps new reports out of public views', async () => {
    await t.db.sql`UPDATE municipality SET publish_on_arrival = false WHERE id = ${t.m.id}`;
    try {
      const res = await t.call('POST', `${base}/reports`, reportBody(t.m, { title: 'Non ancora pubblica' }));
      assert.equal(res.status, 201);
      assert.equal(res.body.published, false);
      assert.equal((await t.call('GET', `${base}/reports/${res.body.reference}`)).status, 404);
      const list = await t.call('GET', `${base}/reports?status=all&limit=200`);
      assert.ok(!list.body.reports.some((r: { reference: string }) => r.reference === res.body.reference));
      const tracked = await t.call('GET', `${base}/track/${res.body.trackingCode}`);
      assert.equal(tracked.status, 200);
      assert.equal(tracked.body.published, false);
    } finally {
      await t.db.sql`UPDATE municipality SET publish_on_arrival = true WHERE id = ${t.m.id}`;
    }
  });
});
