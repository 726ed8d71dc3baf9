import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fillTemplate, unknownPlaceholders } from '../../server/domain/response-templates.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser, createTestMunicipality } from './helpers/fixtures.ts';

// Issue 15 §2: response templates (README "Response templates"), against the real app in both
// database modes: admins write them, every staff member reads them, bad input writes nothing, and
// every change is in the settings' record.
let t: TestApp;
let admin: string;
let asAdmin: Record<string, string>;
let asSecondAdmin: Record<string, string>;
let asClerk: Record<string, string>;
let otherAdmin: string;
let asOtherAdmin: Record<string, string>;

type Template = { id: number; title: string; body: string; categoryId: number | null; status: string | null; createdAt: string; updatedAt: string };
type Change = { by: { name: string } | null; subject: string; subjectId: number | null; action: string; changes: Record<string, unknown> };

before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'modelli-1234' });
  await createStaffUser(t.db.sql, t.m.id, { email: 'vice@t.example', name: 'Vice', role: 'admin', password: 'modelli-1234' });
  await createStaffUser(t.db.sql, t.m.id, { email: 'clerk@t.example', name: 'Clerk', role: 'staff', departmentIds: [t.m.departments.roads], password: 'modelli-1234' });
  const other = await createTestMunicipality(t.db.sql, { slug: 'altrove' });
  await createStaffUser(t.db.sql, other.id, { email: 'capo@altrove.example', name: 'Altro', role: 'admin', password: 'modelli-1234' });
  otherAdmin = `/api/v1/altrove/admin`;
  const login = async (base: string, email: string) => ({ Authorization: `Bearer ${(await t.call('POST', `${base}/login`, { email, password: 'modelli-1234' })).body.token}` });
  asAdmin = await login(admin, 'capo@t.example');
  asSecondAdmin = await login(admin, 'vice@t.example');
  asClerk = await login(admin, 'clerk@t.example');
  asOtherAdmin = await login(otherAdmin, 'capo@altrove.example');
});
after(() => t.close());

const templates = async (headers = asAdmin, base = admin) => {
  const res = await t.call('GET', `${base}/templates`, undefined, headers);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.templates as Template[];
};
const counts = async () =>
  (
    await t.db.sql<{ templates: number; changes: number }[]>`
      SELECT (SELECT count(*)::int FROM response_template) AS templates,
             (SELECT count(*)::int FROM settings_change WHERE subject = 'template') AS changes`
  )[0];
const templateChanges = async () =>
  ((await t.call('GET', `${admin}/settings-changes?limit=200`, undefined, asAdmin)).body.changes as Change[]).filter((c) => c.subject === 'template');

describe('response templates', () => {
  test('an admin creates, lists, changes and deletes a template; each change is in the record', async () => {
    const made = await t.call(
      'POST',
      `${admin}/templates`,
      { title: 'Lampione riparato', body: 'La segnalazione {reference} ({category}, {street}) è risolta. {office}', categoryId: t.m.categories.lighting, status: 'resolved' },
      asAdmin,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const tpl = made.body as Template;
    assert.equal(tpl.title, 'Lampione riparato');
    assert.equal(tpl.categoryId, t.m.categories.lighting);
    assert.equal(tpl.status, 'resolved');
    assert.ok(tpl.id > 0);

    const general = await t.call('POST', `${admin}/templates`, { title: 'Presa in carico', body: 'Abbiamo preso in carico la segnalazione {reference}.' }, asAdmin);
    assert.equal(general.status, 201);
    assert.equal(general.body.categoryId, null);
    assert.equal(general.body.status, null);

    assert.deepEqual(
      (await templates()).map((x) => x.title),
      ['Lampione riparato', 'Presa in carico'],
      'by title',
    );

    const changed = await t.call('PATCH', `${admin}/templates/${tpl.id}`, { body: 'Risolta: {reference}, previsto il {expectedDate}.', categoryId: null }, asAdmin);
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.body, 'Risolta: {reference}, previsto il {expectedDate}.');
    assert.equal(changed.body.categoryId, null);
    assert.equal(changed.body.status, 'resolved', 'a field not sent stays');
    assert.equal(changed.body.title, 'Lampione riparato');

    assert.equal((await t.call('DELETE', `${admin}/templates/${general.body.id}`, undefined, asAdmin)).status, 204);
    assert.deepEqual(
      (await templates()).map((x) => x.id),
      [tpl.id],
    );
    assert.equal((await t.call('DELETE', `${admin}/templates/${general.body.id}`, undefined, asAdmin)).status, 404, 'deleted once');

    const record = await templateChanges();
    assert.deepEqual(
      record.slice(0, 4).map((c) => [c.action, c.subjectId, c.by?.name]),
      [
        ['deleted', general.body.id, 'Capo'],
        ['changed', tpl.id, 'Capo'],
        ['created', general.body.id, 'Capo'],
        ['created', tpl.id, 'Capo'],
      ],
    );
    assert.deepEqual(record[0].changes, { title: 'Presa in carico' }, 'a deletion names what was deleted');
    assert.deepEqual(record[1].changes, { body: 'Risolta: {reference}, previsto il {expectedDate}.', categoryId: null });
    assert.deepEqual(record[3].changes, {
      title: 'Lampione riparato',
      body: 'La segnalazione {reference} ({category}, {street}) è risolta. {office}',
      categoryId: t.m.categories.lighting,
      status: 'resolved',
    });
  });

  test('a clerk reads and uses the templates but cannot write them (403, nothing written)', async () => {
    const [tpl] = await templates();
    assert.deepEqual(await templates(asClerk), await templates());
    const before = await counts();
    assert.equal((await t.call('POST', `${admin}/templates`, { title: 'Del tecnico', body: 'Testo.' }, asClerk)).status, 403);
    assert.equal((await t.call('PATCH', `${admin}/templates/${tpl.id}`, { title: 'Cambiato' }, asClerk)).status, 403);
    assert.equal((await t.call('DELETE', `${admin}/templates/${tpl.id}`, undefined, asClerk)).status, 403);
    assert.deepEqual(await counts(), before);
    assert.equal((await templates())[0].title, tpl.title);
    assert.equal((await t.call('GET', `${admin}/templates`)).status, 401, 'signed in only');
  });

  test('bad input is a 400 on the field at fault, and writes nothing', async () => {
    const [tpl] = await templates();
    const before = await counts();
    const refused = async (method: string, path: string, body: unknown, field: string) => {
      const res = await t.call(method, `${admin}${path}`, body, asAdmin);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
      const fields = res.body.error.details.fields as { field: string; message: string }[];
      assert.ok(
        fields.some((f) => f.field === field),
        `${JSON.stringify(body)}: ${JSON.stringify(fields)}`,
      );
      return fields.find((f) => f.field === field)!.message;
    };
    const unknown = await refused('POST', '/templates', { title: 'Sconosciuto', body: 'Gentile {nome}, la {reference} è chiusa. {nome}' }, 'body');
    assert.match(unknown, /\{nome\}/);
    assert.match(unknown, /\{reference\}/, 'the message lists the placeholders there are');
    await refused('POST', '/templates', { title: 'Maiuscole', body: 'Segnalazione {Reference}' }, 'body');
    await refused('POST', '/templates', { title: '   ', body: 'Testo.' }, 'title');
    await refused('POST', '/templates', { body: 'Senza titolo.' }, 'title');
    await refused('POST', '/templates', { title: 'Vuoto', body: ' \n ' }, 'body');
    await refused('POST', '/templates', { title: 'Categoria ignota', body: 'Testo.', categoryId: 999999 }, 'categoryId');
    await refused('POST', '/templates', { title: 'Categoria negativa', body: 'Testo.', categoryId: -1 }, 'categoryId');
    await refused('POST', '/templates', { title: 'Stato strano', body: 'Testo.', status: 'closed' }, 'status');
    await refused('POST', '/templates', { title: 'Duplicata', body: 'Testo.', status: 'duplicate' }, 'status');
    await refused('POST', '/templates', { title: 'x'.repeat(101), body: 'Testo.' }, 'title');
    await refused('POST', '/templates', { title: 'Lungo', body: 'x'.repeat(5001) }, 'body');
    await refused('POST', '/templates', { title: 'Con NUL', body: 'a\u0000b' }, 'body');
    await refused('PATCH', `/templates/${tpl.id}`, { body: 'Il {giorno}' }, 'body');
    await refused('PATCH', `/templates/${tpl.id}`, { title: '' }, 'title');
    // Another municipality's category is as unknown as a made-up one.
    const [foreign] = await t.db.sql<{ id: number }[]>`SELECT c.id FROM category c JOIN municipality m ON m.id = c.municipality_id WHERE m.slug = 'altrove' LIMIT 1`;
    await refused('PATCH', `/templates/${tpl.id}`, { categoryId: foreign.id }, 'categoryId');
    // Not JSON, or too big for the staff API.
    assert.equal((await t.call('POST', `${admin}/templates`, '{"title":', asAdmin)).status, 400);
    assert.equal((await t.call('POST', `${admin}/templates`, { title: 'Enorme', body: 'x'.repeat(70_000) }, asAdmin)).status, 413);
    // The same title twice: a 409 on the title.
    const twice = await t.call('POST', `${admin}/templates`, { title: tpl.title, body: 'Altro testo.' }, asAdmin);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.details.fields[0].field, 'title');
    assert.deepEqual(await counts(), before, 'nothing written, nothing recorded');
    assert.deepEqual((await templates())[0], tpl);
  });

  test('braces that are no placeholder are plain text; placeholders fill, missing values with the fallback', () => {
    assert.deepEqual(unknownPlaceholders('Prezzo { 3 } e {'), []);
    assert.deepEqual(unknownPlaceholders('{a} {b} {a} {reference}'), ['a', 'b']);
    assert.equal(fillTemplate('N. {reference} in {street}{office}.', { reference: '2026-000001', street: '' }, (n) => (n === 'street' ? 'strada non indicata' : '')), 'N. 2026-000001 in strada non indicata.');
  });

  test('another municipality’s template is not found, for reading, changing and deleting', async () => {
    const [tpl] = await templates();
    assert.deepEqual(await templates(asOtherAdmin, otherAdmin), []);
    const before = await counts();
    assert.equal((await t.call('PATCH', `${otherAdmin}/templates/${tpl.id}`, { title: 'Preso' }, asOtherAdmin)).status, 404);
    assert.equal((await t.call('DELETE', `${otherAdmin}/templates/${tpl.id}`, undefined, asOtherAdmin)).status, 404);
    // A session of one municipality is nothing on another's path.
    assert.equal((await t.call('DELETE', `${otherAdmin}/templates/${tpl.id}`, undefined, asAdmin)).status, 401);
    for (const id of ['abc', '0x1', '99999999999', '-1']) {
      assert.equal((await t.call('PATCH', `${admin}/templates/${id}`, { title: 'Nessuno' }, asAdmin)).status, 404, id);
    }
    assert.deepEqual(await counts(), before);
    assert.deepEqual((await templates())[0], tpl);
  });

  test('two admins at once: each change applied and recorded with its author; a change to a template deleted meanwhile is a 404 recording nothing', async () => {
    const base = (await t.call('POST', `${admin}/templates`, { title: 'Programmato', body: 'Intervento previsto il {expectedDate}.', status: 'scheduled' }, asAdmin)).body as Template;
    const before = await counts();
    const [a, b] = await Promise.all([
      t.call('PATCH', `${admin}/templates/${base.id}`, { title: 'Programmato (capo)' }, asAdmin),
      t.call('PATCH', `${admin}/templates/${base.id}`, { body: 'Interverremo il {expectedDate}. {office}' }, asSecondAdmin),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const now = (await templates()).find((x) => x.id === base.id)!;
    assert.equal(now.title, 'Programmato (capo)', 'neither change lost');
    assert.equal(now.body, 'Interverremo il {expectedDate}. {office}');
    assert.ok(Date.parse(now.updatedAt) >= Date.parse(base.updatedAt));
    const latest = (await templateChanges()).slice(0, 2);
    assert.deepEqual(latest.map((c) => c.by?.name).sort(), ['Capo', 'Vice']);
    assert.deepEqual((await counts()).changes, before.changes + 2);

    // Many creations at once, half of them with the same title: one of each title, the rest 409.
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => t.call('POST', `${admin}/templates`, { title: `Insieme ${i % 3}`, body: 'Testo.' }, i % 2 ? asSecondAdmin : asAdmin)),
    );
    assert.deepEqual(made.map((r) => r.status).sort(), [201, 201, 201, 409, 409, 409]);
    assert.deepEqual((await counts()).changes, before.changes + 5);

    // Deleted by one while the other changes it: either the change came first (then deleted), or a 404.
    const [del, edit] = await Promise.all([
      t.call('DELETE', `${admin}/templates/${base.id}`, undefined, asAdmin),
      t.call('PATCH', `${admin}/templates/${base.id}`, { title: 'Troppo tardi' }, asSecondAdmin),
    ]);
    assert.equal(del.status, 204);
    assert.ok([200, 404].includes(edit.status));
    assert.equal((await counts()).changes, before.changes + 5 + 1 + (edit.status === 200 ? 1 : 0));
    assert.ok(!(await templates()).some((x) => x.id === base.id));
  });
});
