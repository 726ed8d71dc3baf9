import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { scaledLimits } from '../../server/http/rate-limit.ts';
import { signLink } from '../../server/services/signed-links.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 13 §1: the citizen adds information (tracking code), the office asks for it
// (waiting_for_citizen, a citizen_reply link), the deadline clock paused meanwhile.

interface Mail {
  to: string;
  subject: string;
  text: string;
}

async function setUp(publishOnArrival: boolean) {
  const t = await startTestApp({ publishOnArrival });
  const base = `/api/v1/${t.m.slug}`;
  await t.db.sql`UPDATE municipality SET widget_page_url = 'https://comune.example/segnala' WHERE id = ${t.m.id}`;
  await t.db.sql`UPDATE department SET email = 'ufficio@comune.example' WHERE municipality_id = ${t.m.id}`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'password-lunga-1' });
  const login = await t.call('POST', `${base}/admin/login`, { email: 'capo@t.example', password: 'password-lunga-1' });
  const asStaff = { Authorization: `Bearer ${login.body.token}` };
  const mails: Mail[] = [];
  const sender = createMailSender({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('silent'),
    transport: { send: async (m) => void mails.push(m) },
    from: 'segnala@example.org',
  });
  const flush = async () => {
    while ((await sender.runOnce()).sent > 0);
  };
  const file = async (over: Record<string, unknown> = {}) => {
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, over));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const [{ id }] = await t.db.sql<{ id: string }[]>`SELECT id::text FROM report WHERE reference = ${res.body.reference}`;
    return { reference: res.body.reference as string, trackingCode: res.body.trackingCode as string, id };
  };
  const detail = async (reference: string) => (await t.call('GET', `${base}/admin/reports/${reference}`, undefined, asStaff)).body;
  const setStatus = async (reference: string, status: string, message?: string) => {
    const res = await t.call('POST', `${base}/admin/reports/${reference}/status`, { status, message, version: (await detail(reference)).version }, asStaff);
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  return { t, base, asStaff, mails, flush, file, detail, setStatus };
}

const png = () => sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366cc' } }).png().toBuffer();

describe('citizen messages, moderated municipality (published after a look by staff)', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  before(async () => {
    s = await setUp(false);
  });
  after(() => s.t.close());

  const post = async (path: string, body: unknown) => s.t.call('POST', `${s.base}${path}`, body);

  test('the reporter adds a message with photos by tracking code; staff see it as the citizen\'s; it stays internal until published', async () => {
    const r = await s.file();
    await s.setStatus(r.reference, 'accepted');
    await s.flush();
    s.mails.length = 0;
    const form = new FormData();
    form.set('message', 'Il lampione ora lampeggia anche di giorno.');
    form.append('photos', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'a.png');
    form.append('photos', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'b.png');
    const res = await s.t.app.request(`${s.base}/track/${r.trackingCode}/messages`, { method: 'POST', body: form });
    const body = (await res.json()) as any;
    assert.equal(res.status, 201, JSON.stringify(body));
    assert.deepEqual(body, { reference: r.reference, public: false, status: 'accepted', photos: 2 });

    const d = await s.detail(r.reference);
    const e = d.events.find((x: any) => x.type === 'citizen_message');
    assert.equal(e.message, 'Il lampione ora lampeggia anche di giorno.');
    assert.equal(e.by, null, 'from the citizen, not a clerk');
    assert.equal(e.public, false);
    assert.equal(e.data.photos.length, 2);
    assert.equal(d.photos.filter((p: any) => e.data.photos.includes(p.id) && p.hidden).length, 2, 'photos hidden until published');

    // Not on the public page, nor its photos, until staff publish it.
    await s.t.db.sql`UPDATE report SET published = true WHERE id = ${r.id}`;
    const before = (await s.t.call('GET', `${s.base}/reports/${r.reference}`)).body;
    assert.ok(!before.events.some((x: any) => x.type === 'citizen_message'));
    assert.equal(before.photos.length, 0);
    const updates0 = (await s.t.call('GET', `/open311/v2/${s.t.m.slug}/servicerequestupdates.json?start_date=${encodeURIComponent(new Date(Date.now() - 86400e3).toISOString())}&end_date=${encodeURIComponent(new Date(Date.now() + 86400e3).toISOString())}`)).body;
    assert.ok(!JSON.stringify(updates0).includes('lampeggia'), 'Open311 shows no unpublished addition');

    // The office is told, with the citizen's words (its own address).
    await s.flush();
    const notice = s.mails.find((m) => m.to === 'ufficio@comune.example');
    assert.ok(notice, s.mails.map((m) => m.subject).join('\n'));
    assert.match(notice.subject, /Nuove informazioni dal cittadino/);
    assert.match(notice.text, /lampeggia anche di giorno/);
    assert.match(notice.text, /Con 2 foto/);

    // Staff publish it: message and photos become public, and Open311 shows the update.
    const pub = await s.t.call('POST', `${s.base}/admin/reports/${r.reference}/events/${e.id}/publish`, undefined, s.asStaff);
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    const again = await s.t.call('POST', `${s.base}/admin/reports/${r.reference}/events/${e.id}/publish`, undefined, s.asStaff);
    assert.equal(again.status, 400);
    const after = (await s.t.call('GET', `${s.base}/reports/${r.reference}`)).body;
    assert.equal(after.events.find((x: any) => x.type === 'citizen_message').message, 'Il lampione ora lampeggia anche di giorno.');
    assert.equal(after.photos.length, 2);
    assert.ok(!JSON.stringify(after).includes('maria.rossi'), 'contact data never shows');
    const updates = (await s.t.call('GET', `/open311/v2/${s.t.m.slug}/servicerequestupdates.json?start_date=${encodeURIComponent(new Date(Date.now() - 86400e3).toISOString())}&end_date=${encodeURIComponent(new Date(Date.now() + 86400e3).toISOString())}`)).body;
    const update = updates.find((u: any) => u.service_request_id === r.reference && /lampeggia/.test(u.description));
    assert.ok(update, JSON.stringify(updates));
    assert.equal(update.status, 'investigating');
  });

  test('an event id of another report, or not a citizen message, is a 404 and publishes nothing', async () => {
    const a = await s.file();
    const b = await s.file();
    assert.equal((await post(`/track/${a.trackingCode}/messages`, { message: 'Per A' })).status, 201);
    const eA = (await s.detail(a.reference)).events.find((x: any) => x.type === 'citizen_message');
    assert.equal((await s.t.call('POST', `${s.base}/admin/reports/${b.reference}/events/${eA.id}/publish`, undefined, s.asStaff)).status, 404);
    const created = (await s.detail(a.reference)).events.find((x: any) => x.type === 'created');
    assert.equal((await s.t.call('POST', `${s.base}/admin/reports/${a.reference}/events/${created.id}/publish`, undefined, s.asStaff)).status, 404);
    assert.equal((await s.t.call('POST', `${s.base}/admin/reports/${a.reference}/events/abc/publish`, undefined, s.asStaff)).status, 404);
    assert.equal((await s.t.call('POST', `${s.base}/admin/reports/${a.reference}/events/${eA.id}/publish`)).status, 401);
    assert.equal((await s.detail(a.reference)).events.find((x: any) => x.type === 'citizen_message').public, false);
  });

  test('the office asks: waiting_for_citizen needs a question, mails the reporter a link, and the answer puts the report back', async () => {
    const r = await s.file();
    await s.setStatus(r.reference, 'in_progress');
    const detail = await s.detail(r.reference);
    const noQuestion = await s.t.call('POST', `${s.base}/admin/reports/${r.reference}/status`, { status: 'waiting_for_citizen', version: detail.version }, s.asStaff);
    assert.equal(noQuestion.status, 400);
    await s.flush();
    s.mails.length = 0;
    await s.setStatus(r.reference, 'waiting_for_citizen', 'Può dirci il numero del palo?');
    await s.flush();
    const ask = s.mails.find((m) => m.to === 'maria.rossi@example.org');
    assert.ok(ask, s.mails.map((m) => m.subject).join('\n'));
    assert.match(ask.subject, /ti chiede informazioni/);
    assert.match(ask.text, /Può dirci il numero del palo\?/);
    assert.ok(!ask.text.includes('Lampione spento'), 'no word of the filer in a mail to a typed address');
    const token = /https:\/\/comune\.example\/segnala#segnala\/link\/citizen_reply\/(\S+)/.exec(ask.text)?.[1];
    assert.ok(token, ask.text);

    // Opening the link shows the question and acts on nothing.
    const context = await s.t.call('GET', `${s.base}/citizen-replies/${token}`);
    assert.equal(context.status, 200);
    assert.deepEqual(context.body, { reference: r.reference, status: 'waiting_for_citizen', question: 'Può dirci il numero del palo?' });
    assert.equal((await s.detail(r.reference)).status, 'waiting_for_citizen');

    s.mails.length = 0;
    const answer = await post(`/citizen-replies/${token}/messages`, { message: 'È il palo numero 47.' });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'in_progress', 'back to the status it had before the question');
    const after = await s.detail(r.reference);
    assert.equal(after.status, 'in_progress');
    const msg = after.events.find((x: any) => x.type === 'citizen_message');
    assert.equal(msg.message, 'È il palo numero 47.');
    assert.equal(msg.data.via, 'link');
    await s.flush();
    const notice = s.mails.find((m) => m.to === 'ufficio@comune.example');
    assert.ok(notice);
    assert.match(notice.subject, /Risposta del cittadino/);
    // The log never shows the link's token.
    assert.ok(!s.t.logLines.join('').includes(token.split('.')[1]), 'token masked in the log');
  });

  test('a link or code for report A cannot add to report B; bad and expired links change nothing', async () => {
    const a = await s.file();
    const b = await s.file();
    const tokenA = signLink(s.t.secretKey, { purpose: 'citizen_reply', municipalityId: s.t.m.id, subject: a.id, expiresAt: Date.now() + 60_000 });
    const count = async () => (await s.t.db.sql`SELECT count(*)::int AS n FROM report_event WHERE type = 'citizen_message' AND report_id IN (${a.id}, ${b.id})`)[0].n;
    // A's token changed to name B: the signature fails.
    const [body, mac] = tokenA.split('.');
    const forged = Buffer.from(JSON.stringify([s.t.m.id, b.id, Date.now() + 60_000, {}])).toString('base64url');
    assert.equal((await post(`/citizen-replies/${forged}.${mac}/messages`, { message: 'x' })).status, 400);
    assert.equal((await post(`/citizen-replies/${body}.${mac}x/messages`, { message: 'x' })).status, 400);
    assert.equal((await post(`/citizen-replies/garbage/messages`, { message: 'x' })).status, 400);
    // A link of another purpose.
    const other = signLink(s.t.secretKey, { purpose: 'resolution_check', municipalityId: s.t.m.id, subject: a.id, expiresAt: Date.now() + 60_000 });
    assert.equal((await post(`/citizen-replies/${other}/messages`, { message: 'x' })).status, 400);
    const expired = signLink(s.t.secretKey, { purpose: 'citizen_reply', municipalityId: s.t.m.id, subject: a.id, expiresAt: Date.now() - 1 });
    const gone = await post(`/citizen-replies/${expired}/messages`, { message: 'x' });
    assert.equal(gone.status, 410);
    assert.equal(gone.body.error.code, 'link_expired');
    assert.equal((await s.t.call('GET', `${s.base}/citizen-replies/${expired}`)).status, 410);
    assert.equal(await count(), 0, 'nothing written');
    // A's own link adds to A only.
    assert.equal((await post(`/citizen-replies/${tokenA}/messages`, { message: 'Per A, dal link' })).status, 201);
    const [{ report_id }] = await s.t.db.sql`SELECT report_id::text FROM report_event WHERE type = 'citizen_message' AND message = 'Per A, dal link'`;
    assert.equal(report_id, a.id);
    // Codes: A's code goes to A; a wrong code 404, a malformed one 400.
    assert.equal((await post(`/track/${a.trackingCode}/messages`, { message: 'Ancora per A' })).body.reference, a.reference);
    assert.equal((await post(`/track/ZZZZ-ZZZZ-ZZ/messages`, { message: 'x' })).status, 404);
    assert.equal((await post(`/track/abc/messages`, { message: 'x' })).status, 400);
    assert.equal((await s.t.db.sql`SELECT count(*)::int AS n FROM report_event WHERE type = 'citizen_message' AND report_id = ${b.id}`)[0].n, 0);
  });

  test('bad bodies are 4xx and write nothing: empty message, too long, wrong type, not an image, too many photos', async () => {
    const r = await s.file();
    const count = async () => (await s.t.db.sql`SELECT count(*)::int AS n FROM report_event WHERE type = 'citizen_message' AND report_id = ${r.id}`)[0].n;
    assert.equal((await post(`/track/${r.trackingCode}/messages`, { message: '   ' })).status, 400);
    assert.equal((await post(`/track/${r.trackingCode}/messages`, { message: 'x'.repeat(6000) })).status, 400);
    assert.equal((await post(`/track/${r.trackingCode}/messages`, { text: 'x' })).status, 400);
    assert.equal((await s.t.call('POST', `${s.base}/track/${r.trackingCode}/messages`, 'message=x', { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await s.t.call('POST', `${s.base}/track/${r.trackingCode}/messages`, '{bad', { 'Content-Type': 'application/json' })).status, 400);
    const notImage = new FormData();
    notImage.set('message', 'Foto');
    notImage.append('photos', new Blob(['not an image'], { type: 'image/png' }), 'x.png');
    assert.equal((await s.t.app.request(`${s.base}/track/${r.trackingCode}/messages`, { method: 'POST', body: notImage })).status, 400);
    const four = new FormData();
    four.set('message', 'Foto');
    for (let i = 0; i < 4; i++) four.append('photos', new Blob([new Uint8Array(await png())], { type: 'image/png' }), `${i}.png`);
    assert.equal((await s.t.app.request(`${s.base}/track/${r.trackingCode}/messages`, { method: 'POST', body: four })).status, 400);
    assert.equal(await count(), 0);
    assert.equal((await s.t.db.sql`SELECT count(*)::int AS n FROM photo WHERE report_id = ${r.id}`)[0].n, 0);
  });

  test('the deadline clock stands still while waiting for the citizen', async () => {
    const r = await s.file();
    await s.setStatus(r.reference, 'accepted');
    // Filed 30 days ago: past the test category's 20 days to resolve...
    await s.t.db.sql`UPDATE report SET created_at = now() - interval '30 days', accepted_at = now() - interval '29 days' WHERE id = ${r.id}`;
    const overdue = async () => (await s.detail(r.reference)).overdue as boolean;
    const due = async () => new Date((await s.detail(r.reference)).resolveDueAt).getTime();
    assert.equal(await overdue(), true);
    await s.setStatus(r.reference, 'waiting_for_citizen', 'Ci manda una foto?');
    assert.equal(await overdue(), false, 'never overdue while the office waits');
    // ...and the office waited 15 of those days for the citizen.
    await s.t.db.sql`UPDATE report SET waiting_since = now() - interval '15 days' WHERE id = ${r.id}`;
    const queue = (await s.t.call('GET', `${s.base}/admin/reports?status=waiting_for_citizen`, undefined, s.asStaff)).body;
    assert.ok(queue.reports.some((x: any) => x.reference === r.reference && !x.overdue));
    const dueWhileWaiting = await due();
    await new Promise((res) => setTimeout(res, 50));
    assert.ok((await due()) > dueWhileWaiting, 'the due date moves on while waiting');
    assert.equal((await s.t.call('POST', `${s.base}/track/${r.trackingCode}/messages`, { message: 'Ecco.' })).status, 201);
    const [row] = await s.t.db.sql`SELECT paused_seconds, waiting_since, status FROM report WHERE id = ${r.id}`;
    assert.equal(row.waiting_since, null);
    assert.equal(row.status, 'accepted');
    assert.ok(row.paused_seconds >= 15 * 86400 && row.paused_seconds < 15 * 86400 + 60, String(row.paused_seconds));
    // 30 days since filing, 15 paused: 15 of the 20 days used, not overdue; the due date 15 days later.
    assert.equal(await overdue(), false);
    const dueWithPause = await due();
    // Statistics count overdue reports the same way (services/stats.ts uses overdueSql).
    const overdueInStats = async () => (await s.t.call('GET', `${s.base}/admin/stats`, undefined, s.asStaff)).body.byDepartment.reduce((n: number, d: any) => n + d.overdue, 0);
    const withPause = await overdueInStats();
    await s.t.db.sql`UPDATE report SET paused_seconds = 0 WHERE id = ${r.id}`;
    assert.equal(await overdueInStats(), withPause + 1);
    // The due date is the paused time later than it would have been.
    assert.equal(dueWithPause - (await due()), row.paused_seconds * 1000);
  });

  test('additions on a hidden or merged report are refused', async () => {
    const r = await s.file();
    await s.setStatus(r.reference, 'hidden', 'Spam');
    const res = await post(`/track/${r.trackingCode}/messages`, { message: 'x' });
    assert.equal(res.status, 409);
  });
});

describe('citizen messages, municipality publishing on arrival', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  before(async () => {
    s = await setUp(true);
  });
  after(() => s.t.close());

  test('the addition is public at once, without contact data', async () => {
    const r = await s.file();
    const res = await s.t.call('POST', `${s.base}/track/${r.trackingCode}/messages`, { message: 'Aggiungo: succede ogni sera.' });
    assert.equal(res.status, 201);
    assert.equal(res.body.public, true);
    const page = (await s.t.call('GET', `${s.base}/reports/${r.reference}`)).body;
    assert.equal(page.events.find((x: any) => x.type === 'citizen_message').message, 'Aggiungo: succede ogni sera.');
    assert.ok(!/maria|Rossi|333/.test(JSON.stringify(page)));
  });
});

describe('citizen messages are rate-limited', () => {
  test('past the limit per client: 429, nothing written', async () => {
    const t = await startTestApp({ rateLimits: { ...scaledLimits(10_000), citizenMessagePerClient: { max: 2, windowSeconds: 3600 } } });
    try {
      const base = `/api/v1/${t.m.slug}`;
      const filed = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body;
      for (let i = 0; i < 2; i++) assert.equal((await t.call('POST', `${base}/track/${filed.trackingCode}/messages`, { message: `n${i}` })).status, 201);
      const third = await t.call('POST', `${base}/track/${filed.trackingCode}/messages`, { message: 'troppo' });
      assert.equal(third.status, 429);
      assert.equal((await t.db.sql`SELECT count(*)::int AS n FROM report_event WHERE message = 'troppo'`)[0].n, 0);
    } finally {
      await t.close();
    }
  });
});
