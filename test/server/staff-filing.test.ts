import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { smtpTransport } from '../../server/mail/smtp.ts';
import { fileReport } from '../../server/services/report-filing.ts';
import { requireMunicipality } from '../../server/services/municipality.ts';
import { TEST_RATE_LIMITS, reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';
import { startSmtpServer } from './helpers/smtp.ts';

// Issue 15 §3: reports taken by phone, e-mail, PEC or at the front desk, filed by staff from the
// console on the citizen's behalf; the receipt through a real SMTP server, in both database modes.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: ReturnType<typeof smtpTransport>;
let admin: string;
const as: Record<string, Record<string, string>> = {};
const ids: Record<string, number> = {};

const sender = () =>
  createMailSender({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('error', () => undefined),
    transport,
    from: 'Comune di Testville <noreply@testville.example>',
    publicUrl: 'https://segnala.testville.example',
  });

/** Headers unfolded and quoted-printable soft breaks joined, so the text can be searched. */
const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');

before(async () => {
  // The spam check at its strictest, and citizens' filing limits at one an hour: neither is for staff.
  t = await startTestApp({
    spamCheck: 'pow',
    rateLimits: { ...TEST_RATE_LIMITS, filePerClient: { max: 1, windowSeconds: 3600 }, filePerMunicipality: { max: 1, windowSeconds: 3600 } },
  });
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  admin = `/api/v1/${t.m.slug}/admin`;
  const people = [
    ['capo@t.example', 'admin', []],
    // The front desk clerk works for the police; lighting goes to the roads office.
    ['sportello@t.example', 'staff', [t.m.departments.police]],
    ['strade@t.example', 'staff', [t.m.departments.roads]],
  ] as const;
  for (const [email, role, departmentIds] of people) {
    const name = email.split('@')[0];
    ids[name] = await createStaffUser(t.db.sql, t.m.id, { email, name: name[0].toUpperCase() + name.slice(1), role, departmentIds: [...departmentIds], password: 'al-telefono-1' });
    const login = await t.call('POST', `${admin}/login`, { email, password: 'al-telefono-1' });
    assert.equal(login.status, 200, `login of ${email}: ${JSON.stringify(login.body)}`);
    as[name] = { Authorization: `Bearer ${login.body.token}` };
  }
});
after(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

/** What a clerk types for a citizen who called: the citizen form's fields, the channel, no consent box. */
function staffBody(over: Record<string, unknown> = {}) {
  const { privacyAccepted: _, location: __, ...body } = reportBody(t.m);
  return { ...body, channel: 'phone', ...over };
}
const fileAs = (who: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', `${admin}/reports`, body, { ...(who ? as[who] : {}), ...headers });
const detail = async (ref: string, who = 'capo') => (await t.call('GET', `${admin}/reports/${ref}`, undefined, as[who])).body;
const counts = async () =>
  (
    await t.db.sql<{ reports: number; events: number; mails: number }[]>`
      SELECT (SELECT count(*)::int FROM report) AS reports, (SELECT count(*)::int FROM report_event) AS events,
             (SELECT count(*)::int FROM outbox) AS mails`
  )[0];

describe('POST /admin/reports: a report taken by phone', () => {
  test('filed by a clerk of another office for the lighting office: reference and code to read out, the receipt with the code delivered', async () => {
    smtp.received.length = 0;
    const res = await fileAs('sportello', staffBody({ contact: { name: 'Lucia Neri', email: 'lucia.neri@example.org', phone: '0584 123456' } }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { reference, trackingCode } = res.body;
    assert.match(reference, /^\d{4}-\d{6}$/);
    // As the citizen widget shows it.
    assert.match(trackingCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    assert.equal(res.body.channel, 'phone');
    assert.equal(res.body.receiptQueued, true);
    assert.equal(res.body.status, 'submitted');
    assert.ok(res.body.promise?.acceptBy, 'the office’s promise, to tell the caller');

    // Gone to the category's office, as a citizen's would; the clerk filed it, by phone.
    const d = await detail(reference);
    assert.equal(d.departmentId, t.m.departments.roads);
    assert.equal(d.channel, 'phone');
    assert.deepEqual(d.contact, { name: 'Lucia Neri', email: 'lucia.neri@example.org', phone: '0584 123456' });
    const [created] = d.events;
    assert.equal(created.type, 'created');
    assert.deepEqual(created.by, { id: ids.sportello, name: 'Sportello' });
    assert.deepEqual(created.data, { channel: 'phone' });

    // The tracking code read out works on the citizen's tracking page, which names no clerk and no channel.
    const tracked = await t.call('GET', `/api/v1/${t.m.slug}/track/${trackingCode.toLowerCase()}`);
    assert.equal(tracked.status, 200);
    assert.equal(tracked.body.reference, reference);
    const publicDetail = await t.call('GET', `/api/v1/${t.m.slug}/reports/${reference}`);
    assert.equal(publicDetail.status, 200);
    for (const text of [JSON.stringify(tracked.body), JSON.stringify(publicDetail.body)]) {
      assert.ok(!text.includes('Sportello') && !text.includes('"channel"') && !text.includes('phone'), text);
    }

    // The receipt through the SMTP server, with the code; the office is told as for any filing.
    await sender().runOnce();
    const receipt = smtp.received.filter((m) => m.to.includes('lucia.neri@example.org')).map((m) => readable(m.raw));
    assert.equal(receipt.length, 1);
    assert.ok(receipt[0].includes(trackingCode), 'the receipt carries the tracking code');
    assert.ok(receipt[0].includes(reference));
    assert.equal(smtp.received.filter((m) => m.to.includes('tecnico@example.org')).length, 1);
  });

  test('without a contact: filed, nothing mailed to a citizen, the code given only in the answer', async () => {
    const before = await counts();
    const res = await fileAs('strade', staffBody({ channel: 'front_desk', contact: undefined, streetId: undefined, location: { lat: 43.9953, lon: 10.2276 } }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.receiptQueued, false);
    const d = await detail(res.body.reference);
    assert.equal(d.channel, 'front_desk');
    assert.deepEqual(d.contact, { name: null, email: null, phone: null });
    assert.equal(d.streetId, t.m.streets.gasperi, 'a point is tied to its street as for a citizen');
    const after = await counts();
    assert.equal(after.reports, before.reports + 1);
    assert.equal(after.mails, before.mails + 1, 'only the office’s notice');
    assert.equal((await t.call('GET', `/api/v1/${t.m.slug}/track/${res.body.trackingCode}`)).status, 200);
  });

  test('no spam check and no citizens’ filing limits for staff, though the municipality checks with proof of work', async () => {
    // A citizen without the proof of work is refused, and the next one is over the hour's limit.
    const citizen = await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m));
    assert.equal(citizen.status, 422);
    assert.equal((await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m))).status, 429);
    for (const channel of ['email', 'pec', 'other']) {
      const res = await fileAs('sportello', staffBody({ channel, contact: { name: 'Gino' } }));
      assert.equal(res.status, 201, `${channel}: ${JSON.stringify(res.body)}`);
    }
  });

  test('an Idempotency-Key makes a retry safe: the same report and code; another clerk’s same key files anew', async () => {
    const key = { 'Idempotency-Key': 'telefonata-0001' };
    const body = staffBody({ title: 'Buca profonda', categoryId: t.m.categories.potholes, contact: { email: 'ripeti@example.org' } });
    const first = await fileAs('sportello', body, key);
    const again = await fileAs('sportello', body, key);
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(again.body.reference, first.body.reference);
    assert.equal(again.body.trackingCode, first.body.trackingCode);
    const other = await fileAs('strade', body, key);
    assert.notEqual(other.body.reference, first.body.reference);
    assert.equal((await fileAs('sportello', { ...body, title: 'Altra buca' }, key)).status, 422, 'the same key, another report');
  });

  test('bad input is a 400 naming the field, and nothing is written', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['no channel', { channel: undefined }, 'channel'],
      ['web is not a staff channel', { channel: 'web' }, 'channel'],
      ['open311 is not a staff channel', { channel: 'open311' }, 'channel'],
      ['made-up channel', { channel: 'fax' }, 'channel'],
      ['unknown category', { categoryId: 999_999 }, 'categoryId'],
      ['retired category', { categoryId: t.m.categories.retired }, 'categoryId'],
      ['no title', { title: undefined }, 'title'],
      ['title too short', { title: 'ab' }, 'title'],
      ['no place', { streetId: undefined }, 'streetId'],
      ['unknown street', { streetId: 999_999 }, 'streetId'],
      ['outside the municipality', { streetId: undefined, location: { lat: 45.5, lon: 9.2 } }, 'location'],
      ['bad e-mail', { contact: { email: 'non-una-mail' } }, 'contact.email'],
      ['bad phone', { contact: { phone: 'chiamami' } }, 'contact.phone'],
    ];
    const before = await counts();
    for (const [what, over, field] of cases) {
      const res = await fileAs('sportello', staffBody(over));
      assert.equal(res.status, 400, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.details.fields.some((f: { field: string }) => f.field === field), `${what}: ${JSON.stringify(res.body.error)}`);
    }
    assert.equal((await fileAs('sportello', 'not json', { 'Content-Type': 'application/json' })).status, 400);
    assert.equal((await fileAs('sportello', staffBody(), { 'Idempotency-Key': 'x' })).status, 400, 'a key too short');
    assert.deepEqual(await counts(), before);
  });

  test('an Open311 partner’s filing is recorded as such, by nobody', async () => {
    const { apiKey } = (await t.call('POST', `${admin}/open311-key`, undefined, as.capo)).body;
    const form = new URLSearchParams({ api_key: apiKey, service_code: String(t.m.categories.lighting), lat: '43.9953', long: '10.2276', description: 'Lampione spento da tre sere.' });
    const res = await t.call('POST', `/open311/v2/${t.m.slug}/requests.json`, form.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const d = await detail(res.body[0].service_request_id);
    assert.equal(d.channel, 'open311');
    assert.equal(d.events[0].by, null);
    assert.deepEqual(d.events[0].data, { channel: 'open311' });
  });

  test('401 without a session, nothing written', async () => {
    const before = await counts();
    assert.equal((await fileAs(undefined, staffBody())).status, 401);
    assert.equal((await fileAs(undefined, staffBody(), { Authorization: 'Bearer ' + 'x'.repeat(40) })).status, 401);
    assert.deepEqual(await counts(), before);
  });
});

describe('the channel in the queue, the exports and the statistics', () => {
  let phone: string;
  let web: string;
  before(async () => {
    phone = (await fileAs('capo', staffBody({ title: 'Semaforo guasto', categoryId: t.m.categories.parking, channel: 'phone' }))).body.reference;
    // A citizen's filing (the HTTP route is past its limit and the spam check: the service itself).
    const m = await requireMunicipality(t.db.sql, t.m.slug);
    const { privacyAccepted: _, ...body } = reportBody(t.m, { title: 'Dal sito', categoryId: t.m.categories.parking });
    web = (await fileReport(t.db.sql, t.secretKey, m, { ...body, privacyAccepted: true } as never, undefined)).reference;
  });

  test('queue items carry the channel', async () => {
    const res = await t.call('GET', `${admin}/reports?status=all&limit=200`, undefined, as.capo);
    const byRef = new Map(res.body.reports.map((r: { reference: string; channel: string }) => [r.reference, r.channel]));
    assert.equal(byRef.get(phone), 'phone');
    assert.equal(byRef.get(web), 'web');
    // The police clerk sees the parking reports with their channels.
    const own = await t.call('GET', `${admin}/reports?categoryId=${t.m.categories.parking}`, undefined, as.sportello);
    assert.ok(own.body.reports.some((r: { reference: string; channel: string }) => r.reference === phone && r.channel === 'phone'));
  });

  test('CSV: a column "Canale" in Italian words', async () => {
    const res = await t.call('GET', `${admin}/reports.csv?status=all`, undefined, as.capo);
    assert.equal(res.status, 200);
    const lines = (res.body as string).replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0].split(',');
    const col = header.indexOf('Canale');
    assert.ok(col > 0, lines[0]);
    const row = (ref: string) => lines.find((l) => l.startsWith(ref))!.split(',');
    assert.equal(row(phone).at(col - header.length), 'Telefono');
    assert.equal(row(web).at(col - header.length), 'Web');
    assert.ok(lines.some((l) => l.includes(',Sportello')), 'front desk');
    assert.ok(lines.some((l) => l.includes(',PEC')));
  });

  test('GeoJSON: the property channel', async () => {
    const res = await t.call('GET', `${admin}/reports.geojson?status=all`, undefined, as.capo);
    const features = res.body.features as { id: string; properties: Record<string, unknown> }[];
    assert.equal(features.find((f) => f.id === phone)?.properties.channel, 'phone');
    assert.equal(features.find((f) => f.id === web)?.properties.channel, 'web');
    for (const f of features) assert.ok(!('filedBy' in f.properties) && !JSON.stringify(f).includes('Sportello'));
  });

  test('statistics: reports counted by channel, for the admin and for an office', async () => {
    const all = (await t.call('GET', `${admin}/stats`, undefined, as.capo)).body;
    const byChannel = Object.fromEntries(all.byChannel.map((r: { channel: string; count: number }) => [r.channel, r.count]));
    const [expected] = await t.db.sql<{ n: Record<string, number> }[]>`
      SELECT jsonb_object_agg(channel, n) AS n FROM (SELECT channel, count(*)::int AS n FROM report WHERE municipality_id = ${t.m.id} GROUP BY 1) x`;
    assert.deepEqual(byChannel, expected.n);
    assert.equal(byChannel.web, 1);
    assert.ok(byChannel.phone >= 2);
    assert.equal(all.byChannel.reduce((n: number, r: { count: number }) => n + r.count, 0), all.total);
    // The police office's own: the phone call and the web filing about parking.
    const police = (await t.call('GET', `${admin}/stats?departmentId=${t.m.departments.police}`, undefined, as.sportello)).body;
    assert.deepEqual(police.byChannel, [{ channel: 'phone', count: 1 }, { channel: 'web', count: 1 }]);
  });
});
