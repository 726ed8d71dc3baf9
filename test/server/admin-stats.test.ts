import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

let t: TestApp;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;

/**
 * Known numbers: reports with set ages and times, so medians and percentiles can be checked by hand.
 */
before(async () => {
  t = await startTestApp();
  const admin = `/api/v1/${t.m.slug}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'a@t.example', name: 'A', role: 'admin', password: 'pw-statistiche' });
  await createStaffUser(t.db.sql, t.m.id, { email: 'c@t.example', name: 'C', role: 'staff', departmentIds: [t.m.departments.roads], password: 'pw-statistiche' });
  asAdmin = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email: 'a@t.example', password: 'pw-statistiche' })).body.token}` };
  asClerk = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email: 'c@t.example', password: 'pw-statistiche' })).body.token}` };

  const file = async (over: Record<string, unknown>) =>
    (await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, over))).body.reference as string;
  // Five lighting reports on Via Alcide De Gasperi (Ufficio Tecnico), resolved after 10, 20, 30, 40, 50 hours,
  // each taken in charge after 1, 2, 3, 4, 5 hours.
  for (let i = 1; i <= 5; i++) {
    const ref = await file({ categoryId: t.m.categories.lighting, streetId: t.m.streets.gasperi });
    await t.db.sql`
      UPDATE report SET status = 'resolved', created_at = now() - interval '3 days',
        accepted_at = now() - interval '3 days' + make_interval(hours => ${i}),
        closed_at = now() - interval '3 days' + make_interval(hours => ${i * 10})
      WHERE reference = ${ref}`;
  }
  // Two open parking reports on Via Aurelia (Polizia Municipale), one of them overdue (10 days, target 2).
  await file({ categoryId: t.m.categories.parking, streetId: t.m.streets.aurelia });
  const late = await file({ categoryId: t.m.categories.parking, streetId: t.m.streets.aurelia });
  await t.db.sql`UPDATE report SET created_at = now() - interval '10 days' WHERE reference = ${late}`;
  // One hidden report: moderation, not counted.
  const hidden = await file({ categoryId: t.m.categories.potholes });
  await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${hidden}`;
  // One report merged into the overdue one: the same fault, counted once (through that one).
  const merged = await file({ categoryId: t.m.categories.parking, streetId: t.m.streets.aurelia });
  await t.db.sql`
    UPDATE report SET status = 'duplicate', closed_at = now(), duplicate_of = (SELECT id FROM report WHERE reference = ${late})
    WHERE reference = ${merged}`;
});
after(() => t.close());

test('statistics match the known data', async () => {
  const res = await t.call('GET', `/api/v1/${t.m.slug}/admin/stats`, undefined, asAdmin);
  assert.equal(res.status, 200);
  const s = res.body;
  assert.equal(s.total, 7);
  assert.deepEqual(s.byStatus, [{ status: 'resolved', count: 5 }, { status: 'submitted', count: 2 }]);
  const police = s.byDepartment.find((d: { name: string }) => d.name === 'Polizia Municipale');
  assert.deepEqual({ total: police.total, open: police.open, overdue: police.overdue }, { total: 2, open: 2, overdue: 1 });
  assert.equal(s.byDepartment[0].name, 'Polizia Municipale', 'the most overdue office comes first');
  assert.deepEqual(s.byCategory.map((c: { name: string; total: number }) => [c.name, c.total]), [['Illuminazione pubblica', 5], ['Sosta irregolare', 2]]);
  assert.deepEqual(s.topStreets.map((st: { name: string; total: number }) => [st.name, st.total]), [['Via Alcide De Gasperi', 5], ['Via Aurelia', 2]]);
  assert.deepEqual(s.timeToAccept, { medianHours: 3, p90Hours: 4.6, count: 5 });
  assert.deepEqual(s.timeToResolve, { medianHours: 30, p90Hours: 46, count: 5 });
  assert.equal(s.monthly.length, 12);
  assert.equal(s.monthly.reduce((n: number, m: { created: number }) => n + m.created, 0), 7);
  assert.equal(s.monthly.reduce((n: number, m: { closed: number }) => n + m.closed, 0), 5, 'the five resolved; not the merged duplicate');
  assert.ok(!s.byStatus.some((b: { status: string }) => b.status === 'duplicate' || b.status === 'hidden'));
});

test('staff see the numbers of their own departments only', async () => {
  const s = (await t.call('GET', `/api/v1/${t.m.slug}/admin/stats`, undefined, asClerk)).body;
  assert.equal(s.total, 5);
  assert.deepEqual(s.byDepartment.map((d: { name: string }) => d.name), ['Ufficio Tecnico']);
});

test('bad filters are a 400; no session a 401', async () => {
  assert.equal((await t.call('GET', `/api/v1/${t.m.slug}/admin/stats?from=ieri`, undefined, asAdmin)).status, 400);
  assert.equal((await t.call('GET', `/api/v1/${t.m.slug}/admin/stats`)).status, 401);
});
