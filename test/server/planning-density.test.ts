import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testClient } from 'hono/testing';
import { quantileClasses } from '../../server/services/planning/density.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 14 §1: the planning view's density map. Run with DATABASE_URL set for PostgreSQL too.

let t: TestApp;
let admin: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;

/** The town at the console's default zoom (14): cells of level 16. */
const VIEW = { bbox: '10.19,43.975,10.26,44.02', zoom: 14 };
const LEVEL = 16;
const HERE = { lat: 43.9953, lon: 10.2276 };
const THERE = { lat: 43.9801, lon: 10.2101 };

/** The cell a point falls in, computed here from the Web-Mercator definition (not the server's code). */
function cellOf(p: { lat: number; lon: number }, level = LEVEL) {
  const n = 2 ** level;
  const x = Math.floor(((p.lon + 180) / 360) * n);
  const phi = (p.lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
  return `${level}/${x}/${y}`;
}

const refs: Record<string, string> = {};

before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'a@t.example', name: 'A', role: 'admin', password: 'pw-densita-mappa' });
  await createStaffUser(t.db.sql, t.m.id, { email: 'c@t.example', name: 'C', role: 'staff', departmentIds: [t.m.departments.roads], password: 'pw-densita-mappa' });
  asAdmin = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email: 'a@t.example', password: 'pw-densita-mappa' })).body.token}` };
  asClerk = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email: 'c@t.example', password: 'pw-densita-mappa' })).body.token}` };

  const file = async (name: string, over: Record<string, unknown>) => {
    const res = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, over));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    refs[name] = res.body.reference;
    return res.body.reference as string;
  };
  // Here (Ufficio Tecnico): two open lighting reports, one resolved, one not yet published.
  await file('open1', { location: HERE });
  await file('open2', { location: HERE });
  const resolved = await file('resolved', { location: HERE });
  await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() WHERE reference = ${resolved}`;
  const unpublished = await file('unpublished', { location: HERE, categoryId: t.m.categories.potholes });
  await t.db.sql`UPDATE report SET published = false WHERE reference = ${unpublished}`;
  // Not counted: a hidden report, and a duplicate merged into the first one (the fault counts once).
  const hidden = await file('hidden', { location: HERE });
  await t.db.sql`UPDATE report SET status = 'hidden', status_before_hidden = 'submitted', published = false WHERE reference = ${hidden}`;
  const duplicate = await file('duplicate', { location: HERE });
  await t.db.sql`
    UPDATE report SET status = 'duplicate', closed_at = now(),
      duplicate_of = (SELECT id FROM report WHERE reference = ${refs.open1})
    WHERE reference = ${duplicate}`;
  // Two years ago, here: outside the default period (the last 12 months).
  const old = await file('old', { location: HERE, categoryId: t.m.categories.potholes });
  await t.db.sql`UPDATE report SET created_at = now() - interval '2 years' WHERE reference = ${old}`;
  // There (Polizia Municipale): one parking report; and one filed by street only, on no map.
  await file('there', { location: THERE, categoryId: t.m.categories.parking, streetId: t.m.streets.aurelia });
  await file('unlocated', { location: undefined, categoryId: t.m.categories.parking, streetId: t.m.streets.aurelia });
});
after(() => t.close());

const params = (q: Record<string, string | number>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]));
const density = (query: Record<string, string | number>, as = asAdmin) =>
  t.call('GET', `${admin}/planning/density?${params({ ...VIEW, ...query })}`, undefined, as);
const counts = (body: { cells: { id: string; count: number }[] }) => Object.fromEntries(body.cells.map((c) => [c.id, c.count]));
const cellReports = (query: Record<string, string | number>, as = asAdmin) =>
  t.call('GET', `${admin}/planning/density/reports?${params(query)}`, undefined, as);

describe('GET /admin/planning/density', () => {
  test('counts each cell\'s reports of the last 12 months, published or not; hidden and merged duplicates left out', async () => {
    const res = await density({});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const d = res.body;
    assert.equal(d.level, LEVEL);
    assert.equal(d.zoom, 14);
    assert.deepEqual(counts(d), { [cellOf(HERE)]: 4, [cellOf(THERE)]: 1 });
    assert.equal(d.total, 5);
    assert.equal(d.unlocated, 1, 'the report filed by street only is counted apart');
    assert.equal(d.cells[0].id, cellOf(HERE), 'busiest first');
    // The cell's bounds hold its reports.
    const [w, s, e, n] = d.cells[0].bbox;
    assert.ok(w <= HERE.lon && HERE.lon <= e && s <= HERE.lat && HERE.lat <= n);
    assert.equal(d.cells[0].street, 'Via Alcide De Gasperi');
    // The legend is the server's: quantiles of the cells' counts, each cell in its class.
    assert.equal(d.classMethod, 'quantiles');
    assert.deepEqual(d.classes, [{ min: 1, max: 1 }, { min: 2, max: 4 }]);
    assert.deepEqual(d.cells.map((c: { class: number }) => c.class), [1, 0]);
  });

  test('the filters change the counts: status, category, office, period', async () => {
    assert.deepEqual(counts((await density({ status: 'open' })).body), { [cellOf(HERE)]: 3, [cellOf(THERE)]: 1 });
    assert.deepEqual(counts((await density({ status: 'closed' })).body), { [cellOf(HERE)]: 1 });
    assert.deepEqual(counts((await density({ categoryId: t.m.categories.potholes })).body), { [cellOf(HERE)]: 1 });
    const police = (await density({ departmentId: t.m.departments.police })).body;
    assert.deepEqual(counts(police), { [cellOf(THERE)]: 1 });
    assert.equal(police.unlocated, 1);
    const threeYears = new Date(Date.now() - 3 * 365 * 86_400_000).toISOString().slice(0, 10);
    assert.deepEqual(counts((await density({ from: threeYears })).body), { [cellOf(HERE)]: 5, [cellOf(THERE)]: 1 });
    const longAgo = (await density({ from: '2020-01-01', to: '2020-12-31' })).body;
    assert.deepEqual([longAgo.cells, longAgo.classes, longAgo.total, longAgo.unlocated], [[], [], 0, 0]);
  });

  test('a view elsewhere holds none of them; a zoomed-in view has finer cells', async () => {
    assert.deepEqual((await density({ bbox: '9.0,45.0,9.05,45.02' })).body.cells, []);
    const fine = (await density({ bbox: '10.225,43.994,10.23,43.997', zoom: 17 })).body;
    assert.equal(fine.level, 19);
    assert.deepEqual(counts(fine), { [cellOf(HERE, 19)]: 4 });
  });

  test("a clerk sees only the reports of their offices", async () => {
    const d = (await density({}, asClerk)).body;
    assert.deepEqual(counts(d), { [cellOf(HERE)]: 4 });
    assert.equal(d.unlocated, 0, "the police's report filed by street only is not the clerk's");
  });

  test('bad view or dates are a 400 naming the field; no session a 401', async () => {
    const fieldOf = async (query: Record<string, string | number>) => {
      const res = await density(query);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      return res.body.error.details.fields.map((f: { field: string }) => f.field);
    };
    assert.deepEqual(await fieldOf({ bbox: '10.19,43.975,10.26' }), ['bbox']);
    assert.deepEqual(await fieldOf({ bbox: '10.26,43.975,10.19,44.02' }), ['bbox']);
    assert.deepEqual(await fieldOf({ bbox: '-180,-85,180,85', zoom: 16 }), ['bbox']);
    assert.deepEqual(await fieldOf({ zoom: 23 }), ['zoom']);
    assert.deepEqual(await fieldOf({ zoom: 'vicino' }), ['zoom']);
    assert.deepEqual(await fieldOf({ from: '2026-02-31' }), ['from']);
    // Not a date at all: one refusal naming the field, not a 500 from the calendar check (CI's fuzz found `to=0`).
    assert.deepEqual(await fieldOf({ to: '0' }), ['to']);
    assert.deepEqual(await fieldOf({ from: '2026-05-01', to: '2026-04-01' }), ['from']);
    assert.deepEqual(await fieldOf({ status: 'hidden' }), ['status']);
    assert.deepEqual(await fieldOf({ categoryId: 'strade' }), ['categoryId']);
    const missing = await t.call('GET', `${admin}/planning/density?zoom=14`, undefined, asAdmin);
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.error.details.fields.map((f: { field: string }) => f.field), ['bbox']);
    assert.equal((await t.call('GET', `${admin}/planning/density?bbox=${VIEW.bbox}&zoom=14`)).status, 401);
  });
});

describe('GET /admin/planning/density/reports', () => {
  test("a cell's reports, newest first, as the density counted them", async () => {
    const res = await cellReports({ cell: cellOf(HERE) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.total, 4);
    assert.deepEqual(new Set(res.body.reports.map((r: { reference: string }) => r.reference)), new Set([refs.open1, refs.open2, refs.resolved, refs.unpublished]));
    const times = res.body.reports.map((r: { createdAt: string }) => r.createdAt);
    assert.deepEqual(times, [...times].sort().reverse());
    const unpublished = res.body.reports.find((r: { reference: string }) => r.reference === refs.unpublished);
    assert.deepEqual(
      { ...unpublished, createdAt: typeof unpublished.createdAt },
      {
        reference: refs.unpublished,
        title: 'Lampione spento',
        status: 'submitted',
        categoryId: t.m.categories.potholes,
        street: 'Via Alcide De Gasperi',
        civic: '3',
        published: false,
        createdAt: 'string',
        supportCount: 0,
      },
    );
    assert.ok(!JSON.stringify(res.body).includes('Maria Rossi'), 'no contact data in the planning list');
    assert.equal(res.body.nextCursor, null);
  });

  test('the filters apply to the list, and it pages with a cursor', async () => {
    const open = (await cellReports({ cell: cellOf(HERE), status: 'open' })).body;
    assert.equal(open.total, 3);
    const first = (await cellReports({ cell: cellOf(HERE), limit: 3 })).body;
    assert.equal(first.reports.length, 3);
    assert.ok(first.nextCursor);
    const second = (await cellReports({ cell: cellOf(HERE), limit: 3, cursor: first.nextCursor })).body;
    assert.equal(second.reports.length, 1);
    assert.equal(second.nextCursor, null);
    const all = [...first.reports, ...second.reports].map((r: { reference: string }) => r.reference);
    assert.equal(new Set(all).size, 4);
  });

  test("a clerk gets only their offices' reports of a cell", async () => {
    const res = await cellReports({ cell: cellOf(THERE) }, asClerk);
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.total, res.body.reports], [0, []]);
  });

  test('a made-up cell or cursor is a 400 naming the field; no session a 401', async () => {
    for (const cell of ['16/34630', 'tutta', '25/1/1', '2/4/0', '']) {
      const res = await cellReports({ cell });
      assert.equal(res.status, 400, cell);
      assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['cell'], cell);
    }
    const cursor = await cellReports({ cell: cellOf(HERE), cursor: 'bm9uIMOoIHVuIGN1cnNvcmU' });
    assert.deepEqual(cursor.body.error.details.fields.map((f: { field: string }) => f.field), ['cursor']);
    const limit = await cellReports({ cell: cellOf(HERE), limit: 1000 });
    assert.deepEqual(limit.body.error.details.fields.map((f: { field: string }) => f.field), ['limit']);
    assert.equal((await t.call('GET', `${admin}/planning/density/reports?cell=${cellOf(HERE)}`)).status, 401);
  });
});

test('the typed client (as the console) reads both answers off the routes', async () => {
  const planning = testClient(t.app).api.v1[':municipality'].admin.planning;
  const param = { municipality: t.m.slug };
  const res = await planning.density.$get({ param, query: { ...VIEW, zoom: String(VIEW.zoom), status: 'open' } }, { headers: asAdmin });
  assert.equal(res.status, 200);
  const d = await res.json();
  const cell: string = d.cells[0].id;
  const page = await (await planning.density.reports.$get({ param, query: { cell, status: 'open' } }, { headers: asAdmin })).json();
  assert.equal(page.total, d.cells[0].count);
  assert.equal(page.reports.length, page.total);
});

test('quantile classes: equal shares of cells, equal counts in one class', () => {
  assert.deepEqual(quantileClasses([]), []);
  assert.deepEqual(quantileClasses([1, 1, 1]), [{ min: 1, max: 1 }]);
  assert.deepEqual(quantileClasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [
    { min: 1, max: 2 },
    { min: 3, max: 4 },
    { min: 5, max: 6 },
    { min: 7, max: 8 },
    { min: 9, max: 10 },
  ]);
  assert.deepEqual(quantileClasses([1, 1, 1, 1, 1, 1, 1, 2, 50, 300]), [
    { min: 1, max: 1 },
    { min: 2, max: 2 },
    { min: 3, max: 300 },
  ]);
});
