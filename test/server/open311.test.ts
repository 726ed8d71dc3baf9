// The Open311 (GeoReport v2) endpoint end to end: the API key, discovery, filing, reading, and
// personal data. Over 400 lines as one file on purpose: its last tests check every answer the
// others collected (`answers`) for the contact data partners sent, which holds only in one file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

let t: TestApp;
let o311: string;
let pub: string;
let admin: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;
let apiKey: string;

/** Every Open311 answer of this file, to check at the end that no contact data reached any. */
const answers: string[] = [];

/** What a partner typed about the citizen: must never come back from any GET. */
const CONTACT = { email: 'giuseppina.verdastri@example.org', first_name: 'Giuseppina', last_name: 'Verdastri', phone: '+39 347 9876543' };

const W3_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** The elements GeoReport v2 gives a service request, in its order. */
const REQUEST_ELEMENTS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode',
  'lat', 'long', 'media_url',
];

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error', 'request_update', 'endpoint', 'format'].includes(name),
});

interface Answer {
  status: number;
  type: string | null;
  text: string;
  /** JSON answers parsed; XML answers parsed with fast-xml-parser. */
  body: any;
}

async function open311(method: 'GET' | 'POST', path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await t.call(
    method,
    `${o311}/${path}`,
    form && new URLSearchParams(form).toString(),
    form ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers } : headers,
  );
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  answers.push(text);
  const type = res.headers.get('Content-Type');
  return { status: res.status, type, text, body: type?.startsWith('text/xml') ? xml.parse(text) : res.body };
}
const get = (path: string) => open311('GET', path);

/** A good filing; override what a test is about. */
const filing = (over: Record<string, string> = {}) => ({
  api_key: apiKey,
  jurisdiction_id: 'testville.example.it',
  service_code: String(t.m.categories.lighting),
  lat: '43.9953',
  long: '10.2276',
  description: 'Il lampione davanti alla farmacia è spento. Da tre sere la strada è completamente buia.',
  ...CONTACT,
  ...over,
});

async function fileOpen311(over: Record<string, string> = {}): Promise<string> {
  const res = await open311('POST', 'requests.json', filing(over));
  assert.equal(res.status, 201, res.text);
  return res.body[0].service_request_id;
}

const reportCount = async () => (await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report`)[0].n;
const version = async (ref: string) => (await t.call('GET', `${admin}/reports/${ref}`, undefined, asAdmin)).body.version as number;
const setStatus = async (ref: string, status: string, message?: string, expectedAt?: string) => {
  const res = await t.call('POST', `${admin}/reports/${ref}/status`, { status, message, expectedAt, version: await version(ref) }, asAdmin);
  assert.equal(res.status, 200, JSON.stringify(res.body));
};
const reply = async (ref: string, message: string, internal = false) => {
  const res = await t.call('POST', `${admin}/reports/${ref}/replies`, { message, internal }, asAdmin);
  assert.equal(res.status, 201, JSON.stringify(res.body));
};
const refs = (list: { service_request_id: string }[]) => list.map((r) => r.service_request_id);

/** An error in the specification's shape, in the format asked: never our API's `{error:{…}}`. */
function assertError(res: Answer, status: number, pattern?: RegExp) {
  assert.equal(res.status, status, res.text);
  if (res.type?.startsWith('text/xml')) {
    assert.ok(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
    const [error] = res.body.errors.error;
    assert.equal(error.code, String(status));
    if (pattern) assert.match(error.description, pattern);
  } else {
    assert.equal(res.type, 'application/json; charset=utf-8');
    assert.ok(Array.isArray(res.body), res.text);
    assert.equal(res.body[0].code, status);
    assert.equal(typeof res.body[0].description, 'string');
    if (pattern) assert.match(res.body[0].description, pattern);
  }
}

before(async () => {
  t = await startTestApp();
  o311 = `/open311/v2/${t.m.slug}`;
  pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  const login = async (email: string, role: 'admin' | 'staff', departmentIds: number[]) => {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds, password: 'segnala-test' });
    const { token } = (await t.call('POST', `${admin}/login`, { email, password: 'segnala-test' })).body;
    return { Authorization: `Bearer ${token}` };
  };
  asAdmin = await login('sindaco@testville.example', 'admin', []);
  asClerk = await login('tecnico@testville.example', 'staff', [t.m.departments.roads]);
  const key = await t.call('POST', `${admin}/open311-key`, undefined, asAdmin);
  assert.equal(key.status, 201, JSON.stringify(key.body));
  apiKey = key.body.apiKey;
});
after(() => t.close());

describe('Open311 API key (admin)', () => {
  test('only an administrator generates it; it is shown once, stored only as a hash', async () => {
    assert.equal((await t.call('POST', `${admin}/open311-key`, undefined, asClerk)).status, 403);
    assert.equal((await t.call('POST', `${admin}/open311-key`)).status, 401);
    assert.match(apiKey, /^[A-Za-z0-9_-]{32}$/);
    const [row] = await t.db.sql<{ hash: Buffer }[]>`SELECT open311_api_key_hash AS hash FROM municipality WHERE id = ${t.m.id}`;
    assert.equal(row.hash.length, 32);
    assert.ok(!row.hash.toString('latin1').includes(apiKey));
    const settings = await t.call('GET', `${admin}/settings`, undefined, asAdmin);
    assert.equal(settings.body.municipality.open311KeySet, true);
    assert.ok(!JSON.stringify(settings.body).includes(apiKey));
  });

  test('a new key replaces the old one at once', async () => {
    const fresh = await t.call('POST', `${admin}/open311-key`, undefined, asAdmin);
    assert.equal(fresh.status, 201);
    assert.equal(fresh.body.endpoint, `http://localhost/open311/v2/${t.m.slug}/`);
    assertError(await open311('POST', 'requests.json', filing()), 403);
    apiKey = fresh.body.apiKey;
    assert.equal((await open311('POST', 'requests.json', filing())).status, 201);
  });
});

describe('discovery and services', () => {
  test('discovery names this endpoint, the specification and both formats', async () => {
    const json = await get('discovery.json');
    assert.equal(json.status, 200);
    assert.equal(json.type, 'application/json; charset=utf-8');
    const [endpoint] = json.body.endpoints;
    assert.equal(endpoint.specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.equal(endpoint.url, `http://localhost/open311/v2/${t.m.slug}`);
    assert.deepEqual(endpoint.formats, ['text/xml', 'application/json']);
    assert.match(json.body.changeset, W3_WITH_ZONE);

    const x = await get('discovery.xml');
    assert.equal(x.type, 'text/xml; charset=utf-8');
    assert.equal(x.body.discovery.endpoints.endpoint[0].url, endpoint.url);
    assert.deepEqual(x.body.discovery.endpoints.endpoint[0].formats.format, ['text/xml', 'application/json']);
  });

  test('services: one per active category, its office as the group (JSON)', async () => {
    const res = await get('services.json?jurisdiction_id=anything.example');
    assert.equal(res.status, 200);
    const codes = res.body.map((s: { service_code: string }) => s.service_code).sort();
    assert.deepEqual(codes, [t.m.categories.lighting, t.m.categories.potholes, t.m.categories.parking].map(String).sort());
    const lighting = res.body.find((s: { service_code: string }) => s.service_code === String(t.m.categories.lighting));
    assert.deepEqual(Object.keys(lighting), ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
    assert.equal(lighting.service_name, 'Illuminazione pubblica');
    assert.equal(lighting.metadata, false);
    assert.equal(lighting.type, 'realtime');
    assert.equal(lighting.group, 'Ufficio Tecnico');
    assert.match(lighting.keywords, /illuminazione pubblica/);
  });

  test('services: XML with the declaration and the specification’s element names', async () => {
    const res = await get('services.xml');
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/xml; charset=utf-8');
    assert.ok(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>'));
    const services = res.body.services.service;
    assert.equal(services.length, 3);
    const parking = services.find((s: { service_code: string }) => s.service_code === String(t.m.categories.parking));
    assert.equal(parking.service_name, 'Sosta irregolare');
    assert.equal(parking.group, 'Polizia Municipale');
    assert.equal(parking.metadata, 'false');
    assert.equal(parking.type, 'realtime');
  });

  test('service definition: no extra attributes; unknown or retired services are 404', async () => {
    const json = await get(`services/${t.m.categories.potholes}.json`);
    assert.equal(json.status, 200);
    assert.deepEqual(json.body, { service_code: String(t.m.categories.potholes), attributes: [] });
    const x = await get(`services/${t.m.categories.potholes}.xml`);
    assert.equal(x.body.service_definition.service_code, String(t.m.categories.potholes));
    assert.ok('attributes' in x.body.service_definition);
    assertError(await get('services/999999.json'), 404, /service_code 999999 not found/);
    assertError(await get(`services/${t.m.categories.retired}.xml`), 404);
    assertError(await get('services/abc.xml'), 404);
  });

  test('unknown formats, resources and municipalities answer 404 in the specification’s shape', async () => {
    const html = await get('services.html');
    assert.equal(html.type, 'text/xml; charset=utf-8');
    assertError(html, 404, /\.xml or \.json/);
    assertError(await get('services'), 404);
    assertError(await get('nonsense.json'), 404);
    assertError(await get('a/b/c.json'), 404);
    const other = await t.call('GET', '/open311/v2/atlantide/services.json');
    assert.equal(other.status, 404);
    assert.equal(other.body[0].code, 404);
    assert.match(other.body[0].description, /jurisdiction/);
  });

  test('tokens: never issued (realtime), so any token is 404', async () => {
    assertError(await get('tokens/12345.json'), 404, /realtime/);
    assertError(await get('tokens/12345.xml'), 404);
  });
});

describe('POST requests', () => {
  test('a filing with a good key is an ordinary report: routed to the office, in the public API, notice queued', async () => {
    const res = await open311('POST', 'requests.json', filing({ media_url: 'https://partner.example.org/media/123.jpg' }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.type, 'application/json; charset=utf-8');
    assert.equal(res.body.length, 1);
    const [answer] = res.body;
    assert.deepEqual(Object.keys(answer), ['service_request_id', 'service_notice', 'account_id']);
    assert.match(answer.service_request_id, /^\d{4}-\d{6}$/);
    assert.match(answer.service_notice, /presa in carico entro 2 giorni/);
    assert.equal(answer.account_id, null);
    assert.ok(!('token' in answer));

    const detail = await t.call('GET', `${pub}/reports/${answer.service_request_id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.categoryId, t.m.categories.lighting);
    assert.equal(detail.body.departmentId, t.m.departments.roads);
    assert.equal(detail.body.title, 'Il lampione davanti alla farmacia è spento');
    assert.match(detail.body.details, /Da tre sere/);
    assert.equal(detail.body.streetId, t.m.streets.gasperi, 'a point is tied to the nearest street, as in the widget');
    assert.deepEqual(detail.body.events.map((e: { type: string }) => e.type), ['created']);

    const [row] = await t.db.sql`
      SELECT contact_name, contact_email, contact_phone, media_url FROM report WHERE reference = ${answer.service_request_id}`;
    assert.deepEqual({ ...row }, {
      contact_name: 'Giuseppina Verdastri',
      contact_email: CONTACT.email,
      contact_phone: CONTACT.phone,
      media_url: 'https://partner.example.org/media/123.jpg',
    });
    const outbox = await t.db.sql<{ kind: string; recipient: string }[]>`
      SELECT o.kind, o.recipient FROM outbox o JOIN report r ON r.id = o.report_id
      WHERE r.reference = ${answer.service_request_id} ORDER BY o.id`;
    assert.deepEqual(outbox.map((o) => [o.kind, o.recipient]), [
      ['new_report', 'tecnico@example.org'],
      ['receipt', CONTACT.email],
    ]);
    // Staff see it in their queue like any other report.
    const queue = await t.call('GET', `${admin}/reports?status=all`, undefined, asClerk);
    assert.ok(queue.body.reports.some((r: { reference: string }) => r.reference === answer.service_request_id));
  });

  test('XML answer; an address instead of a point is matched to a street with its civic number', async () => {
    const res = await open311('POST', 'requests.xml', filing({ lat: '', long: '', address_string: 'via de gasperi 3, 55047 Seravezza', service_code: String(t.m.categories.potholes) }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.type, 'text/xml; charset=utf-8');
    const [request] = res.body.service_requests.request;
    assert.match(request.service_request_id, /^\d{4}-\d{6}$/);
    assert.equal(request.account_id, '');
    const detail = (await t.call('GET', `${pub}/reports/${request.service_request_id}`)).body;
    assert.equal(detail.streetId, t.m.streets.gasperi);
    assert.equal(detail.civic, '3');
    assert.equal(detail.location, null);
    // address_id: a street by its national (ANNCSU) code.
    const byCode = await open311('POST', 'requests.json', filing({ lat: '', long: '', address_id: '319515' }));
    assert.equal(byCode.status, 201, byCode.text);
    assert.equal((await t.call('GET', `${pub}/reports/${byCode.body[0].service_request_id}`)).body.streetId, t.m.streets.aurelia);
  });

  test('bad or missing key: 403, and nothing is written', async () => {
    const before = await reportCount();
    assertError(await open311('POST', 'requests.json', filing({ api_key: 'not-the-key' })), 403, /api_key/);
    const { api_key: _, ...noKey } = filing();
    assertError(await open311('POST', 'requests.json', noKey), 403, /api_key/);
    assertError(await open311('POST', 'requests.xml', filing({ api_key: '' })), 403, /api_key/);
    // Another municipality's key does not open this one.
    assert.equal(await reportCount(), before);
  });

  test('a key in the URL instead of the form body: 400 telling where it goes, right or wrong, and nothing is written', async () => {
    const before = await reportCount();
    const { api_key: _, ...noKey } = filing();
    for (const path of [`requests.json?api_key=${apiKey}`, `requests.xml?api_key=${apiKey}`, 'requests.json?api_key=not-the-key']) {
      assertError(await open311('POST', path, noKey), 400, /api_key in the form body/);
      // Also with the key in the body as well: the copy in the URL has been logged on the way all the same.
      assertError(await open311('POST', path, filing()), 400, /api_key in the form body/);
    }
    assert.equal(await reportCount(), before);
    // The key in the body, as the specification says, files.
    await fileOpen311();
  });

  test('unknown, retired or missing service; missing location or description: 404 / 400, nothing written', async () => {
    const before = await reportCount();
    assertError(await open311('POST', 'requests.json', filing({ service_code: '999999' })), 404, /service_code/);
    assertError(await open311('POST', 'requests.xml', filing({ service_code: String(t.m.categories.retired) })), 404, /service_code/);
    assertError(await open311('POST', 'requests.json', filing({ service_code: '' })), 400, /service_code was not provided/);
    assertError(await open311('POST', 'requests.json', filing({ lat: '', long: '' })), 400, /location is required/);
    assertError(await open311('POST', 'requests.xml', filing({ lat: '', long: '' })), 400, /location is required/);
    assertError(await open311('POST', 'requests.json', filing({ long: '' })), 400, /lat and long/);
    assertError(await open311('POST', 'requests.json', filing({ lat: 'nord', long: '10.2' })), 400, /lat must be a number/);
    assertError(await open311('POST', 'requests.json', filing({ lat: '45.46', long: '9.19' })), 400, /outside/);
    assertError(await open311('POST', 'requests.json', filing({ lat: '', long: '', address_string: 'Rue de Rivoli 1, Paris' })), 400, /address_string/);
    assertError(await open311('POST', 'requests.json', filing({ lat: '', long: '', address_id: 'nope' })), 400, /address_id/);
    assertError(await open311('POST', 'requests.json', filing({ description: '   ' })), 400, /description/);
    assertError(await open311('POST', 'requests.json', filing({ description: 'x'.repeat(4001) })), 400, /4000/);
    assertError(await open311('POST', 'requests.json', filing({ description: 'a\u0000b' })), 400, /NUL/);
    assertError(await open311('POST', 'requests.json', filing({ email: 'not-an-email' })), 400, /email/);
    assertError(await open311('POST', 'requests.json', filing({ media_url: 'javascript:alert(1)' })), 400, /media_url/);
    assertError(await open311('POST', 'servicerequestupdates.json', filing()), 404);
    assertError(await open311('POST', 'requests.xml', filing({ description: 'x'.repeat(70_000) })), 400, /larger than/);
    assert.equal(await reportCount(), before);
  });

  test('FixMyStreet’s form (jurisdiction_id, attribute[…], account fields) is accepted as it is', async () => {
    const res = await open311('POST', 'requests.xml', filing({
      jurisdiction_id: 'whatever-fixmystreet-is-configured-with',
      'attribute[easting]': '123456',
      'attribute[fixmystreet_id]': '42',
      account_id: '',
      device_id: 'abc',
      description: 'Buca profonda in mezzo alla carreggiata, pericolosa per i motorini e le biciclette che passano di sera',
      service_code: String(t.m.categories.potholes),
    }));
    assert.equal(res.status, 201, res.text);
    const ref = res.body.service_requests.request[0].service_request_id;
    const detail = (await t.call('GET', `${pub}/reports/${ref}`)).body;
    assert.equal(detail.title, 'Buca profonda in mezzo alla carreggiata, pericolosa per i…');
  });
});

describe('GET requests', () => {
  let open: string;
  let closed: string;
  let old: string;
  let hidden: string;
  let unpublished: string;
  let withPhoto: string;

  before(async () => {
    open = await fileOpen311({ media_url: 'https://partner.example.org/media/open.jpg' });
    closed = await fileOpen311({ service_code: String(t.m.categories.potholes) });
    await setStatus(closed, 'accepted', 'Presa in carico dalla squadra strade');
    await reply(closed, 'Nota interna: chiamare la ditta', true);
    await setStatus(closed, 'resolved', 'Buca chiusa con asfalto a freddo');
    old = await fileOpen311();
    await t.db.sql`UPDATE report SET created_at = now() - interval '100 days' WHERE reference = ${old}`;
    hidden = await fileOpen311();
    await setStatus(hidden, 'hidden', 'Contiene una targa');
    unpublished = await fileOpen311();
    await t.db.sql`UPDATE report SET published = false WHERE reference = ${unpublished}`;
    // A report filed through the widget's API, with a photo (stored as the photo service stores them).
    const filed = await t.call('POST', `${pub}/reports`, reportBody(t.m));
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    withPhoto = filed.body.reference;
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888888' } }).jpeg().toBuffer();
    await t.db.sql`
      INSERT INTO photo (municipality_id, report_id, public_id, position, data, width, height, thumbnail)
      SELECT ${t.m.id}, id, 'fotoDiProva12345', 0, ${jpeg}, 64, 48, ${jpeg} FROM report WHERE reference = ${withPhoto}`;
  });

  test('default: the last 90 days of published reports; hidden, unpublished and older ones left out', async () => {
    const res = await get('requests.json');
    assert.equal(res.status, 200);
    const listed = refs(res.body);
    assert.ok(listed.includes(open) && listed.includes(closed) && listed.includes(withPhoto));
    assert.ok(!listed.includes(old), 'a 100-day-old report is outside the default window');
    assert.ok(!listed.includes(hidden));
    assert.ok(!listed.includes(unpublished));
  });

  test('a request’s fields, with the specification’s names, w3 dates and the status mapped', async () => {
    const res = await get(`requests/${open}.json`);
    assert.equal(res.status, 200);
    const [r] = res.body;
    assert.deepEqual(Object.keys(r), REQUEST_ELEMENTS);
    assert.equal(r.service_request_id, open);
    assert.equal(r.status, 'open');
    assert.equal(r.service_name, 'Illuminazione pubblica');
    assert.equal(r.service_code, String(t.m.categories.lighting));
    assert.equal(r.agency_responsible, 'Ufficio Tecnico');
    assert.match(r.description, /lampione davanti alla farmacia/);
    assert.match(r.requested_datetime, W3_WITH_ZONE);
    assert.match(r.updated_datetime, W3_WITH_ZONE);
    assert.match(r.requested_datetime, /\+0[12]:00$/, 'Europe/Rome local time');
    assert.equal(r.expected_datetime, null);
    assert.equal(r.address, 'Via Alcide De Gasperi');
    assert.equal(r.address_id, '319502');
    assert.equal(r.lat, 43.9953);
    assert.equal(r.long, 10.2276);
    assert.equal(r.media_url, 'https://partner.example.org/media/open.jpg');

    const c = (await get(`requests/${closed}.json`)).body[0];
    assert.equal(c.status, 'closed');
    assert.equal(c.status_notes, 'Buca chiusa con asfalto a freddo');
    assert.equal(c.agency_responsible, 'Ufficio Tecnico');
  });

  test('media_url falls back to the absolute URL of the first public photo', async () => {
    const [r] = (await get(`requests/${withPhoto}.json`)).body;
    assert.equal(r.media_url, `http://localhost/api/v1/${t.m.slug}/photos/fotoDiProva12345`);
    const photo = await t.call('GET', new URL(r.media_url).pathname);
    assert.equal(photo.status, 200);
    assert.equal(photo.headers.get('Content-Type'), 'image/jpeg');
    assert.equal(r.address, 'Via Alcide De Gasperi 3');
  });

  test('one request: hidden, unpublished and unknown ones are 404', async () => {
    assertError(await get(`requests/${hidden}.json`), 404);
    assertError(await get(`requests/${unpublished}.xml`), 404);
    assertError(await get('requests/2099-999999.json'), 404);
    assertError(await get('requests/%27%3B--.json'), 404);
  });

  test('service_request_id: a comma list that overrides every other filter (and the window)', async () => {
    const res = await get(`requests.json?service_request_id=${open},${old},${hidden}&status=closed&start_date=2001-01-01T00:00:00Z&end_date=2001-01-02T00:00:00Z`);
    assert.equal(res.status, 200);
    assert.deepEqual(refs(res.body).sort(), [open, old].sort());
  });

  test('service_code and status filters, comma lists', async () => {
    const potholes = (await get(`requests.json?service_code=${t.m.categories.potholes}`)).body;
    assert.ok(refs(potholes).includes(closed));
    assert.ok(potholes.every((r: { service_code: string }) => r.service_code === String(t.m.categories.potholes)));
    const both = refs((await get(`requests.json?service_code=${t.m.categories.potholes},${t.m.categories.lighting}`)).body);
    assert.ok(both.includes(closed) && both.includes(open));
    assert.deepEqual((await get('requests.json?service_code=nessuno')).body, []);

    const closedOnes = (await get('requests.json?status=closed')).body;
    assert.deepEqual(refs(closedOnes), [closed]);
    const openOnes = refs((await get('requests.json?status=open')).body);
    assert.ok(openOnes.includes(open) && !openOnes.includes(closed));
    const all = refs((await get('requests.json?status=open,closed')).body);
    assert.ok(all.includes(open) && all.includes(closed));
    assertError(await get('requests.json?status=resolved'), 400, /status/);
  });

  test('dates: a window finds the old report; bad dates, reversed or over 90 days are 400', async () => {
    const start = new Date(Date.now() - 110 * 86_400_000).toISOString();
    const end = new Date(Date.now() - 50 * 86_400_000).toISOString();
    const window = refs((await get(`requests.json?start_date=${start}&end_date=${end}`)).body);
    assert.deepEqual(window, [old]);
    // Only a start: 90 days from it.
    assert.deepEqual(refs((await get(`requests.json?start_date=${start}`)).body), [old]);
    // An offset written with "+" unencoded reaches us as a space: read as "+".
    const rome = (await get('requests.json?start_date=2026-01-01T00:00:00+01:00&end_date=2026-03-01T00:00:00+01:00'));
    assert.equal(rome.status, 200, rome.text);

    assertError(await get('requests.json?start_date=ieri'), 400, /start_date/);
    assertError(await get('requests.json?start_date=2026-01-01'), 400, /time zone/);
    assertError(await get('requests.json?end_date=2026-01-01T10:00:00'), 400, /end_date/);
    assertError(await get('requests.xml?start_date=2026-02-31T10:00:00Z'), 400, /start_date/);
    assertError(await get('requests.json?start_date=2026-03-01T00:00:00Z&end_date=2026-01-01T00:00:00Z'), 400, /after/);
    assertError(await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z'), 400, /90 days/);
    assertError(await get('requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z'), 400, /90 days/);
  });

  test('XML of requests parses, with the specification’s element names', async () => {
    const res = await get(`requests.xml?service_request_id=${closed},${open}`);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/xml; charset=utf-8');
    assert.ok(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>'));
    const requests = res.body.service_requests.request;
    assert.equal(requests.length, 2);
    for (const r of requests) assert.deepEqual(Object.keys(r), REQUEST_ELEMENTS);
    const c = requests.find((r: { service_request_id: string }) => r.service_request_id === closed);
    assert.equal(c.status, 'closed');
    assert.equal(c.status_notes, 'Buca chiusa con asfalto a freddo');
    assert.match(c.updated_datetime, W3_WITH_ZONE);
    assert.equal(c.zipcode, '');
    const one = await get(`requests/${open}.xml`);
    assert.equal(one.body.service_requests.request[0].media_url, 'https://partner.example.org/media/open.jpg');
  });

  test('servicerequestupdates: public replies and status changes, FixMyStreet’s statuses, no internal notes', async () => {
    await reply(open, 'Segnalazione inoltrata alla ditta di manutenzione');
    await setStatus(open, 'scheduled', 'Intervento previsto la prossima settimana', '2026-12-03T09:00:00Z');
    assert.equal((await get(`requests/${open}.json`)).body[0].expected_datetime, '2026-12-03T10:00:00+01:00');
    const res = await get('servicerequestupdates.json');
    assert.equal(res.status, 200, res.text);
    const forOpen = res.body.filter((u: { service_request_id: string }) => u.service_request_id === open);
    assert.deepEqual(forOpen.map((u: { status: string; description: string }) => [u.status, u.description]), [
      ['open', 'Segnalazione inoltrata alla ditta di manutenzione'],
      ['action_scheduled', 'Intervento previsto la prossima settimana'],
    ]);
    const [first] = forOpen;
    assert.deepEqual(Object.keys(first), ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
    assert.match(first.update_id, /^\d+$/);
    assert.match(first.updated_datetime, W3_WITH_ZONE);
    const [event] = await t.db.sql<{ id: string }[]>`
      SELECT e.id FROM report_event e JOIN report r ON r.id = e.report_id
      WHERE r.reference = ${open} AND e.type = 'reply'`;
    assert.equal(first.update_id, String(event.id));

    const forClosed = res.body.filter((u: { service_request_id: string }) => u.service_request_id === closed);
    assert.deepEqual(forClosed.map((u: { status: string }) => u.status), ['investigating', 'fixed']);
    assert.ok(!res.text.includes('Nota interna'));
    assert.ok(!res.body.some((u: { service_request_id: string }) => u.service_request_id === hidden));

    const x = await get('servicerequestupdates.xml');
    assert.equal(x.type, 'text/xml; charset=utf-8');
    const updates = x.body.service_requests_updates.request_update;
    assert.ok(updates.some((u: { service_request_id: string; status: string }) => u.service_request_id === closed && u.status === 'fixed'));

    // FixMyStreet asks for a recent window, with its api_key and jurisdiction_id along.
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const later = new Date(Date.now() + 7_200_000).toISOString();
    const none = await get(`servicerequestupdates.xml?start_date=${future}&end_date=${later}&api_key=${apiKey}&jurisdiction_id=x`);
    assert.equal(none.status, 200);
    assert.equal(none.body.service_requests_updates, '');
    assertError(await get('servicerequestupdates.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400, /90 days/);
  });

  test('rejected and duplicate map to FixMyStreet’s states', async () => {
    const rejected = await fileOpen311();
    await setStatus(rejected, 'rejected', 'Strada privata: non di competenza comunale');
    const duplicate = await fileOpen311();
    const merged = await t.call('POST', `${admin}/reports/${duplicate}/merge`, { into: open, version: await version(duplicate) }, asAdmin);
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    const updates = (await get('servicerequestupdates.json')).body as { service_request_id: string; status: string }[];
    assert.deepEqual(updates.filter((u) => u.service_request_id === rejected).map((u) => u.status), ['not_councils_responsibility']);
    assert.deepEqual(updates.filter((u) => u.service_request_id === duplicate).map((u) => u.status), ['duplicate']);
    assert.equal((await get(`requests/${duplicate}.json`)).body[0].status, 'closed');
  });
});

describe('personal data', () => {
  test('no answer of this file carried the contact data partners sent', () => {
    assert.ok(answers.length > 40);
    const all = answers.join('\n').toLowerCase();
    for (const value of [CONTACT.email, CONTACT.first_name, CONTACT.last_name, CONTACT.phone, 'maria.rossi@example.org', 'Maria Rossi']) {
      assert.ok(!all.includes(value.toLowerCase()), `${value} leaked into an Open311 answer`);
    }
  });

  test('the API key never reaches a log line', () => {
    assert.ok(!t.logLines.join('\n').includes(apiKey));
  });
});
