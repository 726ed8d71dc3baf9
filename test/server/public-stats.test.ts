import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDataScope } from '../../server/services/open-data/selection.ts';
import { publicStatistics } from '../../server/services/public-stats.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

// Issue 14 §3: the public statistics, what the open dataset tells added up. A known set of reports
// with known times; hidden reports and merged duplicates left out; months counted in Rome's calendar.
let t: TestApp;
let pub: string;
const ref: Record<string, string> = {};
let months: { previous: string; current: string; old: string };

/** `hours` after `base` (an SQL timestamptz expression's value), as an ISO instant. */
const plus = (base: Date, hours: number) => new Date(base.getTime() + hours * 3_600_000).toISOString();

before(async () => {
  // Reports are not published on arrival: an unpublished one is counted, its words are never told.
  t = await startTestApp({ publishOnArrival: false });
  pub = `/api/v1/${t.m.slug}`;
  const { lighting, potholes, parking } = t.m.categories;
  const { gasperi, aurelia, piazza } = t.m.streets;
  const file = async (key: string, over: Record<string, unknown>) => {
    const res = await t.call('POST', `${pub}/reports`, reportBody(t.m, { title: `Titolo segreto ${key}`, details: `Testo del cittadino ${key}`, ...over }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ref[key] = res.body.reference;
  };
  // This month's first instant in Rome (in UTC the day before), the month before, 13 months ago.
  const [m] = await t.db.sql<{ current: Date; previous: Date; old: Date }[]>`
    SELECT date_trunc('month', now() AT TIME ZONE 'Europe/Rome') AT TIME ZONE 'Europe/Rome' AS current,
           (date_trunc('month', now() AT TIME ZONE 'Europe/Rome') - interval '1 month') AT TIME ZONE 'Europe/Rome' AS previous,
           (date_trunc('month', now() AT TIME ZONE 'Europe/Rome') - interval '13 months') AT TIME ZONE 'Europe/Rome' AS old`;
  const month = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit' }).format(d);
  months = { current: month(m.current), previous: month(m.previous), old: month(m.old) };

  await file('r1', { categoryId: lighting, streetId: gasperi });
  await file('r2', { categoryId: lighting, streetId: gasperi });
  await file('r3', { categoryId: potholes, streetId: aurelia });
  await file('r4', { categoryId: lighting, streetId: aurelia });
  await file('r5', { categoryId: potholes, streetId: gasperi });
  await file('r6', { categoryId: lighting, streetId: gasperi });
  await file('r7', { categoryId: parking, streetId: undefined, location: { lat: 43.99, lon: 10.23 } });
  await file('r8', { categoryId: lighting, streetId: piazza });
  const set = async (key: string, created: string, accepted: string | null, closed: string | null, status: string) => {
    await t.db.sql`
      UPDATE report SET created_at = ${created}, accepted_at = ${accepted}, closed_at = ${closed}, status = ${status},
        published = ${status !== 'submitted' && status !== 'hidden'}
      WHERE reference = ${ref[key]}`;
  };
  const day = 24;
  // Last month: two lights resolved in 3 and 5 days (taken in charge in 2 and 4 hours), a pothole in progress.
  await set('r1', plus(m.previous, day), plus(m.previous, day + 2), plus(m.previous, day + 72), 'resolved');
  await set('r2', plus(m.previous, 2 * day), plus(m.previous, 2 * day + 4), plus(m.previous, 2 * day + 120), 'resolved');
  await set('r3', plus(m.previous, 3 * day), plus(m.previous, 3 * day + 30), null, 'in_progress');
  // Half an hour into this month in Rome, still last month in UTC: this month's.
  await set('r4', plus(m.current, 0.5), null, null, 'submitted');
  // Hidden (moderation) and merged into r1: left out.
  await set('r5', plus(m.previous, 4 * day), plus(m.previous, 4 * day + 1), null, 'hidden');
  await set('r6', plus(m.previous, 5 * day), plus(m.previous, 5 * day + 1), plus(m.previous, 5 * day + 1), 'duplicate');
  await t.db.sql`UPDATE report SET duplicate_of = (SELECT id FROM report WHERE reference = ${ref.r1}) WHERE reference = ${ref.r6}`;
  // Half an hour before this month in Rome: last month's, without a street.
  await set('r7', plus(m.current, -0.5), null, null, 'submitted');
  // Thirteen months ago: only in a 24-month period.
  await set('r8', plus(m.old, day), plus(m.old, day + 10), plus(m.old, day + 48), 'resolved');
  await t.db.sql`UPDATE municipality SET open_data = true WHERE id = ${t.m.id}`;
});
after(() => t.close());

const stats = (query = '') => t.call('GET', `${pub}/stats${query}`);

describe('GET /stats', () => {
  test('by category: filed and resolved in the period, open now, median times; hidden and merged duplicates left out', async () => {
    const res = await stats();
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { lighting, potholes, parking } = t.m.categories;
    assert.equal(res.body.months, 12);
    assert.equal(res.body.to, months.current);
    assert.deepEqual(res.body.totals, { created: 5, resolved: 2, open: 3 });
    assert.deepEqual(res.body.medians, { hoursToAccept: 4, hoursToResolve: 72 });
    const byId = Object.fromEntries(res.body.byCategory.map((c: { categoryId: number }) => [c.categoryId, c]));
    assert.deepEqual(byId[lighting], { categoryId: lighting, name: 'Illuminazione pubblica', created: 3, resolved: 2, open: 1, hoursToAccept: 2, hoursToResolve: 72 });
    assert.deepEqual(byId[potholes], { categoryId: potholes, name: 'Strade e marciapiedi', created: 1, resolved: 0, open: 1, hoursToAccept: 30, hoursToResolve: null });
    assert.deepEqual(byId[parking], { categoryId: parking, name: 'Sosta irregolare', created: 1, resolved: 0, open: 1, hoursToAccept: null, hoursToResolve: null });
    assert.equal(res.body.byCategory.length, 3);
    assert.equal((await t.call('GET', `${pub}/config`)).body.publicStats, true, 'the widget offers its statistics tab');
  });

  test('the months in the calendar of Rome, every one of the period, zeros included', async () => {
    const { body } = await stats();
    assert.equal(body.monthly.length, 12);
    assert.equal(body.monthly[11].month, months.current);
    assert.equal(body.monthly[0].month, body.from);
    assert.deepEqual(body.monthly[11], { month: months.current, created: 1, resolved: 0 });
    assert.deepEqual(body.monthly[10], { month: months.previous, created: 4, resolved: 2 });
    assert.equal(body.monthly.slice(0, 10).reduce((n: number, m: { created: number }) => n + m.created, 0), 0);
  });

  test('the streets with most reports in the period, with those open now', async () => {
    const { body } = await stats();
    assert.deepEqual(body.topStreets, [
      { streetId: t.m.streets.gasperi, name: 'Via Alcide De Gasperi', reports: 2, open: 0 },
      { streetId: t.m.streets.aurelia, name: 'Via Aurelia', reports: 2, open: 2 },
    ]);
  });

  test('months=24 reaches the report of 13 months ago', async () => {
    const { status, body } = await stats('?months=24');
    assert.equal(status, 200);
    assert.equal(body.monthly.length, 24);
    assert.deepEqual(body.monthly.find((m: { month: string }) => m.month === months.old), { month: months.old, created: 1, resolved: 1 });
    assert.deepEqual(body.totals, { created: 6, resolved: 3, open: 3 });
    assert.equal(body.topStreets.find((s: { streetId: number }) => s.streetId === t.m.streets.piazza)?.reports, 1);
  });

  test('no words of any report and no contact data, published or not; CORS and caching as the other public reads', async () => {
    const res = await stats();
    const text = JSON.stringify(res.body);
    const contact = reportBody(t.m).contact;
    for (const secret of ['Titolo segreto', 'Testo del cittadino', contact.name, contact.email, contact.phone, ...Object.values(ref)]) {
      assert.ok(!text.includes(secret), `the statistics carry “${secret}”`);
    }
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal(res.headers.get('Cache-Control'), 'public, max-age=300');
  });

  test('the same numbers as the open dataset: by category, counted from its selection directly', async () => {
    const { body } = await stats();
    const rows = await t.db.sql<{ categoryId: number; created: number; open: number }[]>`
      SELECT r.category_id AS "categoryId",
        count(*) FILTER (WHERE r.created_at >= (${body.from + '-01'}::date)::timestamp AT TIME ZONE 'Europe/Rome')::int AS created,
        count(*) FILTER (WHERE r.status IN ('submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen'))::int AS open
      FROM report r WHERE ${openDataScope(t.db.sql, t.m.id)} GROUP BY 1 ORDER BY 1`;
    const served = body.byCategory
      .map((c: { categoryId: number; created: number; open: number }) => ({ categoryId: c.categoryId, created: c.created, open: c.open }))
      .sort((a: { categoryId: number }, b: { categoryId: number }) => a.categoryId - b.categoryId);
    assert.deepEqual(served, rows.filter((r) => r.created || r.open).map((r) => ({ ...r })));
  });

  test('the summary follows the reports as they change: reopened, moved to another category, hidden, restored', async () => {
    const { lighting, potholes } = t.m.categories;
    const byCategory = async () =>
      Object.fromEntries((await publicStatistics(t.db.sql, t.m.id, 24)).byCategory.map((c) => [c.categoryId, [c.created, c.resolved, c.open]]));
    assert.deepEqual((await byCategory())[lighting], [4, 3, 1]);
    // Reopened: no longer resolved. Then moved to the potholes and hidden: gone.
    await t.db.sql`UPDATE report SET status = 'accepted', closed_at = NULL WHERE reference = ${ref.r2}`;
    assert.deepEqual((await byCategory())[lighting], [4, 2, 2]);
    await t.db.sql`UPDATE report SET category_id = ${potholes} WHERE reference = ${ref.r2}`;
    assert.deepEqual((await byCategory())[lighting], [3, 2, 1]);
    assert.deepEqual((await byCategory())[potholes], [2, 0, 2]);
    await t.db.sql`UPDATE report SET status = 'hidden' WHERE reference = ${ref.r2}`;
    assert.deepEqual((await byCategory())[potholes], [1, 0, 1]);
    // Unhidden again, then resolved, as it was.
    await t.db.sql`UPDATE report SET status = 'resolved', category_id = ${lighting}, closed_at = accepted_at + interval '116 hours' WHERE reference = ${ref.r2}`;
    assert.deepEqual((await byCategory())[lighting], [4, 3, 1]);
    const [{ rows }] = await t.db.sql<{ rows: number }[]>`SELECT count(*)::int AS rows FROM report_month_tally WHERE municipality_id = ${t.m.id} AND count < 0`;
    assert.equal(rows, 0);
  });

  test('a bad period is a 400 naming the field', async () => {
    for (const q of ['?months=0', '?months=25', '?months=dodici', '?months=1.5']) {
      const res = await stats(q);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.details.fields[0].field, 'months', q);
    }
  });

  test('404 open_data_off where the municipality does not publish open data', async () => {
    await t.db.sql`UPDATE municipality SET open_data = false WHERE id = ${t.m.id}`;
    try {
      const res = await stats();
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'open_data_off');
      assert.match(res.body.error.message, /does not publish open data/);
      assert.equal((await t.call('GET', `${pub}/config`)).body.publicStats, false, 'the widget offers no statistics tab');
    } finally {
      await t.db.sql`UPDATE municipality SET open_data = true WHERE id = ${t.m.id}`;
    }
  });
});
