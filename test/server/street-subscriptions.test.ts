import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import type { MailTransport } from '../../server/mail/sender.ts';
import { signLink } from '../../server/services/signed-links.ts';
import { createStreetMail, purgeUnconfirmedSubscriptions } from '../../server/services/street-subscriptions.ts';
import { reportBody, startTestApp, type TestApp, TEST_RATE_LIMITS } from './helpers/app.ts';
import { createStaffUser, createTestMunicipality } from './helpers/fixtures.ts';

type Sent = Parameters<MailTransport['send']>[0];

let t: TestApp;
let base: string;
const sent: Sent[] = [];
const transport: MailTransport = { send: async (m) => void sent.push(m) };
const logLines: string[] = [];
let mail: ReturnType<typeof createStreetMail>;

before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  await t.db.sql`UPDATE municipality SET widget_page_url = 'https://comune.example/segnala' WHERE id = ${t.m.id}`;
  mail = createStreetMail({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('debug', (l) => logLines.push(l)),
    transport,
    from: 'Segnala <noreply@example.org>',
    publicUrl: 'https://segnala.example',
  });
});
after(() => t.close());
beforeEach(async () => {
  sent.length = 0;
  await t.db.sql`DELETE FROM street_subscription`;
});

const follow = (email: string, streetId = t.m.streets.gasperi, locale = 'it') =>
  t.call('POST', `${base}/street-subscriptions`, { streetId, email, locale });
const rows = () => t.db.sql<{ id: string; email: string; street_id: number; confirmed_at: Date | null; last_sent_at: Date | null }[]>`
  SELECT id, email, street_id, confirmed_at, last_sent_at FROM street_subscription ORDER BY id`;
const linkOf = (m: Sent, purpose: string) => {
  const found = m.text.match(new RegExp(`#segnala/link/${purpose}/([^\\s]+)`));
  assert.ok(found, `no ${purpose} link in:\n${m.text}`);
  return found[1];
};
const fileOn = async (streetId: number, over: Record<string, unknown> = {}) =>
  (await t.call('POST', `${base}/reports`, reportBody(t.m, { streetId, ...over }))).body.reference as string;

/** Subscribes, sends the confirmation, confirms: the subscription's row id. */
async function followConfirmed(email: string, streetId = t.m.streets.gasperi) {
  const asked = await follow(email, streetId);
  assert.equal(asked.status, 202, JSON.stringify(asked.body));
  await mail.runOnce();
  const confirmation = sent.filter((m) => m.to === email).at(-1)!;
  const res = await t.call('POST', `${base}/street-subscriptions/confirm`, { token: linkOf(confirmation, 'street_confirm') });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  sent.length = 0;
  return (await rows()).find((r) => r.email === email && r.street_id === streetId)!.id;
}

describe('following a street: double opt-in', () => {
  test('asking stores a pending row, the job mails a confirmation link, confirming starts the following', async () => {
    const res = await follow('Anna@Example.org');
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { status: 'confirmation_sent' });
    assert.equal((await rows())[0].confirmed_at, null);
    // News before confirmation goes nowhere.
    await fileOn(t.m.streets.gasperi);
    assert.deepEqual(await mail.runOnce(), { confirmations: 1, digests: 0 });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].to, 'Anna@Example.org');
    assert.match(sent[0].subject, /Via Alcide De Gasperi/);
    assert.match(sent[0].text, /https:\/\/comune\.example\/segnala#segnala\/link\/street_confirm\//);
    // Sent once.
    assert.deepEqual(await mail.runOnce(), { confirmations: 0, digests: 0 });
    const token = linkOf(sent[0], 'street_confirm');
    const ok = await t.call('POST', `${base}/street-subscriptions/confirm`, { token });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { confirmed: true, street: { id: t.m.streets.gasperi, name: 'Via Alcide De Gasperi' } });
    assert.ok((await rows())[0].confirmed_at);
    // The report filed before the confirmation is not news to this address.
    assert.deepEqual(await mail.runOnce(), { confirmations: 0, digests: 0 });
  });

  test('asking again for the same street gives the same answer and writes nothing; English mails in English', async () => {
    await follow('bruno@example.org', t.m.streets.gasperi, 'en');
    const again = await follow('BRUNO@example.org', t.m.streets.gasperi, 'it');
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, { status: 'confirmation_sent' });
    assert.equal((await rows()).length, 1);
    await mail.runOnce();
    assert.equal(sent.length, 1);
    assert.match(sent[0].subject, /^Confirm: follow/);
  });

  test('replayed, forged, expired or misplaced confirmation links are refused and change nothing', async () => {
    await follow('carla@example.org');
    await follow('dario@example.org');
    await mail.runOnce();
    const [carla, dario] = await rows();
    const token = linkOf(sent.find((m) => m.to === 'carla@example.org')!, 'street_confirm');
    const confirm = (tk: string) => t.call('POST', `${base}/street-subscriptions/confirm`, { token: tk });
    // Every single-character change of the signature, and junk.
    const dot = token.indexOf('.');
    for (const i of [0, dot - 1, dot + 1, token.length - 1]) {
      const c = token[i] === 'A' ? 'B' : 'A';
      const res = await confirm(token.slice(0, i) + c + token.slice(i + 1));
      assert.equal(res.status, 400, `change at ${i}`);
      assert.equal(res.body.error.code, 'invalid_link');
    }
    for (const junk of ['x', '.', 'a.b.c', '%00', 'é'.repeat(50)]) assert.equal((await confirm(junk)).status, 400);
    // Another key, another purpose, another municipality, another subscription's id by a forger.
    const claims = { purpose: 'street_confirm' as const, municipalityId: t.m.id, subject: dario.id, expiresAt: Date.now() + 60_000 };
    assert.equal((await confirm(signLink(randomBytes(32), claims))).status, 400);
    assert.equal((await confirm(signLink(t.secretKey, { ...claims, purpose: 'street_unsubscribe' }))).status, 400);
    assert.equal((await confirm(signLink(t.secretKey, { ...claims, municipalityId: t.m.id + 1 }))).status, 400);
    const expired = await confirm(signLink(t.secretKey, { ...claims, expiresAt: Date.now() - 1 }));
    assert.equal(expired.status, 410);
    assert.equal(expired.body.error.code, 'link_expired');
    assert.equal((await rows()).filter((r) => r.confirmed_at).length, 0);
    // Carla's link confirms Carla only; a second time it is used.
    assert.equal((await confirm(token)).status, 200);
    const replay = await confirm(token);
    assert.equal(replay.status, 410);
    assert.equal(replay.body.error.code, 'link_used');
    const after = await rows();
    assert.ok(after.find((r) => r.id === carla.id)!.confirmed_at);
    assert.equal(after.find((r) => r.id === dario.id)!.confirmed_at, null);
    // Missing or wrong bodies: 400.
    assert.equal((await t.call('POST', `${base}/street-subscriptions/confirm`, {})).status, 400);
    assert.equal((await t.call('POST', `${base}/street-subscriptions/confirm`, { token: 'x'.repeat(2001) })).status, 400);
  });

  test('bad requests to follow: 4xx, nothing stored', async () => {
    for (const body of [
      {},
      { streetId: t.m.streets.gasperi },
      { streetId: t.m.streets.gasperi, email: 'not an address' },
      { streetId: 'x', email: 'a@example.org' },
      { streetId: -1, email: 'a@example.org' },
      { streetId: t.m.streets.gasperi, email: 'a@example.org', locale: 'fr' },
      { streetId: t.m.streets.gasperi, email: `${'a'.repeat(250)}@example.org` },
    ]) {
      const res = await t.call('POST', `${base}/street-subscriptions`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    const unknown = await follow('a@example.org', 999_999);
    assert.equal(unknown.status, 404);
    assert.equal((await t.call('POST', `${base}/street-subscriptions`, '{"streetId":')).status, 400);
    assert.equal((await rows()).length, 0);
  });

  test('unconfirmed addresses are deleted after 7 days; confirmed ones stay', async () => {
    await follow('elena@example.org');
    await followConfirmed('fabio@example.org');
    await follow('gina@example.org', t.m.streets.aurelia);
    await t.db.sql`UPDATE street_subscription SET created_at = now() - interval '8 days' WHERE email IN ('elena@example.org', 'fabio@example.org')`;
    assert.equal(await purgeUnconfirmedSubscriptions(t.db.sql), 1);
    assert.deepEqual((await rows()).map((r) => r.email).sort(), ['fabio@example.org', 'gina@example.org']);
  });
});

describe('following a street: the digest', () => {
  test('reports published or closed on the followed street, batched, at most one mail a day, with unsubscribe links', async () => {
    await followConfirmed('hanna@example.org');
    const onStreet = await fileOn(t.m.streets.gasperi);
    const elsewhere = await fileOn(t.m.streets.aurelia);
    const closed = await fileOn(t.m.streets.gasperi);
    await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() WHERE reference = ${closed}`;
    const hidden = await fileOn(t.m.streets.gasperi);
    await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${hidden}`;
    assert.deepEqual(await mail.runOnce(), { confirmations: 0, digests: 1 });
    assert.equal(sent.length, 1);
    const digest = sent[0];
    assert.equal(digest.to, 'hanna@example.org');
    assert.match(digest.text, new RegExp(`${onStreet}, Illuminazione pubblica: Inviata`));
    assert.match(digest.text, new RegExp(`${closed}, Illuminazione pubblica: Risolta`));
    assert.doesNotMatch(digest.text, new RegExp(elsewhere));
    assert.doesNotMatch(digest.text, new RegExp(hidden));
    assert.match(digest.text, new RegExp(`https://comune\\.example/segnala#segnala/report/${onStreet}`));
    // No words of the filer in it.
    assert.doesNotMatch(digest.text, /Lampione spento|davanti al civico/);
    linkOf(digest, 'street_unsubscribe');
    assert.match(digest.headers!['List-Unsubscribe'], /^<https:\/\/segnala\.example\/api\/v1\/testville\/street-subscriptions\/one-click-unsubscribe\?token=[\w.-]+>$/);
    assert.equal(digest.headers!['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    // More news the same day waits; once a day has passed it comes, without what was sent.
    const later = await fileOn(t.m.streets.gasperi);
    assert.deepEqual(await mail.runOnce(), { confirmations: 0, digests: 0 });
    await t.db.sql`UPDATE street_subscription SET last_sent_at = last_sent_at - interval '25 hours'`;
    await t.db.sql`UPDATE report SET created_at = created_at - interval '25 hours' WHERE reference IN (${onStreet}, ${closed})`;
    await t.db.sql`UPDATE report SET closed_at = closed_at - interval '25 hours' WHERE reference = ${closed}`;
    assert.deepEqual(await mail.runOnce(), { confirmations: 0, digests: 1 });
    assert.match(sent[1].text, new RegExp(later));
    assert.doesNotMatch(sent[1].text, new RegExp(`${onStreet}|${closed}`));
  });

  test('one address following several streets gets one mail for all, one a day across municipalities; where staff look first, acceptance is the publication', async () => {
    const moderated = await createTestMunicipality(t.db.sql, { slug: 'moderata', publishOnArrival: false });
    await t.db.sql`UPDATE municipality SET widget_page_url = 'https://moderata.example/' WHERE id = ${moderated.id}`;
    await followConfirmed('ivo@example.org');
    await followConfirmed('ivo@example.org', t.m.streets.aurelia);
    const mBase = `/api/v1/moderata/street-subscriptions`;
    assert.equal((await t.call('POST', mBase, { streetId: moderated.streets.piazza, email: 'ivo@example.org' })).status, 202);
    await mail.runOnce();
    const confirmMail = sent.find((m) => /moderata\.example/.test(m.text))!;
    assert.equal((await t.call('POST', `${mBase}/confirm`, { token: linkOf(confirmMail, 'street_confirm') })).status, 200);
    sent.length = 0;
    const a = await fileOn(t.m.streets.gasperi);
    const b = await fileOn(t.m.streets.aurelia);
    const res = await t.call('POST', `/api/v1/moderata/reports`, reportBody(moderated as never, { streetId: moderated.streets.piazza, categoryId: moderated.categories.lighting }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await mail.runOnce();
    // Two streets of testville in one mail; nothing yet from the moderated town (not published).
    assert.equal(sent.length, 1);
    assert.match(sent[0].text, new RegExp(`Via Alcide De Gasperi:[\\s\\S]*${a}`));
    assert.match(sent[0].text, new RegExp(`Via Aurelia:[\\s\\S]*${b}`));
    // Staff accept it (the staff API): that publishes it.
    await createStaffUser(t.db.sql, moderated.id, { email: 'capo@moderata.example', name: 'Capo', role: 'admin' });
    const login = await t.call('POST', `/api/v1/moderata/admin/login`, { email: 'capo@moderata.example', password: 'password-di-prova' });
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const detail = await t.call('GET', `/api/v1/moderata/admin/reports/${res.body.reference}`, undefined, auth);
    const accepted = await t.call('POST', `/api/v1/moderata/admin/reports/${res.body.reference}/status`, { status: 'accepted', version: detail.body.version }, auth);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    // One mail a day per address, whatever the municipality: the moderated town's news waits a day,
    // then comes on its own (the municipality the address heard from least recently goes first).
    await mail.runOnce();
    assert.equal(sent.length, 1);
    await t.db.sql`UPDATE street_subscription SET last_sent_at = last_sent_at - interval '25 hours' WHERE last_sent_at IS NOT NULL`;
    await mail.runOnce();
    assert.equal(sent.length, 2);
    assert.match(sent[1].text, new RegExp(`${res.body.reference}, Illuminazione pubblica: Presa in carico`));
    assert.doesNotMatch(sent[1].text, new RegExp(`${a}|${b}`));
    assert.deepEqual(await mail.runOnce(), { confirmations: 0, digests: 0 });
    assert.match(sent[1].text, /https:\/\/moderata\.example\/#segnala\/report\//);
  });

  test('several senders at once send one digest', async () => {
    await followConfirmed('luca@example.org');
    await fileOn(t.m.streets.gasperi);
    const senders = Array.from({ length: 4 }, () =>
      createStreetMail({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('silent'), transport, from: 'x@example.org' }),
    );
    const results = await Promise.all(senders.map((s) => s.runOnce()));
    assert.equal(results.reduce((n, r) => n + r.digests, 0), 1);
    assert.equal(sent.length, 1);
  });

  test('a failed delivery is tried again, and its error logged without the address', async () => {
    await followConfirmed('mara@example.org');
    await fileOn(t.m.streets.gasperi);
    const failing = createStreetMail({
      sql: t.db.sql,
      secretKey: t.secretKey,
      logger: createLogger('debug', (l) => logLines.push(l)),
      transport: { send: async () => Promise.reject(new Error('550 <mara@example.org> rejected')) },
      from: 'x@example.org',
    });
    assert.deepEqual(await failing.runOnce(), { confirmations: 0, digests: 0 });
    assert.ok(logLines.some((l) => l.includes('street digest not sent')));
    assert.ok(!logLines.some((l) => l.includes('mara@example.org')));
    assert.deepEqual(await mail.runOnce(), { confirmations: 0, digests: 1 });
  });
});

describe('following a street: unsubscribing', () => {
  test('the link of a street erases that subscription; replayed it is used; the all-streets link and one-click POST erase the rest', async () => {
    const gasperi = await followConfirmed('nina@example.org');
    const aurelia = await followConfirmed('nina@example.org', t.m.streets.aurelia);
    const piazza = await followConfirmed('nina@example.org', t.m.streets.piazza);
    const other = await followConfirmed('otto@example.org');
    await fileOn(t.m.streets.gasperi);
    await fileOn(t.m.streets.aurelia);
    await mail.runOnce();
    const digest = sent.find((m) => m.to === 'nina@example.org')!;
    // The first unsubscribe link in the text is Via Alcide De Gasperi's (streets by name), the last the all-streets one.
    const links = [...digest.text.matchAll(/#segnala\/link\/street_unsubscribe\/(\S+)/g)].map((m) => m[1]);
    assert.equal(links.length, 3);
    const unsub = (token: string) => t.call('POST', `${base}/street-subscriptions/unsubscribe`, { token });
    const first = await unsub(links[0]);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { unsubscribed: 1 });
    let ids = (await rows()).map((r) => r.id);
    assert.ok(!ids.includes(gasperi) && ids.includes(aurelia) && ids.includes(piazza) && ids.includes(other));
    const replay = await unsub(links[0]);
    assert.equal(replay.status, 410);
    assert.equal(replay.body.error.code, 'link_used');
    // A forged subject (another address's subscription) with another key: refused.
    const forged = signLink(randomBytes(32), { purpose: 'street_unsubscribe', municipalityId: t.m.id, subject: other, expiresAt: Date.now() + 60_000 });
    assert.equal((await unsub(forged)).status, 400);
    // A confirmation link cannot unsubscribe.
    const asConfirm = signLink(t.secretKey, { purpose: 'street_confirm', municipalityId: t.m.id, subject: other, expiresAt: Date.now() + 60_000 });
    assert.equal((await unsub(asConfirm)).status, 400);
    const expired = signLink(t.secretKey, { purpose: 'street_unsubscribe', municipalityId: t.m.id, subject: other, expiresAt: Date.now() - 1 });
    assert.equal((await unsub(expired)).status, 410);
    // RFC 8058: the header's URL, POSTed by the mail provider with a form body.
    const oneClick = digest.headers!['List-Unsubscribe'].slice(1, -1).replace('https://segnala.example', '');
    const res = await t.call('POST', oneClick, 'List-Unsubscribe=One-Click', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { unsubscribed: 1 });
    ids = (await rows()).map((r) => r.id);
    // Piazza was not in this mail (no news there): its own later mail carries its link.
    assert.deepEqual(ids.sort(), [piazza, other].sort());
    assert.equal((await t.call('POST', `${base}/street-subscriptions/one-click-unsubscribe`, 'x')).status, 400);
    assert.equal((await t.call('POST', `${base}/street-subscriptions/one-click-unsubscribe?token=abc.def`, 'x')).status, 400);
  });
});

describe('following a street: limits and privacy', () => {
  test('at most 3 new subscriptions a day and 10 streets per address; per client, the rate limit', async () => {
    const more = [];
    for (let i = 0; i < 10; i++) {
      const [s] = await t.db.sql<{ id: number }[]>`
        INSERT INTO street (municipality_id, national_code, type, base_name, name) VALUES (${t.m.id}, ${`X${i}`}, 'VIA', ${`V${i}`}, ${`Via ${i}`})
        ON CONFLICT DO NOTHING RETURNING id`;
      more.push(s?.id ?? (await t.db.sql<{ id: number }[]>`SELECT id FROM street WHERE municipality_id = ${t.m.id} AND national_code = ${`X${i}`}`)[0].id);
    }
    for (let i = 0; i < 3; i++) assert.equal((await follow('pia@example.org', more[i])).status, 202);
    const fourth = await follow('PIA@example.org', more[3]);
    assert.equal(fourth.status, 429);
    assert.equal((await rows()).length, 3);
    // A day later, up to 10 streets.
    for (let i = 3; i < 10; i++) {
      await t.db.sql`UPDATE street_subscription SET created_at = now() - interval '25 hours'`;
      assert.equal((await follow('pia@example.org', more[i])).status, 202);
    }
    await t.db.sql`UPDATE street_subscription SET created_at = now() - interval '25 hours'`;
    const eleventh = await follow('pia@example.org', t.m.streets.gasperi);
    assert.equal(eleventh.status, 409);
    assert.equal(eleventh.body.error.code, 'too_many_subscriptions');
    assert.equal((await rows()).length, 10);

    const limited = await startTestApp({ rateLimits: { ...TEST_RATE_LIMITS, streetFollowPerClient: { max: 2, windowSeconds: 3600 } } });
    try {
      const path = `/api/v1/${limited.m.slug}/street-subscriptions`;
      const body = { streetId: limited.m.streets.gasperi, email: 'q@example.org' };
      assert.equal((await limited.call('POST', path, body)).status, 202);
      assert.equal((await limited.call('POST', `${path}/confirm`, { token: 'x' })).status, 400);
      const third = await limited.call('POST', path, body);
      assert.equal(third.status, 429);
      assert.ok(third.headers.get('Retry-After'));
    } finally {
      await limited.close();
    }
  });

  test('the address never shows in public answers or logs', async () => {
    await followConfirmed('riservata@example.org');
    const reference = await fileOn(t.m.streets.gasperi);
    await mail.runOnce();
    for (const path of [`/streets/${t.m.streets.gasperi}`, `/reports?street=${t.m.streets.gasperi}&status=all`, `/reports/${reference}`, '/streets']) {
      const res = await t.call('GET', `${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.doesNotMatch(JSON.stringify(res.body), /riservata/, path);
    }
    assert.ok(![...t.logLines, ...logLines].some((l) => l.includes('riservata')));
  });
});
