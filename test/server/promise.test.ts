import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dueAt, dueDateWords, promisedDates, promiseState } from '../../server/domain/promise.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

/** Issue 13 §4: the office's promise — the date rule, and the filing and tracking answers. */

describe('the due-date rule (server/domain/promise.ts)', () => {
  test('counts whole days of the Rome calendar, due at the end of the last one', () => {
    // 23:30 UTC on Monday 7 December is already Tuesday 8 in Rome: 2 days → the end of Thursday 10.
    const due = dueAt(new Date('2026-12-07T23:30:00Z'), 2);
    assert.equal(due.toISOString(), '2026-12-10T22:59:59.999Z');
    assert.equal(dueDateWords(due, 'it-IT'), 'giovedì 10 dicembre 2026');
    // Any hour of the same Rome day gives the same date.
    assert.equal(dueAt(new Date('2026-12-07T23:00:00Z'), 2).toISOString(), due.toISOString());
    assert.equal(dueAt(new Date('2026-12-08T22:59:59Z'), 2).toISOString(), due.toISOString());
    assert.equal(dueAt(new Date('2026-12-08T23:00:00Z'), 2).toISOString(), '2026-12-11T22:59:59.999Z');
  });

  test('across the changes of summer time the date does not slip', () => {
    // Saturday 28 March 2026, 23:30 in Rome (CET); summer time starts that night. One day → Sunday 29, CEST.
    const spring = dueAt(new Date('2026-03-28T22:30:00Z'), 1);
    assert.equal(spring.toISOString(), '2026-03-29T21:59:59.999Z');
    assert.equal(dueDateWords(spring, 'it-IT'), 'domenica 29 marzo 2026');
    // 24-hour days would have said Monday 30 (00:30 CEST).
    assert.equal(dueDateWords(new Date(Date.parse('2026-03-28T22:30:00Z') + 86_400_000), 'it-IT'), 'lunedì 30 marzo 2026');
    // Saturday 24 October 2026, 23:30 CEST; winter time comes back that night. One day → Sunday 25, CET.
    const autumn = dueAt(new Date('2026-10-24T21:30:00Z'), 1);
    assert.equal(autumn.toISOString(), '2026-10-25T22:59:59.999Z');
    assert.equal(dueDateWords(autumn, 'it-IT'), 'domenica 25 ottobre 2026');
  });

  test('says the day of the week, weekends included, in Italian and in English', () => {
    const saturday = dueAt(new Date('2026-12-10T09:00:00Z'), 2);
    assert.equal(dueDateWords(saturday, 'it-IT'), 'sabato 12 dicembre 2026');
    assert.match(dueDateWords(saturday, 'en-GB'), /^Saturday,? 12 December 2026$/);
    const { acceptBy, resolveBy } = promisedDates(new Date('2026-12-07T09:00:00Z'), { daysToAccept: 5, daysToResolve: 7 });
    assert.equal(dueDateWords(acceptBy, 'it-IT'), 'sabato 12 dicembre 2026');
    assert.equal(dueDateWords(resolveBy, 'it-IT'), 'lunedì 14 dicembre 2026');
    assert.match(dueDateWords(resolveBy.toISOString(), 'en-GB'), /^Monday,? 14 December 2026$/);
  });

  test('time the clock stood still moves the date on', () => {
    const filed = new Date('2026-12-07T09:00:00Z');
    assert.equal(dueAt(filed, 2, 3 * 86_400_000).toISOString(), '2026-12-12T22:59:59.999Z');
  });

  test('on time or late, done or not', () => {
    const due = new Date('2026-12-10T22:59:59.999Z');
    assert.equal(promiseState(due, null, new Date('2026-12-10T22:59:59.999Z')), 'pending');
    assert.equal(promiseState(due, null, new Date('2026-12-10T23:00:00Z')), 'late');
    assert.equal(promiseState(due, new Date('2026-12-10T22:00:00Z'), new Date('2027-01-01')), 'onTime');
    assert.equal(promiseState(due, new Date('2026-12-11T08:00:00Z'), new Date('2027-01-01')), 'doneLate');
  });
});

describe('the promise in the filing and tracking answers', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await startTestApp();
    base = `/api/v1/${t.m.slug}`;
  });
  after(() => t.close());

  const file = async (over: Record<string, unknown> = {}) => {
    const res = await t.call('POST', `${base}/reports`, reportBody(t.m, over));
    assert.equal(res.status, 201);
    return res.body as { reference: string; trackingCode: string; promise: { acceptBy: string; resolveBy: string } };
  };
  const track = async (code: string) => {
    const res = await t.call('GET', `${base}/track/${code}`);
    assert.equal(res.status, 200);
    return res.body;
  };
  const set = (reference: string, fields: Record<string, unknown>) =>
    t.db.sql`UPDATE report SET ${t.db.sql(fields)} WHERE reference = ${reference}`;

  test('filing answers with the two dates, from the category (2 and 20 days) and the filing time', async () => {
    const filed = await file();
    const [{ created_at }] = await t.db.sql<{ created_at: Date }[]>`SELECT created_at FROM report WHERE reference = ${filed.reference}`;
    const expected = promisedDates(created_at, { daysToAccept: 2, daysToResolve: 20 });
    assert.equal(filed.promise.acceptBy, expected.acceptBy.toISOString());
    assert.equal(filed.promise.resolveBy, expected.resolveBy.toISOString());
  });

  test('the database counts the days as the browser does, across summer time and at midnight', async () => {
    const filed = await file();
    for (const at of [
      '2026-03-28T22:30:00Z', '2026-03-29T00:59:59Z', '2026-03-29T01:30:00Z', '2026-03-29T22:00:00Z',
      '2026-10-24T21:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T23:30:00Z',
      '2026-12-07T22:59:59.999Z', '2026-12-07T23:00:00Z', '2026-12-31T23:30:00Z',
    ]) {
      await set(filed.reference, { created_at: new Date(at) });
      const { promise } = await track(filed.trackingCode);
      const expected = promisedDates(new Date(at), { daysToAccept: 2, daysToResolve: 20 });
      assert.equal(promise.acceptBy, expected.acceptBy.toISOString(), at);
      assert.equal(promise.resolveBy, expected.resolveBy.toISOString(), at);
    }
  });

  test('the staff queue lists the same due dates', async () => {
    const filed = await file();
    const { promise } = await track(filed.trackingCode);
    await createStaffUser(t.db.sql, t.m.id, { email: 'sindaco@testville.example', name: 'sindaco', role: 'admin', departmentIds: [], password: 'segnala-test' });
    const { token } = (await t.call('POST', `${base}/admin/login`, { email: 'sindaco@testville.example', password: 'segnala-test' })).body;
    const queue = await t.call('GET', `${base}/admin/reports?limit=200`, undefined, { Authorization: `Bearer ${token}` });
    const item = queue.body.reports.find((r: { reference: string }) => r.reference === filed.reference);
    assert.equal(item.acceptDueAt, promise.acceptBy);
    assert.equal(item.resolveDueAt, promise.resolveBy);
  });

  test('tracking says whether each promise is kept', async () => {
    const filed = await file();
    assert.deepEqual(
      { accept: (await track(filed.trackingCode)).promise.accept, resolve: (await track(filed.trackingCode)).promise.resolve },
      { accept: 'pending', resolve: 'pending' },
    );
    // Filed 10 days ago, never taken in charge: late to accept, still in time to resolve (20 days).
    await set(filed.reference, { created_at: new Date(Date.now() - 10 * 86_400_000) });
    let p = (await track(filed.trackingCode)).promise;
    assert.deepEqual([p.accept, p.resolve], ['late', 'pending']);
    // Taken in charge the day after filing: on time.
    await set(filed.reference, { status: 'accepted', accepted_at: new Date(Date.now() - 9 * 86_400_000) });
    p = (await track(filed.trackingCode)).promise;
    assert.deepEqual([p.accept, p.resolve], ['onTime', 'pending']);
    // Resolved 25 days after filing: done late.
    await set(filed.reference, {
      created_at: new Date(Date.now() - 30 * 86_400_000),
      accepted_at: new Date(Date.now() - 29 * 86_400_000),
      status: 'resolved',
      closed_at: new Date(Date.now() - 5 * 86_400_000),
    });
    p = (await track(filed.trackingCode)).promise;
    assert.deepEqual([p.accept, p.resolve], ['onTime', 'doneLate']);
    // Rejected: no promise left to show.
    await set(filed.reference, { status: 'rejected' });
    assert.equal((await track(filed.trackingCode)).promise, null);
  });

  test('tracking says whether contact data is held, never the data; erasing it turns that off', async () => {
    const filed = await file();
    const before = await track(filed.trackingCode);
    assert.equal(before.personalDataHeld, true);
    const text = JSON.stringify(before);
    for (const secret of ['Maria Rossi', 'maria.rossi@example.org', '333 1234567']) assert.ok(!text.includes(secret), secret);
    const erased = await t.call('DELETE', `${base}/track/${filed.trackingCode}/contact`);
    assert.equal(erased.status, 204);
    assert.equal((await track(filed.trackingCode)).personalDataHeld, false);
    const anonymous = await file({ contact: undefined });
    assert.equal((await track(anonymous.trackingCode)).personalDataHeld, false);
  });
});

test('the demo privacy page states the retention the server applies by default (CONTACT_RETENTION_DAYS)', async () => {
  const { readFile } = await import('node:fs/promises');
  const { parseEnv } = await import('../../server/env.ts');
  const days = parseEnv({}).CONTACT_RETENTION_DAYS;
  const page = await readFile(new URL('../../demo/privacy.html', import.meta.url), 'utf8');
  assert.match(page, new RegExp(`conservati per ${days} giorni dalla\\s+chiusura`));
  assert.match(page, /CONTACT_RETENTION_DAYS/);
  assert.doesNotMatch(page, /12 mesi/);
});
