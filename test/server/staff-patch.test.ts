import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

// Issue 11, item 7: PATCH /admin/staff/{id} changes only what it names. The console's
// deactivate/reactivate button sends only `active` (widget/admin/views/settings/staff-panel.ts).

let t: TestApp;
let admin: string;
let asAdmin: Record<string, string>;

before(async () => {
  t = await startTestApp();
  admin = `/api/v1/${t.m.slug}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'impostazioni-1' });
  asAdmin = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email: 'capo@t.example', password: 'impostazioni-1' })).body.token}` };
});
after(() => t.close());

const account = async (id: number) => {
  const res = await t.call('GET', `${admin}/settings`, undefined, asAdmin);
  return res.body.staff.find((u: { id: number }) => u.id === id) as { name: string; role: string; active: boolean; departmentIds: number[]; email: string };
};
const patch = (id: number, body: unknown) => t.call('PATCH', `${admin}/staff/${id}`, body, asAdmin);
const login = (email: string, password: string) => t.call('POST', `${admin}/login`, { email, password });

test('deactivating and reactivating a clerk keeps their offices; they work again at once', async () => {
  const offices = [t.m.departments.roads, t.m.departments.police].sort((a, b) => a - b);
  const id = await createStaffUser(t.db.sql, t.m.id, { email: 'tecnico@t.example', name: 'Tecnico', role: 'staff', departmentIds: offices, password: 'una-password-lunga' });

  assert.equal((await patch(id, { active: false })).status, 200);
  assert.deepEqual({ ...(await account(id)) }, { id, email: 'tecnico@t.example', name: 'Tecnico', role: 'staff', active: false, departmentIds: offices });
  assert.equal((await login('tecnico@t.example', 'una-password-lunga')).status, 401);

  assert.equal((await patch(id, { active: true })).status, 200);
  assert.deepEqual((await account(id)).departmentIds, offices);
  const back = await login('tecnico@t.example', 'una-password-lunga');
  assert.equal(back.status, 200);
  assert.deepEqual(back.body.user.departmentIds, offices);
  const queue = await t.call('GET', `${admin}/reports?departmentId=${t.m.departments.roads}`, undefined, { Authorization: `Bearer ${back.body.token}` });
  assert.equal(queue.status, 200);
});

test('a rename or a role change touches nothing else; an explicit empty list still empties the offices', async () => {
  const id = await createStaffUser(t.db.sql, t.m.id, { email: 'vigile@t.example', name: 'Vigile', role: 'staff', departmentIds: [t.m.departments.police], password: 'una-password-lunga' });
  const session = (await login('vigile@t.example', 'una-password-lunga')).body.token as string;

  assert.equal((await patch(id, { name: 'Vigile Urbano' })).status, 200);
  assert.deepEqual(await account(id), { id, email: 'vigile@t.example', name: 'Vigile Urbano', role: 'staff', active: true, departmentIds: [t.m.departments.police] });
  assert.equal((await t.call('GET', `${admin}/me`, undefined, { Authorization: `Bearer ${session}` })).status, 200, 'a rename ends no session');

  assert.equal((await patch(id, { role: 'admin' })).status, 200);
  assert.equal((await patch(id, { role: 'staff' })).status, 200);
  assert.deepEqual((await account(id)).departmentIds, [t.m.departments.police], 'a role change keeps the offices');

  assert.equal((await patch(id, {})).status, 200);
  assert.deepEqual((await account(id)).departmentIds, [t.m.departments.police], 'an empty body changes nothing');

  assert.equal((await patch(id, { departmentIds: [] })).status, 200);
  assert.deepEqual((await account(id)).departmentIds, []);
});

test('a bad partial update is a 400 that changes nothing', async () => {
  const id = await createStaffUser(t.db.sql, t.m.id, { email: 'ufficio@t.example', name: 'Ufficio', role: 'staff', departmentIds: [t.m.departments.roads], password: 'una-password-lunga' });
  for (const [body, field] of [
    [{ active: 'no' }, 'active'],
    [{ departmentIds: null }, 'departmentIds'],
    [{ departmentIds: [99999] }, 'departmentIds.0'],
    [{ name: 'X', active: false }, 'name'],
  ] as const) {
    const res = await patch(id, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.details.fields[0].field, field);
  }
  assert.deepEqual(await account(id), { id, email: 'ufficio@t.example', name: 'Ufficio', role: 'staff', active: true, departmentIds: [t.m.departments.roads] });
});
