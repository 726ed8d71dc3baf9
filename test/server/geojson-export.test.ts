import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { check } from '@placemarkio/check-geojson';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 14 §2: the staff export of a filter as GeoJSON, for a GIS. What a planner opens in QGIS:
// a FeatureCollection of points in longitude-latitude order, with public fields only.
let t: TestApp;
let admin: string;
let asAdmin: Record<string, string>;
let asPolice: Record<string, string>;
const filed: Record<string, string> = {};

before(async () => {
  t = await startTestApp({ publishOnArrival: true });
  const pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  const login = async (email: string, role: 'admin' | 'staff', departmentIds: number[]) => {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds, password: 'segnala-test' });
    const { token } = (await t.call('POST', `${admin}/login`, { email, password: 'segnala-test' })).body;
    return { Authorization: `Bearer ${token}` };
  };
  asAdmin = await login('sindaco@testville.example', 'admin', []);
  asPolice = await login('vigile@testville.example', 'staff', [t.m.departments.police]);
  const file = async (key: string, over: Record<string, unknown>) => {
    const res = await t.call('POST', `${pub}/reports`, reportBody(t.m, over));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    filed[key] = res.body.reference;
  };
  await file('point', { title: 'Lampione spento', location: { lat: 43.9953, lon: 10.2276 } });
  await file('street', { title: 'Buca in strada', categoryId: t.m.categories.potholes, location: undefined });
  await file('parking', { title: 'Auto in divieto', categoryId: t.m.categories.parking, location: { lat: 43.99, lon: 10.23 } });
  await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() WHERE reference = ${filed.street}`;
});
after(() => t.close());

const exportOf = async (query: string, headers = asAdmin) => t.call('GET', `${admin}/reports.geojson?${query}`, undefined, headers);

describe('GET /admin/reports.geojson', () => {
  test('a FeatureCollection of the filter: points as [lon, lat], reports filed by street without a point, as a download', async () => {
    const res = await exportOf('status=all');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^application\/geo\+json/);
    assert.match(res.headers.get('Content-Disposition') ?? '', /attachment; filename="segnalazioni-testville-\d{4}-\d{2}-\d{2}\.geojson"/);
    // Valid GeoJSON (RFC 7946) to a GIS's checker, the successor of Mapbox's geojsonhint: it
    // throws, listing the issues, on a missing member, a bad geometry or a position out of shape.
    assert.equal(check(JSON.stringify(res.body)).type, 'FeatureCollection');
    const byRef = Object.fromEntries(res.body.features.map((f: { id: string }) => [f.id, f]));
    assert.deepEqual(Object.keys(byRef).sort(), Object.values(filed).sort());
    assert.deepEqual(byRef[filed.point].geometry, { type: 'Point', coordinates: [10.2276, 43.9953] });
    assert.equal(byRef[filed.street].geometry, null);
    const p = byRef[filed.point].properties;
    assert.equal(p.title, 'Lampione spento');
    assert.equal(p.status, 'submitted');
    assert.equal(p.statusLabel, 'Inviata');
    assert.equal(p.department, 'Ufficio Tecnico');
    assert.equal(p.supportCount, 0);
    assert.equal(byRef[filed.street].properties.status, 'resolved');
    assert.ok(byRef[filed.street].properties.closedAt);
  });

  test('never the contact data or the description', async () => {
    const res = await exportOf('status=all');
    const text = JSON.stringify(res.body);
    const body = reportBody(t.m);
    for (const secret of [body.contact.name, body.contact.email, body.contact.phone, body.details]) assert.ok(!text.includes(secret), `the export carries “${secret}”`);
  });

  test('the same filters as the queue, and a clerk sees only the reports of their offices', async () => {
    const open = await exportOf('status=open');
    assert.deepEqual(open.body.features.map((f: { id: string }) => f.id).sort(), [filed.point, filed.parking].sort());
    const police = await exportOf('status=all', asPolice);
    assert.deepEqual(police.body.features.map((f: { id: string }) => f.id), [filed.parking]);
  });

  test('staff only, and a bad filter is a 400', async () => {
    assert.equal((await t.call('GET', `${admin}/reports.geojson`)).status, 401);
    const bad = await exportOf('status=aperte');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.fields[0].field, 'status');
  });
});
