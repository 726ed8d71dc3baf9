import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 15 §4: per category, questions asked when filing and a notice shown before (which may stop
// citizens from filing), through the settings, the public config, the filing form's API, staff
// filing and Open311; in both database modes.
let t: TestApp;
let pub: string;
let admin: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;
let apiKey: string;

type Question = { id: string; label: string; type: string; required: boolean; choices?: string[] };

before(async () => {
  t = await startTestApp();
  pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  const login = async (email: string, role: 'admin' | 'staff', departmentIds: number[]) => {
    await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds, password: 'domande-test-1' });
    return { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email, password: 'domande-test-1' })).body.token}` };
  };
  asAdmin = await login('capo@t.example', 'admin', []);
  asClerk = await login('strade@t.example', 'staff', [t.m.departments.roads]);
  apiKey = (await t.call('POST', `${admin}/open311-key`, undefined, asAdmin)).body.apiKey;
});
after(() => t.close());

const POTHOLE_QUESTIONS = [
  { label: 'Quanto è profonda la buca (cm)?', type: 'number', required: true },
  { label: 'La strada è ancora percorribile?', type: 'yes_no', required: true },
  { label: 'Dove si trova', type: 'choice', required: false, choices: ['Carreggiata', 'Marciapiede', 'Pista ciclabile'] },
  { label: 'Altro da aggiungere', type: 'text', required: false },
];

const setQuestions = (categoryId: number, body: Record<string, unknown>) => t.call('PATCH', `${admin}/categories/${categoryId}`, body, asAdmin);
const categoryOf = async (id: number) => (await t.call('GET', `${admin}/settings`, undefined, asAdmin)).body.categories.find((c: { id: number }) => c.id === id);
const publicCategory = async (id: number) => (await t.call('GET', `${pub}/config`)).body.categories.find((c: { id: number }) => c.id === id);
const file = (over: Record<string, unknown>) => t.call('POST', `${pub}/reports`, reportBody(t.m, { categoryId: t.m.categories.potholes, ...over }));
const staffDetail = async (ref: string) => (await t.call('GET', `${admin}/reports/${ref}`, undefined, asAdmin)).body;
const changeRows = async () => (await t.db.sql`SELECT count(*)::int AS n FROM settings_change WHERE subject = 'category'`)[0].n as number;

let questions: Question[];

describe('an admin defines the questions and the notice', () => {
  test('questions get ids, kept when edited; the public config shows them; the change is recorded', async () => {
    const before = await changeRows();
    const res = await setQuestions(t.m.categories.potholes, { questions: POTHOLE_QUESTIONS, notice: 'Se la buca è pericolosa, chiama anche la Polizia Municipale.' });
    assert.equal(res.status, 204);
    questions = (await categoryOf(t.m.categories.potholes)).questions;
    assert.equal(questions.length, 4);
    assert.ok(questions.every((q) => /^[a-z0-9]{1,16}$/.test(q.id)));
    assert.equal(new Set(questions.map((q) => q.id)).size, 4);
    assert.deepEqual(questions.map(({ id: _, ...q }) => q), POTHOLE_QUESTIONS);
    // Reordered and relabelled, sent with their ids: the ids stay (Open311 partners use them as codes).
    const edited = [{ ...questions[1] }, { ...questions[0], label: 'Profondità in centimetri' }, questions[2], questions[3]];
    assert.equal((await setQuestions(t.m.categories.potholes, { questions: edited })).status, 204);
    const after = (await categoryOf(t.m.categories.potholes)).questions;
    assert.deepEqual(after.map((q: Question) => q.id), [questions[1].id, questions[0].id, questions[2].id, questions[3].id]);
    assert.equal(after[1].label, 'Profondità in centimetri');
    questions = after;
    const shown = await publicCategory(t.m.categories.potholes);
    assert.deepEqual(shown.questions, after);
    assert.equal(shown.notice, 'Se la buca è pericolosa, chiama anche la Polizia Municipale.');
    assert.equal(shown.noticeBlocks, false);
    assert.equal(await changeRows(), before + 2);
  });

  test('bad definitions are refused at their field and change nothing', async () => {
    const before = await categoryOf(t.m.categories.potholes);
    const rows = await changeRows();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ questions: [{ label: 'Colore', type: 'choice', required: false }] }, /^questions\.0\.choices$/],
      [{ questions: [{ label: 'Colore', type: 'text', required: false, choices: ['a', 'b'] }] }, /^questions\.0\.choices$/],
      [{ questions: [{ label: 'Colore', type: 'choice', required: false, choices: ['rosso', 'rosso'] }] }, /^questions\.0\.choices$/],
      [{ questions: [{ label: '', type: 'text', required: false }] }, /^questions\.0\.label$/],
      [{ questions: [{ label: 'Data', type: 'date', required: false }] }, /^questions\.0\.type$/],
      [{ questions: Array.from({ length: 11 }, (_, i) => ({ label: `Domanda ${i}`, type: 'text', required: false })) }, /^questions$/],
      [{ questions: [questions[0], questions[0]] }, /^questions$/],
      [{ questions: [{ id: 'NOT-AN-ID', label: 'x', type: 'text', required: false }] }, /^questions\.0\.id$/],
      [{ notice: '' }, /^notice$/],
      // Stopping citizens needs a notice telling them why; removing the notice of a blocking category too.
      [{ noticeBlocks: true, notice: null }, /^notice$/],
    ];
    for (const [body, field] of bad) {
      const res = await setQuestions(t.m.categories.potholes, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(res.body.error.details.fields[0].field, field, JSON.stringify(body).slice(0, 80));
    }
    const lighting = await setQuestions(t.m.categories.lighting, { noticeBlocks: true });
    assert.equal(lighting.status, 400, 'a category without a notice cannot block');
    assert.deepEqual(await categoryOf(t.m.categories.potholes), before);
    assert.equal(await changeRows(), rows);
    // Clerks read the settings' effects but do not change them.
    assert.equal((await t.call('PATCH', `${admin}/categories/${t.m.categories.potholes}`, { notice: 'x' }, asClerk)).status, 403);
  });
});

describe('filing with the answers', () => {
  test('the answers are checked against the questions: required, type, choices, unknown ones', async () => {
    const [road, depth, where, other] = questions;
    const good = { [depth.id]: 12, [road.id]: false };
    const cases: [Record<string, unknown> | undefined, string][] = [
      [undefined, `answers.${depth.id}`],
      [{ [road.id]: true }, `answers.${depth.id}`],
      [{ ...good, [depth.id]: 'profonda' }, `answers.${depth.id}`],
      [{ ...good, [road.id]: 'forse' }, `answers.${road.id}`],
      [{ ...good, [where.id]: 'In cielo' }, `answers.${where.id}`],
      [{ ...good, [other.id]: 'x'.repeat(501) }, `answers.${other.id}`],
      [{ ...good, nonesiste: 'x' }, 'answers.nonesiste'],
      [{ ...good, [depth.id]: '  ' }, `answers.${depth.id}`],
    ];
    const [{ n }] = await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report`;
    for (const [answers, field] of cases) {
      const res = await file(answers ? { answers } : {});
      assert.equal(res.status, 400, JSON.stringify(answers));
      assert.ok(res.body.error.details.fields.some((f: { field: string }) => f.field === field), `${JSON.stringify(answers)} → ${JSON.stringify(res.body.error.details.fields)}`);
    }
    const [{ n: after }] = await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report`;
    assert.equal(after, n, 'nothing filed');
  });

  test('a good filing keeps its answers with the questions as asked: for staff, never for the public', async () => {
    const [road, depth, where, other] = questions;
    const res = await file({ answers: { [depth.id]: '7,5', [road.id]: 'true', [where.id]: 'Marciapiede', [other.id]: '  Vicino al tombino  ' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const d = await staffDetail(res.body.reference);
    assert.deepEqual(d.answers, [
      { id: road.id, label: road.label, type: 'yes_no', value: true },
      { id: depth.id, label: 'Profondità in centimetri', type: 'number', value: 7.5 },
      { id: where.id, label: where.label, type: 'choice', value: 'Marciapiede' },
      { id: other.id, label: other.label, type: 'text', value: 'Vicino al tombino' },
    ]);
    // A question relabelled later: the report still says what was asked.
    await setQuestions(t.m.categories.potholes, { questions: questions.map((q) => (q.id === depth.id ? { ...q, label: 'Quanto è larga?' } : q)) });
    assert.equal((await staffDetail(res.body.reference)).answers[1].label, 'Profondità in centimetri');
    const publicDetail = await t.call('GET', `${pub}/reports/${res.body.reference}`);
    assert.ok(!JSON.stringify(publicDetail.body).includes('Vicino al tombino'));
    // Optional questions left out: fine.
    const minimal = await file({ answers: { [depth.id]: 3, [road.id]: false } });
    assert.equal(minimal.status, 201);
    assert.equal((await staffDetail(minimal.body.reference)).answers.length, 2);
    // A category without questions files as before.
    assert.equal((await file({ categoryId: t.m.categories.lighting })).status, 201);
  });

  test('a notice that blocks stops citizens and partners, not staff taking a call', async () => {
    const notice = 'Per una fuga di gas chiama subito il 112: non usare questo modulo.';
    assert.equal((await setQuestions(t.m.categories.parking, { notice, noticeBlocks: true })).status, 204);
    const shown = await publicCategory(t.m.categories.parking);
    assert.deepEqual([shown.notice, shown.noticeBlocks], [notice, true]);
    const citizen = await file({ categoryId: t.m.categories.parking });
    assert.equal(citizen.status, 400);
    assert.equal(citizen.body.error.details.fields[0].field, 'categoryId');
    assert.match(citizen.body.error.message, /112/);
    const partner = await t.call(
      'POST',
      `/open311/v2/${t.m.slug}/requests.json`,
      new URLSearchParams({ api_key: apiKey, service_code: String(t.m.categories.parking), lat: '43.9953', long: '10.2276', description: 'Odore di gas in via Roma' }).toString(),
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    );
    assert.equal(partner.status, 400);
    assert.match(JSON.stringify(partner.body), /112/);
    const staff = await t.call('POST', `${admin}/reports`, { ...reportBody(t.m, { categoryId: t.m.categories.parking }), channel: 'phone', privacyAccepted: undefined }, asClerk);
    assert.equal(staff.status, 201, JSON.stringify(staff.body));
    assert.equal((await setQuestions(t.m.categories.parking, { noticeBlocks: false, notice: null })).status, 204);
    assert.equal((await file({ categoryId: t.m.categories.parking })).status, 201);
  });
});

describe('Open311 service attributes', () => {
  const o311 = () => `/open311/v2/${t.m.slug}`;
  test('the service list says which have a definition; the definition lists the notice and the questions', async () => {
    const services = (await t.call('GET', `${o311()}/services.json`)).body as { service_code: string; metadata: boolean }[];
    assert.equal(services.find((s) => s.service_code === String(t.m.categories.potholes))!.metadata, true);
    assert.equal(services.find((s) => s.service_code === String(t.m.categories.lighting))!.metadata, false);
    const definition = (await t.call('GET', `${o311()}/services/${t.m.categories.potholes}.json`)).body as { service_code: string; attributes: Record<string, unknown>[] };
    const [notice, ...attributes] = definition.attributes;
    assert.deepEqual([notice.variable, notice.code, notice.description], [false, 'notice', 'Se la buca è pericolosa, chiama anche la Polizia Municipale.']);
    assert.deepEqual(attributes.map((a) => [a.code, a.datatype, a.required, a.order]), questions.map((q, i) => [q.id, { number: 'number', yes_no: 'singlevaluelist', choice: 'singlevaluelist', text: 'string' }[q.type], q.required, i + 1]));
    assert.deepEqual(attributes[0].values, [{ key: 'true', name: 'Sì' }, { key: 'false', name: 'No' }]);
    assert.deepEqual((attributes[2].values as { key: string }[]).map((v) => v.key), ['Carreggiata', 'Marciapiede', 'Pista ciclabile']);
    const xml = await t.call('GET', `${o311()}/services/${t.m.categories.potholes}.xml`);
    assert.equal(xml.status, 200);
    assert.match((xml.body as string).replace(/\s+/g, ""), /<attribute><variable>true<\/variable><code>[a-z0-9]+<\/code><datatype>singlevaluelist<\/datatype>/);
  });

  test('POST with attribute[code]: answers stored, other senders’ attributes ignored; a required one missing is a 400', async () => {
    const [road, depth] = questions;
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({ api_key: apiKey, service_code: String(t.m.categories.potholes), lat: '43.9953', long: '10.2276', description: 'Buca profonda davanti al civico 8 di via Roma.', ...extra }).toString();
    const post = (extra: Record<string, string>) => t.call('POST', `${o311()}/requests.json`, form(extra), { 'Content-Type': 'application/x-www-form-urlencoded' });
    const missing = await post({ [`attribute[${road.id}]`]: 'true' });
    assert.equal(missing.status, 400);
    assert.match(JSON.stringify(missing.body), new RegExp(`answers\\.${depth.id}`));
    // FixMyStreet's own attributes ride along and are left alone.
    const filed = await post({ [`attribute[${road.id}]`]: 'false', [`attribute[${depth.id}]`]: '20', 'attribute[easting]': '123456' });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const d = await staffDetail(filed.body[0].service_request_id);
    assert.deepEqual(d.answers.map((a: { id: string; value: unknown }) => [a.id, a.value]), [[road.id, false], [depth.id, 20]]);
  });
});
