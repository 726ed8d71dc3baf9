import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 11, items 5 and 6: a merge must never publish what moderation hid or what awaits review,
// and a clerk may merge only between reports of their own offices. Run with DATABASE_URL set for
// the concurrent cases to be truly concurrent (the embedded database has one connection).

let t: TestApp;
let pub: string;
let admin: string;
let o311: string;
let asAdmin: Record<string, string>;
let asRoads: Record<string, string>;
let asPolice: Record<string, string>;

before(async () => {
  t = await startTestApp();
  pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  o311 = `/open311/v2/${t.m.slug}`;
  const login = async (email: string, role: 'admin' | 'staff', departmentIds: number[]) => {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds, password: 'segnala-test' });
    const { token } = (await t.call('POST', `${admin}/login`, { email, password: 'segnala-test' })).body;
    return { Authorization: `Bearer ${token}` };
  };
  asAdmin = await login('sindaco@testville.example', 'admin', []);
  asRoads = await login('tecnico@testville.example', 'staff', [t.m.departments.roads]);
  asPolice = await login('vigile@testville.example', 'staff', [t.m.departments.police]);
});
after(() => t.close());

const file = async (over: Record<string, unknown> = {}) => {
  const res = await t.call('POST', `${pub}/reports`, reportBody(t.m, over));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { reference: string; trackingCode: string };
};
const detail = async (ref: string) => (await t.call('GET', `${admin}/reports/${ref}`, undefined, asAdmin)).body;
const merge = (ref: string, into: string, version: number, as: Record<string, string>) =>
  t.call('POST', `${admin}/reports/${ref}/merge`, { into, version }, as);
const support = (ref: string, token: string) => t.call('POST', `${pub}/reports/${ref}/supports`, { supporterToken: token });

/** Everything the public and Open311 partners can read of a report, or their 404s. */
async function publicViews(ref: string) {
  const [detailRes, o311One, o311ById, o311List] = await Promise.all([
    t.call('GET', `${pub}/reports/${ref}`),
    t.call('GET', `${o311}/requests/${ref}.json`),
    t.call('GET', `${o311}/requests.json?service_request_id=${ref}`),
    t.call('GET', `${o311}/requests.json`),
  ]);
  return {
    detail: detailRes,
    o311One,
    o311ById: o311ById.body as { service_request_id: string }[],
    o311Listed: (o311List.body as { service_request_id: string }[]).some((r) => r.service_request_id === ref),
  };
}

async function assertNotPublic(ref: string) {
  const v = await publicViews(ref);
  assert.equal(v.detail.status, 404, 'public detail');
  assert.equal(v.o311One.status, 404, 'Open311 request');
  assert.deepEqual(v.o311ById, [], 'Open311 requests.json?service_request_id');
  assert.equal(v.o311Listed, false, 'Open311 requests.json');
}

describe('a merge never publishes what was not public', () => {
  test('a report hidden by moderation stays hidden once merged; the public target shows nothing of it', async () => {
    const target = await file({ title: 'Lampione spento in piazza' });
    const offensive = await file({ title: 'Insulto-segreto al sindaco', details: 'Testo-offensivo-riservato, da non mostrare a nessuno.' });
    assert.equal((await support(offensive.reference, 'hidden-supporter-0001')).status, 201);
    let v = (await detail(offensive.reference)).version;
    const hide = await t.call('POST', `${admin}/reports/${offensive.reference}/status`, { status: 'hidden', message: 'Linguaggio offensivo', version: v }, asAdmin);
    assert.equal(hide.status, 200);
    await assertNotPublic(offensive.reference);
    const mailsBefore = await t.db.sql`SELECT 1 FROM outbox o JOIN report r ON r.id = o.report_id WHERE r.reference = ${offensive.reference}`;

    v = hide.body.version;
    const res = await merge(offensive.reference, target.reference, v, asRoads);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.supportCount, 1, 'its supporters moved over');

    await assertNotPublic(offensive.reference);
    const staffView = await detail(offensive.reference);
    assert.equal(staffView.status, 'hidden', 'moderation is kept');
    assert.equal(staffView.published, false);
    assert.equal(staffView.duplicateOf, target.reference);
    assert.equal(staffView.supportCount, 0);
    const mailsAfter = await t.db.sql`SELECT 1 FROM outbox o JOIN report r ON r.id = o.report_id WHERE r.reference = ${offensive.reference}`;
    assert.equal(mailsAfter.length, mailsBefore.length, 'no mail about a hidden report (it would carry its title)');

    const targetViews = await publicViews(target.reference);
    assert.equal(targetViews.detail.status, 200);
    assert.equal(targetViews.detail.body.supportCount, 1);
    assert.equal(targetViews.o311One.status, 200);
    for (const body of [targetViews.detail.body, targetViews.o311One.body]) {
      const text = JSON.stringify(body);
      for (const secret of ['Insulto-segreto', 'Testo-offensivo', 'Linguaggio offensivo', offensive.reference]) {
        assert.ok(!text.includes(secret), `the public target shows "${secret}"`);
      }
    }

    // Un-hiding is the moderator's decision, and gives it back as a duplicate of the target.
    const back = await t.call('POST', `${admin}/reports/${offensive.reference}/status`, { status: 'unhidden', version: staffView.version }, asAdmin);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.status, 'duplicate');
    const shown = await t.call('GET', `${pub}/reports/${offensive.reference}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.duplicateOf, target.reference);
  });

  test('a hidden duplicate cannot be merged again', async () => {
    const target = await file();
    const other = await file();
    const hidden = await file();
    let v = (await detail(hidden.reference)).version;
    v = (await t.call('POST', `${admin}/reports/${hidden.reference}/status`, { status: 'hidden', message: 'Offensivo', version: v }, asAdmin)).body.version;
    assert.equal((await merge(hidden.reference, target.reference, v, asAdmin)).status, 200);
    const again = await merge(hidden.reference, other.reference, (await detail(hidden.reference)).version, asAdmin);
    assert.equal(again.status, 400);
    assert.equal(again.body.error.details.fields[0].field, 'into');
    assert.equal((await detail(hidden.reference)).duplicateOf, target.reference);
  });

  test('a report awaiting review (publication after review) stays unpublished once merged', async () => {
    const target = await file({ title: 'Buca in via Aurelia' });
    await t.db.sql`UPDATE municipality SET publish_on_arrival = false WHERE id = ${t.m.id}`;
    const pending = await file({ title: 'In-attesa-di-revisione', details: 'Testo-non-ancora-revisionato del cittadino.' }).finally(
      () => t.db.sql`UPDATE municipality SET publish_on_arrival = true WHERE id = ${t.m.id}`,
    );
    await assertNotPublic(pending.reference);

    const res = await merge(pending.reference, target.reference, (await detail(pending.reference)).version, asRoads);
    assert.equal(res.status, 200, JSON.stringify(res.body));

    await assertNotPublic(pending.reference);
    const staffView = await detail(pending.reference);
    assert.equal(staffView.status, 'duplicate');
    assert.equal(staffView.published, false);
    const targetText = JSON.stringify((await t.call('GET', `${pub}/reports/${target.reference}`)).body);
    assert.ok(!targetText.includes('In-attesa') && !targetText.includes('Testo-non-ancora') && !targetText.includes(pending.reference));
    // The reporter still follows it with their code, and learns where the fix is tracked.
    const tracked = await t.call('GET', `${pub}/track/${pending.trackingCode}`);
    assert.equal(tracked.body.status, 'duplicate');
    assert.equal(tracked.body.duplicateOf, target.reference);
    assert.equal(tracked.body.published, false);
  });

  test('merging a published report keeps it public as a duplicate', async () => {
    const target = await file();
    const dup = await file();
    assert.equal((await merge(dup.reference, target.reference, (await detail(dup.reference)).version, asRoads)).status, 200);
    const views = await publicViews(dup.reference);
    assert.equal(views.detail.status, 200);
    assert.equal(views.detail.body.status, 'duplicate');
    assert.equal(views.o311One.status, 200);
  });
});

describe('a clerk merges only between reports of their own offices', () => {
  test('into another office’s report: 403, and neither report changes', async () => {
    const mine = await file({ categoryId: t.m.categories.lighting });
    const theirs = await file({ categoryId: t.m.categories.parking });
    const [mineBefore, theirsBefore] = [await detail(mine.reference), await detail(theirs.reference)];

    const res = await merge(mine.reference, theirs.reference, mineBefore.version, asRoads);
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'forbidden');
    // The other way round the clerk cannot even read the report to merge.
    assert.equal((await merge(theirs.reference, mine.reference, theirsBefore.version, asRoads)).status, 403);
    assert.equal((await merge(mine.reference, theirs.reference, mineBefore.version, asPolice)).status, 403);

    for (const [ref, before] of [[mine.reference, mineBefore], [theirs.reference, theirsBefore]] as const) {
      const now = await detail(ref);
      assert.equal(now.version, before.version, `${ref}: version`);
      assert.deepEqual(now.events, before.events, `${ref}: events`);
      assert.equal(now.status, before.status);
      assert.equal(now.supportCount, before.supportCount);
    }
  });

  test('an administrator merges across offices', async () => {
    const mine = await file({ categoryId: t.m.categories.lighting });
    const theirs = await file({ categoryId: t.m.categories.parking });
    const res = await merge(mine.reference, theirs.reference, (await detail(mine.reference)).version, asAdmin);
    assert.equal(res.status, 200);
    assert.equal((await detail(mine.reference)).duplicateOf, theirs.reference);
  });
});

describe('concurrent staff actions', () => {
  /** Follows duplicate pointers from each report: none may loop, each must end at a report that is not a duplicate. */
  async function assertNoCycle(refs: string[]) {
    const views = new Map<string, { status: string; duplicateOf: string | null; supportCount: number }>();
    for (const ref of refs) views.set(ref, await detail(ref));
    for (const start of refs) {
      const seen = new Set<string>();
      let ref = start;
      while (views.get(ref)!.status === 'duplicate') {
        assert.ok(!seen.has(ref), `a cycle through ${ref}`);
        seen.add(ref);
        ref = views.get(ref)!.duplicateOf!;
        assert.ok(views.has(ref));
      }
    }
    return views;
  }

  test('A into B while B into A (and a three-way ring): one merge wins, no cycle, no supporter lost', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await file();
      const b = await file();
      await support(a.reference, `race-a-${round}-aaaaaaaaaaaa`);
      await support(b.reference, `race-b-${round}-bbbbbbbbbbbb`);
      const [va, vb] = [(await detail(a.reference)).version, (await detail(b.reference)).version];
      const answers = await Promise.all([merge(a.reference, b.reference, va, asAdmin), merge(b.reference, a.reference, vb, asRoads)]);
      assert.deepEqual(answers.map((r) => r.status).filter((s) => s === 200), [200], JSON.stringify(answers.map((r) => r.body)));
      assert.ok(answers.every((r) => [200, 400, 409].includes(r.status)));
      const views = await assertNoCycle([a.reference, b.reference]);
      const survivor = [...views.values()].find((v) => v.status !== 'duplicate')!;
      assert.equal(survivor.supportCount, 2);
    }

    const ring = [await file(), await file(), await file()].map((r) => r.reference);
    const versions = await Promise.all(ring.map(async (ref) => (await detail(ref)).version));
    const answers = await Promise.all(ring.map((ref, i) => merge(ref, ring[(i + 1) % 3], versions[i], i % 2 ? asRoads : asAdmin)));
    assert.equal(answers.filter((r) => r.status === 200).length, 1, JSON.stringify(answers.map((r) => r.body)));
    await assertNoCycle(ring);
  });

  test('a clerk’s merge racing the target’s move to another office never lands after the move', async () => {
    for (let round = 0; round < 5; round++) {
      const mine = await file({ categoryId: t.m.categories.lighting });
      const target = await file({ categoryId: t.m.categories.lighting });
      const [vm, vt] = [(await detail(mine.reference)).version, (await detail(target.reference)).version];
      const [merged, moved] = await Promise.all([
        merge(mine.reference, target.reference, vm, asRoads),
        t.call('POST', `${admin}/reports/${target.reference}/assign`, { departmentId: t.m.departments.police, version: vt }, asAdmin),
      ]);
      assert.ok([200, 403].includes(merged.status), `merge: ${merged.status}`);
      assert.ok([200, 409].includes(moved.status), `assign: ${moved.status}`);
      const events = (await detail(target.reference)).events.map((e: { type: string }) => e.type);
      const mergeAt = events.indexOf('merge');
      const assignAt = events.indexOf('assign');
      assert.equal(mergeAt !== -1, merged.status === 200);
      assert.equal(assignAt !== -1, moved.status === 200);
      if (mergeAt !== -1 && assignAt !== -1) assert.ok(mergeAt < assignAt, 'the merge came after the report left the clerk’s office');
      assert.equal((await detail(mine.reference)).status, merged.status === 200 ? 'duplicate' : 'submitted');
    }
  });
});
