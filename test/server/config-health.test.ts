import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

describe('GET /config', () => {
  test('gives what a widget needs: municipality, map, active categories, offices, public statuses', async () => {
    const res = await t.call('GET', `/api/v1/${t.m.slug}/config`);
    assert.equal(res.status, 200);
    assert.equal(res.body.municipality.slug, t.m.slug);
    assert.equal(res.body.municipality.name, 'Comune di testville');
    assert.deepEqual(res.body.map.center, { lat: 43.995, lon: 10.227 });
    assert.deepEqual(res.body.map.bounds, { south: 43.94, west: 10.15, north: 44.06, east: 10.32 });
    assert.match(res.body.map.tileUrl, /\{z\}/);
    const categoryNames = res.body.categories.map((c: { name: string }) => c.name);
    assert.ok(categoryNames.includes('Illuminazione pubblica'));
    assert.ok(!categoryNames.includes('Vecchia categoria'), 'inactive categories are not offered');
    const lighting = res.body.categories.find((c: { name: string }) => c.name === 'Illuminazione pubblica');
    assert.equal(lighting.departmentId, t.m.departments.roads);
    assert.deepEqual(res.body.departments.map((d: { name: string }) => d.name).sort(), ['Polizia Municipale', 'Ufficio Tecnico']);
    const statusIds = res.body.statuses.map((s: { id: string }) => s.id);
    assert.deepEqual(statusIds, ['submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen', 'resolved', 'rejected', 'duplicate']);
    assert.equal(res.body.statuses.find((s: { id: string }) => s.id === 'accepted').label, 'Presa in carico');
    assert.equal(res.body.privacyUrl, 'https://example.org/privacy');
    assert.ok(!JSON.stringify(res.body).includes('@example.org'), 'office e-mails are not public');
  });

  test('an unknown municipality is a 404 with the JSON error', async () => {
    const res = await t.call('GET', `/api/v1/nowhere/config`);
    assert.equal(res.status, 404);
    assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message']);
  });
});

describe('health and errors', () => {
  test('/healthz and /readyz answer when the database is up', async () => {
    assert.deepEqual((await t.call('GET', '/healthz')).body, { status: 'ok' });
    const ready = await t.call('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.database, 'ok');
  });

  test('every answer forbids type sniffing and sends no referrer', async () => {
    for (const path of ['/healthz', `/api/v1/${t.m.slug}/config`, '/api/v1/nowhere/config']) {
      const res = await t.call('GET', path);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff', path);
      assert.equal(res.headers.get('Referrer-Policy'), 'no-referrer', path);
    }
  });

  test('an unknown path is a JSON 404', async () => {
    const res = await t.call('GET', '/api/v1/testville/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });

  test('reads are open to any origin; writes only from the municipality’s allowed origins', async () => {
    const read = await t.call('GET', `/api/v1/${t.m.slug}/config`, undefined, { Origin: 'https://www.comune.example.it' });
    assert.equal(read.headers.get('Access-Control-Allow-Origin'), '*');
    const preflight = () =>
      t.call('OPTIONS', `/api/v1/${t.m.slug}/reports`, undefined, {
        Origin: 'https://www.comune.example.it',
        'Access-Control-Request-Method': 'POST',
      });
    assert.equal((await preflight()).headers.get('Access-Control-Allow-Origin'), null);
    // A browser with a cached preflight sends the write anyway: the server itself refuses it.
    const [{ n: countBefore }] = await t.db.sql`SELECT count(*)::int AS n FROM report`;
    const stale = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m), { Origin: 'https://www.comune.example.it' });
    assert.equal(stale.status, 403);
    assert.equal(stale.body.error.code, 'origin_not_allowed');
    assert.equal(stale.headers.get('Access-Control-Allow-Origin'), null);
    const [{ n: countAfter }] = await t.db.sql`SELECT count(*)::int AS n FROM report`;
    assert.equal(countAfter, countBefore, 'nothing written');

    await t.db.sql`UPDATE municipality SET allowed_origins = '{https://www.comune.example.it}' WHERE id = ${t.m.id}`;
    assert.equal((await preflight()).headers.get('Access-Control-Allow-Origin'), 'https://www.comune.example.it');
    const allowed = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m), { Origin: 'https://www.comune.example.it' });
    assert.equal(allowed.status, 201);
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://www.comune.example.it');
    // Pages the server serves itself (the console) and clients without Origin (scripts) may write.
    const own = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m), { Origin: 'http://segnala.example', Host: 'segnala.example' });
    assert.equal(own.status, 201);
    assert.equal((await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m))).status, 201);
  });
});
