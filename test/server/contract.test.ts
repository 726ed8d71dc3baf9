import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testClient } from 'hono/testing';
import { REPORT_EVENT_TYPES } from '../../server/domain/report-events.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// The widget and the console read their types off the server's routes (widget/contract.ts). These
// tests call the app through Hono's typed client, as they do, and check that what the types promise
// is what comes back — including the answers the server writes out as text before the route sees
// them (the public list, the map's clusters, the street search) — and that the public and staff APIs
// use the same status words.
let t: TestApp;
let api: ReturnType<typeof client>;
let staff: { Authorization: string };
let open: string;
let closed: string;

const client = (t: TestApp) => testClient(t.app).api.v1[':municipality'];

before(async () => {
  t = await startTestApp({ publishOnArrival: true });
  api = client(t);
  const file = async (title: string) => (await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { title }))).body.reference as string;
  open = await file('Lampione spento');
  closed = await file('Buca riparata');
  await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() WHERE reference = ${closed}`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'urp@testville.example', name: 'URP', role: 'admin', departmentIds: [], password: 'segnala-test' });
  const login = await api.admin.login.$post({ param: { municipality: t.m.slug }, json: { email: 'urp@testville.example', password: 'segnala-test' } });
  const session = await login.json();
  // An account with two-step login would get a challenge instead (README, "Two-step login").
  assert.ok('token' in session, 'a session, not a challenge');
  staff = { Authorization: `Bearer ${session.token}` };
});
after(() => t.close());

describe('the typed client and the server agree', () => {
  test('the public list, written by PostgreSQL as text, is JSON with the fields its type names', async () => {
    const res = await api.reports.$get({ param: { municipality: t.m.slug }, query: {} });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^application\/json/);
    const list = await res.json();
    assert.deepEqual(list.reports.map((r) => r.reference), [open]);
    const [r] = list.reports;
    const keys: (keyof typeof r)[] = ['reference', 'title', 'status', 'categoryId', 'streetId', 'streetName', 'civic', 'location', 'createdAt', 'supportCount'];
    assert.deepEqual(Object.keys(r).sort(), [...keys].sort());
    assert.equal(r.title, 'Lampione spento');
    assert.equal(list.nextCursor, null);
  });

  test('clusters and street search, served from the answer cache, keep their JSON type', async () => {
    const clusters = await api.reports.clusters.$get({ param: { municipality: t.m.slug }, query: { bbox: '10.1,43.9,10.4,44.1', zoom: '12' } });
    assert.match(clusters.headers.get('Content-Type') ?? '', /^application\/json/);
    const answer = await clusters.json();
    assert.equal(answer.total, 1);
    const streets = await api.streets.$get({ param: { municipality: t.m.slug }, query: { q: 'aurelia' } });
    assert.match(streets.headers.get('Content-Type') ?? '', /^application\/json/);
    assert.deepEqual((await streets.json()).streets.map((s) => s.name), ['Via Aurelia']);
  });

  test('every event of a report has one of the event types the union names', async () => {
    const res = await api.reports[':reference'].$get({ param: { municipality: t.m.slug, reference: closed } });
    const detail = await res.json();
    assert.ok(detail.events.length > 0);
    for (const e of detail.events) assert.ok(REPORT_EVENT_TYPES.includes(e.type), e.type);
  });

  test('the staff routes keep their types (login, me, queue) behind the bearer token', async () => {
    const me = await api.admin.me.$get({ param: { municipality: t.m.slug } }, { headers: staff });
    assert.equal((await me.json()).user.email, 'urp@testville.example');
    const anonymous = await api.admin.me.$get({ param: { municipality: t.m.slug } });
    assert.equal(anonymous.status, 401);
  });
});

describe('one status vocabulary', () => {
  test('status=open lists the open reports in the public list, the map and the staff queue', async () => {
    const param = { municipality: t.m.slug };
    const list = await (await api.reports.$get({ param, query: { status: 'open' } })).json();
    assert.deepEqual(list.reports.map((r) => r.reference), [open]);
    const map = await (await api.reports.clusters.$get({ param, query: { status: 'open', bbox: '10.1,43.9,10.4,44.1', zoom: '12' } })).json();
    assert.deepEqual(map.reports.map((r) => r.reference), [open]);
    const queue = await (await api.admin.reports.$get({ param, query: { status: 'open' } }, { headers: staff })).json();
    assert.deepEqual(queue.reports.map((r) => r.reference), [open]);
    const all = await (await api.reports.$get({ param, query: { status: 'closed' } })).json();
    assert.deepEqual(all.reports.map((r) => r.reference), [closed]);
  });

  test('status=active, the older public word for open, is still understood', async () => {
    const param = { municipality: t.m.slug };
    const asOpen = await (await api.reports.$get({ param, query: { status: 'open' } })).text();
    const asActive = await (await api.reports.$get({ param, query: { status: 'active' } })).text();
    assert.equal(asActive, asOpen);
    const mapActive = await (await api.reports.clusters.$get({ param, query: { status: 'active', bbox: '10.1,43.9,10.4,44.1', zoom: '12' } })).json();
    assert.deepEqual(mapActive.reports.map((r) => r.reference), [open]);
  });

  test('an unknown status word is refused naming the words that exist', async () => {
    const res = await t.call('GET', `/api/v1/${t.m.slug}/reports?status=aperte`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0].field, 'status');
    assert.match(res.body.error.details.fields[0].message, /open, closed, all/);
  });

  test('streets count their open reports as openReports', async () => {
    const res = await api.streets.summary.$get({ param: { municipality: t.m.slug } });
    const { streets } = await res.json();
    const gasperi = streets.find((s) => s.id === t.m.streets.gasperi)!;
    assert.equal(gasperi.openReports, 1);
  });
});
