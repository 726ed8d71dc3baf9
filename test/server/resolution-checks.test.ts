import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMailSender } from '../../server/mail/sender.ts';
import { createLogger } from '../../server/log.ts';
import { signResolutionCheckLinks } from '../../server/services/resolution-checks.ts';
import { signLink } from '../../server/services/signed-links.ts';
import { TEST_RATE_LIMITS, reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 13 §2, "is it really fixed?": the question after `resolved`, its signed links, and the
// reopening (README, "HTTP API" and "E-mail notifications").

let t: TestApp;
let base: string;
let asStaff: Record<string, string>;

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  await t.db.sql`UPDATE municipality SET widget_page_url = 'https://comune.example/segnala' WHERE id = ${t.m.id}`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'password-lunga-1' });
  const login = await t.call('POST', `${base}/admin/login`, { email: 'capo@t.example', password: 'password-lunga-1' });
  asStaff = { Authorization: `Bearer ${login.body.token}` };
});
after(() => t.close());

interface Filed {
  reference: string;
  trackingCode: string;
  id: string;
}

/** A report filed with the reporter's e-mail, joined by `supporters` with e-mail (and one without). */
async function fileAndJoin(supporters: number, over: Record<string, unknown> = {}): Promise<Filed> {
  const filed = await t.call('POST', `${base}/reports`, reportBody(t.m, over));
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const { reference, trackingCode } = filed.body;
  for (let i = 0; i < supporters; i++) {
    const token = `supporter-${reference}-${i}`.replace(/[^A-Za-z0-9_-]/g, '-');
    assert.equal((await t.call('POST', `${base}/reports/${reference}/supports`, { supporterToken: token, email: `vicino${i}@example.org` })).status, 201);
  }
  await t.call('POST', `${base}/reports/${reference}/supports`, { supporterToken: `nomail-${reference}-x`.replace(/[^A-Za-z0-9_-]/g, '-') });
  const [{ id }] = await t.db.sql<{ id: string }[]>`SELECT id::text FROM report WHERE reference = ${reference}`;
  return { reference, trackingCode, id };
}

async function setStatus(reference: string, status: string, message?: string) {
  const detail = await t.call('GET', `${base}/admin/reports/${reference}`, undefined, asStaff);
  const res = await t.call('POST', `${base}/admin/reports/${reference}/status`, { status, message, version: detail.body.version }, asStaff);
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

interface Question {
  recipient: string;
  who: string;
  round: number;
  expiresAt: number;
}
const questions = async (r: Filed) => [
  ...(await t.db.sql<Question[]>`
    SELECT recipient, data->>'who' AS who, (data->>'round')::bigint::float8 AS round, (data->>'expiresAt')::bigint::float8 AS "expiresAt"
    FROM outbox WHERE report_id = ${r.id} AND kind = 'resolution_check' ORDER BY id`),
];

/** The signed answers sent to one recipient, as the mail carries them. */
async function linksFor(r: Filed, recipient: string) {
  const q = (await questions(r)).filter((x) => x.recipient === recipient).at(-1);
  assert.ok(q, `a question to ${recipient}`);
  return signResolutionCheckLinks(t.secretKey, { municipalityId: t.m.id, reportId: r.id, who: q.who, round: q.round, expiresAt: q.expiresAt });
}

const status = async (r: Filed) => (await t.db.sql<{ status: string }[]>`SELECT status FROM report WHERE id = ${r.id}`)[0].status;
const answers = async (r: Filed) => [
  ...(await t.db.sql<{ who: string; answer: string }[]>`SELECT who, answer FROM resolution_check WHERE report_id = ${r.id} ORDER BY id`),
];
const outboxKinds = async (r: Filed) =>
  (await t.db.sql<{ kind: string; recipient: string }[]>`SELECT kind, recipient FROM outbox WHERE report_id = ${r.id} ORDER BY id`).map((o) => `${o.kind}:${o.recipient}`);
const confirm = (token: string) => t.call('POST', `${base}/resolution-checks/link`, { token });
const preview = (token: string) => t.call('GET', `${base}/resolution-checks/link?token=${encodeURIComponent(token)}`);

describe('the question after resolved', () => {
  test('the reporter and each supporter with an e-mail are asked, with three signed links to the widget', async () => {
    const r = await fileAndJoin(2);
    await setStatus(r.reference, 'resolved', 'Lampione sostituito');
    const q = await questions(r);
    assert.deepEqual(q.map((x) => x.recipient), ['maria.rossi@example.org', 'vicino0@example.org', 'vicino1@example.org']);
    assert.equal(q[0].who, 'reporter');
    assert.match(q[1].who, /^support:\d+$/);

    const mails: { to: string; subject: string; text: string }[] = [];
    const sender = createMailSender({
      sql: t.db.sql,
      secretKey: t.secretKey,
      logger: createLogger('silent'),
      transport: { send: async (m) => void mails.push(m) },
      from: 'segnala@example.org',
    });
    while ((await sender.runOnce()).sent > 0);
    const ask = mails.find((m) => m.to === 'vicino0@example.org' && /è vero\?/.test(m.subject));
    assert.ok(ask, mails.map((m) => m.subject).join('\n'));
    const links = [...ask.text.matchAll(/https:\/\/comune\.example\/segnala#segnala\/link\/resolution_check\/(\S+)/g)].map((m) => m[1]);
    assert.equal(links.length, 3, ask.text);
    // The mail carries no word of the filer's.
    assert.ok(!ask.text.includes('Lampione spento'));
    // The reporter's closing mail points at the tracking page, to rate the service with the code.
    const closing = mails.find((m) => m.to === 'maria.rossi@example.org' && m.subject.startsWith('Aggiornamento'));
    assert.ok(closing?.text.includes('dare un voto al servizio: https://comune.example/segnala#segnala/track'), closing?.text);
    // Each link shows its own answer, and opening it records nothing.
    const shown = await Promise.all(links.map(async (l) => (await preview(l)).body.answer));
    assert.deepEqual(shown, ['fixed', 'not_fixed', 'dont_know']);
    assert.deepEqual(await answers(r), []);
    assert.equal((await confirm(links[0])).body.answer, 'fixed');
    assert.deepEqual((await answers(r)).map((a) => a.answer), ['fixed']);
  });

  test('a rejected report asks nobody; a resolved one given back by moderation is not asked again', async () => {
    const r = await fileAndJoin(1);
    await setStatus(r.reference, 'rejected', 'Non di competenza');
    assert.deepEqual(await questions(r), []);
    // Moderation hiding a resolved report and giving it back asks nobody a second time.
    const resolved = await fileAndJoin(1);
    await setStatus(resolved.reference, 'resolved');
    const asked = (await questions(resolved)).length;
    await setStatus(resolved.reference, 'hidden', 'Contenuto da verificare');
    await setStatus(resolved.reference, 'unhidden');
    assert.equal(await status(resolved), 'resolved');
    assert.equal((await questions(resolved)).length, asked);
  });
});

describe('answers by link', () => {
  test('replay records once; a later answer replaces the earlier one', async () => {
    const r = await fileAndJoin(1);
    await setStatus(r.reference, 'resolved');
    const links = await linksFor(r, 'vicino0@example.org');
    const first = await confirm(links.fixed);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { reference: r.reference, answer: 'fixed', changed: true, reopened: false });
    const again = await confirm(links.fixed);
    assert.deepEqual(again.body, { reference: r.reference, answer: 'fixed', changed: false, reopened: false });
    assert.equal((await answers(r)).length, 1);
    assert.equal((await preview(links.dont_know)).body.previous, 'fixed');
    await confirm(links.dont_know);
    assert.deepEqual((await answers(r)).map((a) => a.answer), ['dont_know']);
    assert.equal(await status(r), 'resolved');
  });

  test('"not fixed" from the reporter reopens: accepted, a public reopened event, the office and the supporters told', async () => {
    const r = await fileAndJoin(1);
    await setStatus(r.reference, 'resolved');
    const before = await outboxKinds(r);
    const res = await confirm((await linksFor(r, 'maria.rossi@example.org')).not_fixed);
    assert.deepEqual(res.body, { reference: r.reference, answer: 'not_fixed', changed: true, reopened: true });
    assert.equal(await status(r), 'accepted');
    const publicReport = await t.call('GET', `${base}/reports/${r.reference}`);
    assert.equal(publicReport.body.status, 'accepted');
    const [event] = await t.db.sql<{ public: boolean; message: string; status: string }[]>`
      SELECT public, message, status FROM report_event WHERE report_id = ${r.id} AND type = 'reopened'`;
    assert.equal(event.public, true);
    assert.equal(event.status, 'accepted');
    assert.match(event.message, /non è risolto/);
    const added = (await outboxKinds(r)).slice(before.length);
    assert.deepEqual(added.sort(), ['report_reopened:tecnico@example.org', 'reporter_update:maria.rossi@example.org', 'supporter_update:vicino0@example.org']);
    // Replayed after the reopening: nothing more happens.
    const replay = await confirm((await linksFor(r, 'maria.rossi@example.org')).not_fixed);
    assert.equal(replay.status, 409);
    assert.equal(replay.body.error.code, 'not_resolved');
    assert.equal((await t.db.sql`SELECT 1 FROM report_event WHERE report_id = ${r.id} AND type = 'reopened'`).length, 1);
  });

  test('supporters reopen at the municipality threshold (default 2), counted once each', async () => {
    const r = await fileAndJoin(3);
    await setStatus(r.reference, 'resolved');
    const first = await confirm((await linksFor(r, 'vicino0@example.org')).not_fixed);
    assert.equal(first.body.reopened, false);
    assert.equal((await confirm((await linksFor(r, 'vicino0@example.org')).not_fixed)).body.reopened, false);
    assert.equal(await status(r), 'resolved');
    const second = await confirm((await linksFor(r, 'vicino1@example.org')).not_fixed);
    assert.equal(second.body.reopened, true);
    assert.equal(await status(r), 'accepted');
    const [event] = await t.db.sql<{ data: { by: string; notFixed: number } }[]>`
      SELECT data FROM report_event WHERE report_id = ${r.id} AND type = 'reopened'`;
    assert.deepEqual(event.data, { from: 'resolved', by: 'supporters', notFixed: 2 });
  });

  test('answers sent all at once (each link eight times) reopen the report once, each person counted once', async () => {
    const r = await fileAndJoin(3);
    await setStatus(r.reference, 'resolved');
    const tokens = await Promise.all(['vicino0@example.org', 'vicino1@example.org', 'vicino2@example.org'].map(async (to) => (await linksFor(r, to)).not_fixed));
    const results = await Promise.all(tokens.flatMap((token) => Array.from({ length: 8 }, () => confirm(token))));
    // Once reopened, the links of that resolution no longer count: 409, never a 5xx.
    for (const res of results) assert.ok(res.status === 200 || res.status === 409, `${res.status} ${JSON.stringify(res.body)}`);
    assert.equal(results.filter((res) => res.body.reopened === true).length, 1);
    assert.equal(await status(r), 'accepted');
    const reopenings = await t.db.sql`SELECT 1 FROM report_event WHERE report_id = ${r.id} AND type = 'reopened'`;
    assert.equal(reopenings.length, 1);
    const recorded = await answers(r);
    assert.equal(new Set(recorded.map((a) => a.who)).size, recorded.length, 'one answer per person');
    assert.ok(recorded.length >= 2 && recorded.every((a) => a.answer === 'not_fixed'));
  });

  test('a higher threshold set by the municipality is respected', async () => {
    await t.db.sql`UPDATE municipality SET reopen_supporters = 3 WHERE id = ${t.m.id}`;
    try {
      const r = await fileAndJoin(3);
      await setStatus(r.reference, 'resolved');
      for (const i of [0, 1]) await confirm((await linksFor(r, `vicino${i}@example.org`)).not_fixed);
      assert.equal(await status(r), 'resolved');
      await confirm((await linksFor(r, 'vicino2@example.org')).not_fixed);
      assert.equal(await status(r), 'accepted');
    } finally {
      await t.db.sql`UPDATE municipality SET reopen_supporters = 2 WHERE id = ${t.m.id}`;
    }
  });

  test('a category with reopening off records "not fixed" and keeps the report resolved', async () => {
    await t.db.sql`UPDATE category SET reopen_allowed = false WHERE id = ${t.m.categories.potholes}`;
    try {
      const r = await fileAndJoin(0, { categoryId: t.m.categories.potholes });
      await setStatus(r.reference, 'resolved');
      const res = await confirm((await linksFor(r, 'maria.rossi@example.org')).not_fixed);
      assert.deepEqual(res.body, { reference: r.reference, answer: 'not_fixed', changed: true, reopened: false });
      assert.equal(await status(r), 'resolved');
    } finally {
      await t.db.sql`UPDATE category SET reopen_allowed = true WHERE id = ${t.m.categories.potholes}`;
    }
  });

  test('a link of an earlier resolution no longer counts once the report was reopened and resolved again', async () => {
    const r = await fileAndJoin(2);
    await setStatus(r.reference, 'resolved');
    const old = await linksFor(r, 'vicino0@example.org');
    await confirm((await linksFor(r, 'maria.rossi@example.org')).not_fixed);
    await new Promise((ok) => setTimeout(ok, 5));
    await setStatus(r.reference, 'resolved', 'Sostituito di nuovo');
    const res = await confirm(old.not_fixed);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'not_resolved');
    assert.deepEqual((await answers(r)).map((a) => a.who), ['reporter']);
    // The new question works.
    assert.equal((await confirm((await linksFor(r, 'vicino0@example.org')).fixed)).status, 200);
  });

  test('links for one report cannot act on another; bad and expired links: 400/410, nothing changed', async () => {
    const a = await fileAndJoin(1);
    const b = await fileAndJoin(1);
    await setStatus(a.reference, 'resolved');
    await setStatus(b.reference, 'resolved');
    const [qa] = (await questions(a)).filter((q) => q.who !== 'reporter');
    const [qb] = (await questions(b)).filter((q) => q.who !== 'reporter');
    // A supporter of B named in a link about A (even correctly signed) is refused.
    const crossed = signResolutionCheckLinks(t.secretKey, { municipalityId: t.m.id, reportId: a.id, who: qb.who, round: qa.round, expiresAt: qa.expiresAt });
    const c = await confirm(crossed.not_fixed);
    assert.equal(c.status, 400);
    assert.equal(c.body.error.code, 'invalid_link');
    // A's link with B's id pasted in: the signature no longer matches.
    const good = (await linksFor(a, 'maria.rossi@example.org')).not_fixed;
    const [body, mac] = good.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    claims[1] = b.id;
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    for (const token of [forged, 'garbage', good.slice(0, -2), `${good}x`, 'a.b.c', 'x'.repeat(2001)]) {
      const res = await confirm(token);
      assert.equal(res.status, 400, token);
      assert.equal((await preview(token)).status, 400);
    }
    // Another municipality's link, or another purpose's, is invalid here.
    const other = signLink(t.secretKey, { purpose: 'resolution_check', municipalityId: t.m.id + 1, subject: a.id, expiresAt: qa.expiresAt, extra: { who: 'reporter', round: qa.round, answer: 'not_fixed' } });
    assert.equal((await confirm(other)).status, 400);
    const purpose = signLink(t.secretKey, { purpose: 'citizen_reply', municipalityId: t.m.id, subject: a.id, expiresAt: qa.expiresAt, extra: { who: 'reporter', round: qa.round, answer: 'not_fixed' } });
    assert.equal((await confirm(purpose)).status, 400);
    const expired = signResolutionCheckLinks(t.secretKey, { municipalityId: t.m.id, reportId: a.id, who: 'reporter', round: qa.round, expiresAt: Date.now() - 1000 });
    const e = await confirm(expired.not_fixed);
    assert.equal(e.status, 410);
    assert.equal(e.body.error.code, 'link_expired');
    for (const body of [{}, { token: '' }, { token: 42 }, 'not json']) assert.equal((await t.call('POST', `${base}/resolution-checks/link`, body)).status, 400);
    assert.equal((await preview('')).status, 400);
    assert.deepEqual(await answers(a), []);
    assert.deepEqual(await answers(b), []);
    assert.equal(await status(a), 'resolved');
  });

  test('past the window: 410, nothing recorded', async () => {
    const r = await fileAndJoin(0);
    await setStatus(r.reference, 'resolved');
    const links = await linksFor(r, 'maria.rossi@example.org');
    // The municipality shortened its window after the mail went out.
    await t.db.sql`UPDATE report SET closed_at = now() - interval '2 days' WHERE id = ${r.id}`;
    await t.db.sql`UPDATE municipality SET reopen_window_days = 1 WHERE id = ${t.m.id}`;
    try {
      const signed = (await questions(r))[0];
      const [{ round }] = await t.db.sql<{ round: number }[]>`SELECT floor(extract(epoch FROM closed_at) * 1000)::float8 AS round FROM report WHERE id = ${r.id}`;
      const moved = signResolutionCheckLinks(t.secretKey, { municipalityId: t.m.id, reportId: r.id, who: 'reporter', round, expiresAt: signed.expiresAt });
      const res = await confirm(moved.not_fixed);
      assert.equal(res.status, 410);
      assert.equal(res.body.error.code, 'window_closed');
      assert.equal((await confirm(links.not_fixed)).status, 409);
      const track = await t.call('POST', `${base}/resolution-checks/track/${r.trackingCode}`, { answer: 'not_fixed' });
      assert.equal(track.status, 410);
      assert.deepEqual((await t.call('GET', `${base}/resolution-checks/track/${r.trackingCode}`)).body, { open: false, answer: null, until: null });
      assert.deepEqual(await answers(r), []);
      assert.equal(await status(r), 'resolved');
    } finally {
      await t.db.sql`UPDATE municipality SET reopen_window_days = 30 WHERE id = ${t.m.id}`;
    }
  });
});

describe('the question on the tracking page', () => {
  test('the reporter answers with the tracking code; "not fixed" reopens', async () => {
    const r = await fileAndJoin(0);
    const track = `${base}/resolution-checks/track/${r.trackingCode}`;
    assert.deepEqual((await t.call('GET', track)).body, { open: false, answer: null, until: null });
    const early = await t.call('POST', track, { answer: 'fixed' });
    assert.equal(early.status, 409);
    await setStatus(r.reference, 'resolved');
    const open = await t.call('GET', track);
    assert.equal(open.body.open, true);
    assert.equal(open.body.answer, null);
    assert.ok(new Date(open.body.until).getTime() > Date.now() + 29 * 86_400_000);
    assert.equal(open.headers.get('Cache-Control'), 'private, no-store');
    assert.equal((await t.call('POST', track, { answer: 'dont_know' })).body.answer, 'dont_know');
    assert.equal((await t.call('GET', track)).body.answer, 'dont_know');
    for (const body of [{}, { answer: 'maybe' }, { answer: null }]) {
      const bad = await t.call('POST', track, body);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.details.fields[0].field, 'answer');
    }
    assert.equal((await t.call('POST', `${base}/resolution-checks/track/not-a-code`, { answer: 'fixed' })).status, 400);
    assert.equal((await t.call('POST', `${base}/resolution-checks/track/0000-0000-00`, { answer: 'fixed' })).status, 404);
    assert.equal((await t.call('POST', track, { answer: 'not_fixed' })).body.reopened, true);
    assert.equal(await status(r), 'accepted');
    // The code is a key to the report: never in a log line.
    assert.ok(!t.logLines.some((l) => l.includes(r.trackingCode)), 'the tracking code reached the log');
  });
});

describe('Open311 and rate limits', () => {
  test('servicerequestupdates shows the reopening as an update, open again', async () => {
    const r = await fileAndJoin(0);
    await setStatus(r.reference, 'resolved');
    await confirm((await linksFor(r, 'maria.rossi@example.org')).not_fixed);
    const res = await t.call('GET', `/open311/v2/${t.m.slug}/servicerequestupdates.json`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const mine = res.body.filter((u: { service_request_id: string }) => u.service_request_id === r.reference);
    const last = mine.at(-1);
    // Back with the office: FixMyStreet's word for accepted.
    assert.equal(last.status, 'investigating');
    assert.match(last.description, /Riaperta/);
  });

  test('answers are rate-limited per client', async () => {
    const small = await startTestApp({ rateLimits: { ...TEST_RATE_LIMITS, resolutionAnswerPerClient: { max: 3, windowSeconds: 600 } } });
    try {
      const path = `/api/v1/${small.m.slug}/resolution-checks/link`;
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await small.call('POST', path, { token: 'garbage' })).status);
      assert.deepEqual(codes, [400, 400, 400, 429, 429]);
      assert.equal((await small.call('GET', `/api/v1/${small.m.slug}/ratings/track/0000-0000-00`)).status, 429);
    } finally {
      await small.close();
    }
  });
});
