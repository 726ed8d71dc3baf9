import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { createMailSender } from '../../server/mail/sender.ts';
import { smtpTransport } from '../../server/mail/smtp.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';
import { startSmtpServer } from './helpers/smtp.ts';

// Issue 15 §1: reports given to a member of their office, "my reports", and one action on a
// selection of the queue; through a real SMTP server, in both database modes.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: ReturnType<typeof smtpTransport>;
let admin: string;
const as: Record<string, Record<string, string>> = {};
const ids: Record<string, number> = {};

const sender = () =>
  createMailSender({
    sql: t.db.sql,
    secretKey: t.secretKey,
    logger: createLogger('error', () => undefined),
    transport,
    from: 'Comune di Testville <noreply@testville.example>',
    publicUrl: 'https://segnala.testville.example',
  });

before(async () => {
  t = await startTestApp();
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  admin = `/api/v1/${t.m.slug}/admin`;
  const people = [
    ['capo@t.example', 'admin', []],
    // Lighting and potholes go to the roads office, parking to the police.
    ['anna@t.example', 'staff', [t.m.departments.roads]],
    ['bruno@t.example', 'staff', [t.m.departments.roads]],
    ['vigile@t.example', 'staff', [t.m.departments.police]],
  ] as const;
  for (const [email, role, departmentIds] of people) {
    const name = email.split('@')[0];
    ids[name] = await createStaffUser(t.db.sql, t.m.id, { email, name: name[0].toUpperCase() + name.slice(1), role, departmentIds: [...departmentIds], password: 'lavoro-diviso-1' });
    as[name] = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email, password: 'lavoro-diviso-1' })).body.token}` };
  }
});
after(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

const file = async (over: Record<string, unknown> = {}) =>
  (await t.call('POST', `/api/v1/${t.m.slug}/reports`, reportBody(t.m, { categoryId: t.m.categories.potholes, ...over }))).body.reference as string;
const detail = async (ref: string, who = 'capo') => (await t.call('GET', `${admin}/reports/${ref}`, undefined, as[who])).body;
const assign = (ref: string, assigneeId: number | null, version: number, who = 'anna') =>
  t.call('POST', `${admin}/reports/${ref}/assignee`, { assigneeId, version }, as[who]);
const queue = async (query: string, who: string) =>
  (await t.call('GET', `${admin}/reports?limit=200&${query}`, undefined, as[who])).body.reports.map((r: { reference: string }) => r.reference) as string[];
const bulk = (body: unknown, who = 'anna') => t.call('POST', `${admin}/reports/bulk`, body, as[who]);
const sel = async (...refs: string[]) => Promise.all(refs.map(async (reference) => ({ reference, version: (await detail(reference)).version })));
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

describe('one report, one person', () => {
  test('a clerk gives a report to a colleague: shown in the queue and the history, the colleague is mailed once', async () => {
    const ref = await file();
    smtp.received.length = 0;
    const before = await detail(ref);
    assert.equal(before.assignee, null);
    const res = await assign(ref, ids.bruno, before.version);
    assert.equal(res.status, 200);
    assert.equal(res.body.version, before.version + 1);
    const after = await detail(ref, 'bruno');
    assert.deepEqual(after.assignee, { id: ids.bruno, name: 'Bruno' });
    const event = after.events.at(-1);
    assert.equal(event.type, 'assignee');
    assert.equal(event.public, false);
    assert.deepEqual(event.by, { id: ids.anna, name: 'Anna' });
    assert.deepEqual(event.data, { fromAssigneeId: null, toAssigneeId: ids.bruno });
    // Never in the public history.
    const pub = (await t.call('GET', `/api/v1/${t.m.slug}/reports/${ref}`)).body;
    assert.ok(!JSON.stringify(pub).includes('Bruno'));
    assert.ok(!pub.events.some((e: { type: string }) => e.type === 'assignee'));
    await sender().runOnce(100);
    const mails = mailsTo('bruno@t.example');
    assert.equal(mails.length, 1);
    assert.match(mails[0].raw, new RegExp(`Subject: Segnalazione ${ref} assegnata a te`));
    assert.match(mails[0].raw, /Anna ti ha assegnato una segnalazione/);
  });

  test('taking a report for oneself mails nobody; giving it back to the office clears it', async () => {
    const ref = await file();
    await sender().runOnce(100);
    smtp.received.length = 0;
    const v1 = (await detail(ref)).version;
    assert.equal((await assign(ref, ids.anna, v1)).status, 200);
    const { version } = await detail(ref);
    assert.equal((await assign(ref, null, version)).status, 200);
    assert.equal((await detail(ref)).assignee, null);
    await sender().runOnce(100);
    assert.equal(smtp.received.length, 0);
  });

  test('only a member of the report’s office, in the clerk’s own offices; stale versions and no-ops refused; nothing written', async () => {
    const ref = await file();
    const { version } = await detail(ref);
    const events = async () => (await detail(ref)).events.length;
    const n = await events();
    // The police officer is not in the roads office; the admin is in no office at all.
    for (const id of [ids.vigile, ids.capo, 999_999]) {
      const res = await assign(ref, id, version);
      assert.equal(res.status, 400, String(id));
      assert.equal(res.body.error.details.fields[0].field, 'assigneeId');
    }
    // A clerk of another office cannot touch it.
    assert.equal((await assign(ref, ids.vigile, version, 'vigile')).status, 403);
    assert.equal((await assign(ref, ids.anna, version + 5)).status, 409);
    for (const body of [{ assigneeId: 'me', version }, { version }, { assigneeId: ids.anna }, { assigneeId: -1, version }]) {
      assert.equal((await t.call('POST', `${admin}/reports/${ref}/assignee`, body, as.anna)).status, 400, JSON.stringify(body));
    }
    assert.equal((await assign(ref, null, version)).status, 400, 'already with the office');
    assert.equal(await events(), n);
    assert.equal((await detail(ref)).version, version);
    // A deactivated colleague is no longer someone to give reports to.
    await t.db.sql`UPDATE staff_user SET active = false WHERE id = ${ids.bruno}`;
    try {
      assert.equal((await assign(ref, ids.bruno, version)).status, 400);
    } finally {
      await t.db.sql`UPDATE staff_user SET active = true WHERE id = ${ids.bruno}`;
    }
  });

  test('moving a report to another office takes it from a person outside it; deleting an account gives it back', async () => {
    const ref = await file();
    await assign(ref, ids.bruno, (await detail(ref)).version);
    const moved = await t.call('POST', `${admin}/reports/${ref}/assign`, { departmentId: t.m.departments.police, version: (await detail(ref)).version }, as.anna);
    assert.equal(moved.status, 200);
    const d = await detail(ref);
    assert.equal(d.assignee, null);
    assert.deepEqual(d.events.at(-1).data.toAssigneeId, null);
    assert.equal(d.events.at(-1).data.fromAssigneeId, ids.bruno);

    const other = await file();
    await assign(other, ids.bruno, (await detail(other)).version);
    const temp = await createStaffUser(t.db.sql, t.m.id, { email: 'temp@t.example', name: 'Temp', role: 'staff', departmentIds: [t.m.departments.roads], password: 'lavoro-diviso-1' });
    const third = await file();
    await assign(third, temp, (await detail(third)).version);
    await t.db.sql`DELETE FROM staff_user WHERE id = ${temp}`;
    assert.equal((await detail(third)).assignee, null);
    assert.deepEqual((await detail(other)).assignee, { id: ids.bruno, name: 'Bruno' });
  });

  test('an admin takes a colleague out of the office, or deactivates them: their reports go back to the office', async () => {
    const carla = await createStaffUser(t.db.sql, t.m.id, { email: 'carla@t.example', name: 'Carla', role: 'staff', departmentIds: [t.m.departments.roads, t.m.departments.police], password: 'lavoro-diviso-1' });
    const road = await file();
    const parking = await file({ categoryId: t.m.categories.parking });
    await assign(road, carla, (await detail(road)).version);
    await assign(parking, carla, (await detail(parking)).version, 'vigile');
    const v = (await detail(road)).version;
    // Renamed only: she keeps both.
    assert.equal((await t.call('PATCH', `${admin}/staff/${carla}`, { name: 'Carla B.' }, as.capo)).status, 200);
    assert.equal((await detail(road)).assignee?.id, carla);
    // Out of the roads office: the road report goes back to it, the parking one stays hers.
    assert.equal((await t.call('PATCH', `${admin}/staff/${carla}`, { departmentIds: [t.m.departments.police] }, as.capo)).status, 200);
    const d = await detail(road);
    assert.equal(d.assignee, null);
    assert.equal(d.version, v + 1, 'a clerk holding the old version is told it changed');
    assert.deepEqual(d.events.at(-1).by, { id: ids.capo, name: 'Capo' });
    assert.deepEqual(d.events.at(-1).data, { fromAssigneeId: carla, toAssigneeId: null });
    assert.equal((await detail(parking)).assignee?.id, carla);
    assert.equal((await t.call('PATCH', `${admin}/staff/${carla}`, { active: false }, as.capo)).status, 200);
    assert.equal((await detail(parking)).assignee, null);
  });

  test('two clerks assigning at once: one wins, the other is told the report changed', async () => {
    const ref = await file();
    const { version } = await detail(ref);
    const answers = await Promise.all([assign(ref, ids.anna, version, 'anna'), assign(ref, ids.bruno, version, 'bruno')]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const d = await detail(ref);
    assert.equal(d.events.filter((e: { type: string }) => e.type === 'assignee').length, 1);
    assert.equal(d.version, version + 1);
  });
});

describe('the queue by assignee', () => {
  test('me, none, a colleague, and the catalogue lists who can be chosen', async () => {
    const mine = await file();
    const hers = await file();
    const nobody = await file();
    await assign(mine, ids.bruno, (await detail(mine)).version);
    await assign(hers, ids.anna, (await detail(hers)).version);
    const brunoMine = await queue('assignee=me', 'bruno');
    assert.ok(brunoMine.includes(mine) && !brunoMine.includes(hers) && !brunoMine.includes(nobody));
    const annaMine = await queue('assignee=me', 'anna');
    assert.ok(annaMine.includes(hers) && !annaMine.includes(mine));
    const none = await queue('assignee=none', 'anna');
    assert.ok(none.includes(nobody) && !none.includes(mine) && !none.includes(hers));
    const byId = await queue(`assignee=${ids.bruno}`, 'capo');
    assert.ok(byId.includes(mine) && !byId.includes(hers));
    const page = (await t.call('GET', `${admin}/reports?assignee=me&limit=200`, undefined, as.bruno)).body;
    assert.deepEqual(page.reports.find((r: { reference: string }) => r.reference === mine).assignee, { id: ids.bruno, name: 'Bruno' });
    for (const q of ['assignee=everyone', 'assignee=0', 'assignee=1.5']) {
      const res = await t.call('GET', `${admin}/reports?${q}`, undefined, as.anna);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.details.fields[0].field, 'assignee');
    }
    const catalog = (await t.call('GET', `${admin}/catalog`, undefined, as.anna)).body;
    const bruno = catalog.staff.find((s: { id: number }) => s.id === ids.bruno);
    assert.deepEqual(bruno, { id: ids.bruno, name: 'Bruno', departmentIds: [t.m.departments.roads] });
    assert.ok(!JSON.stringify(catalog.staff).includes('@'), 'no e-mail addresses in the catalogue');
  });
});

describe('bulk actions', () => {
  test('a status with one public message: each report its own event and mails, every version bumped', async () => {
    const refs = [await file({ contact: { email: 'uno@example.org' } }), await file({ contact: { email: 'due@example.org' } })];
    await sender().runOnce(100);
    smtp.received.length = 0;
    const reports = await sel(...refs);
    const res = await bulk({ reports, action: { type: 'status', status: 'in_progress', message: 'Squadra in arrivo.' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.unchanged, []);
    assert.deepEqual(res.body.changed.map((c: { reference: string }) => c.reference), refs);
    for (const [i, ref] of refs.entries()) {
      const d = await detail(ref);
      assert.equal(d.status, 'in_progress');
      assert.equal(d.version, reports[i].version + 1);
      assert.equal(res.body.changed[i].version, d.version);
      const last = d.events.at(-1);
      assert.equal(last.type, 'status');
      assert.equal(last.message, 'Squadra in arrivo.');
      assert.equal(last.public, true);
    }
    await sender().runOnce(100);
    assert.equal(mailsTo('uno@example.org').length, 1);
    assert.equal(mailsTo('due@example.org').length, 1);
    assert.match(mailsTo('uno@example.org')[0].raw, /Squadra in arrivo/);
  });

  test('one stale report: 409 naming it, and nothing at all is written', async () => {
    const refs = [await file(), await file(), await file()];
    const reports = await sel(...refs);
    // A colleague changes the second one after the clerk's list was loaded.
    await assign(refs[1], ids.bruno, reports[1].version, 'bruno');
    const res = await bulk({ reports, action: { type: 'status', status: 'accepted' } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'version_conflict');
    assert.deepEqual(res.body.error.details.stale, [{ reference: refs[1], currentVersion: reports[1].version + 1 }]);
    for (const ref of [refs[0], refs[2]]) {
      const d = await detail(ref);
      assert.equal(d.status, 'submitted');
      assert.equal(d.version, reports.find((r) => r.reference === ref)!.version);
    }
  });

  test('assign and move a selection; already-so reports are listed as unchanged', async () => {
    const refs = [await file(), await file(), await file()];
    await assign(refs[2], ids.bruno, (await detail(refs[2])).version);
    await sender().runOnce(100);
    smtp.received.length = 0;
    const res = await bulk({ reports: await sel(...refs), action: { type: 'assignee', assigneeId: ids.bruno } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.changed.map((c: { reference: string }) => c.reference), refs.slice(0, 2));
    assert.deepEqual(res.body.unchanged, [{ reference: refs[2] }]);
    await sender().runOnce(100);
    assert.equal(mailsTo('bruno@t.example').length, 2, 'one notice per report given');
    const moved = await bulk({ reports: await sel(...refs), action: { type: 'move', categoryId: t.m.categories.parking } });
    assert.equal(moved.status, 200);
    for (const ref of refs) {
      const d = await detail(ref);
      assert.equal(d.departmentId, t.m.departments.police);
      assert.equal(d.assignee, null, 'Bruno is not in the police office');
    }
  });

  test('an action that does not fit one report, or a report of another office: refused whole, nothing written', async () => {
    const refs = [await file(), await file()];
    const parking = await file({ categoryId: t.m.categories.parking });
    const reports = await sel(...refs);
    const snapshot = async () => Promise.all([...refs, parking].map(async (r) => (await detail(r)).version));
    const versions = await snapshot();
    // Rejecting needs a reason, whatever the selection.
    let res = await bulk({ reports, action: { type: 'status', status: 'rejected' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['reports.0', 'reports.1']);
    // Un-hiding fits only hidden reports.
    res = await bulk({ reports, action: { type: 'status', status: 'unhidden' } });
    assert.equal(res.status, 400);
    // The police report is not the roads clerk's.
    res = await bulk({ reports: [...reports, ...(await sel(parking))], action: { type: 'status', status: 'accepted' } });
    assert.equal(res.status, 403);
    assert.deepEqual(res.body.error.details.references, [parking]);
    // Bruno is in the roads office, not the police: the admin's mixed selection is refused whole.
    res = await bulk({ reports: [...reports, ...(await sel(parking))], action: { type: 'assignee', assigneeId: ids.bruno } }, 'capo');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['reports.2']);
    assert.deepEqual(await snapshot(), versions);
    // Malformed bodies.
    const bad = [
      { reports: [], action: { type: 'status', status: 'accepted' } },
      { reports: [reports[0], reports[0]], action: { type: 'status', status: 'accepted' } },
      { reports: [{ reference: 'nope', version: 1 }], action: { type: 'status', status: 'accepted' } },
      { reports, action: { type: 'delete' } },
      { reports, action: { type: 'move' } },
      { reports, action: { type: 'status', status: 'sparita' } },
      { reports: Array.from({ length: 201 }, (_, i) => ({ reference: `2026-${String(i + 1).padStart(6, '0')}`, version: 1 })), action: { type: 'status', status: 'accepted' } },
    ];
    for (const body of bad) assert.equal((await bulk(body)).status, 400, JSON.stringify(body).slice(0, 80));
    const unknown = await bulk({ reports: [reports[0], { reference: '2099-999999', version: 1 }], action: { type: 'status', status: 'accepted' } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.details.fields[0].field, 'reports.1');
    assert.equal((await t.call('POST', `${admin}/reports/bulk`, { reports, action: { type: 'status', status: 'accepted' } })).status, 401);
    assert.deepEqual(await snapshot(), versions);
  });

  test('two bulk actions on overlapping selections at once: no deadlock, one wins, the other is stale', async () => {
    const refs = [await file(), await file(), await file()];
    const reports = await sel(...refs);
    const [a, b] = await Promise.all([
      bulk({ reports: reports.slice(0, 2), action: { type: 'status', status: 'accepted' } }, 'anna'),
      bulk({ reports: [reports[2], reports[1]], action: { type: 'status', status: 'in_progress' } }, 'bruno'),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const winner = a.status === 200 ? 'accepted' : 'in_progress';
    assert.equal((await detail(refs[1])).status, winner);
    const statusEvents = (await detail(refs[1])).events.filter((e: { type: string }) => e.type === 'status');
    assert.equal(statusEvents.length, 1);
  });
});
