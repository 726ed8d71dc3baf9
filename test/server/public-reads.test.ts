import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { connectDatabase, type Database } from '../../server/db/connect.ts';
import { createLogger } from '../../server/log.ts';
import { searchTextProblem, textFilter, textPlanned } from '../../server/services/report-search.ts';
import { isSearchable } from '../../widget/search-text.ts';
import { reportBody, startTestApp, TEST_RATE_LIMITS, type TestApp } from './helpers/app.ts';
import { createTestMunicipality, type TestMunicipality } from './helpers/fixtures.ts';

// Issue 11, items 3 and 12: the public reads. A text search of one or two letters could not use
// the trigram index and read every report (0.5 s at 100 000 reports, the single embedded
// connection held meanwhile); no public read had a time bound; and a list cursor made up from
// another municipality's report id was accepted, telling that report's existence and time.

const onPostgres = Boolean(process.env.DATABASE_URL);
let t: TestApp;
let base: string;
const town = '10.150,43.940,10.320,44.060';

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  for (const [title, details] of [
    ['Buca profonda', 'Una buca davanti alla scuola, perché nessuno la chiude?'],
    ['Lampione spento', "Il lampione di via dell'Orto è spento"],
    ['CITTÀ SPORCA', 'Rifiuti ovunque in piazza'],
  ]) {
    assert.equal((await t.call('POST', `${base}/reports`, reportBody(t.m, { title, details }))).status, 201);
  }
});

after(() => t.close());

const titles = (res: { body: { reports: { title: string }[] } }) => res.body.reports.map((r) => r.title).sort();

describe('text search (q)', () => {
  for (const q of ['a', 'aa', ' b ', 'è', 'a b', 'ab cd', "l'a"]) {
    test(`q=${JSON.stringify(q)} is refused with 400 on q, in the list and on the map`, async () => {
      for (const path of [
        `${base}/reports?status=all&q=${encodeURIComponent(q)}`,
        `${base}/reports/clusters?status=all&zoom=13&bbox=${town}&q=${encodeURIComponent(q)}`,
      ]) {
        const res = await t.call('GET', path);
        assert.equal(res.status, 400, path);
        assert.equal(res.body.error.code, 'invalid_request');
        assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['q']);
        assert.match(res.body.error.details.fields[0].message, /at least 3/);
      }
    });
  }

  test("the widget's search box sends only what the server can search", () => {
    for (const q of ['a', 'aa', 'è', 'a b', 'ab cd', "l'a", '12', 'abc', 'àèì', 'a buca', "dell'orto", '2026-000001', 'città', 'e\u0301e\u0301e\u0301']) {
      assert.equal(isSearchable(q), searchTextProblem(q) === undefined, q);
    }
  });

  test('an empty or blank q is no filter, as before', async () => {
    assert.equal((await t.call('GET', `${base}/reports?status=all&q=`)).body.reports.length, 3);
    assert.equal((await t.call('GET', `${base}/reports?status=all&q=%20%20`)).body.reports.length, 3);
  });

  test('three letters and more find what they found before: any case, any accent, inside words', async () => {
    const search = (q: string) => t.call('GET', `${base}/reports?status=all&q=${encodeURIComponent(q)}`);
    assert.deepEqual(titles(await search('BUC')), ['Buca profonda']);
    assert.deepEqual(titles(await search('perche')), ['Buca profonda']);
    assert.deepEqual(titles(await search('PERCHÉ')), ['Buca profonda']);
    assert.deepEqual(titles(await search('citta')), ['CITTÀ SPORCA']);
    assert.deepEqual(titles(await search('dell orto')), ['Lampione spento']);
    assert.deepEqual(titles(await search("DELL'ORTO")), ['Lampione spento']);
    assert.deepEqual(titles(await search('ampion')), ['Lampione spento']);
    assert.deepEqual(titles(await search('a buca')), ['Buca profonda']);
    assert.deepEqual(titles(await search('zzz')), []);
    const [first] = (await search('sporca')).body.reports;
    assert.deepEqual(titles(await search(first.reference)), ['CITTÀ SPORCA']);
    const map = await t.call('GET', `${base}/reports/clusters?status=all&zoom=13&bbox=${town}&q=lampione`);
    assert.equal(map.status, 200);
    assert.equal(map.body.total, 1);
  });

  test('the same text asked many times keeps its answers (the statement is planned for each text)', async () => {
    for (let i = 0; i < 8; i++) {
      assert.deepEqual(titles(await t.call('GET', `${base}/reports?status=all&q=${i % 2 ? 'profonda' : 'sporca'}`)), [
        i % 2 ? 'Buca profonda' : 'CITTÀ SPORCA',
      ]);
    }
  });
});

describe('list cursors (issue 11, item 12)', () => {
  let other: TestMunicipality;
  let otherIds: string[];

  before(async () => {
    other = await createTestMunicipality(t.db.sql, { slug: 'altrove' });
    for (const title of ['Segreto uno', 'Segreto due']) {
      assert.equal((await t.call('POST', `/api/v1/${other.slug}/reports`, reportBody(other, { title }))).status, 201);
    }
    otherIds = (await t.db.sql<{ id: string }[]>`SELECT id FROM report WHERE municipality_id = ${other.id}`).map((r) => r.id);
  });

  test("a cursor made from another municipality's report id is refused with 400 on cursor", async () => {
    for (const id of otherIds) {
      // What the server used to hand out: base64url("r:<id>").
      const forged = Buffer.from(`r:${id}`).toString('base64url');
      const res = await t.call('GET', `${base}/reports?status=all&limit=1&cursor=${forged}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['cursor']);
    }
  });

  test("another municipality's own cursor is refused here, and works there", async () => {
    const there = await t.call('GET', `/api/v1/${other.slug}/reports?status=all&limit=1`);
    assert.equal(there.status, 200);
    const cursor = there.body.nextCursor;
    assert.ok(cursor);
    const here = await t.call('GET', `${base}/reports?status=all&limit=1&cursor=${cursor}`);
    assert.equal(here.status, 400);
    assert.equal(here.body.error.details.fields[0].field, 'cursor');
    const next = await t.call('GET', `/api/v1/${other.slug}/reports?status=all&limit=1&cursor=${cursor}`);
    assert.equal(next.status, 200);
    assert.deepEqual(next.body.reports.map((r: { title: string }) => r.title), ['Segreto uno']);
  });

  test('a changed cursor is refused, whatever byte changed', async () => {
    const { nextCursor } = (await t.call('GET', `${base}/reports?status=all&limit=1`)).body;
    const bytes = Buffer.from(nextCursor, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] ^= 1;
      const res = await t.call('GET', `${base}/reports?status=all&limit=1&cursor=${changed.toString('base64url')}`);
      assert.equal(res.status, 400, `byte ${i}`);
    }
    for (const junk of ['x', 'AAAA', `${nextCursor}A`, nextCursor.slice(1)]) {
      assert.equal((await t.call('GET', `${base}/reports?status=all&limit=1&cursor=${encodeURIComponent(junk)}`)).status, 400, junk);
    }
  });

  test('cursors page through every report exactly once, also reports made within the same millisecond', async () => {
    // Twelve reports sharing one millisecond, a microsecond apart: the cursor must keep the order exactly.
    await t.db.sql`
      INSERT INTO report (municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id, status,
                          published, title, details, street_id, location, created_at)
      SELECT r.municipality_id, '2099-' || lpad(g::text, 6, '0'), decode(md5('same-ms' || g), 'hex'), r.tracking_salt,
             r.category_id, r.department_id, 'accepted', true, 'Stesso istante ' || g, r.details, r.street_id, r.location,
             timestamptz '2026-01-01 10:00:00.123' + g * interval '1 microsecond'
      FROM report r, generate_series(1, 12) g
      WHERE r.municipality_id = ${t.m.id} AND r.title = 'Buca profonda'`;
    const all = (await t.call('GET', `${base}/reports?status=all&limit=200`)).body.reports.map((r: { reference: string }) => r.reference);
    assert.equal(all.length, 15);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { reports: { reference: string }[]; nextCursor: string | null } } = await t.call(
        'GET',
        `${base}/reports?status=all&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(res.status, 200);
      paged.push(...res.body.reports.map((r) => r.reference));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, all);
  });
});

describe('the public reads are bounded in time (PostgreSQL)', { skip: onPostgres ? false : 'needs DATABASE_URL: PGlite does not enforce statement_timeout' }, () => {
  let db: Database;
  let call: (path: string) => Promise<{ status: number; body: any; headers: Headers }>;

  before(async () => {
    // The test's database, opened again as the server opens it, with a short public bound.
    const [{ name }] = await t.db.sql<{ name: string }[]>`SELECT current_database() AS name`;
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    db = await connectDatabase({ databaseUrl: url.toString(), maxConnections: 10, publicQueryTimeoutMs: 300 });
    const app = createApp({
      sql: db.sql,
      publicSql: db.publicSql,
      secretKey: randomBytes(32),
      logger: createLogger('silent'),
      rateLimits: TEST_RATE_LIMITS,
      clusterCacheSeconds: 0,
    });
    call = async (path) => {
      const res = await app.request(path);
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
  });

  after(() => db?.close());

  test('a read still running after the bound answers 503 query_timeout with Retry-After; staff queries are not bounded', async () => {
    const reference = (await call(`${base}/reports?status=all&limit=1`)).body.reports[0].reference;
    // Another session holds the reports table for two seconds: every read of it waits, as it would
    // behind a slow plan, until the bound stops it (each read has its own connection: waiting for one
    // is not bounded).
    const holder = await t.db.sql.reserve();
    try {
      await holder`BEGIN`;
      await holder`LOCK TABLE report IN ACCESS EXCLUSIVE MODE`;
      const started = Date.now();
      const answers = await Promise.all([
        call(`${base}/reports?status=all&q=lampione`),
        call(`${base}/reports/clusters?status=all&zoom=13&bbox=${town}`),
        call(`${base}/reports/${reference}`),
        call(`${base}/streets/summary`),
        call(`${base}/track/7KQ2M9XH4T`),
        // Staff work reads through the unbounded pool: it waits for the lock, then answers.
        db.sql`SELECT count(*)::int AS n FROM report`.then((rows) => rows[0].n),
        new Promise((r) => setTimeout(r, 2000)).then(() => holder`COMMIT`),
      ]);
      const [list, clusters, detail, streets, track, staffCount] = answers;
      for (const res of [list, clusters, detail, streets, track]) {
        assert.equal(res.status, 503, JSON.stringify(res.body).slice(0, 200));
        assert.equal(res.body.error.code, 'query_timeout');
        assert.equal(res.headers.get('Retry-After'), '5');
      }
      assert.ok(staffCount >= 3);
      assert.ok(Date.now() - started >= 2000);
    } finally {
      holder.release();
    }
    // Once the table is free, the same reads answer.
    assert.equal((await call(`${base}/reports?status=all&q=lampione`)).status, 200);
  });
});

describe('the trigram index serves the search', () => {
  test('at 20 000 reports, a text search is planned on the trigram index (PostgreSQL and the embedded database)', async () => {
    await t.db.sql`
      INSERT INTO report (municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id, status,
                          published, title, details, street_id, location, created_at)
      SELECT r.municipality_id, '2098-' || lpad(g::text, 6, '0'), decode(md5('many' || g), 'hex'), r.tracking_salt,
             r.category_id, r.department_id, 'accepted', true, 'Segnalazione numero ' || g,
             'Testo qualunque della segnalazione: ' || md5(g::text) || ' vicino al civico ' || (g % 200) || ', da giorni, ' || md5((g * 7)::text), r.street_id, r.location, now() - g * interval '1 minute'
      FROM report r, generate_series(1, 20000) g
      WHERE r.municipality_id = ${t.m.id} AND r.title = 'Buca profonda'`;
    await t.db.sql`ANALYZE report`;
    // The list's own filter (textFilter), planned for its text as the list sends it (textPlanned).
    const plan = (q: string) =>
      textPlanned(
        { q },
        t.db.sql<{ 'QUERY PLAN': string }[]>`
          EXPLAIN SELECT r.id FROM report r
          WHERE r.municipality_id = ${t.m.id} AND r.published ${textFilter(t.db.sql, q)}
          ORDER BY r.created_at DESC, r.id DESC LIMIT 51`,
      ).then((rows) => rows.map((r) => r['QUERY PLAN']).join('\n'));
    assert.match(await plan('profonda'), /report_search_trgm/);
    assert.match(await plan('sporca'), /report_search_trgm/);
    const found = await t.call('GET', `${base}/reports?status=all&q=profonda`);
    assert.deepEqual(found.body.reports.map((r: { title: string }) => r.title), ['Buca profonda']);
  });
});
