import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { STREET_SEARCH_CACHE_SECONDS } from '../../server/routes/streets.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  // A few more real Seravezza names, to make the ranking meaningful.
  await t.db.sql`
    INSERT INTO street (municipality_id, national_code, type, base_name, name, locality) VALUES
      (${t.m.id}, '900001', 'VIA', 'GASPARE BARSANTI', 'Via Gaspare Barsanti', 'Querceta'),
      (${t.m.id}, '900002', 'TRAVERSA', 'A DI VIA ALCIDE DE GASPERI', 'Traversa A di Via Alcide De Gasperi', NULL),
      (${t.m.id}, '900003', 'VIA', 'DELL''ORTO', 'Via dell''Orto', NULL),
      (${t.m.id}, '900004', 'PIAZZA', 'CARDUCCI', 'Piazza Carducci', NULL),
      (${t.m.id}, '900005', 'VIA', 'NICCOLÒ DA SERAVEZZA', 'Via Niccolò da Seravezza', NULL)`;
});
after(() => t.close());

const names = (res: { body: { streets: { name: string }[] } }) => res.body.streets.map((s) => s.name);

describe('GET /streets (search)', () => {
  test('finds a street despite a typo: "de gaspari"', async () => {
    const res = await t.call('GET', `${base}/streets?q=${encodeURIComponent('de gaspari')}`);
    assert.equal(res.status, 200);
    assert.equal(names(res)[0], 'Via Alcide De Gasperi');
  });

  test('answers are reused for a minute (names change only by import): a renamed street shows after that', async () => {
    let clock = Date.now();
    const app = createApp({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('silent'), now: () => clock });
    const search = async () => (await (await app.request(`${base}/streets?q=carducci`)).json()).streets.map((s: { name: string }) => s.name);
    assert.deepEqual(await search(), ['Piazza Carducci']);
    await t.db.sql`UPDATE street SET name = 'Piazza Giosuè Carducci' WHERE national_code = '900004'`;
    assert.deepEqual(await search(), ['Piazza Carducci'], 'within the minute: the same answer');
    clock += STREET_SEARCH_CACHE_SECONDS * 1000 + 1;
    assert.deepEqual(await search(), ['Piazza Giosuè Carducci']);
    const res = await app.request(`${base}/streets?q=CARDUCCI`);
    assert.equal(res.headers.get('Cache-Control'), `public, max-age=${STREET_SEARCH_CACHE_SECONDS}`);
    await t.db.sql`UPDATE street SET name = 'Piazza Carducci' WHERE national_code = '900004'`;
  });

  test('is case-, accent- and apostrophe-insensitive', async () => {
    assert.equal(names(await t.call('GET', `${base}/streets?q=${encodeURIComponent('NICCOLO')}`))[0], 'Via Niccolò da Seravezza');
    assert.equal(names(await t.call('GET', `${base}/streets?q=${encodeURIComponent('niccolò')}`))[0], 'Via Niccolò da Seravezza');
    assert.equal(names(await t.call('GET', `${base}/streets?q=${encodeURIComponent("dell'orto")}`))[0], "Via dell'Orto");
    assert.equal(names(await t.call('GET', `${base}/streets?q=${encodeURIComponent('dell orto')}`))[0], "Via dell'Orto");
  });

  test('ranks names that start with the query first', async () => {
    const res = await t.call('GET', `${base}/streets?q=${encodeURIComponent('via alcide')}`);
    assert.equal(names(res)[0], 'Via Alcide De Gasperi');
    assert.ok(names(res).includes('Traversa A di Via Alcide De Gasperi'));
    const piazza = await t.call('GET', `${base}/streets?q=piazza`);
    assert.deepEqual(names(piazza).slice(0, 2).sort(), ['Piazza Alessandrini', 'Piazza Carducci']);
  });

  test('gives each street’s type and locality, and honours the limit', async () => {
    const res = await t.call('GET', `${base}/streets?q=via&limit=2`);
    assert.equal(res.body.streets.length, 2);
    const barsanti = (await t.call('GET', `${base}/streets?q=barsanti`)).body.streets[0];
    assert.deepEqual(barsanti, { id: barsanti.id, name: 'Via Gaspare Barsanti', type: 'VIA', locality: 'Querceta' });
  });

  test('nothing matching gives an empty list; "%" is not a wildcard', async () => {
    assert.deepEqual((await t.call('GET', `${base}/streets?q=zzzzqqq`)).body.streets, []);
    assert.deepEqual((await t.call('GET', `${base}/streets?q=${encodeURIComponent('%')}`)).body.streets, []);
  });

  test('bad parameters are a 400 naming them', async () => {
    const res = await t.call('GET', `${base}/streets?q=via&limit=500`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0].field, 'limit');
    assert.equal((await t.call('GET', `${base}/streets?q=${'x'.repeat(101)}`)).status, 400);
  });
});

describe('GET /streets/nearest', () => {
  test('the street of the closest known point, with its distance', async () => {
    const res = await t.call('GET', `${base}/streets/nearest?lat=43.98005&lon=10.21003`);
    assert.equal(res.status, 200);
    assert.equal(res.body.street.name, 'Via Aurelia');
    assert.ok(res.body.street.distanceMeters >= 3 && res.body.street.distanceMeters <= 10, String(res.body.street.distanceMeters));
  });

  test('no street known nearby gives null', async () => {
    const res = await t.call('GET', `${base}/streets/nearest?lat=44.05&lon=10.3`);
    assert.equal(res.status, 200);
    assert.equal(res.body.street, null);
  });

  test('missing or bad coordinates are a 400', async () => {
    assert.equal((await t.call('GET', `${base}/streets/nearest?lat=43.9`)).body.error.details.fields[0].field, 'lon');
    assert.equal((await t.call('GET', `${base}/streets/nearest?lat=north&lon=10`)).body.error.details.fields[0].field, 'lat');
    assert.equal((await t.call('GET', `${base}/streets/nearest?lat=100&lon=10`)).status, 400);
  });
});

describe('GET /streets/summary', () => {
  test('every street with its count of active public reports', async () => {
    await t.call('POST', `${base}/reports`, reportBody(t.m, { streetId: t.m.streets.aurelia }));
    await t.call('POST', `${base}/reports`, reportBody(t.m, { streetId: t.m.streets.aurelia }));
    const closed = await t.call('POST', `${base}/reports`, reportBody(t.m, { streetId: t.m.streets.aurelia }));
    await t.db.sql`UPDATE report SET status = 'resolved' WHERE reference = ${closed.body.reference}`;
    const hidden = await t.call('POST', `${base}/reports`, reportBody(t.m, { streetId: t.m.streets.aurelia }));
    await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${hidden.body.reference}`;

    const res = await t.call('GET', `${base}/streets/summary`);
    assert.equal(res.status, 200);
    assert.equal(res.body.streets.length, 8);
    const byName = Object.fromEntries(res.body.streets.map((s: { name: string; openReports: number }) => [s.name, s.openReports]));
    assert.equal(byName['Via Aurelia'], 2);
    assert.equal(byName['Piazza Carducci'], 0);
    const listed = await t.call('GET', `${base}/reports?street=${t.m.streets.aurelia}`);
    assert.equal(listed.body.reports.length, 2, 'the count matches the street’s list');
    const one = await t.call('GET', `${base}/streets/${t.m.streets.aurelia}`);
    assert.deepEqual(one.body.street, { id: t.m.streets.aurelia, name: 'Via Aurelia', type: 'VIA', locality: 'Seravezza', openReports: 2 });
  });

  test('GET /streets/{id}: an unknown or malformed id is a 404', async () => {
    assert.equal((await t.call('GET', `${base}/streets/999999`)).status, 404);
    assert.equal((await t.call('GET', `${base}/streets/abc`)).status, 404);
  });
});
