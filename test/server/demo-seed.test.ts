import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { placeStreets } from '../../server/demo/places.ts';
import { seedDemoIfEmpty } from '../../server/demo/seed.ts';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/connect.ts';
import { createLogger } from '../../server/log.ts';
import { TIME_ZONE } from '../../server/domain/time-zone.ts';
import { metersPerDegreeLat, metersPerDegreeLon } from '../../server/services/streets.ts';
import { deriveTrackingCode, formatTrackingCode } from '../../server/services/tracking-code.ts';
import { openTestDatabase } from './helpers/database.ts';
import { createTestMunicipality } from './helpers/fixtures.ts';

const PUBLIC_STATUSES = ['submitted', 'accepted', 'in_progress', 'scheduled', 'resolved', 'rejected', 'duplicate'];
const OPEN_STATUSES = ['submitted', 'accepted', 'in_progress', 'scheduled'];
const base = '/api/v1/seravezza';

let db: Database;
let secretKey: Buffer;
let seeded: Record<string, number> | undefined;
let app: ReturnType<typeof createApp>;
/** Every public report, from the public list, newest first. */
let listed: any[];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (body !== undefined) init.headers = { 'Content-Type': 'application/json' };
  const res = await app.request(path, init);
  return { status: res.status, body: await res.json() };
}

async function listAll(status: string): Promise<any[]> {
  const reports: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { reports: any[]; nextCursor: string | null } } = await call(
      'GET',
      `${base}/reports?status=${status}&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
    );
    reports.push(...page.body.reports);
    cursor = page.body.nextCursor;
  } while (cursor);
  return reports;
}

before(async () => {
  db = await openTestDatabase();
  secretKey = randomBytes(32);
  const started = performance.now();
  seeded = await seedDemoIfEmpty(db.sql, secretKey);
  const ms = performance.now() - started;
  // The server seeds at start: it must not keep a first-time visitor waiting.
  assert.ok(ms < 10_000, `seeding took ${Math.round(ms)} ms`);
  app = createApp({ sql: db.sql, secretKey, logger: createLogger('silent') });
  listed = await listAll('all');
});
after(() => db.close());

describe('demo seed: what a visitor of the Seravezza demo sees', () => {
  test('the seed says what it wrote', () => {
    assert.ok(seeded);
    assert.equal(seeded.streets, 302);
    assert.ok(seeded.reports >= 140 && seeded.reports <= 160, `${seeded.reports} reports`);
    assert.ok(seeded.events > seeded.reports, 'every report has its history');
    assert.ok(seeded.supports > 100);
  });

  test('/config gives the municipality, its offices and the categories, each with its office', async () => {
    const res = await call('GET', `${base}/config`);
    assert.equal(res.status, 200);
    assert.equal(res.body.municipality.name, 'Comune di Seravezza');
    assert.equal(res.body.municipality.istatCode, '046028');
    assert.equal(res.body.municipality.demo, true);
    assert.deepEqual(res.body.map.center, { lat: 43.995, lon: 10.227 });
    const names = res.body.categories.map((c: { name: string }) => c.name);
    for (const name of ['Illuminazione pubblica', 'Strade e marciapiedi', 'Rifiuti e pulizia', 'Verde pubblico', 'Sosta e viabilità']) {
      assert.ok(names.includes(name), `category ${name}`);
    }
    const offices = new Map(res.body.departments.map((d: { id: number; name: string }) => [d.id, d.name]));
    assert.ok([...offices.values()].includes('Polizia Municipale'));
    for (const c of res.body.categories) {
      assert.ok(offices.has(c.departmentId), `${c.name} belongs to an office`);
      assert.ok(c.daysToAccept > 0 && c.daysToResolve >= c.daysToAccept, `${c.name} has target days`);
    }
    const lighting = res.body.categories.find((c: { name: string }) => c.name === 'Illuminazione pubblica');
    assert.equal(offices.get(lighting.departmentId), 'Ufficio Tecnico – Lavori Pubblici');
    const parking = res.body.categories.find((c: { name: string }) => c.name === 'Sosta e viabilità');
    assert.equal(offices.get(parking.departmentId), 'Polizia Municipale');
  });

  test('/streets/summary lists all 302 real streets, with the active reports of each', async () => {
    const res = await call('GET', `${base}/streets/summary`);
    assert.equal(res.body.streets.length, 302);
    const withReports = res.body.streets.filter((s: { openReports: number }) => s.openReports > 0);
    assert.ok(withReports.length >= 30, `${withReports.length} streets with active reports`);
    const total = res.body.streets.reduce((n: number, s: { openReports: number }) => n + s.openReports, 0);
    assert.equal(total, listed.filter((r) => OPEN_STATUSES.includes(r.status)).length);
  });

  test('/streets finds Via Alcide De Gasperi despite a typo', async () => {
    const res = await call('GET', `${base}/streets?q=${encodeURIComponent('de gaspari')}`);
    assert.equal(res.body.streets[0].name, 'Via Alcide De Gasperi');
  });

  test('the nearest street to a report is found (synthetic demo positions)', async () => {
    const r = listed.find((x) => x.location);
    const res = await call('GET', `${base}/streets/nearest?lat=${r.location.lat}&lon=${r.location.lon}`);
    assert.ok(res.body.street, 'a street near the report');
  });

  test('/reports lists only published reports, never a hidden one, never contact data', async () => {
    const [{ n }] = await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM report r JOIN municipality m ON m.id = r.municipality_id
      WHERE m.slug = 'seravezza' AND r.published AND r.status <> 'hidden'`;
    assert.equal(listed.length, n);
    assert.ok(listed.every((r) => r.status !== 'hidden'));
    const hidden = await db.sql<{ reference: string; tracking_salt: Buffer }[]>`
      SELECT reference, tracking_salt FROM report WHERE status = 'hidden'`;
    assert.ok(hidden.length >= 2, 'a couple of hidden reports');
    for (const h of hidden) {
      assert.ok(!listed.some((r) => r.reference === h.reference));
      assert.equal((await call('GET', `${base}/reports/${h.reference}`)).status, 404);
    }
    const text = JSON.stringify(listed);
    for (const secret of ['contact', '@example.org', 'Mario Rossi', 'tracking']) assert.ok(!text.includes(secret), secret);
    // Its reporter still finds it with the tracking code; the moderation note stays internal.
    const code = formatTrackingCode(deriveTrackingCode(secretKey, hidden[0].tracking_salt));
    const tracked = await call('GET', `${base}/track/${code}`);
    assert.equal(tracked.status, 200);
    assert.equal(tracked.body.status, 'hidden');
    assert.equal(tracked.body.published, false);
    assert.ok(!tracked.body.events.some((e: { status?: string }) => e.status === 'hidden'));
  });

  test('every public status and every category appears; most reports are open', async () => {
    const statuses = new Set(listed.map((r) => r.status));
    for (const s of PUBLIC_STATUSES) assert.ok(statuses.has(s), `a report in status ${s}`);
    const open = listed.filter((r) => OPEN_STATUSES.includes(r.status)).length;
    assert.ok(open > listed.length / 2, `${open} open of ${listed.length}`);
    const active = await listAll('active');
    assert.equal(active.length, open);
    const config = await call('GET', `${base}/config`);
    const categories = new Set(listed.map((r) => r.categoryId));
    for (const c of config.body.categories) assert.ok(categories.has(c.id), `a report in ${c.name}`);
  });

  test('reports spread over the last twelve months, on many streets, inside the map', async () => {
    const bounds = (await call('GET', `${base}/config`)).body.map.bounds;
    const now = Date.now();
    const created = listed.map((r) => new Date(r.createdAt).getTime());
    assert.ok(Math.max(...created) <= now);
    assert.ok(Math.min(...created) >= now - 366 * 86_400_000);
    assert.ok(Math.min(...created) <= now - 240 * 86_400_000, 'some reports are months old');
    assert.ok(new Set(listed.map((r) => r.streetId)).size >= 60);
    for (const r of listed) {
      assert.ok(r.location, `${r.reference} has a location`);
      const { lat, lon } = r.location;
      assert.ok(lat >= bounds.south && lat <= bounds.north && lon >= bounds.west && lon <= bounds.east, `${r.reference} inside`);
    }
  });

  test('each street has a (synthetic) position inside the comune, and each report lies near its street', async () => {
    const bounds = (await call('GET', `${base}/config`)).body.map.bounds;
    const points = await db.sql<{ street_id: number; lon: number; lat: number }[]>`
      SELECT street_id, location[0] AS lon, location[1] AS lat FROM street_point WHERE source = 'demo'`;
    assert.equal(new Set(points.map((p) => p.street_id)).size, 302);
    for (const p of points) {
      assert.ok(p.lat >= bounds.south && p.lat <= bounds.north && p.lon >= bounds.west && p.lon <= bounds.east);
    }
    for (const r of listed) {
      const distances = points
        .filter((p) => p.street_id === r.streetId)
        .map((p) => Math.hypot((p.lon - r.location.lon) * metersPerDegreeLon(p.lat), (p.lat - r.location.lat) * metersPerDegreeLat));
      assert.ok(Math.min(...distances) <= 100, `${r.reference} is ${Math.round(Math.min(...distances))} m from its street`);
    }
  });

  test('the history of each report is in date order and ends in its status; internal notes stay internal', async () => {
    for (const r of listed) {
      const detail = (await call('GET', `${base}/reports/${r.reference}`)).body;
      const at = detail.events.map((e: { at: string }) => new Date(e.at).getTime());
      assert.deepEqual(at, [...at].sort((a, b) => a - b), `${r.reference} in order`);
      assert.equal(detail.events[0].type, 'created');
      assert.equal(new Date(detail.events[0].at).getTime(), new Date(detail.createdAt).getTime());
      assert.ok(at.every((t: number) => t <= Date.now()), `${r.reference} has no event in the future`);
      assert.ok(!detail.events.some((e: { type: string }) => e.type === 'note' || e.type === 'assign'), `${r.reference} keeps notes internal`);
      // Status changes, merges into another report included.
      const changes = detail.events.filter((e: { type: string; status?: string }) => e.type !== 'created' && e.status);
      assert.equal(changes.at(-1)?.status ?? 'submitted', r.status, `${r.reference} ends in its status`);
      if (['resolved', 'rejected', 'duplicate'].includes(r.status)) {
        assert.ok(detail.closedAt, `${r.reference} has its closing date`);
        assert.ok(changes.at(-1).message, `${r.reference} says why it closed`);
      } else assert.equal(detail.closedAt, null);
      if (detail.acceptedAt) assert.ok(new Date(detail.acceptedAt) >= new Date(detail.createdAt));
    }
  });

  test('a resolved report tells its whole story: taken in charge, then resolved, with the office’s words', async () => {
    const resolved = listed.filter((r) => r.status === 'resolved');
    assert.ok(resolved.length >= 20);
    const detail = (await call('GET', `${base}/reports/${resolved[0].reference}`)).body;
    const steps = detail.events.filter((e: { type: string }) => e.type === 'status').map((e: { status: string }) => e.status);
    assert.equal(steps[0], 'accepted');
    assert.equal(steps.at(-1), 'resolved');
    assert.ok(new Date(detail.acceptedAt) <= new Date(detail.closedAt));
    const details = await Promise.all(resolved.slice(0, 20).map((r) => call('GET', `${base}/reports/${r.reference}`)));
    assert.ok(details.some((d) => d.body.events.some((e: { type: string }) => e.type === 'reply')), 'offices answer');
  });

  test('a duplicate points to an older report of the same category and street', async () => {
    const duplicates = listed.filter((r) => r.status === 'duplicate');
    assert.ok(duplicates.length >= 3);
    for (const d of duplicates) {
      const detail = (await call('GET', `${base}/reports/${d.reference}`)).body;
      const original = listed.find((r) => r.reference === detail.duplicateOf);
      assert.ok(original, `${d.reference} points to a public report`);
      assert.equal(original.categoryId, d.categoryId);
      assert.equal(original.streetId, d.streetId);
      assert.ok(new Date(original.createdAt) < new Date(d.createdAt));
      assert.ok(detail.events.at(-1).message.includes(original.reference));
      assert.equal(d.supportCount, 0, 'its supporters moved to the report it joined');
    }
  });

  test('support counts match the people who joined, and a few reports are popular', async () => {
    const rows = await db.sql<{ reference: string; support_count: number; supports: number }[]>`
      SELECT r.reference, r.support_count, (SELECT count(*)::int FROM support s WHERE s.report_id = r.id) AS supports
      FROM report r`;
    for (const row of rows) assert.equal(row.support_count, row.supports, row.reference);
    const counts = new Map(rows.map((r) => [r.reference, r.support_count]));
    for (const r of listed) assert.equal(r.supportCount, counts.get(r.reference));
    assert.ok(listed.filter((r) => r.supportCount > 15).length >= 2, 'some popular reports');
    assert.ok(listed.filter((r) => OPEN_STATUSES.includes(r.status) && r.supportCount > 0).length >= 30);
  });

  test('a report filed after the seed gets the next reference of the year', async () => {
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: TIME_ZONE }).format(new Date()));
    const [{ last }] = await db.sql<{ last: number }[]>`
      SELECT coalesce(max(substr(reference, 6)::int), 0) AS last FROM report WHERE reference LIKE ${`${year}-%`}`;
    const config = (await call('GET', `${base}/config`)).body;
    const gasperi = (await call('GET', `${base}/streets?q=${encodeURIComponent('alcide de gasperi')}`)).body.streets[0];
    const filing = {
      categoryId: config.categories[0].id,
      title: 'Lampione spento',
      details: 'Il lampione davanti al civico 5 è spento da ieri.',
      streetId: gasperi.id,
      civic: '5',
      privacyAccepted: true,
    };
    // The demo shows the default spam check: a form token, held for the minimum fill time.
    assert.equal((await call('POST', `${base}/reports`, filing)).body.error.code, 'form_token_required');
    const form = (await call('GET', `${base}/form-token`)).body;
    assert.equal(form.minSeconds, 3);
    await new Promise((r) => setTimeout(r, form.minSeconds * 1000 + 100));
    const res = await call('POST', `${base}/reports`, { ...filing, antiSpam: { token: form.token, website: '' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.reference, `${year}-${String(last + 1).padStart(6, '0')}`);
  });

  test('the demo staff accounts log in: the admin sees every report, the clerk only the Ufficio Tecnico ones', async () => {
    const login = async (email: string) => {
      const res = await call('POST', `${base}/admin/login`, { email, password: 'segnala-demo' });
      assert.equal(res.status, 200, email);
      return res.body as { token: string; user: { role: string; departmentIds: number[] } };
    };
    const queue = async (token: string) =>
      (await (await app.request(`${base}/admin/reports?status=all&limit=1`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { total: number };
    const adminSession = await login('admin@seravezza.example');
    const clerkSession = await login('tecnico@seravezza.example');
    assert.equal(adminSession.user.role, 'admin');
    assert.equal(clerkSession.user.role, 'staff');
    const [works] = await db.sql`SELECT id FROM department WHERE name LIKE 'Ufficio Tecnico%'`;
    assert.deepEqual(clerkSession.user.departmentIds, [works.id]);
    const all = (await queue(adminSession.token)).total;
    const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM report WHERE department_id = ${works.id}`;
    assert.equal((await queue(clerkSession.token)).total, n);
    assert.ok(n > 0 && n < all);
  });

  test('the demo Open311 key files a report through GeoReport v2', async () => {
    const form = new URLSearchParams({
      api_key: 'demo-open311-key',
      service_code: String((await call('GET', `${base}/config`)).body.categories[0].id),
      lat: '43.9952',
      long: '10.2268',
      description: 'Lampione spento da giorni, segnalato da un’app partner.',
    });
    const res = await app.request('/open311/v2/seravezza/requests.json', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    assert.equal(res.status, 201);
    const [answer] = (await res.json()) as { service_request_id: string }[];
    assert.equal((await call('GET', `${base}/reports/${answer.service_request_id}`)).status, 200);
  });

  test('seeding again does nothing', async () => {
    const count = async () => (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report`)[0].n;
    const before = await count();
    assert.equal(await seedDemoIfEmpty(db.sql, secretKey), undefined);
    assert.equal(await count(), before);
    assert.equal((await db.sql`SELECT 1 FROM municipality`).length, 1);
  });
});

describe('demo seed: when it writes', () => {
  test('two processes starting together seed once', async () => {
    const fresh = await openTestDatabase();
    try {
      const key = randomBytes(32);
      const results = await Promise.all([seedDemoIfEmpty(fresh.sql, key), seedDemoIfEmpty(fresh.sql, key)]);
      assert.equal(results.filter(Boolean).length, 1);
      const [{ municipalities, reports }] = await fresh.sql<{ municipalities: number; reports: number }[]>`
        SELECT (SELECT count(*)::int FROM municipality) AS municipalities, (SELECT count(*)::int FROM report) AS reports`;
      assert.equal(municipalities, 1);
      assert.equal(reports, results.find(Boolean)!.reports);
    } finally {
      await fresh.close();
    }
  });

  test('a database that already serves a municipality gets no demo', async () => {
    const fresh = await openTestDatabase();
    try {
      await createTestMunicipality(fresh.sql, { slug: 'pietrasanta' });
      assert.equal(await seedDemoIfEmpty(fresh.sql, randomBytes(32)), undefined);
      assert.equal((await fresh.sql`SELECT 1 FROM municipality WHERE slug = 'seravezza'`).length, 0);
    } finally {
      await fresh.close();
    }
  });

  test('street positions are the same on every run, whatever the order of the file', () => {
    const streets = [
      { nationalCode: '319502', type: 'VIA', baseName: 'ALCIDE DE GASPERI' },
      { nationalCode: '319487', type: 'TRAVERSA', baseName: 'A DI VIA ALCIDE DE GASPERI' },
      { nationalCode: '319515', type: 'VIA', baseName: 'AZZANO' },
    ];
    const once = placeStreets(streets);
    const again = placeStreets([...streets].reverse());
    for (const s of streets) assert.deepEqual(once.get(s.nationalCode), again.get(s.nationalCode));
    assert.equal(once.get('319515')!.locality, 'azzano');
    assert.equal(once.get('319487')!.locality, once.get('319502')!.locality, 'a traversa lies by its street');
  });
});
