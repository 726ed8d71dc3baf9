import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { type CellTuple, choosePlaces } from '../../server/services/planning/recurrences.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 14 §1, recurring faults and every street (README "Planning: recurring faults" and
// "Planning: streets"), against the real app in both database modes.
let t: TestApp;
let planning: string;
let asAdmin: Record<string, string>;
let asRoads: Record<string, string>;
let asPolice: Record<string, string>;
const ref: Record<string, string> = {};

/** A point `east` and `north` metres from the cluster's corner, near the test municipality's centre. */
const BASE = { lat: 43.9953, lon: 10.2276 };
const at = (east: number, north: number) => ({
  lat: BASE.lat + north / 111_320,
  lon: BASE.lon + east / (111_320 * Math.cos((BASE.lat * Math.PI) / 180)),
});

before(async () => {
  t = await startTestApp({ publishOnArrival: true });
  const pub = `/api/v1/${t.m.slug}`;
  planning = `${pub}/admin/planning`;
  const login = async (email: string, role: 'admin' | 'staff', departmentIds: number[]) => {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds, password: 'segnala-test' });
    const { token } = (await t.call('POST', `${pub}/admin/login`, { email, password: 'segnala-test' })).body;
    return { Authorization: `Bearer ${token}` };
  };
  asAdmin = await login('sindaco@testville.example', 'admin', []);
  asRoads = await login('tecnico@testville.example', 'staff', [t.m.departments.roads]);
  asPolice = await login('vigile@testville.example', 'staff', [t.m.departments.police]);
  const file = async (key: string, over: Record<string, unknown>) => {
    const res = await t.call('POST', `${pub}/reports`, reportBody(t.m, over));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ref[key] = res.body.reference;
  };
  const { lighting, potholes, parking } = t.m.categories;
  const { gasperi, aurelia, piazza } = t.m.streets;
  // Three street lights out within 20 m of each other on Via Alcide De Gasperi: a recurring fault.
  await file('a', { categoryId: lighting, streetId: gasperi, location: at(0, 0), title: 'Lampione spento A' });
  await file('b', { categoryId: lighting, streetId: gasperi, location: at(12, 3), title: 'Lampione spento B' });
  await file('c', { categoryId: lighting, streetId: gasperi, location: at(4, 18), title: 'Lampione spento C' });
  // In the same spot but not counted: a hidden report, a duplicate merged into A, one filed two
  // years ago (outside the last 12 months), and a report of another category.
  await file('hidden', { categoryId: lighting, streetId: gasperi, location: at(5, 5) });
  await file('merged', { categoryId: lighting, streetId: gasperi, location: at(6, 6) });
  await file('old', { categoryId: lighting, streetId: gasperi, location: at(7, 7) });
  await file('parking', { categoryId: parking, streetId: gasperi, location: at(8, 8) });
  // The same category far away (600 m): not part of the place.
  await file('far', { categoryId: lighting, streetId: piazza, location: at(600, 0) });
  // Two potholes close together: fewer than three, no place.
  await file('hole1', { categoryId: potholes, streetId: piazza, location: at(300, 300) });
  await file('hole2', { categoryId: potholes, streetId: piazza, location: at(305, 300) });
  // Three potholes on Via Aurelia filed by street only (no position): a place of the street.
  for (const k of ['s1', 's2', 's3']) await file(k, { categoryId: potholes, streetId: aurelia, location: undefined, title: `Buca ${k}` });
  // One parking report on Via Aurelia filed 10 days ago: overdue (2 days to take it in charge).
  await file('late', { categoryId: parking, streetId: aurelia, location: at(-900, -900) });

  await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${ref.hidden}`;
  await t.db.sql`
    UPDATE report SET status = 'duplicate', closed_at = now(), duplicate_of = (SELECT id FROM report WHERE reference = ${ref.a})
    WHERE reference = ${ref.merged}`;
  await t.db.sql`UPDATE report SET created_at = now() - interval '2 years' WHERE reference = ${ref.old}`;
  await t.db.sql`UPDATE report SET created_at = now() - interval '10 days' WHERE reference = ${ref.late}`;
  // B resolved after 10 hours and reopened by its citizens ("is it really fixed?"): one more recurrence.
  await t.db.sql`
    UPDATE report SET status = 'resolved', created_at = now() - interval '3 days', closed_at = now() - interval '3 days' + interval '10 hours'
    WHERE reference = ${ref.b}`;
  await t.db.sql`
    INSERT INTO report_event (municipality_id, report_id, type, status, message, public)
    SELECT municipality_id, id, 'reopened', 'accepted', 'Riaperta: il guasto c''è ancora', true FROM report WHERE reference = ${ref.b}`;
  await t.db.sql`UPDATE report SET status = 'accepted', accepted_at = created_at + interval '1 hour', closed_at = NULL WHERE reference = ${ref.b}`;
  // C resolved after 30 hours; the far one after 50.
  await t.db.sql`
    UPDATE report SET status = 'resolved', created_at = now() - interval '4 days', closed_at = now() - interval '4 days' + interval '30 hours'
    WHERE reference = ${ref.c}`;
  await t.db.sql`
    UPDATE report SET status = 'resolved', created_at = now() - interval '5 days', closed_at = now() - interval '5 days' + interval '50 hours'
    WHERE reference = ${ref.far}`;
});
after(() => t.close());

const get = (path: string, headers: Record<string, string> = asAdmin) => t.call('GET', `${planning}/${path}`, undefined, headers);

type Place = { category: { id: number; name: string }; street: { id: number; name: string } | null; centre: { lat: number; lon: number } | null; count: number; reportCount: number; reopenings: number; firstAt: string; lastAt: string; reports: { reference: string; title: string; status: string; createdAt: string; reopenings: number }[] };

describe('GET /admin/planning/recurrences', () => {
  test('the place where street lights keep failing: three reports and one reopening, the hidden, the merged, the old and the far one left out', async () => {
    const res = await get('recurrences');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.minReports, 3);
    assert.equal(res.body.radius, 50);
    assert.equal(res.body.total, 2);
    assert.equal(res.body.truncated, false);
    const [first, second] = res.body.places as Place[];
    assert.equal(first.category.name, 'Illuminazione pubblica');
    assert.deepEqual(first.street, { id: t.m.streets.gasperi, name: 'Via Alcide De Gasperi' });
    assert.equal(first.count, 4, 'three reports and a reopening');
    assert.equal(first.reportCount, 3);
    assert.equal(first.reopenings, 1);
    assert.deepEqual(first.reports.map((r) => r.reference).sort(), [ref.a, ref.b, ref.c].sort());
    assert.equal(first.reports.find((r) => r.reference === ref.b)!.reopenings, 1);
    assert.ok(first.reports.every((r) => r.title.startsWith('Lampione spento') && r.status && r.createdAt));
    // The centre is the mean of the three positions, within a metre or so.
    assert.ok(Math.abs(first.centre!.lat - at(5, 7).lat) < 2e-5 && Math.abs(first.centre!.lon - at(5, 7).lon) < 2e-5, JSON.stringify(first.centre));
    // First: the earliest filing (C, four days ago); last: B's reopening today, after every filing.
    const filed = first.reports.map((r) => r.createdAt).sort();
    assert.equal(first.firstAt, filed[0]);
    assert.ok(first.lastAt > filed[filed.length - 1], `${first.lastAt} after ${filed.join(', ')}`);
    assert.ok(Date.now() - Date.parse(first.lastAt) < 60_000, 'the reopening, just now');
    // Filed by street only: the potholes of Via Aurelia, a place without a centre.
    assert.equal(second.category.name, 'Strade e marciapiedi');
    assert.deepEqual(second.street, { id: t.m.streets.aurelia, name: 'Via Aurelia' });
    assert.equal(second.centre, null);
    assert.equal(second.count, 3);
    assert.deepEqual(second.reports.map((r) => r.reference).sort(), [ref.s1, ref.s2, ref.s3].sort());
    // Nothing of a contact reaches the answer.
    assert.doesNotMatch(JSON.stringify(res.body), /maria|rossi|333/i);
  });

  test('N and M: four reports needed finds the lights (a reopening counts), five finds none; 10 m squares split them', async () => {
    assert.deepEqual((await get('recurrences?minReports=4')).body.places.map((p: Place) => p.count), [4]);
    assert.equal((await get('recurrences?minReports=5')).body.total, 0);
    assert.equal((await get('recurrences?radius=10&categoryId=' + t.m.categories.lighting)).body.total, 0);
    // Two potholes 5 m apart are a place when two are enough.
    const two = (await get(`recurrences?minReports=2&categoryId=${t.m.categories.potholes}`)).body.places as Place[];
    assert.deepEqual(two.map((p) => p.reportCount).sort(), [2, 3]);
  });

  test('the period: two years back the old report counts too; a period before any report finds nothing', async () => {
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const wide = (await get(`recurrences?from=${day(800)}&categoryId=${t.m.categories.lighting}`)).body.places as Place[];
    assert.equal(wide[0].reportCount, 4);
    assert.ok(wide[0].reports.some((r) => r.reference === ref.old));
    assert.equal((await get(`recurrences?from=${day(900)}&to=${day(600)}`)).body.total, 0);
  });

  test('staff see the places of their own offices only', async () => {
    assert.equal((await get('recurrences', asRoads)).body.total, 2);
    const police = await get('recurrences', asPolice);
    assert.equal(police.status, 200);
    assert.deepEqual(police.body.places, []);
  });

  test('bad N, M or dates are a 400 naming the field; no session a 401', async () => {
    for (const [query, field] of [
      ['minReports=1', 'minReports'],
      ['minReports=51', 'minReports'],
      ['minReports=tre', 'minReports'],
      ['radius=5', 'radius'],
      ['radius=501', 'radius'],
      ['from=2026-02-31', 'from'],
      ['from=2026-05-02&to=2026-05-01', 'from'],
    ]) {
      const res = await get(`recurrences?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.details.fields[0].field, field, query);
    }
    assert.equal((await get('recurrences', {})).status, 401);
    assert.equal((await get('streets', {})).status, 401);
    assert.equal((await get('streets.csv', {})).status, 401);
  });
});

describe('GET /admin/planning/streets', () => {
  type Street = { streetId: number; name: string; total: number; open: number; overdue: number; medianResolveHours: number | null; recurrences: number };

  test('every street with reports: totals, open, overdue, median time to resolve and recurring places', async () => {
    const res = await get('streets');
    assert.equal(res.status, 200);
    const byName = Object.fromEntries((res.body.streets as Street[]).map((s) => [s.name, s]));
    assert.deepEqual(Object.keys(byName).sort(), ['Piazza Alessandrini', 'Via Alcide De Gasperi', 'Via Aurelia']);
    // De Gasperi: A, B, C and the parking report (hidden, merged and old left out); B and C resolved
    // after 10 and 30 hours, but B was reopened: C alone is resolved.
    assert.deepEqual(byName['Via Alcide De Gasperi'], { streetId: t.m.streets.gasperi, name: 'Via Alcide De Gasperi', total: 4, open: 3, overdue: 0, medianResolveHours: 30, recurrences: 1 });
    assert.deepEqual(byName['Via Aurelia'], { streetId: t.m.streets.aurelia, name: 'Via Aurelia', total: 4, open: 4, overdue: 1, medianResolveHours: null, recurrences: 1 });
    assert.deepEqual(byName['Piazza Alessandrini'], { streetId: t.m.streets.piazza, name: 'Piazza Alessandrini', total: 3, open: 2, overdue: 0, medianResolveHours: 50, recurrences: 0 });
  });

  test('asked together with the recurring faults (the console does), both answers are whole and agree', async () => {
    const [places, streets, again] = await Promise.all([get('recurrences'), get('streets'), get('streets?sort=name')]);
    assert.equal(places.body.total, 2);
    const recurrences = (list: Street[]) => list.reduce((n, s) => n + s.recurrences, 0);
    assert.equal(recurrences(streets.body.streets), 2);
    assert.equal(recurrences(again.body.streets), 2);
  });

  test('sorted by any column, both ways; a street without a median last', async () => {
    const names = async (q: string) => ((await get(`streets?${q}`)).body.streets as Street[]).map((s) => s.name);
    assert.deepEqual(await names('sort=name'), ['Piazza Alessandrini', 'Via Alcide De Gasperi', 'Via Aurelia']);
    assert.deepEqual(await names('sort=name&order=desc'), ['Via Aurelia', 'Via Alcide De Gasperi', 'Piazza Alessandrini']);
    assert.deepEqual(await names('sort=overdue&order=desc'), ['Via Aurelia', 'Piazza Alessandrini', 'Via Alcide De Gasperi']);
    assert.deepEqual(await names('sort=medianResolve&order=asc'), ['Via Alcide De Gasperi', 'Piazza Alessandrini', 'Via Aurelia']);
    assert.deepEqual(await names('sort=medianResolve&order=desc'), ['Piazza Alessandrini', 'Via Alcide De Gasperi', 'Via Aurelia']);
    assert.deepEqual(await names('sort=recurrences&order=asc'), ['Piazza Alessandrini', 'Via Alcide De Gasperi', 'Via Aurelia']);
    assert.equal((await get('streets?sort=colour')).body.error.details.fields[0].field, 'sort');
    assert.equal((await get('streets?order=up')).status, 400);
  });

  test('staff see the streets of their own offices\' reports', async () => {
    const police = (await get('streets', asPolice)).body.streets as Street[];
    assert.deepEqual(police.map((s) => [s.name, s.total]).sort(), [['Via Alcide De Gasperi', 1], ['Via Aurelia', 1]]);
  });

  test('the CSV: Excel-ready, Italian headings, one row per street, no contact data', async () => {
    const res = await get('streets.csv?sort=name');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('Content-Disposition') ?? '', /^attachment; filename="vie-testville-\d{4}-\d{2}-\d{2}\.csv"$/);
    assert.equal(res.headers.get('Cache-Control'), 'private, no-store');
    const text = res.body as string;
    assert.ok(text.startsWith('\uFEFF'), 'a BOM, so Excel reads the accents');
    assert.match(text, /\r\n/);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]), ['Via', 'Segnalazioni', 'Aperte', 'Scadute', 'Mediana risoluzione (ore)', 'Guasti ricorrenti']);
    assert.deepEqual(rows.map((r) => r.Via), ['Piazza Alessandrini', 'Via Alcide De Gasperi', 'Via Aurelia']);
    assert.deepEqual(rows[1], { Via: 'Via Alcide De Gasperi', Segnalazioni: '4', Aperte: '3', Scadute: '0', 'Mediana risoluzione (ore)': '30', 'Guasti ricorrenti': '1' });
    assert.equal(rows[2]['Mediana risoluzione (ore)'], '');
    assert.doesNotMatch(text, /maria|rossi|@|333/i);
  });
});

describe('choosing the squares', () => {
  test('the same cells give the same places whatever their order; each cell in one place at most', () => {
    // Category 1: a run of cells (0,0) (1,0) (2,0) (3,0) with 2 reports each: squares of 4; taken
    // west to east without sharing a cell: (0,0)-(1,0) and (2,0)-(3,0).
    const cell = (x: number, y: number, n: number): CellTuple => [1, x, y, 7, n];
    const cells = [cell(0, 0, 2), cell(1, 0, 2), cell(2, 0, 2), cell(3, 0, 2)];
    const places = choosePlaces(cells, [], 3);
    assert.deepEqual(places.map((p) => [p.cell, p.count]), [[{ x: 0, y: -1 }, 4], [{ x: 2, y: -1 }, 4]]);
    assert.deepEqual(choosePlaces([...cells].reverse(), [], 3), places);
    // A reopening in cell (3,0) makes the eastern square the busiest.
    const reopened = choosePlaces(cells, [{ categoryId: 1, cx: 3, cy: 0, streetId: 7, n: 1, lastMs: 5 }], 3);
    assert.deepEqual(reopened.map((p) => [p.cell?.x, p.count, p.reopenings]), [[2, 5, 1], [0, 4, 0]]);
  });

  test('typed arrays and Maps choose the same places (a small territory and a wide one)', () => {
    const tuple = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }));
    fc.assert(
      fc.property(fc.uniqueArray(tuple, { selector: ([c, x, y]) => `${c}:${x}:${y}`, maxLength: 60 }), fc.integer({ min: 2, max: 6 }), fc.array(fc.nat(), { maxLength: 5 }), (drawn, n, reopenedAt) => {
        const cells = drawn.map(([c, x, y, street, reports]): CellTuple => [c, x, y, street, reports]);
        // Some cells' reports reopened (a reopening counts once more in its cell).
        const reopened = drawn.length ? reopenedAt.map((i, j) => { const [c, x, y, street] = drawn[i % drawn.length]; return { categoryId: c, cx: x, cy: y, streetId: street, n: 1, lastMs: j }; }) : [];
        const dense = choosePlaces(cells, reopened, n);
        assert.deepEqual(choosePlaces(cells, reopened, n, 0), dense);
        assert.equal(dense.reduce((sum, p) => sum + p.reopenings, 0) <= reopened.length, true);
        // No cell in two places.
        const used = dense.flatMap((p) => [0, 1].flatMap((dx) => [0, 1].map((dy) => `${p.categoryId}:${p.cell!.x + dx}:${p.cell!.y + dy}`)));
        const real = new Set(drawn.map(([c, x, y]) => `${c}:${x}:${y}`));
        const owned = used.filter((k) => real.has(k));
        assert.equal(new Set(owned).size, owned.length);
      }),
      { numRuns: 200 },
    );
  });
});
