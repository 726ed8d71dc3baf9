import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dueAt } from '../../server/domain/promise.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { staffSession } from './helpers/staff-login.ts';

// Issue 14 §1, offices: deadlines kept per office and category, month by month (Rome calendar),
// and the open reports by age. The test municipality's categories: 2 days to accept, 20 to resolve.

let t: TestApp;
let pub: string;
let admin: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;

before(async () => {
  t = await startTestApp();
  pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  asAdmin = await staffSession(t, 'sindaco@testville.example', 'admin', []);
  asClerk = await staffSession(t, 'tecnico@testville.example', 'staff', [t.m.departments.roads]);
});
after(() => t.close());

const file = async (over: Record<string, unknown> = {}) => {
  const res = await t.call('POST', `${pub}/reports`, reportBody(t.m, over));
  assert.equal(res.status, 201);
  return res.body.reference as string;
};
const version = async (ref: string) => (await t.call('GET', `${admin}/reports/${ref}`, undefined, asAdmin)).body.version as number;

/** Moves a report's dates into the past, as if it had lived then (the summary's triggers follow). */
async function lived(ref: string, s: { filed: string; accepted?: string; closed?: string; status?: string }) {
  await t.db.sql`
    UPDATE report SET created_at = ${s.filed}::timestamptz, accepted_at = ${s.accepted ?? null}::timestamptz,
      closed_at = ${s.closed ?? null}::timestamptz, status = coalesce(${s.status ?? null}::text, status)
    WHERE municipality_id = ${t.m.id} AND reference = ${ref}`;
}

const get = async (path: string, headers = asAdmin) => t.call('GET', `${admin}/planning/${path}`, undefined, headers);

interface Tally { onTime: number; late: number; pending: number; share: number | null }
interface Month { month: string; filed: number; accept: Tally; resolve: Tally; rejected: number }
interface Office { departmentId: number; name: string; months: Month[]; total: Omit<Month, 'month'>; trend: { accept: number | null; resolve: number | null }; categories: { categoryId: number; months: Month[] }[] }

describe('offices: deadlines kept month by month', () => {
  before(async () => {
    const lighting = t.m.categories.lighting;
    // 31 Jan 23:30 UTC is already 1 February in Rome: a February report. Due to be taken in charge
    // by the end of 3 Feb, resolved by the end of 21 Feb (Rome): both done on the last evening.
    await lived(await file({ categoryId: lighting }), { filed: '2026-01-31T23:30:00Z', accepted: '2026-02-03T22:30:00Z', closed: '2026-02-21T22:59:00Z', status: 'resolved' });
    // 31 Jan 22:30 UTC is 23:30 on 31 January in Rome: January. Taken in charge 30 minutes into its
    // third day (3 Feb, 00:30 Rome), resolved on its 21st: both late.
    await lived(await file({ categoryId: lighting }), { filed: '2026-01-31T22:30:00Z', accepted: '2026-02-02T23:30:00Z', closed: '2026-02-20T23:30:00Z', status: 'resolved' });
    // February: taken in charge in time, still open long after its date: late to resolve.
    await lived(await file({ categoryId: lighting }), { filed: '2026-02-10T10:00:00Z', accepted: '2026-02-11T10:00:00Z', status: 'in_progress' });
    // February: rejected in time; not a fault to fix, left out of the resolved share.
    await lived(await file({ categoryId: lighting }), { filed: '2026-02-12T10:00:00Z', accepted: '2026-02-12T12:00:00Z', closed: '2026-02-12T12:00:00Z', status: 'rejected' });
    // March: never taken in charge: late on both.
    await lived(await file({ categoryId: lighting }), { filed: '2026-03-05T10:00:00Z' });
    // November 2025 (for the trend): taken in charge late, still open.
    await lived(await file({ categoryId: lighting }), { filed: '2025-11-05T10:00:00Z', accepted: '2025-11-20T10:00:00Z', status: 'accepted' });
    // Hidden, and merged into another: left out wherever they were filed.
    const hidden = await file({ categoryId: lighting });
    const h = await t.call('POST', `${admin}/reports/${hidden}/status`, { status: 'hidden', message: 'Contiene una targa', version: await version(hidden) }, asAdmin);
    assert.equal(h.status, 200);
    await lived(hidden, { filed: '2026-02-15T10:00:00Z' });
    const target = await file({ categoryId: t.m.categories.parking });
    const dup = await file({ categoryId: lighting });
    const m = await t.call('POST', `${admin}/reports/${dup}/merge`, { into: target, version: await version(dup) }, asAdmin);
    assert.equal(m.status, 200);
    await lived(dup, { filed: '2026-02-16T10:00:00Z' });
    // Today, in the police office: not yet due, pending on both (and the merge target, the same).
    await file({ categoryId: t.m.categories.parking });
  });

  const roads = (offices: Office[]) => offices.find((o) => o.departmentId === t.m.departments.roads)!;

  test('taken in charge and resolved on time, late, across the month boundary in Rome time; hidden and merged left out', async () => {
    const res = await get('offices?from=2026-01-01&to=2026-03-31');
    assert.equal(res.status, 200);
    assert.equal(res.body.from, '2026-01-01');
    const office = roads(res.body.offices);
    assert.equal(office.name, 'Ufficio Tecnico');
    const [jan, feb, mar] = office.months;
    assert.deepEqual(office.months.map((m) => m.month), ['2026-01', '2026-02', '2026-03']);
    assert.deepEqual(jan, { month: '2026-01', filed: 1, accept: { onTime: 0, late: 1, pending: 0, share: 0 }, resolve: { onTime: 0, late: 1, pending: 0, share: 0 }, rejected: 0 });
    assert.deepEqual(feb, { month: '2026-02', filed: 3, accept: { onTime: 3, late: 0, pending: 0, share: 100 }, resolve: { onTime: 1, late: 1, pending: 0, share: 50 }, rejected: 1 });
    assert.deepEqual(mar, { month: '2026-03', filed: 1, accept: { onTime: 0, late: 1, pending: 0, share: 0 }, resolve: { onTime: 0, late: 1, pending: 0, share: 0 }, rejected: 0 });
    assert.equal(office.total.filed, 5);
    assert.equal(office.total.accept.share, 60);
    assert.deepEqual(office.categories.map((c) => c.categoryId), [t.m.categories.lighting]);
    assert.equal(res.body.offices.length, 1, 'the police office filed nothing in the period');
  });

  test('open reports not yet due are pending, not late; closed filter leaves them out', async () => {
    const res = await get(`offices?categoryId=${t.m.categories.parking}`);
    assert.equal(res.status, 200);
    const [police] = res.body.offices as Office[];
    assert.equal(police.departmentId, t.m.departments.police);
    assert.equal(police.months.length, 13, 'the default period: the last 12 months, 13 calendar months');
    assert.deepEqual(police.total.accept, { onTime: 0, late: 0, pending: 2, share: null });
    assert.deepEqual(police.total.resolve, { onTime: 0, late: 0, pending: 2, share: null });
    const closed = await get(`offices?categoryId=${t.m.categories.parking}&status=closed`);
    assert.deepEqual(closed.body.offices, []);
  });

  test('the trend: the last three months against the three before, in percentage points', async () => {
    const res = await get('offices?from=2025-10-01&to=2026-03-31');
    const office = roads(res.body.offices);
    // Jan–Mar: 3 of 5 taken in charge on time (60 %), Oct–Dec: 0 of 1. Resolved: 1 of 4 against 0 of 1.
    assert.deepEqual(office.trend, { accept: 60, resolve: 25 });
    const short = roads((await get('offices?from=2026-01-01&to=2026-03-31')).body.offices);
    assert.deepEqual(short.trend, { accept: null, resolve: null }, 'fewer than six months: no trend');
  });

  test('new target days judge the category’s past reports again, and resolving a report counts at once', async () => {
    const lighting = t.m.categories.lighting;
    const patch = (daysToResolve: number) => t.call('PATCH', `${admin}/categories/${lighting}`, { daysToResolve }, asAdmin);
    assert.equal((await patch(60)).status, 204);
    try {
      const [jan] = roads((await get('offices?from=2026-01-01&to=2026-03-31')).body.offices).months;
      assert.deepEqual(jan.resolve, { onTime: 1, late: 0, pending: 0, share: 100 }, 'resolved on its 21st day: within 60');
    } finally {
      assert.equal((await patch(20)).status, 204);
    }
    const [jan] = roads((await get('offices?from=2026-01-01&to=2026-03-31')).body.offices).months;
    assert.equal(jan.resolve.share, 0);
    // Filed today, resolved through the console today: on time, in this month's row.
    const today = await file({ categoryId: lighting });
    const res = await t.call('POST', `${admin}/reports/${today}/status`, { status: 'resolved', message: 'Sostituita la lampada.', version: await version(today) }, asAdmin);
    assert.equal(res.status, 200);
    const now = roads((await get(`offices?categoryId=${lighting}`)).body.offices);
    const month = now.months.at(-1)!;
    assert.equal(month.filed, 1);
    assert.deepEqual(month.accept, { onTime: 1, late: 0, pending: 0, share: 100 });
    assert.deepEqual(month.resolve, { onTime: 1, late: 0, pending: 0, share: 100 });
  });

  test('a clerk sees only the offices they work in', async () => {
    const res = await get('offices', asClerk);
    assert.equal(res.status, 200);
    assert.deepEqual((res.body.offices as Office[]).map((o) => o.departmentId), [t.m.departments.roads]);
    const backlog = await get('backlog', asClerk);
    assert.ok(backlog.body.offices.every((o: { departmentId: number }) => o.departmentId === t.m.departments.roads));
  });

  test('bad filters are a 400 naming the field; without a session, 401', async () => {
    for (const [q, field] of [['from=2026-02-31', 'from'], ['to=yesterday', 'to'], ['from=2026-03-01&to=2026-02-01', 'from'], ['status=bogus', 'status'], ['departmentId=x', 'departmentId']]) {
      const res = await get(`offices?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.details.fields[0].field, field, q);
    }
    assert.equal((await get('backlog?categoryId=0')).status, 400);
    assert.equal((await t.call('GET', `${admin}/planning/offices`)).status, 401);
    assert.equal((await t.call('GET', `${admin}/planning/backlog`)).status, 401);
  });
});

describe('the due-date rule in the summary', () => {
  test('promise_kept (migration 0020) agrees with dueAt to the millisecond, across summer time and waits', async () => {
    for (const filed of ['2026-01-31T23:30:00Z', '2026-03-27T23:30:00Z', '2026-10-24T22:30:00Z', '2026-06-15T09:00:00Z']) {
      for (const days of [1, 2, 20]) {
        for (const paused of [0, 5 * 3600 + 17]) {
          const due = dueAt(new Date(filed), days, paused * 1000);
          for (const [done, kept] of [[due, true], [new Date(due.getTime() + 1), false]] as const) {
            const [row] = await t.db.sql<{ kept: boolean }[]>`SELECT promise_kept(${done.toISOString()}::timestamptz, ${paused}::int, ${filed}::timestamptz, ${days}::int) AS kept`;
            assert.equal(row.kept, kept, `filed ${filed}, ${days} days, paused ${paused} s, done ${done.toISOString()}`);
          }
        }
      }
    }
  });
});

describe('backlog by age', () => {
  test('open reports counted by calendar days in Rome, at the bands’ edges; closed ones not', async () => {
    const potholes = t.m.categories.potholes;
    for (const days of [7, 8, 30, 31, 90, 91, 400]) {
      const ref = await file({ categoryId: potholes });
      // Noon in Rome, `days` calendar days before today.
      await t.db.sql`UPDATE report SET created_at = ((now() AT TIME ZONE 'Europe/Rome')::date - ${days}::int + time '12:00') AT TIME ZONE 'Europe/Rome'
        WHERE municipality_id = ${t.m.id} AND reference = ${ref}`;
    }
    await lived(await file({ categoryId: potholes }), { filed: '2026-01-10T10:00:00Z', accepted: '2026-01-10T11:00:00Z', closed: '2026-01-11T10:00:00Z', status: 'resolved' });
    const res = await get(`backlog?categoryId=${potholes}&from=2026-01-01`);
    assert.equal(res.status, 200, 'a period is ignored: the backlog is today’s');
    assert.match(res.body.asOf, /^\d{4}-\d{2}-\d{2}$/);
    const [office] = res.body.offices;
    assert.equal(office.departmentId, t.m.departments.roads);
    assert.deepEqual(office.bands, [1, 2, 2, 2]);
    assert.equal(office.total, 7);
    assert.deepEqual(office.categories, [{ categoryId: potholes, bands: [1, 2, 2, 2], total: 7 }]);
    const all = await get('backlog');
    const roads = all.body.offices.find((o: { departmentId: number }) => o.departmentId === t.m.departments.roads);
    // Plus the open lighting reports: March's and February's (>90 days) and November's.
    assert.deepEqual(roads.bands, [1, 2, 2, 5]);
  });
});
