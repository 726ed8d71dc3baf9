import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NEWEST_LOOKED_THROUGH } from '../../server/services/report-list.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

// A list by bbox is found either among the newest reports or in the view itself
// (services/report-list.ts). Whichever way, a citizen must get every report of the view, newest first,
// page after page. These views make both ways happen: a busy centre with more new reports than the
// server looks through, a quiet corner whose few reports are all older than those, and the whole
// town searched for a text only an old report has (looked for among the newest, then in the view).
let t: TestApp;
let base: string;
const centre = '10.200,43.970,10.260,44.020';
const corner = '10.160,43.945,10.170,43.955';
const town = '10.150,43.940,10.320,44.060';

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  // The quiet corner: three reports, filed first, one of them closed.
  for (const [i, title] of ['Panchina rotta', 'Cestino pieno', 'Tombino aperto'].entries()) {
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, { title, streetId: undefined, civic: undefined, location: { lat: 43.95 + i * 0.001, lon: 10.165 } }));
    assert.equal(res.status, 201);
  }
  await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() WHERE title = 'Cestino pieno'`;
  // The centre: more newer reports than the server looks through, a tenth of them closed, all
  // copies of one filed report, in a grid of points, a second apart.
  const filed = await t.call('POST', `${base}/reports`, reportBody(t.m, { title: 'Lampione spento in centro' }));
  assert.equal(filed.status, 201);
  await t.db.sql`
    INSERT INTO report (municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id, status,
                        published, title, details, street_id, civic, location, created_at)
    SELECT r.municipality_id, '2099-' || lpad(g::text, 6, '0'), decode(md5('centre' || g), 'hex'), r.tracking_salt, r.category_id, r.department_id,
           CASE WHEN g % 10 = 0 THEN 'resolved' ELSE 'accepted' END, true, r.title || ' ' || g, r.details, r.street_id, r.civic,
           point(10.226 + (g % 40) * 0.0002, 43.991 + (g / 40) * 0.0002), now() + g * interval '1 second'
    FROM report r, generate_series(1, ${NEWEST_LOOKED_THROUGH + 200}) g
    WHERE r.reference = ${filed.body.reference}`;
});

after(() => t.close());

/** Every matching report of a view, newest first, straight from the table. */
async function expected(bbox: string, statuses: string[]): Promise<string[]> {
  const [west, south, east, north] = bbox.split(',').map(Number);
  const rows = await t.db.sql<{ reference: string }[]>`
    SELECT reference FROM report
    WHERE municipality_id = ${t.m.id} AND published AND status IN ${t.db.sql(statuses)}
      AND location[0] BETWEEN ${west} AND ${east} AND location[1] BETWEEN ${south} AND ${north}
    ORDER BY created_at DESC, id DESC`;
  return rows.map((r) => r.reference);
}

/** Every page of a view's list, as a citizen scrolling it would fetch them. */
async function allPages(query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { reports: { reference: string }[]; nextCursor: string | null } } = await t.call(
      'GET',
      `${base}/reports?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(res.status, 200);
    assert.ok(res.body.reports.length <= limit);
    seen.push(...res.body.reports.map((r) => r.reference));
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

const OPEN = ['submitted', 'accepted', 'in_progress', 'scheduled'];

describe('GET /reports?bbox=: every report of the view, whichever way it is found', () => {
  test('the busy centre, page after page past the newest reports the server looks through', async () => {
    const want = await expected(centre, OPEN);
    assert.ok(want.length > NEWEST_LOOKED_THROUGH);
    assert.deepEqual(await allPages(`bbox=${centre}`, 100), want);
  });

  test('the quiet corner, whose reports are all older than the newest ones elsewhere', async () => {
    const first = await t.call('GET', `${base}/reports?bbox=${corner}`);
    assert.deepEqual(
      first.body.reports.map((r: { title: string }) => r.title),
      ['Tombino aperto', 'Panchina rotta'],
    );
    assert.equal(first.body.nextCursor, null);
    assert.deepEqual(await allPages(`bbox=${corner}&status=all`, 2), await expected(corner, [...OPEN, 'resolved', 'rejected', 'duplicate']));
  });

  test('the whole town: the centre first, the quiet corner last, nothing repeated or missed', async () => {
    const want = await expected(town, OPEN);
    const got = await allPages(`bbox=${town}`, 100);
    assert.deepEqual(got, want);
    assert.equal(new Set(got).size, got.length);
    assert.deepEqual(got.slice(-2), (await expected(corner, OPEN)));
  });

  test('a rarer status over the whole town: closed reports among many open ones', async () => {
    const want = await expected(town, ['resolved', 'rejected', 'duplicate']);
    assert.ok(want.length > 100);
    assert.deepEqual(await allPages(`bbox=${town}&status=closed`, 50), want);
  });

  test('each listed report reads as on its own page, whatever its text, street or place', async () => {
    // The list's reports are serialised by PostgreSQL, a report's page by the server: the same fields.
    const odd = await t.call('POST', `${base}/reports`, reportBody(t.m, {
      title: 'Buca "profonda" \\ a forma di ♥ 🚧 — perché?',
      streetId: t.m.streets.aurelia,
      civic: undefined,
      location: undefined,
    }));
    assert.equal(odd.status, 201);
    const lists = [
      (await t.call('GET', `${base}/reports?status=all&q=profonda`)).body.reports,
      (await t.call('GET', `${base}/reports?bbox=${corner}&status=all`)).body.reports,
      (await t.call('GET', `${base}/reports?bbox=${centre}&limit=3`)).body.reports,
    ];
    assert.equal(lists[0][0].title, 'Buca "profonda" \\ a forma di ♥ 🚧 — perché?');
    assert.equal(lists[0][0].location, null);
    assert.equal(lists[1][0].streetName, null);
    for (const listed of lists.flat()) {
      const page = (await t.call('GET', `${base}/reports/${listed.reference}`)).body;
      const summary = Object.fromEntries(Object.keys(listed).map((k) => [k, page[k]]));
      assert.deepEqual(listed, summary);
      assert.deepEqual(Object.keys(listed).sort(), ['categoryId', 'civic', 'createdAt', 'location', 'reference', 'status', 'streetId', 'streetName', 'supportCount', 'title']);
    }
  });

  test('filters with the bbox: a category and a text', async () => {
    const potholes = await t.call('GET', `${base}/reports?bbox=${town}&status=all&category=${t.m.categories.potholes}`);
    assert.deepEqual(potholes.body.reports, []);
    const text = await t.call('GET', `${base}/reports?bbox=${town}&q=${encodeURIComponent('tombino')}`);
    assert.deepEqual(text.body.reports.map((r: { title: string }) => r.title), ['Tombino aperto']);
  });
});
