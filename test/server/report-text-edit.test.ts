import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 15 §6: staff edit a report's public title and description (a name, an insult); the public
// sees only the new words, staff still see the original, and the edit is an internal event with
// who and why. In both database modes.
let t: TestApp;
let admin: string;
let pub: string;
const as: Record<string, Record<string, string>> = {};
const ids: Record<string, number> = {};

before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
  pub = `/api/v1/${t.m.slug}`;
  const people = [
    ['capo@t.example', 'admin', []],
    ['anna@t.example', 'staff', [t.m.departments.roads]],
    ['vigile@t.example', 'staff', [t.m.departments.police]],
  ] as const;
  for (const [email, role, departmentIds] of people) {
    const name = email.split('@')[0];
    ids[name] = await createStaffUser(t.db.sql, t.m.id, { email, name: name[0].toUpperCase() + name.slice(1), role, departmentIds: [...departmentIds], password: 'testo-pubblico-1' });
    as[name] = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email, password: 'testo-pubblico-1' })).body.token}` };
  }
});
after(() => t.close());

const NAMED = {
  title: 'Buca enorme davanti a Gervasoni',
  details: 'Il signor Gervasoni del civico 3 ci è caduto ieri sera: quel cretino del geometra non fa niente.',
};

/** A pothole (roads office) whose words name someone and insult someone else. */
const file = async (over: Record<string, unknown> = {}) =>
  (await t.call('POST', `${pub}/reports`, reportBody(t.m, { categoryId: t.m.categories.potholes, ...NAMED, ...over }))).body.reference as string;
const detail = async (ref: string, who = 'capo') => (await t.call('GET', `${admin}/reports/${ref}`, undefined, as[who])).body;
const edit = (ref: string, body: Record<string, unknown>, who = 'anna') => t.call('POST', `${admin}/reports/${ref}/text`, body, as[who]);
const publicSearch = async (q: string) =>
  (await t.call('GET', `${pub}/reports?q=${encodeURIComponent(q)}&limit=100`)).body.reports.map((r: { reference: string }) => r.reference) as string[];

/** What a report is in the database: its words, version and events, to check that nothing changed. */
const stored = async (ref: string) => {
  const [r] = await t.db.sql<{ id: string; title: string; details: string; search_text: string; version: number; updated_at: Date }[]>`
    SELECT id, title, details, search_text, version, updated_at FROM report WHERE reference = ${ref}`;
  const events = await t.db.sql`SELECT id, type FROM report_event WHERE report_id = ${r.id} ORDER BY id`;
  return { ...r, events: events.map((e) => `${e.id}:${e.type}`) };
};

describe('a clerk edits the public text', () => {
  test('the public sees only the new words, staff the original and the event with who and why', async () => {
    const ref = await file();
    assert.ok((await publicSearch('Gervasoni')).includes(ref), 'found by the name before the edit');
    const { version } = await detail(ref, 'anna');
    const res = await edit(ref, {
      title: 'Buca enorme davanti al civico 3',
      details: 'Una persona ci è caduta ieri sera.',
      reason: 'Tolto il nome di un privato e un insulto',
      version,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { version: version + 1, title: 'Buca enorme davanti al civico 3', details: 'Una persona ci è caduta ieri sera.' });

    // Public: detail, list, search; never the old words nor the reason.
    const page = await t.call('GET', `${pub}/reports/${ref}`);
    assert.equal(page.status, 200);
    assert.equal(page.body.title, 'Buca enorme davanti al civico 3');
    assert.equal(page.body.details, 'Una persona ci è caduta ieri sera.');
    const list = await t.call('GET', `${pub}/reports?limit=100`);
    assert.equal(list.body.reports.find((r: { reference: string }) => r.reference === ref).title, 'Buca enorme davanti al civico 3');
    for (const body of [page.body, list.body, (await t.call('GET', `${pub}/reports?q=civico&limit=100`)).body]) {
      const text = JSON.stringify(body);
      assert.doesNotMatch(text, /Gervasoni|cretino|Tolto il nome/);
    }
    assert.equal(page.body.events.some((e: { type: string }) => e.type === 'edit'), false, 'the edit is not public history');
    assert.equal('original' in page.body, false);
    // The search follows the words (search_text is generated from them).
    assert.deepEqual(await publicSearch('Gervasoni'), []);
    assert.deepEqual(await publicSearch('cretino'), []);
    assert.ok((await publicSearch('persona ci è caduta')).includes(ref));

    // Staff: the original, and the event.
    const d = await detail(ref, 'anna');
    assert.equal(d.title, 'Buca enorme davanti al civico 3');
    assert.equal(d.details, 'Una persona ci è caduta ieri sera.');
    assert.deepEqual(d.original, NAMED);
    assert.equal(d.version, version + 1);
    const event = d.events.at(-1);
    assert.equal(event.type, 'edit');
    assert.equal(event.public, false);
    assert.equal(event.message, 'Tolto il nome di un privato e un insulto');
    assert.deepEqual(event.by, { id: ids.anna, name: 'Anna' });
    assert.deepEqual(event.data, {
      before: NAMED,
      after: { title: 'Buca enorme davanti al civico 3', details: 'Una persona ci è caduta ieri sera.' },
    });
    // The staff queue searches the new words too.
    const queue = (await t.call('GET', `${admin}/reports?q=Gervasoni&status=all`, undefined, as.anna)).body.reports;
    assert.deepEqual(queue, []);
  });

  test('a second edit keeps the very first original; one field alone may change', async () => {
    const ref = await file();
    const v1 = (await detail(ref)).version;
    assert.equal((await edit(ref, { details: 'Una persona ci è caduta.', reason: 'Nome tolto', version: v1 })).status, 200);
    const once = await detail(ref);
    assert.equal(once.title, NAMED.title, 'the title not given stays');
    assert.deepEqual(once.original, NAMED);
    const second = await edit(ref, { title: 'Buca enorme', reason: 'Anche dal titolo', version: v1 + 1 }, 'capo');
    assert.equal(second.status, 200);
    const twice = await detail(ref);
    assert.deepEqual({ title: twice.title, details: twice.details }, { title: 'Buca enorme', details: 'Una persona ci è caduta.' });
    assert.deepEqual(twice.original, NAMED, 'the original is the text as filed, not the first edit');
    const edits = twice.events.filter((e: { type: string }) => e.type === 'edit');
    assert.equal(edits.length, 2);
    assert.deepEqual(edits[1].by, { id: ids.capo, name: 'Capo' });
    assert.deepEqual(edits[1].data.before, { title: NAMED.title, details: 'Una persona ci è caduta.' });
    const tracked = await t.call('GET', `${pub}/reports/${ref}`);
    assert.deepEqual(tracked.body.events.map((e: { type: string }) => e.type), ['created']);
  });

  test('a report never edited has no original', async () => {
    assert.equal((await detail(await file())).original, null);
  });

  test('the open data of the day is built again with the new words', async () => {
    const on = await t.call('PATCH', `${admin}/settings`, { openData: true, contactEmail: 'urp@testville.example' }, as.capo);
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const ref = await file();
    /** The report's line in the day's CSV. */
    const csvLine = async () => {
      const res = await t.call('GET', `${pub}/open-data/segnalazioni.csv`);
      assert.equal(res.status, 200);
      return (res.body as string).split('\r\n').find((line) => line.startsWith(`${ref},`))!;
    };
    assert.match(await csvLine(), /Gervasoni/);
    const { version } = await detail(ref);
    assert.equal((await edit(ref, { title: 'Buca enorme', details: 'Una buca profonda.', reason: 'Nome tolto', version })).status, 200);
    const after = await csvLine();
    assert.match(after, /Buca enorme,Una buca profonda\.$/);
    assert.doesNotMatch(after, /Gervasoni|Nome tolto/);
    assert.equal((await t.call('PATCH', `${admin}/settings`, { openData: false }, as.capo)).status, 200);
  });
});

describe('who may edit, and when', () => {
  test('a clerk of another office gets 403 and nothing is written', async () => {
    const ref = await file();
    const before = await stored(ref);
    const res = await edit(ref, { details: 'Altro testo.', reason: 'Prova', version: before.version }, 'vigile');
    assert.equal(res.status, 403);
    assert.deepEqual(await stored(ref), before);
  });

  test('401 without a session, 404 for an unknown report', async () => {
    const ref = await file();
    const before = await stored(ref);
    const res = await t.call('POST', `${admin}/reports/${ref}/text`, { details: 'Altro testo.', reason: 'Prova', version: before.version });
    assert.equal(res.status, 401);
    assert.deepEqual(await stored(ref), before);
    assert.equal((await edit('2020-999999', { details: 'Altro testo.', reason: 'Prova', version: 1 })).status, 404);
    assert.equal((await edit('non-un-numero', { details: 'Altro testo.', reason: 'Prova', version: 1 })).status, 404);
  });

  test('a stale version gets 409 and writes nothing', async () => {
    const ref = await file();
    const seen = (await detail(ref)).version;
    // A colleague takes the report meanwhile: the version the clerk saw is stale.
    assert.equal((await t.call('POST', `${admin}/reports/${ref}/assignee`, { assigneeId: ids.anna, version: seen }, as.capo)).status, 200);
    const before = await stored(ref);
    const res = await edit(ref, { details: 'Altro testo.', reason: 'Prova', version: seen });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'version_conflict');
    assert.deepEqual(await stored(ref), before);
  });

  test('two edits at once: one wins, the other gets 409', async () => {
    const ref = await file();
    const { version } = await detail(ref);
    const answers = await Promise.all([
      edit(ref, { details: 'Testo di Anna.', reason: 'Anna', version }, 'anna'),
      edit(ref, { details: 'Testo del capo.', reason: 'Capo', version }, 'capo'),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const d = await detail(ref);
    assert.equal(d.version, version + 1);
    assert.equal(d.events.filter((e: { type: string }) => e.type === 'edit').length, 1);
    const winner = answers.find((a) => a.status === 200)!;
    assert.equal(d.details, winner.body.details);
    assert.deepEqual(d.original, NAMED);
  });
});

describe('bad input: 400 at the field, nothing written', () => {
  const cases: [string, (version: number) => unknown, string][] = [
    ['no reason', (version) => ({ details: 'Altro testo.', version }), 'reason'],
    ['an empty reason', (version) => ({ details: 'Altro testo.', reason: '   ', version }), 'reason'],
    ['a reason too long', (version) => ({ details: 'Altro testo.', reason: 'x'.repeat(501), version }), 'reason'],
    ['neither title nor description', (version) => ({ reason: 'Prova', version }), 'title'],
    ['the same text as now', (version) => ({ title: NAMED.title, details: `  ${NAMED.details} `, reason: 'Prova', version }), 'title'],
    ['the same description as now', (version) => ({ details: NAMED.details, reason: 'Prova', version }), 'details'],
    ['an empty title', (version) => ({ title: '', reason: 'Prova', version }), 'title'],
    ['a title too short', (version) => ({ title: 'ok', reason: 'Prova', version }), 'title'],
    ['a title too long', (version) => ({ title: 'x'.repeat(151), reason: 'Prova', version }), 'title'],
    ['a description too long', (version) => ({ details: 'x'.repeat(5001), reason: 'Prova', version }), 'details'],
    ['an empty description', (version) => ({ details: ' ', reason: 'Prova', version }), 'details'],
    ['a NUL in the description', (version) => ({ details: 'Buca\u0000profonda', reason: 'Prova', version }), 'details'],
    ['a NUL in the reason', (version) => ({ details: 'Altro testo.', reason: 'Pro\u0000va', version }), 'reason'],
    ['no version', () => ({ details: 'Altro testo.', reason: 'Prova' }), 'version'],
    ['a title that is not text', (version) => ({ title: 42, reason: 'Prova', version }), 'title'],
  ];
  for (const [name, body, field] of cases) {
    test(name, async () => {
      const ref = await file();
      const before = await stored(ref);
      const res = await edit(ref, body(before.version) as Record<string, unknown>);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'invalid_request');
      assert.ok(res.body.error.details.fields.some((f: { field: string }) => f.field === field), JSON.stringify(res.body.error.details.fields));
      assert.deepEqual(await stored(ref), before);
    });
  }

  test('a body that is not JSON', async () => {
    const ref = await file();
    const before = await stored(ref);
    const res = await t.call('POST', `${admin}/reports/${ref}/text`, '{"details": ', as.anna);
    assert.equal(res.status, 400);
    assert.deepEqual(await stored(ref), before);
  });
});
