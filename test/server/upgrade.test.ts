import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import sharp from 'sharp';
import { connectDatabase, embeddedDataDir } from '../../server/db/connect.ts';
import { checkoutRelease, type OldRelease } from './helpers/old-release.ts';
import { formTokens, isolatedServerEnv, type ServerProcess, startServer } from './helpers/server-process.ts';

/**
 * Upgrades lose nothing (README "Upgrading"): a database made and used by the last release is
 * opened by the current code, which migrates it and must then give back everything users made.
 *
 * The last release: there are no tags, so it is the last commit of main before issue 15's
 * migrations 0025–0031 landed (0025 came with 48ea635). A later release bumps this constant to the
 * commit it shipped, so that each upgrade path users take is the one tested.
 */
const LAST_RELEASE = 'f14440ac71b5bc44e3fa98f9ec7803a72d7d5d12';

const migrationsDir = fileURLToPath(new URL('../../server/db/migrations/', import.meta.url));
const migrationFiles = async (dir: string) => (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();

const DEMO_PASSWORD = 'segnala-demo';
const NEW_CLERK_PASSWORD = 'una-password-nuova-del-tecnico';

interface Answer {
  status: number;
  body: any;
}
const call = async (url: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Answer> => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const res = await fetch(url, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};
const ok = (a: Answer, what: string, status = 200) => {
  assert.equal(a.status, status, `${what}: ${JSON.stringify(a.body)}`);
  return a.body;
};

/** Every photo address inside an answer (public and staff details name them as `…/photos/…`). */
function photoUrls(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string' && /\/photos\/[^/]+/.test(value)) found.add(value);
  else if (Array.isArray(value)) for (const v of value) photoUrls(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) photoUrls(v, found);
  return found;
}

/**
 * `now` keeps every value `then` had: the same keys with the same values, arrays of the same length
 * in the same order. New fields the current release adds are allowed; a changed or lost one fails
 * with its path.
 */
function assertKept(then: unknown, now: unknown, path: string): void {
  if (Array.isArray(then)) {
    assert.ok(Array.isArray(now), `${path}: was a list, now ${JSON.stringify(now)}`);
    assert.equal(now.length, then.length, `${path}: ${then.length} items before the upgrade, ${now.length} after`);
    then.forEach((v, i) => assertKept(v, now[i], `${path}[${i}]`));
  } else if (then !== null && typeof then === 'object') {
    assert.ok(now !== null && typeof now === 'object', `${path}: was an object, now ${JSON.stringify(now)}`);
    for (const [k, v] of Object.entries(then)) assertKept(v, (now as Record<string, unknown>)[k], `${path}.${k}`);
  } else {
    assert.deepEqual(now, then, `${path}: ${JSON.stringify(then)} before the upgrade, ${JSON.stringify(now)} after`);
  }
}

/** What the old release answered, to be asked again of the current one. */
interface Snapshot {
  references: string[];
  staffDetails: Map<string, any>;
  publicDetails: Map<string, Answer>;
  photos: Map<string, Buffer>;
  tracks: Map<string, any>;
}

/** Runs `work` on every item, at most `width` at once. */
async function inTurns<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

const municipality = (server: ServerProcess) => `${server.url}/api/v1/seravezza`;

/** Every report of the municipality as an admin sees it, and as the public does. */
async function snapshot(server: ServerProcess, adminToken: string, trackingCodes: string[]): Promise<Snapshot> {
  const api = municipality(server);
  const references: string[] = [];
  let cursor: string | undefined;
  do {
    const page = ok(await call(`${api}/admin/reports?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: adminToken }), 'queue');
    references.push(...page.reports.map((r: { reference: string }) => r.reference));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const staffDetails = new Map<string, any>();
  const publicDetails = new Map<string, Answer>();
  const photos = new Map<string, Buffer>();
  // A few requests at a time: the server works on one while the test reads another's answer.
  await inTurns(references, 4, async (reference) => {
    const staff = ok(await call(`${api}/admin/reports/${reference}`, { token: adminToken }), `staff detail ${reference}`);
    staffDetails.set(reference, staff);
    const pub = await call(`${api}/reports/${reference}`);
    publicDetails.set(reference, pub);
    for (const url of photoUrls([staff, pub.body])) {
      const res = await fetch(new URL(url, server.url), { headers: { Authorization: `Bearer ${adminToken}` } });
      assert.equal(res.status, 200, `photo ${url}`);
      photos.set(url, Buffer.from(await res.arrayBuffer()));
    }
  });
  const tracks = new Map<string, any>();
  for (const code of trackingCodes) tracks.set(code, ok(await call(`${api}/track/${code}`), `track ${code}`));
  return { references, staffDetails, publicDetails, photos, tracks };
}

const login = async (server: ServerProcess, email: string, password: string) =>
  call(`${municipality(server)}/admin/login`, { method: 'POST', json: { email, password } });

let env: Record<string, string>;
let cleanupEnv = async () => {};
let release: OldRelease | undefined;
let current: ServerProcess | undefined;
let before_: Snapshot;
let releaseMigrations: string[];
/** What a citizen and the staff made on the old release, to find again. */
const made = {
  filings: [] as { reference: string; trackingCode: string }[],
  supporterTokens: [] as { reference: string; token: string }[],
  adminToken: '',
};
const timings = { oldRelease: 0, snapshot: 0, upgrade: 0 };

before(async () => {
  const started = Date.now();
  const isolated = await isolatedServerEnv('upgrade');
  // Contact retention runs at each start and erases contacts of reports closed 180 days ago: a demo
  // report crossing that line between the two starts would change between the answers compared.
  // Nothing here is that old with ten years.
  env = { ...isolated.env, CONTACT_RETENTION_DAYS: '3650' };
  cleanupEnv = isolated.cleanup;
  release = await checkoutRelease(LAST_RELEASE);
  releaseMigrations = await migrationFiles(join(release.dir, 'server/db/migrations'));

  const old = await release.startServer(env);
  try {
    const api = municipality(old);
    const config = ok(await call(`${api}/config`), 'config');
    const [category, otherCategory] = config.categories;
    const street = ok(await call(`${api}/streets?q=aurelia`), 'streets').streets[0];
    const [tokenA, tokenB] = await formTokens(api, 2);

    // A citizen files with a photo (multipart, as the widget does), another without.
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 180, g: 90, b: 30 } } }).jpeg().toBuffer();
    const form = new FormData();
    form.set(
      'report',
      JSON.stringify({
        categoryId: category.id,
        title: 'Buca profonda prima dell’aggiornamento',
        details: 'Una buca davanti al civico 3, scritta dalla versione precedente.',
        streetId: street.id,
        civic: '3',
        privacyAccepted: true,
        contact: { name: 'Carla Upgrade', email: 'carla.upgrade@example.org' },
        antiSpam: { token: tokenA },
      }),
    );
    form.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'buca.jpg');
    const withPhoto = ok(await call(`${api}/reports`, { method: 'POST', body: form, headers: { 'Idempotency-Key': randomBytes(16).toString('hex') } }), 'filing with a photo', 201);
    const plain = ok(
      await call(`${api}/reports`, {
        method: 'POST',
        json: {
          categoryId: otherCategory.id,
          title: 'Lampione spento prima dell’aggiornamento',
          details: 'Spento da tre sere, scritto dalla versione precedente.',
          streetId: street.id,
          civic: '12',
          privacyAccepted: true,
          antiSpam: { token: tokenB },
        },
      }),
      'filing without a photo',
      201,
    );
    made.filings.push(withPhoto, plain);
    // The reporter adds information with the tracking code.
    ok(await call(`${api}/track/${withPhoto.trackingCode}/messages`, { method: 'POST', json: { message: 'È diventata più grande dopo la pioggia.' } }), 'citizen message', 201);

    // Staff: the admin takes the report in charge, replies, notes; the clerk works on a report of
    // the office and changes their own password.
    made.adminToken = ok(await login(old, 'admin@seravezza.example', DEMO_PASSWORD), 'admin login').token;
    const token = made.adminToken;
    for (const { reference } of made.filings) {
      const { version } = ok(await call(`${api}/admin/reports/${reference}`, { token }), 'staff detail');
      ok(await call(`${api}/admin/reports/${reference}/status`, { method: 'POST', token, json: { status: 'accepted', message: 'Presa in carico.', version } }), 'status');
      ok(await call(`${api}/admin/reports/${reference}/replies`, { method: 'POST', token, json: { message: 'Interverremo questa settimana.', internal: false } }), 'reply', 201);
      ok(await call(`${api}/admin/reports/${reference}/replies`, { method: 'POST', token, json: { message: 'Nota interna: chiamare la ditta.', internal: true } }), 'note', 201);
    }
    const clerk = ok(await login(old, 'tecnico@seravezza.example', DEMO_PASSWORD), 'clerk login').token;
    const queue = ok(await call(`${api}/admin/reports?status=accepted`, { token: clerk }), 'clerk queue');
    const clerkReport = queue.reports.find((r: { reference: string }) => !made.filings.some((f) => f.reference === r.reference));
    assert.ok(clerkReport, 'the demo gives the clerk accepted reports');
    const { version } = ok(await call(`${api}/admin/reports/${clerkReport.reference}`, { token: clerk }), 'clerk detail');
    ok(await call(`${api}/admin/reports/${clerkReport.reference}/status`, { method: 'POST', token: clerk, json: { status: 'in_progress', message: 'Squadra sul posto.', version } }), 'clerk status');
    ok(await call(`${api}/admin/me/password`, { method: 'POST', token: clerk, json: { currentPassword: DEMO_PASSWORD, newPassword: NEW_CLERK_PASSWORD } }), 'clerk password', 204);

    // Mi associo: on our report (with and without an e-mail) and on a demo report.
    const demoReport = ok(await call(`${api}/reports?status=open&limit=10`), 'public list').reports.find(
      (r: { reference: string }) => !made.filings.some((f) => f.reference === r.reference),
    ).reference;
    for (const [reference, email] of [
      [withPhoto.reference, 'sostenitore@example.org'],
      [withPhoto.reference, undefined],
      [demoReport, undefined],
    ] as const) {
      const supporterToken = `upgrade-${randomBytes(12).toString('hex')}`;
      assert.equal(ok(await call(`${api}/reports/${reference}/supports`, { method: 'POST', json: { supporterToken, email } }), 'support', 201).created, true);
      made.supporterTokens.push({ reference, token: supporterToken });
    }

    const snapshotStarted = Date.now();
    before_ = await snapshot(old, made.adminToken, made.filings.map((f) => f.trackingCode));
    timings.snapshot = Date.now() - snapshotStarted;
  } finally {
    assert.equal(await old.stop(), 0, old.output());
  }
  timings.oldRelease = Date.now() - started;

  const upgradeStarted = Date.now();
  current = await startServer(env);
  timings.upgrade = Date.now() - upgradeStarted;
});

after(async () => {
  await current?.stop();
  await release?.cleanup();
  await cleanupEnv();
  // The run time goes to the log, not an assertion (README: speed is measured in bench/, not tested).
  console.log(`# upgrade test: old release ${timings.oldRelease} ms (checkout, start, seed, use, read back ${timings.snapshot} ms, stop); current start with migrations ${timings.upgrade} ms`);
});

describe(`an upgrade from the last release (${LAST_RELEASE.slice(0, 7)})`, () => {
  test('the current release starts on its data and applies exactly the migrations the release lacked', async () => {
    const expected = (await migrationFiles(migrationsDir)).filter((f) => !releaseMigrations.includes(f));
    assert.ok(expected.length > 0, 'the release is older than the current schema');
    const m = /"msg":"migrations applied","applied":(\[[^\]]*\])/.exec(current!.output());
    assert.ok(m, `no migrations applied:\n${current!.output()}`);
    assert.deepEqual(JSON.parse(m[1]), expected);
    assert.doesNotMatch(current!.output(), /demo data seeded/, 'the demo is not seeded again over existing data');
    assert.equal((await fetch(`${current!.url}/readyz`)).status, 200);
  });

  test('every report is still there, with the same staff detail: fields, history, contacts, supporters', async () => {
    const after_ = await snapshot(current!, made.adminToken, []);
    assert.deepEqual(after_.references, before_.references);
    assert.ok(before_.references.length >= 150, 'the demo and our reports');
    for (const reference of before_.references) assertKept(before_.staffDetails.get(reference), after_.staffDetails.get(reference), reference);
    // What staff did on the old release is in the history, internal note included.
    for (const { reference } of made.filings) {
      const messages = after_.staffDetails.get(reference).events.map((e: { message?: string }) => e.message);
      for (const m of ['Presa in carico.', 'Interverremo questa settimana.', 'Nota interna: chiamare la ditta.']) assert.ok(messages.includes(m), `${reference}: ${m}`);
    }
  });

  test('the public sees every report as before: detail, public history, supporter count', async () => {
    const api = municipality(current!);
    await inTurns(before_.references, 4, async (reference) => {
      const then = before_.publicDetails.get(reference)!;
      const now = await call(`${api}/reports/${reference}`);
      assert.equal(now.status, then.status, `${reference}: ${then.status} before the upgrade, ${now.status} after`);
      assertKept(then.body, now.body, reference);
    });
    const [withPhoto] = made.filings;
    const detail = (await call(`${api}/reports/${withPhoto.reference}`)).body;
    assert.equal(detail.supportCount, 2);
    assert.ok(detail.events.some((e: { message?: string }) => e.message === 'Interverremo questa settimana.'));
    assert.ok(!JSON.stringify(detail).includes('Nota interna'), 'an internal note stays internal');
  });

  test('every photo gives the same bytes', async () => {
    assert.ok(before_.photos.size >= 2, 'our photo and its thumbnail at least');
    for (const [url, bytes] of before_.photos) {
      const res = await fetch(new URL(url, current!.url), { headers: { Authorization: `Bearer ${made.adminToken}` } });
      assert.equal(res.status, 200, url);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(bytes), `${url}: other bytes after the upgrade`);
    }
  });

  test('each tracking code still opens its report, with the same answer', async () => {
    const api = municipality(current!);
    for (const { reference, trackingCode } of made.filings) {
      const now = ok(await call(`${api}/track/${trackingCode}`), `track ${trackingCode}`);
      assert.equal(now.reference, reference);
      assertKept(before_.tracks.get(trackingCode), now, trackingCode);
      // Also as a citizen types it: lower case, without dashes.
      assert.equal(ok(await call(`${api}/track/${trackingCode.toLowerCase().replaceAll('-', '')}`), 'typed code').reference, reference);
    }
  });

  test('staff log in with their passwords, and a session of the old release still works', async () => {
    const api = municipality(current!);
    ok(await login(current!, 'admin@seravezza.example', DEMO_PASSWORD), 'admin login');
    ok(await login(current!, 'tecnico@seravezza.example', NEW_CLERK_PASSWORD), 'the clerk’s own new password');
    assert.equal((await login(current!, 'tecnico@seravezza.example', DEMO_PASSWORD)).status, 401, 'the clerk’s old password stays replaced');
    assert.equal(ok(await call(`${api}/admin/me`, { token: made.adminToken }), 'the old release’s session').user.email, 'admin@seravezza.example');
  });

  test('supporters are still known: Mi associo again with the same token adds none, a new one adds one', async () => {
    const api = municipality(current!);
    for (const { reference, token } of made.supporterTokens) {
      const count = (await call(`${api}/reports/${reference}`)).body.supportCount;
      const again = ok(await call(`${api}/reports/${reference}/supports`, { method: 'POST', json: { supporterToken: token } }), 'support again');
      assert.deepEqual(again, { supportCount: count, created: false }, reference);
    }
    const { reference } = made.supporterTokens[0];
    const count = (await call(`${api}/reports/${reference}`)).body.supportCount;
    const fresh = ok(await call(`${api}/reports/${reference}/supports`, { method: 'POST', json: { supporterToken: `upgrade-new-${randomBytes(8).toString('hex')}` } }), 'new support', 201);
    assert.deepEqual(fresh, { supportCount: count + 1, created: true });
  });

  test('a clone without the release commit (a shallow one) is told how to fetch it', async () => {
    await assert.rejects(checkoutRelease('0'.repeat(40)), /0{40} is not in this clone.*git fetch --unshallow/);
  });

  test('stopped, the database records every migration file as applied', async () => {
    assert.equal(await current!.stop(), 0, current!.output());
    const db = env.DATABASE_URL
      ? { sql: postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} }), close: async function () { await this.sql.end(); } }
      : await connectDatabase({ dataDir: embeddedDataDir(env.DATA_DIR) });
    try {
      const rows = await db.sql<{ name: string }[]>`SELECT name FROM schema_migration ORDER BY name`;
      assert.deepEqual(rows.map((r) => r.name), await migrationFiles(migrationsDir));
    } finally {
      await db.close();
    }
  });
});
