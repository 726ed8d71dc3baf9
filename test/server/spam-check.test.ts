import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { findMunicipality } from '../../server/services/municipality.ts';
import { issueFormToken } from '../../server/services/spam-check.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let base: string;

before(async () => {
  t = await startTestApp({ spamCheck: 'form', formMinSeconds: 1 });
  base = `/api/v1/${t.m.slug}`;
});
after(() => t.close());

const setCheck = (spamCheck: string, formMinSeconds = 1) =>
  t.db.sql`UPDATE municipality SET spam_check = ${spamCheck}, form_min_seconds = ${formMinSeconds} WHERE id = ${t.m.id}`;
const reportCount = async () => (await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report`)[0].n;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function formToken() {
  const res = await t.call('GET', `${base}/form-token`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Cache-Control'), 'no-store');
  return res.body as { token: string; minSeconds: number; expiresAt: string; challenge: Challenge | null };
}

const file = (antiSpam: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', `${base}/reports`, reportBody(t.m, antiSpam === undefined ? {} : { antiSpam }), headers);

async function altchaFor(challenge: Challenge) {
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution, 'the challenge can be solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('spam checks on filings: form token, minimum fill time, honeypot', () => {
  test('a token is required, a filing sooner than the minimum fill time is refused, then accepted', async () => {
    await setCheck('form', 1);
    const before = await reportCount();
    const missing = await file(undefined);
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.code, 'form_token_required');

    const { token, minSeconds, challenge } = await formToken();
    assert.equal(minSeconds, 1);
    assert.equal(challenge, null, 'no proof of work unless the municipality asks for it');
    const early = await file({ token, website: '' });
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, 'form_too_fast');
    assert.equal(early.body.error.details.retryAfterSeconds, 1);
    assert.equal(await reportCount(), before, 'a refused filing writes nothing');

    await sleep(1100);
    const ok = await file({ token, website: '' }, { 'Idempotency-Key': 'spam-check-ok-1' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(await reportCount(), before + 1);

    // The same token files once; a retry of that same filing still gets its report back.
    const again = await file({ token, website: '' });
    assert.equal(again.status, 422);
    assert.equal(again.body.error.code, 'form_token_used');
    const retry = await file({ token, website: '' }, { 'Idempotency-Key': 'spam-check-ok-1' });
    assert.equal(retry.status, 201);
    assert.equal(retry.body.reference, ok.body.reference);
    assert.equal(await reportCount(), before + 1);
  });

  test('filled honeypot: refused even with a good token, whatever the setting', async () => {
    for (const mode of ['form', 'off']) {
      await setCheck(mode, 0);
      const { token } = await formToken();
      const before = await reportCount();
      const res = await file({ token, website: 'https://spam.example' });
      assert.equal(res.status, 422, mode);
      assert.equal(res.body.error.code, 'spam_suspected');
      assert.equal(res.body.error.details.fields[0].field, 'antiSpam.website');
      assert.equal(await reportCount(), before);
    }
  });

  test('forged, altered, foreign and expired tokens are refused', async () => {
    await setCheck('form', 0);
    const { token } = await formToken();
    const [body, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const altered = `${Buffer.from(JSON.stringify({ ...claims, t: claims.t - 60_000 })).toString('base64url')}.${mac}`;
    for (const bad of ['nonsense', `${body}.AAAA`, altered, `${token}.x`]) {
      const res = await file({ token: bad });
      assert.equal(res.status, 422, bad);
      assert.equal(res.body.error.code, 'form_token_invalid');
    }
    const m = (await findMunicipality(t.db.sql, t.m.slug))!;
    const foreign = await issueFormToken(t.secretKey, { ...m, id: m.id + 1000 });
    assert.equal((await file({ token: foreign.token })).body.error.code, 'form_token_invalid');
    const old = await issueFormToken(t.secretKey, m, Date.now() - 13 * 3600_000);
    assert.equal((await file({ token: old.token })).body.error.code, 'form_token_expired');
  });

  test('one token, many parallel filings: exactly one is filed', async () => {
    await setCheck('form', 0);
    const { token } = await formToken();
    const before = await reportCount();
    const answers = await Promise.all(Array.from({ length: 6 }, () => file({ token })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 422, 422, 422, 422, 422]);
    assert.equal(await reportCount(), before + 1);
  });

  test('with checks off, API clients may file without a token', async () => {
    await setCheck('off');
    assert.equal((await file(undefined)).status, 201);
    assert.equal((await formToken()).minSeconds, 0);
  });
});

describe('optional ALTCHA proof of work', () => {
  test('needs a solution bound to its own token; a solved challenge files once', async () => {
    await setCheck('pow', 0);
    const first = await formToken();
    assert.ok(first.challenge, 'a challenge comes with the token');
    assert.equal(first.challenge.parameters.algorithm, 'SHA-256');
    const before = await reportCount();

    const unsolved = await file({ token: first.token });
    assert.equal(unsolved.body.error.code, 'proof_of_work_required');

    const second = await formToken();
    const otherProof = await file({ token: first.token, altcha: await altchaFor(second.challenge!) });
    assert.equal(otherProof.body.error.code, 'proof_of_work_failed', 'a proof solved for another token');

    const solution = await solveChallenge({ challenge: first.challenge, deriveKey });
    const wrong = Buffer.from(JSON.stringify({ challenge: first.challenge, solution: { ...solution, derivedKey: solution!.derivedKey.replace(/^./, (c) => (c === '0' ? '1' : '0')) } })).toString('base64');
    for (const bad of [wrong, 'bm90IGpzb24=', Buffer.from('{"challenge":{"parameters":{"data":{}}}}').toString('base64'), '%%%']) {
      const res = await file({ token: first.token, altcha: bad });
      assert.equal(res.status, 422, bad);
      assert.equal(res.body.error.code, 'proof_of_work_failed');
    }
    assert.equal(await reportCount(), before);

    const ok = await file({ token: first.token, altcha: await altchaFor(first.challenge) });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const reused = await file({ token: first.token, altcha: await altchaFor(first.challenge) });
    assert.equal(reused.body.error.code, 'form_token_used');
    assert.equal(await reportCount(), before + 1);
  });
});
