import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let base: string;
let reference: string;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  reference = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
});
after(() => t.close());

const token = (n: number) => `supporter-token-${String(n).padStart(4, '0')}`;
const supportRows = async (ref: string) =>
  Number((await t.db.sql`SELECT count(*)::int AS n FROM support s JOIN report r ON r.id = s.report_id WHERE r.reference = ${ref}`)[0].n);

describe('POST /reports/{reference}/supports (Mi associo)', () => {
  test('joining raises the count shown on the report; joining again does not', async () => {
    const first = await t.call('POST', `${base}/reports/${reference}/supports`, { supporterToken: token(1) });
    assert.equal(first.status, 201);
    assert.deepEqual(first.body, { supportCount: 1, created: true });
    const again = await t.call('POST', `${base}/reports/${reference}/supports`, { supporterToken: token(1) });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { supportCount: 1, created: false });
    const other = await t.call('POST', `${base}/reports/${reference}/supports`, { supporterToken: token(2), email: 'vicino@example.org' });
    assert.deepEqual(other.body, { supportCount: 2, created: true });
    const detail = await t.call('GET', `${base}/reports/${reference}`);
    assert.equal(detail.body.supportCount, 2);
  });

  test('parallel requests with one token count once', async () => {
    const ref = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.call('POST', `${base}/reports/${ref}/supports`, { supporterToken: token(7) })),
    );
    assert.equal(answers.filter((a) => a.body.created === true).length, 1);
    assert.ok(answers.every((a) => a.body.supportCount === 1));
    assert.equal((await t.call('GET', `${base}/reports/${ref}`)).body.supportCount, 1);
    assert.equal(await supportRows(ref), 1);
  });

  test('parallel requests with different tokens all count', async () => {
    const ref = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.call('POST', `${base}/reports/${ref}/supports`, { supporterToken: token(100 + i) })));
    assert.equal((await t.call('GET', `${base}/reports/${ref}`)).body.supportCount, 10);
    assert.equal(await supportRows(ref), 10);
  });

  test('a closed report cannot be joined', async () => {
    const ref = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
    await t.db.sql`UPDATE report SET status = 'resolved', closed_at = now() WHERE reference = ${ref}`;
    const res = await t.call('POST', `${base}/reports/${ref}/supports`, { supporterToken: token(3) });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'report_closed');
    assert.equal(await supportRows(ref), 0);
  });

  test('an unpublished or hidden report cannot be joined (404)', async () => {
    const ref = (await t.call('POST', `${base}/reports`, reportBody(t.m))).body.reference;
    await t.db.sql`UPDATE report SET published = false WHERE reference = ${ref}`;
    assert.equal((await t.call('POST', `${base}/reports/${ref}/supports`, { supporterToken: token(4) })).status, 404);
    await t.db.sql`UPDATE report SET published = true, status = 'hidden' WHERE reference = ${ref}`;
    assert.equal((await t.call('POST', `${base}/reports/${ref}/supports`, { supporterToken: token(4) })).status, 404);
    assert.equal(await supportRows(ref), 0);
  });

  test('bad input: 400 naming the field, nothing written', async () => {
    const cases: [unknown, string][] = [
      [{}, 'supporterToken'],
      [{ supporterToken: 'short' }, 'supporterToken'],
      [{ supporterToken: 'has spaces in it, not ok' }, 'supporterToken'],
      [{ supporterToken: token(5), email: 'nope' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', `${base}/reports/${reference}/supports`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.details.fields[0].field, field);
    }
    assert.equal(await supportRows(reference), 2);
    assert.equal((await t.call('POST', `${base}/reports/2026-999999/supports`, { supporterToken: token(5) })).status, 404);
  });

  test('the supporter token is not stored as given', async () => {
    const rows = await t.db.sql`SELECT supporter_hash FROM support`;
    for (const r of rows) assert.ok(!Buffer.from(r.supporter_hash).toString('latin1').includes('supporter-token'));
  });
});
