import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/connect.ts';
import { parseEnv } from '../../server/env.ts';
import { ResponseCache } from '../../server/http/response-cache.ts';
import { createLogger } from '../../server/log.ts';
import { MAX_CELLS, clusterGrid } from '../../server/services/clusters.ts';
import { TEST_RATE_LIMITS } from './helpers/app.ts';
import { openTestDatabase } from './helpers/database.ts';
import { createTestMunicipality, type TestMunicipality } from './helpers/fixtures.ts';

let db: Database;
let m: TestMunicipality;
let base: string;
/** The app without its cache, so that each request sees the data as it is. */
let app: ReturnType<typeof createApp>;

before(async () => {
  db = await openTestDatabase();
  m = await createTestMunicipality(db.sql);
  base = `/api/v1/${m.slug}`;
  app = createApp({ sql: db.sql, secretKey: randomBytes(32), logger: createLogger('silent'), rateLimits: TEST_RATE_LIMITS, clusterCacheSeconds: 0 });
});
after(() => db.close());

async function get(path: string, on = app) {
  const res = await on.request(path);
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

let nextNumber = 1;
interface NewRow {
  lon: number;
  lat: number;
  status?: string;
  published?: boolean;
  categoryId?: number;
  streetId?: number | null;
  title?: string;
}

/** Reports written straight into the table (with a reporter's contact), as many as a test needs. */
async function insertReports(rows: NewRow[]): Promise<string[]> {
  const values = rows.map((r) => ({
    municipality_id: m.id,
    reference: `2026-${String(nextNumber++).padStart(6, '0')}`,
    tracking_hash: randomBytes(16),
    tracking_salt: randomBytes(16),
    category_id: r.categoryId ?? m.categories.lighting,
    department_id: m.departments.roads,
    status: r.status ?? 'accepted',
    published: r.published ?? true,
    title: r.title ?? 'Lampione spento',
    details: 'Spento da giorni.',
    street_id: r.streetId === undefined ? m.streets.gasperi : r.streetId,
    location: `(${r.lon},${r.lat})`,
    contact_name: 'Maria Rossi',
    contact_email: 'maria.rossi@example.org',
    contact_phone: '+39 333 1234567',
  }));
  const out = await db.sql<{ reference: string }[]>`INSERT INTO report ${db.sql(values)} RETURNING reference`;
  return out.map((r) => r.reference);
}

/** The whole test municipality (its map bounds) at the zoom of a town-wide view. */
const TOWN = '10.15,43.94,10.32,44.06';

/** Web-Mercator pixel coordinates at a zoom, as Leaflet places markers. */
function pixels(p: { lat: number; lon: number }, zoom: number) {
  const size = 256 * 2 ** zoom;
  return { x: ((p.lon + 180) / 360) * size, y: ((1 - Math.asinh(Math.tan((p.lat * Math.PI) / 180)) / Math.PI) / 2) * size };
}

const sumOf = (a: { cells: { count: number }[]; reports: unknown[] }) => a.cells.reduce((s, c) => s + c.count, 0) + a.reports.length;

/** The public list's count for the same filters, page by page. */
async function listCount(query: string): Promise<number> {
  let n = 0;
  let cursor = '';
  for (;;) {
    const page = await get(`${base}/reports?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    n += page.body.reports.filter((r: { location: unknown }) => r.location).length;
    if (!page.body.nextCursor) return n;
    cursor = page.body.nextCursor;
  }
}

describe('GET /reports/clusters', () => {
  before(async () => {
    // A neighbourhood of 40 open reports, a few closed, hidden and unpublished ones, two categories.
    const rows: NewRow[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push({
        lon: 10.2 + (i % 8) * 0.004,
        lat: 43.98 + Math.floor(i / 8) * 0.004,
        status: ['submitted', 'accepted', 'in_progress', 'scheduled'][i % 4],
        categoryId: i % 3 === 0 ? m.categories.potholes : m.categories.lighting,
        streetId: i % 5 === 0 ? m.streets.aurelia : m.streets.gasperi,
        title: i % 7 === 0 ? 'Buca profonda' : 'Lampione spento',
      });
    }
    rows.push({ lon: 10.25, lat: 44.0, status: 'resolved' }, { lon: 10.251, lat: 44.001, status: 'rejected' });
    // Away from the others, so that an empty answer there means they were left out.
    rows.push({ lon: 10.31, lat: 43.945, status: 'hidden' }, { lon: 10.311, lat: 43.946, published: false });
    await insertReports(rows);
  });

  test('the counts add up to the public list’s total, for every filter', async () => {
    const filters = [
      '',
      'status=closed',
      'status=all',
      'status=in_progress',
      `category=${m.categories.potholes}`,
      `street=${m.streets.aurelia}`,
      'q=buca',
      `status=all&category=${m.categories.lighting}&street=${m.streets.gasperi}`,
    ];
    for (const f of filters) {
      const expected = await listCount(`bbox=${TOWN}&${f}`);
      for (const zoom of [8, 11, 13, 14]) {
        const res = await get(`${base}/reports/clusters?bbox=${TOWN}&zoom=${zoom}&${f}`);
        assert.equal(res.status, 200, `${f} z${zoom}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.total, expected, `${f} at zoom ${zoom}`);
        assert.equal(sumOf(res.body), expected, `${f} at zoom ${zoom}`);
      }
    }
  });

  test('hidden and unpublished reports never appear', async () => {
    const res = await get(`${base}/reports/clusters?bbox=10.305,43.94,10.315,43.95&zoom=16&status=all`);
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 0);
  });

  test('far apart, reports come one by one as the public list shows them, without any contact data', async () => {
    const res = await get(`${base}/reports/clusters?bbox=10.249,43.999,10.252,44.002&zoom=18&status=closed`);
    assert.equal(res.status, 200);
    assert.equal(res.body.cells.length, 0);
    assert.equal(res.body.reports.length, 2);
    const list = await get(`${base}/reports?status=closed&bbox=${TOWN}`);
    for (const r of res.body.reports) {
      assert.deepEqual(r, list.body.reports.find((x: { reference: string }) => x.reference === r.reference));
      assert.deepEqual(Object.keys(r).sort(), [
        'categoryId', 'civic', 'createdAt', 'location', 'reference', 'status', 'streetId', 'streetName', 'supportCount', 'title',
      ]);
    }
    const all = JSON.stringify((await get(`${base}/reports/clusters?bbox=10.2,43.98,10.23,44&zoom=17&status=all`)).body);
    assert.doesNotMatch(all, /Maria|maria\.rossi|333 1234567|tracking|contact/i);
  });

  test('close together, they are one cell: where they are, how many, and the extent to zoom to', async () => {
    const res = await get(`${base}/reports/clusters?bbox=${TOWN}&zoom=8`);
    assert.equal(res.status, 200);
    assert.equal(res.body.reports.length, 0);
    const [cell] = res.body.cells;
    assert.equal(res.body.cells.length, 1);
    assert.equal(cell.count, 40);
    [10.2, 43.98, 10.228, 43.996].forEach((v, i) => assert.ok(Math.abs(cell.bbox[i] - v) < 1e-9, `${cell.bbox}`));
    // Drawn at their mean, or up to a cluster's radius (20 px) from it, inside the cell.
    const px = 360 / (256 * 2 ** 8);
    assert.ok(Math.abs(cell.lon - 10.214) <= 20 * px && Math.abs(cell.lat - 43.988) <= 20 * px, JSON.stringify(cell));
  });

  test('reports on the very same spot stay one cell at the highest zoom', async () => {
    await insertReports([0, 1, 2].map(() => ({ lon: 10.3, lat: 44.05 })));
    const res = await get(`${base}/reports/clusters?bbox=10.2999,44.0499,10.3001,44.0501&zoom=22`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.cells.map((c: { count: number; bbox: number[] }) => [c.count, c.bbox]),
      [[3, [10.3, 44.05, 10.3, 44.05]]],
    );
  });

  test('the bbox is snapped outward to the tile grid, so nearby views get the same answer', async () => {
    const a = await get(`${base}/reports/clusters?bbox=10.2101,43.9801,10.2299,43.9899&zoom=15`);
    const b = await get(`${base}/reports/clusters?bbox=10.2102,43.9803,10.2297,43.9897&zoom=15`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.body, b.body);
    const [w, s, e, n] = a.body.bbox;
    assert.ok(w <= 10.2101 && s <= 43.9801 && e >= 10.2299 && n >= 43.9899, `${a.body.bbox} covers the view`);
    // Edges on the tiles of zoom 15 (2^15 across the world).
    const tiles = 2 ** 15;
    const tileX = (lon: number) => ((lon + 180) / 360) * tiles;
    const tileY = (lat: number) => ((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * tiles;
    for (const t of [tileX(w), tileX(e), tileY(s), tileY(n)]) assert.ok(Math.abs(t - Math.round(t)) < 1e-6, `${t} is a tile edge`);
    assert.equal(a.body.cellPixels, 64);
    // Asking again for the answer's own bbox gives the same answer.
    assert.deepEqual((await get(`${base}/reports/clusters?bbox=${a.body.bbox.join(',')}&zoom=15`)).body, a.body);
  });

  test('bad bbox or zoom: 400 in the JSON error shape, naming the field', async () => {
    const cases: [string, string][] = [
      ['zoom=12', 'bbox'],
      [`bbox=${TOWN}`, 'zoom'],
      [`bbox=1,2,3&zoom=12`, 'bbox'],
      [`bbox=10.3,43.9,10.2,44&zoom=12`, 'bbox'],
      [`bbox=a,b,c,d&zoom=12`, 'bbox'],
      [`bbox=-200,43,10,44&zoom=12`, 'bbox'],
      [`bbox=${TOWN}&zoom=-1`, 'zoom'],
      [`bbox=${TOWN}&zoom=23`, 'zoom'],
      [`bbox=${TOWN}&zoom=12.5`, 'zoom'],
      [`bbox=${TOWN}&zoom=12&status=nope`, 'status'],
      // The whole world at street level: no screen shows that.
      [`bbox=-180,-85,180,85&zoom=19`, 'bbox'],
      [`bbox=-180,-90,180,90&zoom=22`, 'bbox'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`${base}/reports/clusters?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'invalid_request', query);
      assert.equal(typeof res.body.error.message, 'string');
      assert.ok(res.body.error.details.fields.some((f: { field: string }) => f.field === field), `${query}: ${JSON.stringify(res.body)}`);
    }
  });

  test('the whole world at a low zoom is fine, poles included', async () => {
    for (const zoom of [0, 1, 2, 3]) {
      const res = await get(`${base}/reports/clusters?bbox=-180,-90,180,90&zoom=${zoom}&status=all`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.total, await listCount('status=all'));
    }
  });

  test('is not taken for a report reference, and reports keep their own routes', async () => {
    const clusters = await get(`${base}/reports/clusters`);
    assert.equal(clusters.status, 400);
    assert.equal(clusters.body.error.code, 'invalid_request');
    const [reference] = await insertReports([{ lon: 10.16, lat: 43.95 }]);
    assert.equal((await get(`${base}/reports/${reference}`)).body.reference, reference);
    assert.equal((await get(`${base}/reports/nearby?lat=43.95&lon=10.16`)).body.reports[0].reference, reference);
    assert.equal((await app.request(`${base}/reports/clusters`, { method: 'POST' })).status, 404);
  });
});

describe('at scale', () => {
  test(`a few thousand reports: never more than ${MAX_CELLS} features, whatever the view`, async () => {
    const sql = db.sql;
    // A second municipality, so the counts above are not disturbed: 6000 reports over the town.
    const big = await createTestMunicipality(sql, { slug: 'bigtown' });
    await sql`
      INSERT INTO report (municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id,
                          status, published, title, details, location)
      SELECT ${big.id}, '2026-' || lpad(g::text, 6, '0'), decode(md5('h' || g), 'hex'), decode(md5('s' || g), 'hex'),
             ${big.categories.lighting}, ${big.departments.roads}, 'accepted', true, 'Lampione ' || g, 'x',
             point(10.15 + (g % 97) * 0.00175, 43.94 + (g / 97) * 0.0019)
      FROM generate_series(1, 6000) g`;
    const views: [string, number][] = [
      ['10.15,43.94,10.32,44.06', 12],
      ['10.15,43.94,10.32,44.06', 14],
      ['10.15,43.94,10.32,44.06', 15],
      ['10.15,43.94,10.32,44.06', 16],
      ['10.2,43.98,10.25,44.0', 17],
      ['10.2,43.98,10.25,44.0', 18],
      ['10.22,43.99,10.23,43.995', 19],
    ];
    for (const [bbox, zoom] of views) {
      const res = await get(`/api/v1/bigtown/reports/clusters?bbox=${bbox}&zoom=${zoom}`);
      assert.equal(res.status, 200, `${bbox} z${zoom}: ${JSON.stringify(res.body)}`);
      const features = res.body.cells.length + res.body.reports.length;
      assert.ok(features <= MAX_CELLS, `${bbox} z${zoom}: ${features} features`);
      // No two clusters overlap on the screen (40 px buttons).
      const screen = res.body.cells.map((c: { lat: number; lon: number }) => pixels(c, zoom));
      for (let i = 0; i < screen.length; i++) {
        for (let j = i + 1; j < screen.length; j++) {
          const apart = Math.max(Math.abs(screen[i].x - screen[j].x), Math.abs(screen[i].y - screen[j].y));
          assert.ok(apart >= 40 - 1e-6, `${bbox} z${zoom}: clusters ${apart} px apart`);
        }
      }
      assert.equal(sumOf(res.body), res.body.total);
      if (bbox === TOWN) assert.equal(res.body.total, 6000);
    }
  });

  test('the grid is coarsened, never over the cap, for views as large as a big screen', () => {
    for (let zoom = 0; zoom <= 22; zoom++) {
      // 3840 × 2160 px around Seravezza at this zoom.
      const degPerPx = 360 / (256 * 2 ** zoom);
      const bbox = { west: 10.2 - 1920 * degPerPx, east: 10.2 + 1920 * degPerPx, south: 43.99 - 800 * degPerPx, north: 43.99 + 800 * degPerPx };
      const clamp = (v: number, lim: number) => Math.max(-lim, Math.min(lim, v));
      const grid = clusterGrid(
        { west: clamp(bbox.west, 180), east: clamp(bbox.east, 180), south: clamp(bbox.south, 85), north: clamp(bbox.north, 85) },
        zoom,
      );
      assert.ok((grid.x1 - grid.x0 + 1) * (grid.y1 - grid.y0 + 1) <= MAX_CELLS, `zoom ${zoom}`);
      assert.ok(grid.cellPixels <= 256, `zoom ${zoom}: cells of ${grid.cellPixels} px`);
    }
  });
});

describe('cache', () => {
  test('answers are reused for their time to live, then computed anew; Cache-Control says as much', async () => {
    let now = 1_000_000;
    const cached = createApp({
      sql: db.sql,
      secretKey: randomBytes(32),
      logger: createLogger('silent'),
      rateLimits: TEST_RATE_LIMITS,
      clusterCacheSeconds: 20,
      now: () => now,
    });
    const url = `${base}/reports/clusters?bbox=10.16,43.94,10.18,43.96&zoom=14`;
    const first = await get(url, cached);
    assert.equal(first.headers.get('Cache-Control'), 'public, max-age=20');
    await insertReports([{ lon: 10.17, lat: 43.95 }]);
    now += 19_000;
    assert.equal((await get(url, cached)).body.total, first.body.total, 'still the cached answer');
    assert.equal((await get(url)).body.total, first.body.total + 1, 'the uncached app sees it at once');
    now += 2_000;
    assert.equal((await get(url, cached)).body.total, first.body.total + 1, 'expired: computed anew');
    assert.equal((await get(url)).headers.get('Cache-Control'), 'no-store');
  });

  test('concurrent misses share one computation; failures are not kept; size is bounded', async () => {
    const cache = new ResponseCache({ ttlSeconds: 10, maxEntries: 3 });
    let runs = 0;
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(String(++runs)), 20));
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => cache.get('k', slow)));
    assert.deepEqual(answers, ['1', '1', '1', '1', '1']);
    await assert.rejects(cache.get('bad', () => Promise.reject(new Error('db down'))));
    assert.equal(await cache.get('bad', async () => 'ok'), 'ok');
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k);
    assert.equal(await cache.get('k', async () => 'recomputed'), 'recomputed', 'the oldest entry was dropped');
    const off = new ResponseCache({ ttlSeconds: 0 });
    await off.get('k', async () => 'x');
    assert.equal(await off.get('k', async () => 'y'), 'y');
  });

  test('CLUSTER_CACHE_SECONDS sets it, 0 turns it off', () => {
    assert.equal(parseEnv({}).CLUSTER_CACHE_SECONDS, 15);
    assert.equal(parseEnv({ CLUSTER_CACHE_SECONDS: '0' }).CLUSTER_CACHE_SECONDS, 0);
    assert.throws(() => parseEnv({ CLUSTER_CACHE_SECONDS: '-1' }), /CLUSTER_CACHE_SECONDS/);
  });
});
