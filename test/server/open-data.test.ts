import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { check } from '@placemarkio/check-geojson';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { createOpenDataJob } from '../../server/services/open-data/daily-job.ts';
import { DCATAPIT_REQUIRED } from '../../server/services/open-data/dcat.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 14 §3: a municipality publishes its reports as open data — a daily dataset in CSV and
// GeoJSON at stable URLs, public fields only, and its DCAT-AP_IT metadata for dati.gov.it.
let t: TestApp;
let pub: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;
const filed: Record<string, string> = {};
const DAY_MS = 86_400_000;
/** A second app on the same database with a clock of its own and a cache of municipalities. */
let clock = Date.now();
let clocked: ReturnType<typeof createApp>;
const clockedLog: string[] = [];

/** The filer's contact data and the tracking codes: never in a public file. */
let contact: { name: string; email: string; phone: string };
const trackingCodes: string[] = [];

async function get(path: string, headers: Record<string, string> = {}, app = t.app) {
  const res = await app.request(path, { headers });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, text, headers: res.headers };
}

const settings = (body: unknown, headers = asAdmin) => t.call('PATCH', `${pub}/admin/settings`, body, headers);

before(async () => {
  t = await startTestApp({ publishOnArrival: true });
  pub = `/api/v1/${t.m.slug}`;
  contact = reportBody(t.m).contact;
  const login = async (email: string, role: 'admin' | 'staff') => {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds: [t.m.departments.roads], password: 'segnala-test' });
    const { token } = (await t.call('POST', `${pub}/admin/login`, { email, password: 'segnala-test' })).body;
    return { Authorization: `Bearer ${token}` };
  };
  asAdmin = await login('sindaco@testville.example', 'admin');
  asClerk = await login('tecnico@testville.example', 'staff');
  const file = async (key: string, over: Record<string, unknown>) => {
    const res = await t.call('POST', `${pub}/reports`, reportBody(t.m, over));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    filed[key] = res.body.reference;
    trackingCodes.push(res.body.trackingCode);
  };
  await file('published', { title: 'Lampione spento', location: { lat: 43.995_312_7, lon: 10.227_689_4 }, civic: '3' });
  await file('unpublished', { title: 'Parole non ancora pubbliche', details: 'Dettagli non ancora pubblici', civic: 'davanti a casa mia' });
  await file('hidden', { title: 'Spam nascosto' });
  await file('merged', { title: 'Lo stesso lampione' });
  await file('byStreet', { title: 'Buca', categoryId: t.m.categories.potholes, location: undefined });
  await t.db.sql`UPDATE report SET published = false WHERE reference = ${filed.unpublished}`;
  await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${filed.hidden}`;
  await t.db.sql`
    UPDATE report SET status = 'duplicate', duplicate_of = (SELECT id FROM report WHERE reference = ${filed.published})
    WHERE reference = ${filed.merged}`;
  const logger = createLogger('debug', (line) => clockedLog.push(line));
  clocked = createApp({ sql: t.db.sql, secretKey: t.secretKey, logger, now: () => clock, municipalityCacheSeconds: 60 });
});
after(() => t.close());

describe('open data', () => {
  test('off by default: the files and the metadata answer 404 open_data_off', async () => {
    for (const f of ['segnalazioni.csv', 'segnalazioni.geojson', 'catalogo.rdf']) {
      const res = await t.call('GET', `${pub}/open-data/${f}`);
      assert.equal(res.status, 404, f);
      assert.equal(res.body.error.code, 'open_data_off');
    }
    assert.equal((await t.call('GET', `${pub}/admin/settings`, undefined, asAdmin)).body.municipality.openData, false);
  });

  test('only an admin turns it on, with a known licence and the contact e-mail its metadata needs', async () => {
    assert.equal((await settings({ openData: true }, asClerk)).status, 403);
    const badLicence = await settings({ openData: true, openDataLicence: 'GPL-3.0' });
    assert.equal(badLicence.status, 400);
    assert.equal(badLicence.body.error.details.fields[0].field, 'openDataLicence');
    const badIpa = await settings({ ipaCode: 'c i662; DROP' });
    assert.equal(badIpa.status, 400);
    assert.equal(badIpa.body.error.details.fields[0].field, 'ipaCode');
    const noContact = await settings({ openData: true });
    assert.equal(noContact.status, 400);
    assert.equal(noContact.body.error.details.fields[0].field, 'contactEmail');
    assert.equal((await t.call('GET', `${pub}/open-data/segnalazioni.csv`)).status, 404, 'a refused change publishes nothing');
    const on = await settings({ openData: true, contactEmail: 'urp@testville.example', ipaCode: 'C_T001' });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.municipality.openData, true);
    assert.equal(on.body.municipality.openDataLicence, 'CC-BY-4.0');
    assert.equal(on.body.municipality.ipaCode, 'c_t001');
  });

  test('the CSV: exactly the reports of the scope, public fields only, positions to 4 decimals', async () => {
    const res = await get(`${pub}/open-data/segnalazioni.csv`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^text\/csv/);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
    assert.match(res.headers.get('Cache-Control') ?? '', /^public, max-age=\d+/);
    assert.match(res.headers.get('Link') ?? '', /<https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/>; rel="license"/);
    assert.ok(res.headers.get('ETag') && res.headers.get('Last-Modified'));
    assert.ok(res.text.startsWith('\uFEFF'), 'a BOM for spreadsheets');
    const rows: Record<string, string>[] = parse(res.text, { bom: true, columns: true });
    const byRef = Object.fromEntries(rows.map((r) => [r.reference, r]));
    assert.deepEqual(Object.keys(byRef).sort(), [filed.published, filed.unpublished, filed.byStreet].sort(), 'hidden and merged reports left out');
    const p = byRef[filed.published];
    assert.equal(p.title, 'Lampione spento');
    assert.equal(p.lat, '43.9953');
    assert.equal(p.lon, '10.2277');
    assert.equal(p.civic, '3');
    assert.equal(p.category, 'Illuminazione pubblica');
    assert.equal(p.office, 'Ufficio Tecnico');
    assert.equal(p.street, 'Via Alcide De Gasperi');
    assert.equal(p.status_label, 'Inviata');
    assert.equal(p.support_count, '0');
    const u = byRef[filed.unpublished];
    assert.deepEqual([u.title, u.description, u.civic], ['', '', ''], 'an unpublished report is a row without its words');
    assert.equal(byRef[filed.byStreet].lat, '');
    for (const secret of [contact.name, contact.email, contact.phone, ...trackingCodes, 'Parole non ancora', 'davanti a casa', 'Spam nascosto']) {
      assert.ok(!res.text.includes(secret), `the CSV carries “${secret}”`);
    }
  });

  test('the GeoJSON: the same rows as points in lon-lat order, the licence in its properties', async () => {
    const res = await get(`${pub}/open-data/segnalazioni.geojson`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^application\/geo\+json/);
    // Valid GeoJSON (RFC 7946) to a GIS's checker (it throws, listing the issues).
    assert.equal(check(res.text).type, 'FeatureCollection');
    const body = JSON.parse(res.text);
    assert.equal(body.type, 'FeatureCollection');
    assert.equal(body.metadata.licence, 'CC-BY-4.0');
    assert.equal(body.metadata.licence_url, 'https://creativecommons.org/licenses/by/4.0/');
    const byRef = Object.fromEntries(body.features.map((f: { id: string }) => [f.id, f]));
    assert.deepEqual(Object.keys(byRef).sort(), [filed.published, filed.unpublished, filed.byStreet].sort());
    assert.deepEqual(byRef[filed.published].geometry, { type: 'Point', coordinates: [10.2277, 43.9953] });
    for (const f of body.features) {
      for (const c of f.geometry?.coordinates ?? []) assert.ok(Math.abs(c * 1e4 - Math.round(c * 1e4)) < 1e-6, `${c} has more than 4 decimals`);
    }
    assert.equal(byRef[filed.byStreet].geometry, null);
    assert.equal(byRef[filed.unpublished].properties.title, null);
    assert.equal(byRef[filed.unpublished].properties.description, null);
    for (const secret of [contact.name, contact.email, contact.phone, ...trackingCodes, 'Parole non ancora', 'Spam nascosto']) {
      assert.ok(!res.text.includes(secret), `the GeoJSON carries “${secret}”`);
    }
  });

  test('one edition a day: the same bytes and ETag all day (304 when unchanged), a new one the next day', async () => {
    const first = await get(`${pub}/open-data/segnalazioni.csv`, {}, clocked);
    const again = await get(`${pub}/open-data/segnalazioni.csv`, {}, clocked);
    assert.equal(again.text, first.text);
    assert.equal(again.headers.get('ETag'), first.headers.get('ETag'));
    const unchanged = await clocked.request(`${pub}/open-data/segnalazioni.csv`, { headers: { 'If-None-Match': first.headers.get('ETag')! } });
    assert.equal(unchanged.status, 304);
    // Clients that take gzip get the same file compressed, under an ETag of its own.
    const zipped = await clocked.request(`${pub}/open-data/segnalazioni.csv`, { headers: { 'Accept-Encoding': 'gzip, br' } });
    assert.equal(zipped.headers.get('Content-Encoding'), 'gzip');
    assert.notEqual(zipped.headers.get('ETag'), first.headers.get('ETag'));
    const bytes = Buffer.from(await zipped.arrayBuffer());
    assert.equal(String(bytes.length), zipped.headers.get('Content-Length'));
    assert.equal(gunzipSync(bytes).toString('utf8'), first.text);
    assert.equal(String(Buffer.byteLength(first.text)), first.headers.get('Content-Length'));
    // A report filed during the day waits for tomorrow's edition.
    const late = await t.call('POST', `${pub}/reports`, reportBody(t.m, { title: 'Segnalazione del pomeriggio' }));
    assert.equal(late.status, 201);
    assert.equal((await get(`${pub}/open-data/segnalazioni.csv`, {}, clocked)).text, first.text);
    clock += DAY_MS;
    const tomorrow = await get(`${pub}/open-data/segnalazioni.csv`, {}, clocked);
    assert.notEqual(tomorrow.headers.get('ETag'), first.headers.get('ETag'));
    assert.ok(tomorrow.text.includes(late.body.reference));
    assert.equal((await clocked.request(`${pub}/open-data/segnalazioni.csv`, { headers: { 'If-None-Match': first.headers.get('ETag')! } })).status, 200);
  });

  test('ten requests at once on a new day build the edition once, and all get the same file', async () => {
    clock += DAY_MS;
    const before = clockedLog.filter((l) => l.includes('open data edition built')).length;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => get(`${pub}/open-data/${i % 2 ? 'segnalazioni.geojson' : 'segnalazioni.csv'}`, {}, clocked)),
    );
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
    assert.equal(new Set(answers.filter((_, i) => i % 2 === 0).map((a) => a.text)).size, 1);
    assert.equal(new Set(answers.filter((_, i) => i % 2 === 1).map((a) => a.headers.get('ETag'))).size, 1);
    assert.equal(clockedLog.filter((l) => l.includes('open data edition built')).length - before, 1);
    const [{ n }] = await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM open_data_snapshot WHERE municipality_id = ${t.m.id}`;
    assert.ok(n <= 2, 'older editions are dropped (today and yesterday kept)');
  });

  test('the DCAT-AP_IT metadata: every mandatory property of the catalogue, dataset and distributions; accessURLs that answer', async () => {
    // A name with XML's own characters: the document must still parse, the name intact.
    assert.equal((await settings({ name: 'Comune di Prova & <Test> "Uno"' })).status, 200);
    const res = await get(`${pub}/open-data/catalogo.rdf`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^application\/rdf\+xml/);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (_name, _path, _leaf, isAttribute) => !isAttribute }).parse(res.text);
    const rdf = xml['rdf:RDF'][0];
    const nodes = (type: string) => (rdf[type] ?? []) as Record<string, any>[];
    assert.equal(nodes('dcatapit:Catalog').length, 1);
    assert.equal(nodes('dcatapit:Dataset').length, 1);
    assert.equal(nodes('dcatapit:Distribution').length, 2);
    for (const [type, props] of Object.entries(DCATAPIT_REQUIRED)) {
      assert.ok(nodes(type).length, `a ${type}`);
      for (const n of nodes(type)) for (const p of props) assert.ok(n[p]?.length, `${type} ${n['@rdf:about']} lacks ${p}`);
    }
    const about = (type: string) => new Set(nodes(type).map((n) => n['@rdf:about']));
    const ref = (n: Record<string, any>, p: string) => n[p].map((v: any) => v['@rdf:resource']);
    const [catalogue] = nodes('dcatapit:Catalog');
    const [dataset] = nodes('dcatapit:Dataset');
    assert.ok(about('dcatapit:Dataset').has(ref(catalogue, 'dcat:dataset')[0]));
    assert.ok(about('dcatapit:Agent').has(ref(dataset, 'dct:rightsHolder')[0]));
    assert.ok(about('dcatapit:Agent').has(ref(catalogue, 'dct:publisher')[0]));
    assert.ok(about('dcatapit:Organization').has(ref(dataset, 'dcat:contactPoint')[0]));
    assert.deepEqual(ref(dataset, 'dct:accrualPeriodicity'), ['http://publications.europa.eu/resource/authority/frequency/DAILY']);
    assert.ok(ref(dataset, 'dcat:theme').includes('http://publications.europa.eu/resource/authority/data-theme/GOVE'));
    assert.equal(dataset['dct:identifier'][0], 'c_t001:segnalazioni');
    assert.deepEqual(new Set(ref(dataset, 'dcat:distribution')), about('dcatapit:Distribution'));
    const [agent] = nodes('dcatapit:Agent');
    assert.equal(agent['foaf:name'][0]['#text'], 'Comune di Prova & <Test> "Uno"');
    assert.equal(ref(nodes('dcatapit:Organization')[0], 'vcard:hasEmail')[0], 'mailto:urp@testville.example');
    const formats = new Set(nodes('dcatapit:Distribution').flatMap((d) => ref(d, 'dct:format')));
    assert.deepEqual(formats, new Set(['http://publications.europa.eu/resource/authority/file-type/CSV', 'http://publications.europa.eu/resource/authority/file-type/GEOJSON']));
    for (const d of nodes('dcatapit:Distribution')) {
      assert.ok(about('dcatapit:LicenseDocument').has(ref(d, 'dct:license')[0]));
      const url = new URL(ref(d, 'dcat:accessURL')[0]);
      assert.match(url.pathname, /^\/api\/v1\/testville\/open-data\/segnalazioni\.(csv|geojson)$/);
      assert.equal((await get(url.pathname)).status, 200, `${url} answers`);
    }
  });

  test('behind a proxy: with PUBLIC_URL set, the metadata gives the public addresses, not the one the request came to', async () => {
    const proxied = createApp({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('error', () => {}), publicUrl: 'https://segnala.comune.example/' });
    const rdf = (await get(`${pub}/open-data/catalogo.rdf`, {}, proxied)).text;
    assert.ok(rdf.includes(`https://segnala.comune.example/api/v1/${t.m.slug}/open-data/segnalazioni.csv`), rdf);
    assert.doesNotMatch(rdf, /http:\/\/localhost/);
  });

  test('another licence: the metadata, the GeoJSON and the Link header follow at once', async () => {
    assert.equal((await settings({ openDataLicence: 'CC0-1.0' })).status, 200);
    const res = await get(`${pub}/open-data/segnalazioni.geojson`);
    assert.equal(JSON.parse(res.text).metadata.licence, 'CC0-1.0');
    assert.match(res.headers.get('Link') ?? '', /publicdomain\/zero\/1\.0/);
    assert.match((await get(`${pub}/open-data/catalogo.rdf`)).text, /publicdomain\/zero\/1\.0/);
  });

  test('the daily job builds the new day\'s edition of a publishing municipality once; a request then finds it built', async () => {
    clock += DAY_MS;
    const job = createOpenDataJob({ sql: t.db.sql, logger: createLogger('debug', (line) => clockedLog.push(line)), now: () => clock });
    assert.equal(await job.runOnce(), 1);
    assert.equal(await job.runOnce(), 0, 'built already');
    const built = clockedLog.filter((l) => l.includes('open data edition built')).length;
    assert.equal((await get(`${pub}/open-data/segnalazioni.csv`, {}, clocked)).status, 200);
    assert.equal(clockedLog.filter((l) => l.includes('open data edition built')).length, built);
  });

  test('turned off, nothing is served any more, at once, even by a process that cached the municipality', async () => {
    assert.equal((await get(`${pub}/open-data/segnalazioni.csv`, {}, clocked)).status, 200);
    assert.equal((await settings({ openData: false })).status, 200);
    for (const app of [t.app, clocked]) {
      for (const f of ['segnalazioni.csv', 'segnalazioni.geojson', 'catalogo.rdf']) {
        const res = await get(`${pub}/open-data/${f}`, {}, app);
        assert.equal(res.status, 404, f);
        assert.equal(JSON.parse(res.text).error.code, 'open_data_off');
      }
    }
  });
});
