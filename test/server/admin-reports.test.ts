import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

let t: TestApp;
let pub: string;
let admin: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;
let asPolice: Record<string, string>;

before(async () => {
  t = await startTestApp();
  pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  const login = async (email: string, role: 'admin' | 'staff', departmentIds: number[]) => {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds, password: 'segnala-test' });
    const { token } = (await t.call('POST', `${admin}/login`, { email, password: 'segnala-test' })).body;
    return { Authorization: `Bearer ${token}` };
  };
  asAdmin = await login('sindaco@testville.example', 'admin', []);
  asClerk = await login('tecnico@testville.example', 'staff', [t.m.departments.roads]);
  asPolice = await login('vigile@testville.example', 'staff', [t.m.departments.police]);
});
after(() => t.close());

const file = async (over: Record<string, unknown> = {}) => (await t.call('POST', `${pub}/reports`, reportBody(t.m, over))).body as { reference: string; trackingCode: string };
const detail = async (ref: string, headers = asAdmin) => (await t.call('GET', `${admin}/reports/${ref}`, undefined, headers)).body;
const outbox = (ref: string) => t.db.sql<{ kind: string; recipient: string }[]>`
  SELECT o.kind, o.recipient FROM outbox o JOIN report r ON r.id = o.report_id WHERE r.reference = ${ref} ORDER BY o.id`;

describe('queue', () => {
  test('staff see their departments’ reports with the reporter’s contact; admins see all', async () => {
    const lamp = await file({ categoryId: t.m.categories.lighting });
    const car = await file({ categoryId: t.m.categories.parking });
    const clerkQueue = await t.call('GET', `${admin}/reports?limit=200`, undefined, asClerk);
    assert.equal(clerkQueue.status, 200);
    const clerkRefs = clerkQueue.body.reports.map((r: { reference: string }) => r.reference);
    assert.ok(clerkRefs.includes(lamp.reference));
    assert.ok(!clerkRefs.includes(car.reference));
    const item = clerkQueue.body.reports.find((r: { reference: string }) => r.reference === lamp.reference);
    assert.deepEqual(item.contact, { name: 'Maria Rossi', email: 'maria.rossi@example.org', phone: '+39 333 1234567' });
    assert.equal(item.overdue, false);
    const adminRefs = (await t.call('GET', `${admin}/reports?limit=200`, undefined, asAdmin)).body.reports.map((r: { reference: string }) => r.reference);
    assert.ok(adminRefs.includes(lamp.reference) && adminRefs.includes(car.reference));
  });

  test('filters: status, department, overdue, text, dates; bad filters are 400', async () => {
    const late = await file({ title: 'Buca vecchissima', categoryId: t.m.categories.potholes });
    await t.db.sql`UPDATE report SET created_at = now() - interval '30 days' WHERE reference = ${late.reference}`;
    const overdue = await t.call('GET', `${admin}/reports?overdue=true`, undefined, asAdmin);
    assert.deepEqual(overdue.body.reports.map((r: { reference: string }) => r.reference), [late.reference]);
    assert.equal(overdue.body.reports[0].overdue, true);
    const byText = await t.call('GET', `${admin}/reports?q=vecchissima`, undefined, asAdmin);
    assert.equal(byText.body.total, 1);
    const byDept = await t.call('GET', `${admin}/reports?departmentId=${t.m.departments.police}&limit=200`, undefined, asAdmin);
    assert.ok(byDept.body.reports.every((r: { departmentId: number }) => r.departmentId === t.m.departments.police));
    const old = new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 10);
    const oldish = new Date(Date.now() - 20 * 86400_000).toISOString().slice(0, 10);
    const ranged = await t.call('GET', `${admin}/reports?from=${old}&to=${oldish}`, undefined, asAdmin);
    assert.deepEqual(ranged.body.reports.map((r: { reference: string }) => r.reference), [late.reference]);
    for (const [q, field] of [['status=bogus', 'status'], ['from=2026-13-45', 'from'], ['overdue=maybe', 'overdue'], ['sort=random', 'sort']]) {
      const res = await t.call('GET', `${admin}/reports?${q}`, undefined, asAdmin);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.details.fields[0].field, field);
    }
  });

  test('CSV export: BOM, Italian headers, the filtered rows, formulas defused', async () => {
    await file({ title: '=HYPERLINK("http://evil")', categoryId: t.m.categories.parking, details: 'Auto in sosta, via è "bloccata"' });
    const res = await t.call('GET', `${admin}/reports.csv?departmentId=${t.m.departments.police}`, undefined, asAdmin);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type')!, /text\/csv/);
    const text = res.body as string;
    assert.equal(text.charCodeAt(0), 0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    assert.match(lines[0], /^Numero,Data,Stato,Categoria,Ufficio,Titolo/);
    const count = (await t.call('GET', `${admin}/reports?departmentId=${t.m.departments.police}&limit=200`, undefined, asAdmin)).body.total;
    assert.equal(lines.length - 1, count);
    assert.ok(lines.every((l, i) => i === 0 || l.includes('Polizia Municipale')));
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil"")"`), 'a leading = is defused and quotes doubled');
  });
});

describe('actions on a report', () => {
  test('accepting publishes, stamps the date, records who, and the citizen sees it', async () => {
    await t.db.sql`UPDATE municipality SET publish_on_arrival = false WHERE id = ${t.m.id}`;
    const r = await file();
    await t.db.sql`UPDATE municipality SET publish_on_arrival = true WHERE id = ${t.m.id}`;
    assert.equal((await t.call('GET', `${pub}/reports/${r.reference}`)).status, 404);
    const d = await detail(r.reference, asClerk);
    assert.equal(d.published, false);
    const res = await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'accepted', message: 'Presa in carico, grazie.', version: d.version }, asClerk);
    assert.equal(res.status, 200);
    assert.equal(res.body.published, true);
    const seen = await t.call('GET', `${pub}/reports/${r.reference}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.status, 'accepted');
    assert.ok(seen.body.acceptedAt);
    assert.deepEqual(seen.body.events.map((e: { type: string }) => e.type), ['created', 'status']);
    assert.equal(seen.body.events[1].message, 'Presa in carico, grazie.');
    const after = await detail(r.reference);
    assert.equal(after.events[1].by.name, 'tecnico');
    assert.equal(after.version, d.version + 1);
  });

  test('scheduling needs a date; rejecting and hiding need a reason; duplicate goes through merge', async () => {
    const r = await file();
    const v = (await detail(r.reference)).version;
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'scheduled', version: v }, 'expectedAt'],
      [{ status: 'rejected', version: v }, 'message'],
      [{ status: 'hidden', version: v }, 'message'],
      [{ status: 'duplicate', version: v }, 'status'],
      [{ status: 'submitted', version: v }, 'status'],
      [{ status: 'closed', version: v }, 'status'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', `${admin}/reports/${r.reference}/status`, body, asAdmin);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.details.fields[0].field, field);
    }
    assert.equal((await detail(r.reference)).version, v, 'nothing changed');
    const ok = await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'scheduled', expectedAt: '2027-01-15', message: 'Intervento a gennaio', version: v }, asAdmin);
    assert.equal(ok.status, 200);
    const seen = await t.call('GET', `${pub}/reports/${r.reference}`);
    assert.equal(seen.body.expectedAt, '2027-01-15T00:00:00.000Z');
  });

  test('a stale version is refused with 409 and changes nothing; parallel edits: one wins', async () => {
    const r = await file();
    const v = (await detail(r.reference)).version;
    await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'in_progress', version: v }, asAdmin);
    const stale = await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'resolved', version: v }, asClerk);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'version_conflict');
    assert.equal((await detail(r.reference)).status, 'in_progress');

    const r2 = await file();
    const v2 = (await detail(r2.reference)).version;
    const answers = await Promise.all([
      t.call('POST', `${admin}/reports/${r2.reference}/status`, { status: 'resolved', version: v2 }, asAdmin),
      t.call('POST', `${admin}/reports/${r2.reference}/status`, { status: 'rejected', message: 'Non di competenza', version: v2 }, asClerk),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const events = (await detail(r2.reference)).events.filter((e: { type: string }) => e.type === 'status');
    assert.equal(events.length, 1);
  });

  test('public replies reach the citizen; internal notes never do', async () => {
    const r = await file();
    assert.equal((await t.call('POST', `${admin}/reports/${r.reference}/replies`, { message: 'Abbiamo inviato una squadra.', internal: false }, asClerk)).status, 201);
    assert.equal((await t.call('POST', `${admin}/reports/${r.reference}/replies`, { message: 'Ditta Rossi, preventivo 300 euro', internal: true }, asClerk)).status, 201);
    const publicView = JSON.stringify((await t.call('GET', `${pub}/reports/${r.reference}`)).body);
    const trackView = JSON.stringify((await t.call('GET', `${pub}/track/${r.trackingCode}`)).body);
    for (const view of [publicView, trackView]) {
      assert.ok(view.includes('Abbiamo inviato una squadra.'));
      assert.ok(!view.includes('preventivo'));
    }
    const staffView = await detail(r.reference);
    assert.deepEqual(staffView.events.map((e: { type: string; public: boolean }) => [e.type, e.public]), [['created', true], ['reply', true], ['note', false]]);
    assert.equal((await t.call('POST', `${admin}/reports/${r.reference}/replies`, { message: '', internal: false }, asClerk)).status, 400);
  });

  test('a reply or a note from a colleague does not make a pending status change stale', async () => {
    const r = await file();
    const seen = (await detail(r.reference, asClerk)).version;
    await t.call('POST', `${admin}/reports/${r.reference}/replies`, { message: 'Nota del collega', internal: true }, asAdmin);
    const res = await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'accepted', version: seen }, asClerk);
    assert.equal(res.status, 200);
  });

  test('staff read every office and category, retired ones included (old reports name them)', async () => {
    const res = await t.call('GET', `${admin}/catalog`, undefined, asClerk);
    assert.equal(res.status, 200);
    assert.ok(res.body.categories.some((c: { name: string; active: boolean }) => c.name === 'Vecchia categoria' && c.active === false));
    assert.deepEqual(res.body.departments.map((d: { name: string }) => d.name).sort(), ['Polizia Municipale', 'Ufficio Tecnico']);
    assert.ok(!JSON.stringify(res.body).includes('@example.org'), 'office e-mails stay in the admin settings');
  });

  test('hiding takes a report out of public view with an internal reason; un-hiding gives back its status', async () => {
    const r = await file();
    let v = (await detail(r.reference)).version;
    v = (await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'accepted', version: v }, asAdmin)).body.version;
    const hide = await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'hidden', message: 'Contiene una targa leggibile', version: v }, asAdmin);
    assert.equal(hide.status, 200);
    assert.equal((await t.call('GET', `${pub}/reports/${r.reference}`)).status, 404);
    assert.ok(!JSON.stringify((await t.call('GET', `${pub}/track/${r.trackingCode}`)).body).includes('targa'));
    const back = await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'unhidden', version: hide.body.version }, asAdmin);
    assert.equal(back.status, 200);
    assert.equal(back.body.status, 'accepted');
    assert.equal((await t.call('GET', `${pub}/reports/${r.reference}`)).body.status, 'accepted');
  });

  test('reassigning moves a report to another office, which is told; the old office loses it', async () => {
    const r = await file({ categoryId: t.m.categories.lighting });
    const v = (await detail(r.reference, asClerk)).version;
    const res = await t.call('POST', `${admin}/reports/${r.reference}/assign`, { categoryId: t.m.categories.parking, version: v }, asClerk);
    assert.equal(res.status, 200);
    assert.equal(res.body.departmentId, t.m.departments.police);
    assert.equal((await t.call('GET', `${admin}/reports/${r.reference}`, undefined, asClerk)).status, 403);
    const d = await detail(r.reference, asPolice);
    assert.equal(d.categoryId, t.m.categories.parking);
    assert.equal(d.events.at(-1).type, 'assign');
    assert.equal(d.events.at(-1).public, false);
    assert.deepEqual((await outbox(r.reference)).map((o) => [o.kind, o.recipient]).filter(([k]) => k === 'new_report'), [
      ['new_report', 'tecnico@example.org'],
      ['new_report', 'pm@example.org'],
    ]);
  });

  test('staff cannot act on another department’s report (403), nor see one of another municipality (404)', async () => {
    const car = await file({ categoryId: t.m.categories.parking });
    const v = (await detail(car.reference)).version;
    for (const [path, body] of [
      ['status', { status: 'accepted', version: v }],
      ['replies', { message: 'ciao', internal: false }],
      ['assign', { departmentId: t.m.departments.roads, version: v }],
      ['merge', { into: car.reference, version: v }],
    ] as const) {
      const res = await t.call('POST', `${admin}/reports/${car.reference}/${path}`, body, asClerk);
      assert.ok([400, 403].includes(res.status), `${path}: ${res.status}`);
      if (path !== 'merge') assert.equal(res.status, 403, path);
    }
    assert.equal((await t.call('GET', `${admin}/reports/${car.reference}`, undefined, asClerk)).status, 403);
    assert.equal((await detail(car.reference)).version, v);
    assert.equal((await t.call('GET', `${admin}/reports/2026-999999`, undefined, asAdmin)).status, 404);
  });

  test('merging closes the duplicate, points to the original and moves supporters over once each', async () => {
    const original = await file({ title: 'Lampione spento (prima)' });
    const dup = await file({ title: 'Lampione spento (seconda)' });
    const join = (ref: string, token: string, email?: string) =>
      t.call('POST', `${pub}/reports/${ref}/supports`, { supporterToken: token, ...(email ? { email } : {}) });
    await join(original.reference, 'merge-supporter-aaaa');
    await join(dup.reference, 'merge-supporter-aaaa');
    await join(dup.reference, 'merge-supporter-bbbb', 'bbbb@example.org');
    const v = (await detail(dup.reference)).version;
    const res = await t.call('POST', `${admin}/reports/${dup.reference}/merge`, { into: original.reference, version: v }, asClerk);
    assert.equal(res.status, 200);
    assert.equal(res.body.supportCount, 2);
    const dupPublic = (await t.call('GET', `${pub}/reports/${dup.reference}`)).body;
    assert.equal(dupPublic.status, 'duplicate');
    assert.equal(dupPublic.duplicateOf, original.reference);
    assert.ok(dupPublic.closedAt);
    assert.equal((await t.call('GET', `${pub}/reports/${original.reference}`)).body.supportCount, 2);
    assert.equal((await join(original.reference, 'merge-supporter-bbbb')).body.created, false, 'the moved supporter counts as joined');
    assert.equal((await t.call('POST', `${admin}/reports/${original.reference}/merge`, { into: original.reference, version: 1 }, asClerk)).status, 400);
    assert.equal((await t.call('POST', `${admin}/reports/${original.reference}/merge`, { into: dup.reference, version: (await detail(original.reference)).version }, asClerk)).status, 400);
  });
});

describe('notifications are written with the change', () => {
  test('filing tells the office and gives the reporter a receipt; a public change tells reporter and supporters', async () => {
    const r = await file();
    assert.deepEqual((await outbox(r.reference)).map((o) => [o.kind, o.recipient]), [
      ['new_report', 'tecnico@example.org'],
      ['receipt', 'maria.rossi@example.org'],
    ]);
    await t.call('POST', `${pub}/reports/${r.reference}/supports`, { supporterToken: 'notify-supporter-0001', email: 'vicina@example.org' });
    await t.call('POST', `${pub}/reports/${r.reference}/supports`, { supporterToken: 'notify-supporter-0002' });
    const v = (await detail(r.reference)).version;
    await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'resolved', message: 'Lampione sostituito', version: v }, asClerk);
    assert.deepEqual((await outbox(r.reference)).slice(2).map((o) => [o.kind, o.recipient]), [
      ['reporter_update', 'maria.rossi@example.org'],
      ['supporter_update', 'vicina@example.org'],
      // "Is it really fixed?" (test/server/resolution-checks.test.ts)
      ['resolution_check', 'maria.rossi@example.org'],
      ['resolution_check', 'vicina@example.org'],
    ]);
    await t.call('POST', `${admin}/reports/${r.reference}/replies`, { message: 'solo per noi', internal: true }, asClerk);
    assert.equal((await outbox(r.reference)).length, 6, 'an internal note tells nobody');
  });

  test('a refused change writes no notice', async () => {
    const r = await file();
    const before = (await outbox(r.reference)).length;
    await t.call('POST', `${admin}/reports/${r.reference}/status`, { status: 'resolved', version: 999 }, asClerk);
    assert.equal((await outbox(r.reference)).length, before);
  });
});
