import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_RATE_LIMITS, reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 13 §3, the rating of the service by the reporter, and the console's side of §2 and §3:
// settings, the queue's "reopened" filter, and the statistics (README, "HTTP API").

let t: TestApp;
let base: string;
let asAdmin: Record<string, string>;

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'password-lunga-1' });
  asAdmin = { Authorization: `Bearer ${(await t.call('POST', `${base}/admin/login`, { email: 'capo@t.example', password: 'password-lunga-1' })).body.token}` };
});
after(() => t.close());

async function file(over: Record<string, unknown> = {}) {
  const res = await t.call('POST', `${base}/reports`, reportBody(t.m, over));
  assert.equal(res.status, 201);
  return res.body as { reference: string; trackingCode: string };
}

async function setStatus(reference: string, status: string, message?: string) {
  const { version } = (await t.call('GET', `${base}/admin/reports/${reference}`, undefined, asAdmin)).body;
  const res = await t.call('POST', `${base}/admin/reports/${reference}/status`, { status, message, version }, asAdmin);
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const rate = (code: string, body: unknown) => t.call('POST', `${base}/ratings/track/${code}`, body);
const ratingRows = async () => Number((await t.db.sql`SELECT count(*)::int AS n FROM service_rating`)[0].n);

describe('rating the service', () => {
  test('only after closing; once, changed within the window; never in a public answer', async () => {
    const r = await file();
    assert.deepEqual((await t.call('GET', `${base}/ratings/track/${r.trackingCode}`)).body, { open: false, rating: null, comment: null, until: null });
    const early = await rate(r.trackingCode, { rating: 5 });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'not_closed');
    await setStatus(r.reference, 'rejected', 'Strada privata');
    const first = await rate(r.trackingCode, { rating: 2, comment: '  Risposta troppo sbrigativa  ' });
    assert.equal(first.status, 200);
    assert.equal(first.body.rating, 2);
    assert.equal(first.body.comment, 'Risposta troppo sbrigativa');
    const changed = await rate(r.trackingCode, { rating: 3 });
    assert.equal(changed.body.rating, 3);
    assert.equal(changed.body.comment, null);
    const rows = await t.db.sql`SELECT rating, comment FROM service_rating sr JOIN report r ON r.id = sr.report_id WHERE r.reference = ${r.reference}`;
    assert.deepEqual([...rows].map((x) => [x.rating, x.comment]), [[3, null]]);
    const view = await t.call('GET', `${base}/ratings/track/${r.trackingCode}`);
    assert.equal(view.body.open, true);
    assert.equal(view.headers.get('Cache-Control'), 'private, no-store');
    // Public pages never carry a rating.
    await rate(r.trackingCode, { rating: 1, comment: 'Commento-privato-xyz' });
    for (const path of [`${base}/reports/${r.reference}`, `${base}/reports?status=all`, `/open311/v2/${t.m.slug}/requests.json`]) {
      assert.ok(!JSON.stringify((await t.call('GET', path)).body).includes('Commento-privato-xyz'), path);
    }
  });

  test('bad input: 400 naming the field, nothing written', async () => {
    const r = await file();
    await setStatus(r.reference, 'resolved');
    const before = await ratingRows();
    const cases: [unknown, string][] = [
      [{}, 'rating'],
      [{ rating: 0 }, 'rating'],
      [{ rating: 6 }, 'rating'],
      [{ rating: 3.5 }, 'rating'],
      [{ rating: '5' }, 'rating'],
      [{ rating: 4, comment: 'x'.repeat(1001) }, 'comment'],
      [{ rating: 4, comment: 'a\u0000b' }, 'comment'],
    ];
    for (const [body, field] of cases) {
      const res = await rate(r.trackingCode, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.details.fields[0].field, field, JSON.stringify(body));
    }
    assert.equal((await rate('not-a-code', { rating: 4 })).status, 400);
    assert.equal((await rate('0000-0000-00', { rating: 4 })).status, 404);
    assert.equal((await t.call('POST', `${base}/ratings/track/${r.trackingCode}`, 'not json')).status, 400);
    assert.equal(await ratingRows(), before);
  });

  test('past the window: 410, the rating stays as it was', async () => {
    const r = await file();
    await setStatus(r.reference, 'resolved');
    await rate(r.trackingCode, { rating: 4 });
    await t.db.sql`UPDATE report SET closed_at = now() - interval '31 days' WHERE reference = ${r.reference}`;
    const late = await rate(r.trackingCode, { rating: 1 });
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, 'window_closed');
    assert.deepEqual((await t.call('GET', `${base}/ratings/track/${r.trackingCode}`)).body, { open: false, rating: 4, comment: null, until: null });
  });

  test('rate-limited per client, with the answers of "is it really fixed?"', async () => {
    const small = await startTestApp({ rateLimits: { ...TEST_RATE_LIMITS, resolutionAnswerPerClient: { max: 2, windowSeconds: 600 } } });
    try {
      const path = `/api/v1/${small.m.slug}/ratings/track/0000-0000-00`;
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await small.call('POST', path, { rating: 3 })).status);
      assert.deepEqual(codes, [404, 404, 429]);
    } finally {
      await small.close();
    }
  });
});

describe('the console', () => {
  test('settings: the threshold, the window and reopening per category', async () => {
    const patch = await t.call('PATCH', `${base}/admin/settings`, { reopenSupporters: 4, reopenWindowDays: 10 }, asAdmin);
    assert.ok(patch.status < 300, JSON.stringify(patch.body));
    const cat = await t.call('PATCH', `${base}/admin/categories/${t.m.categories.parking}`, { reopenAllowed: false }, asAdmin);
    assert.ok(cat.status < 300, JSON.stringify(cat.body));
    const settings = (await t.call('GET', `${base}/admin/settings`, undefined, asAdmin)).body;
    assert.equal(settings.municipality.reopenSupporters, 4);
    assert.equal(settings.municipality.reopenWindowDays, 10);
    assert.equal(settings.categories.find((c: { id: number }) => c.id === t.m.categories.parking).reopenAllowed, false);
    for (const body of [{ reopenSupporters: 0 }, { reopenWindowDays: 366 }, { reopenSupporters: 'due' }]) {
      assert.equal((await t.call('PATCH', `${base}/admin/settings`, body, asAdmin)).status, 400, JSON.stringify(body));
    }
    assert.equal((await t.call('PATCH', `${base}/admin/categories/${t.m.categories.parking}`, { reopenAllowed: 'no' }, asAdmin)).status, 400);
    await t.call('PATCH', `${base}/admin/settings`, { reopenSupporters: 2, reopenWindowDays: 30 }, asAdmin);
    await t.call('PATCH', `${base}/admin/categories/${t.m.categories.parking}`, { reopenAllowed: true }, asAdmin);
  });

  test('the queue filters reopened reports; statistics count reopenings and ratings per office and category', async () => {
    const reopened = await file({ categoryId: t.m.categories.potholes });
    const other = await file({ categoryId: t.m.categories.potholes });
    for (const r of [reopened, other]) await setStatus(r.reference, 'resolved');
    const answer = await t.call('POST', `${base}/resolution-checks/track/${reopened.trackingCode}`, { answer: 'not_fixed' });
    assert.equal(answer.body.reopened, true);
    await rate(other.trackingCode, { rating: 5 });

    const queue = await t.call('GET', `${base}/admin/reports?status=all&reopened=true`, undefined, asAdmin);
    assert.equal(queue.status, 200);
    const refs = queue.body.reports.map((r: { reference: string }) => r.reference);
    assert.ok(refs.includes(reopened.reference));
    assert.ok(!refs.includes(other.reference));
    const never = await t.call('GET', `${base}/admin/reports?status=all&reopened=false`, undefined, asAdmin);
    assert.ok(!never.body.reports.some((r: { reference: string }) => r.reference === reopened.reference));
    assert.equal((await t.call('GET', `${base}/admin/reports?reopened=yes`, undefined, asAdmin)).status, 400);

    const stats = (await t.call('GET', `${base}/admin/stats`, undefined, asAdmin)).body;
    assert.ok(stats.reopenings.total >= 1);
    const potholes = stats.reopenings.byCategory.find((c: { categoryId: number }) => c.categoryId === t.m.categories.potholes);
    assert.equal(potholes.count, 1);
    assert.equal(stats.reopenings.byDepartment.find((d: { departmentId: number }) => d.departmentId === t.m.departments.roads).count, stats.reopenings.total);
    assert.equal(stats.ratings.distribution.length, 5);
    assert.equal(stats.ratings.count, stats.ratings.distribution.reduce((n: number, d: { count: number }) => n + d.count, 0));
    const ratedPotholes = stats.ratings.byCategory.find((c: { categoryId: number }) => c.categoryId === t.m.categories.potholes);
    assert.deepEqual(ratedPotholes, { categoryId: t.m.categories.potholes, name: 'Strade e marciapiedi', count: 1, average: 5 });
    // Counts only: no comment and no report in the statistics.
    assert.ok(!JSON.stringify(stats).includes('Commento-privato-xyz'));
  });
});
