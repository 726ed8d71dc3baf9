import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

/**
 * Random and malformed input against every public and staff endpoint: never a 5xx, never a
 * crash, and every refusal in the JSON error shape. Bounded runs, seeded by fast-check (a failure
 * prints its seed and the shrunk input, to replay it).
 */
let t: TestApp;
let base: string;
let auth: Record<string, string>;
let reference: string;

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'fuzz@t.example', name: 'Fuzz', role: 'admin', password: 'fuzz-password' });
  auth = { Authorization: `Bearer ${(await t.call('POST', `${base}/admin/login`, { email: 'fuzz@t.example', password: 'fuzz-password' })).body.token}` };
  reference = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
});
after(() => t.close());

/** Per property; raise it (FUZZ_RUNS=1000) for a longer hunt than CI's. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/** Strings a person, a bot or an attacker might send: unicode, control characters, SQL, huge. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\u200b', '%', '_', "'", "'; DROP TABLE report; --", '<script>alert(1)</script>', '../../etc/passwd', 'NaN', 'Infinity', '-0', '1e309', '9'.repeat(40), 'x'.repeat(5000), '🚧🕳️'),
  fc.double().map(String),
  fc.integer().map(String),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });

function assertAcceptable(status: number, body: unknown, what: string) {
  assert.ok(status < 500, `${what} → ${status} ${JSON.stringify(body).slice(0, 300)}`);
  if (status >= 400) {
    const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
    assert.ok(error && typeof error.code === 'string' && typeof error.message === 'string', `${what}: not the JSON error shape: ${JSON.stringify(body).slice(0, 200)}`);
  }
}

const getEndpoints = ['/config', '/form-token', '/streets', '/streets/nearest', '/streets/summary', '/reports', '/reports/nearby', '/reports/clusters'];
const queryKeys = ['q', 'limit', 'lat', 'lon', 'bbox', 'zoom', 'status', 'category', 'street', 'cursor', 'radius', 'maxDistance'];

describe('fuzzing: never a 5xx, always the JSON error shape', () => {
  test('public GETs with random query strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...getEndpoints), fc.dictionary(fc.constantFrom(...queryKeys), nasty, { maxKeys: 5 }), async (path, query) => {
        const res = await t.call('GET', `${base}${path}?${new URLSearchParams(query)}`);
        assertAcceptable(res.status, res.body, `GET ${path}?${new URLSearchParams(query)}`);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  test('public GETs with random path segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/reports/', '/track/', '/streets/', '/photos/', '/reports/2026-000001/'), nasty, async (prefix, segment) => {
        const res = await t.call('GET', `${base}${prefix}${encodeURIComponent(segment)}`);
        assertAcceptable(res.status, res.body, `GET ${prefix}${segment.slice(0, 50)}`);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  test('filing with random bodies, and with valid bodies one field spoiled', async () => {
    const spoiled = fc.record({ key: fc.constantFrom(...Object.keys(reportBody(t.m)), 'location', 'contact'), value: jsonValue });
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonValue, spoiled.map(({ key, value }) => ({ ...reportBody(t.m), [key]: value }))), async (body) => {
        const res = await t.call('POST', `${base}/reports`, JSON.stringify(body));
        assertAcceptable(res.status, res.body, `POST /reports ${JSON.stringify(body).slice(0, 200)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test('spam-check fields with random values, with the proof of work switched on', async () => {
    await t.db.sql`UPDATE municipality SET spam_check = 'pow', form_min_seconds = 0 WHERE id = ${t.m.id}`;
    try {
      const { token } = (await t.call('GET', `${base}/form-token`)).body;
      const antiSpam = fc.oneof(
        jsonValue,
        fc.record({ token: fc.oneof(nasty, fc.constant(token)), website: fc.oneof(nasty, fc.constant('')), altcha: fc.oneof(nasty, nasty.map((s) => Buffer.from(s).toString('base64'))) }, { requiredKeys: [] }),
      );
      await fc.assert(
        fc.asyncProperty(antiSpam, async (value) => {
          const res = await t.call('POST', `${base}/reports`, { ...reportBody(t.m), antiSpam: value });
          assertAcceptable(res.status, res.body, `antiSpam ${JSON.stringify(value).slice(0, 200)}`);
          assert.notEqual(res.status, 201, 'no filing passes without a solved proof of work');
        }),
        { numRuns: RUNS * 2 },
      );
    } finally {
      await t.db.sql`UPDATE municipality SET spam_check = 'off' WHERE id = ${t.m.id}`;
    }
  });

  test('Mi associo and the Idempotency-Key header with random values', async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, fc.string({ maxLength: 300 }), async (body, key) => {
        const join = await t.call('POST', `${base}/reports/${reference}/supports`, JSON.stringify(body));
        assertAcceptable(join.status, join.body, `supports ${JSON.stringify(body).slice(0, 100)}`);
        let headers: Record<string, string> = {};
        try {
          new Headers({ 'Idempotency-Key': key });
          headers = { 'Idempotency-Key': key };
        } catch {
          // Not a value a client can even send in a header.
        }
        const filed = await t.call('POST', `${base}/reports`, reportBody(t.m), headers);
        assertAcceptable(filed.status, filed.body, `Idempotency-Key ${JSON.stringify(key)}`);
      }),
      { numRuns: RUNS },
    );
  });

  test('staff endpoints with random queries and bodies', async () => {
    const posts = ['status', 'replies', 'assign', 'merge'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...posts),
        jsonValue,
        fc.dictionary(fc.constantFrom('status', 'departmentId', 'categoryId', 'streetId', 'q', 'overdue', 'from', 'to', 'sort', 'cursor', 'limit', 'contacts'), nasty, { maxKeys: 4 }),
        async (action, body, query) => {
          const post = await t.call('POST', `${base}/admin/reports/${reference}/${action}`, JSON.stringify(body), auth);
          assertAcceptable(post.status, post.body, `POST ${action} ${JSON.stringify(body).slice(0, 150)}`);
          for (const path of ['/admin/reports', '/admin/stats']) {
            const get = await t.call('GET', `${base}${path}?${new URLSearchParams(query)}`, undefined, auth);
            assertAcceptable(get.status, get.body, `GET ${path}?${new URLSearchParams(query)}`);
          }
          const csv = await t.call('GET', `${base}/admin/reports.csv?${new URLSearchParams(query)}`, undefined, auth);
          assert.ok(csv.status < 500, `CSV ${new URLSearchParams(query)} → ${csv.status}`);
          const geojson = await t.call('GET', `${base}/admin/reports.geojson?${new URLSearchParams(query)}`, undefined, auth);
          assertAcceptable(geojson.status, geojson.body, `GET /admin/reports.geojson?${new URLSearchParams(query)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('admin settings with random bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('PATCH /admin/settings', 'POST /admin/departments', 'POST /admin/categories', 'POST /admin/staff', 'PATCH /admin/categories/1', 'PATCH /admin/staff/1'), jsonValue, async (route, body) => {
        const [method, path] = route.split(' ');
        const res = await t.call(method, `${base}${path}`, JSON.stringify(body), auth);
        assertAcceptable(res.status, res.body, `${route} ${JSON.stringify(body).slice(0, 150)}`);
      }),
      { numRuns: RUNS },
    );
  });

  // The citizen adds information (issue 13 §1): by tracking code and by the office's link.
  test('citizen messages with random bodies, codes and link tokens', async () => {
    const code = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.trackingCode as string;
    await fc.assert(
      fc.asyncProperty(jsonValue, nasty, fc.constantFrom('/track/', '/citizen-replies/'), async (body, segment, prefix) => {
        const own = await t.call('POST', `${base}/track/${code}/messages`, JSON.stringify(body));
        assertAcceptable(own.status, own.body, `POST /track/{code}/messages ${JSON.stringify(body).slice(0, 150)}`);
        const other = await t.call('POST', `${base}${prefix}${encodeURIComponent(segment)}/messages`, { message: 'x' });
        assertAcceptable(other.status, other.body, `POST ${prefix}${segment.slice(0, 50)}/messages`);
        const look = await t.call('GET', `${base}/citizen-replies/${encodeURIComponent(segment)}`);
        assertAcceptable(look.status, look.body, `GET /citizen-replies/${segment.slice(0, 50)}`);
      }),
      { numRuns: RUNS },
    );
  });

  // Follow a street (issue 13 §5): asking, confirming and unsubscribing with random bodies and tokens.
  test('street subscriptions with random bodies and link tokens', async () => {
    const token = fc.oneof(nasty, fc.tuple(fc.base64String(), fc.base64String()).map(([a, b]) => `${a}.${b}`.replace(/[+/=]/g, '-')));
    await fc.assert(
      fc.asyncProperty(
        jsonValue,
        fc.record({ streetId: fc.oneof(fc.integer(), nasty, fc.constant(t.m.streets.gasperi)), email: nasty, locale: fc.oneof(nasty, fc.constantFrom('it', 'en')) }, { requiredKeys: [] }),
        token,
        fc.constantFrom('/confirm', '/unsubscribe'),
        async (body, fields, tk, action) => {
          const junk = await t.call('POST', `${base}/street-subscriptions`, JSON.stringify(body));
          assertAcceptable(junk.status, junk.body, `POST /street-subscriptions ${JSON.stringify(body).slice(0, 150)}`);
          const asked = await t.call('POST', `${base}/street-subscriptions`, fields);
          assertAcceptable(asked.status, asked.body, `POST /street-subscriptions ${JSON.stringify(fields).slice(0, 150)}`);
          const acted = await t.call('POST', `${base}/street-subscriptions${action}`, { token: tk });
          assertAcceptable(acted.status, acted.body, `POST ${action} ${tk.slice(0, 80)}`);
          assert.notEqual(acted.status, 200, `a random token was accepted: ${tk.slice(0, 80)}`);
          const oneClick = await t.call('POST', `${base}/street-subscriptions/one-click-unsubscribe?token=${encodeURIComponent(tk)}`, 'List-Unsubscribe=One-Click', {
            'Content-Type': 'application/x-www-form-urlencoded',
          });
          assertAcceptable(oneClick.status, oneClick.body, `one-click ${tk.slice(0, 80)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  // Is it really fixed? and the rating (issue 13 §2, §3): link tokens, tracking codes and bodies at random.
  test('resolution checks and ratings with random bodies, codes and link tokens', async () => {
    const filed = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body as { reference: string; trackingCode: string };
    const { version } = (await t.call('GET', `${base}/admin/reports/${filed.reference}`, undefined, auth)).body;
    await t.call('POST', `${base}/admin/reports/${filed.reference}/status`, { status: 'resolved', version }, auth);
    const token = fc.oneof(nasty, fc.tuple(fc.base64String(), fc.base64String()).map(([a, b]) => `${a}.${b}`.replace(/[+/=]/g, '-')));
    await fc.assert(
      fc.asyncProperty(jsonValue, token, nasty, fc.record({ rating: fc.oneof(fc.integer(), nasty), comment: nasty }, { requiredKeys: [] }), async (body, tk, segment, rating) => {
        const look = await t.call('GET', `${base}/resolution-checks/link?token=${encodeURIComponent(tk)}`);
        assertAcceptable(look.status, look.body, `GET /resolution-checks/link ${tk.slice(0, 80)}`);
        const acted = await t.call('POST', `${base}/resolution-checks/link`, { token: tk });
        assertAcceptable(acted.status, acted.body, `POST /resolution-checks/link ${tk.slice(0, 80)}`);
        assert.notEqual(acted.status, 200, `a random token was accepted: ${tk.slice(0, 80)}`);
        const junk = await t.call('POST', `${base}/resolution-checks/link`, JSON.stringify(body));
        assertAcceptable(junk.status, junk.body, `POST /resolution-checks/link ${JSON.stringify(body).slice(0, 150)}`);
        const own = await t.call('POST', `${base}/resolution-checks/track/${filed.trackingCode}`, JSON.stringify(body));
        assertAcceptable(own.status, own.body, `POST /resolution-checks/track/{code} ${JSON.stringify(body).slice(0, 150)}`);
        const other = await t.call('GET', `${base}/resolution-checks/track/${encodeURIComponent(segment)}`);
        assertAcceptable(other.status, other.body, `GET /resolution-checks/track/${segment.slice(0, 50)}`);
        const rated = await t.call('POST', `${base}/ratings/track/${filed.trackingCode}`, rating);
        assertAcceptable(rated.status, rated.body, `POST /ratings/track/{code} ${JSON.stringify(rating).slice(0, 150)}`);
        const ratedElsewhere = await t.call('POST', `${base}/ratings/track/${encodeURIComponent(segment)}`, JSON.stringify(body));
        assertAcceptable(ratedElsewhere.status, ratedElsewhere.body, `POST /ratings/track/${segment.slice(0, 50)}`);
      }),
      { numRuns: RUNS },
    );
  });
});
