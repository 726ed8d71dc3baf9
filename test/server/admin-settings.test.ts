import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaffUser } from './helpers/fixtures.ts';

let t: TestApp;
let pub: string;
let admin: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;

before(async () => {
  t = await startTestApp();
  pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  await createStaffUser(t.db.sql, t.m.id, { email: 'capo@t.example', name: 'Capo', role: 'admin', password: 'impostazioni-1' });
  await createStaffUser(t.db.sql, t.m.id, { email: 'clerk@t.example', name: 'Clerk', role: 'staff', departmentIds: [t.m.departments.roads], password: 'impostazioni-1' });
  asAdmin = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email: 'capo@t.example', password: 'impostazioni-1' })).body.token}` };
  asClerk = { Authorization: `Bearer ${(await t.call('POST', `${admin}/login`, { email: 'clerk@t.example', password: 'impostazioni-1' })).body.token}` };
});
after(() => t.close());

describe('settings (admin only)', () => {
  test('staff cannot read or change settings', async () => {
    assert.equal((await t.call('GET', `${admin}/settings`, undefined, asClerk)).status, 403);
    assert.equal((await t.call('POST', `${admin}/departments`, { name: 'Ufficio Abusivo' }, asClerk)).status, 403);
    assert.equal((await t.call('GET', `${admin}/reports`, undefined, asClerk)).status, 200, 'their queue still works');
  });

  test('publishing rule and embedding origins change what the public API does', async () => {
    const res = await t.call('PATCH', `${admin}/settings`, { publishOnArrival: false, allowedOrigins: ['https://www.comune.example.it'] }, asAdmin);
    assert.equal(res.status, 200);
    assert.equal(res.body.municipality.publishOnArrival, false);
    const filed = await t.call('POST', `${pub}/reports`, reportBody(t.m));
    assert.equal(filed.body.published, false);
    const bad = await t.call('PATCH', `${admin}/settings`, { allowedOrigins: ['javascript:alert(1)'] }, asAdmin);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.fields[0].field, 'allowedOrigins.0');
  });

  test('spam check: the admin switches on the proof of work, and the filing form gets a challenge', async () => {
    const res = await t.call('PATCH', `${admin}/settings`, { spamCheck: 'pow', formMinSeconds: 5 }, asAdmin);
    assert.equal(res.status, 200);
    assert.equal(res.body.municipality.spamCheck, 'pow');
    assert.equal(res.body.municipality.formMinSeconds, 5);
    const form = (await t.call('GET', `${pub}/form-token`)).body;
    assert.equal(form.minSeconds, 5);
    assert.ok(form.challenge?.parameters, 'an ALTCHA challenge');
    assert.equal((await t.call('POST', `${pub}/reports`, reportBody(t.m))).body.error.code, 'form_token_required');
    const bad = await t.call('PATCH', `${admin}/settings`, { spamCheck: 'captcha', formMinSeconds: -1 }, asAdmin);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.fields.map((f: { field: string }) => f.field).sort(), ['formMinSeconds', 'spamCheck']);
    assert.equal((await t.call('PATCH', `${admin}/settings`, { spamCheck: 'off' }, asAdmin)).status, 200);
    assert.equal((await t.call('GET', `${pub}/form-token`)).body.challenge, null);
  });

  test('a process reuses the municipality for a few seconds: its own console changes apply at once, others within the time', async () => {
    let clock = Date.now();
    const app = createApp({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('silent'), municipalityCacheSeconds: 5, now: () => clock });
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await app.request(path, { method, headers: { ...asAdmin, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.json() as Promise<any>;
    };
    const minSeconds = async () => (await call('GET', `${pub}/form-token`)).minSeconds;
    await call('PATCH', `${admin}/settings`, { spamCheck: 'form', formMinSeconds: 4 });
    assert.equal(await minSeconds(), 4);
    // Through this process's console: at once.
    await call('PATCH', `${admin}/settings`, { formMinSeconds: 6 });
    assert.equal(await minSeconds(), 6);
    // By another process (here, straight in the database): once the few seconds are over.
    await t.db.sql`UPDATE municipality SET form_min_seconds = 8 WHERE id = ${t.m.id}`;
    assert.equal(await minSeconds(), 6);
    clock += 5001;
    assert.equal(await minSeconds(), 8);
    await call('PATCH', `${admin}/settings`, { spamCheck: 'off' });
  });

  test('a new office and category appear in the widget’s config and route new reports', async () => {
    const dept = await t.call('POST', `${admin}/departments`, { name: 'Ambiente e Verde', email: 'verde@example.org' }, asAdmin);
    assert.equal(dept.status, 201);
    const cat = await t.call('POST', `${admin}/categories`, { name: 'Verde pubblico', departmentId: dept.body.id, daysToAccept: 5, daysToResolve: 60 }, asAdmin);
    assert.equal(cat.status, 201);
    const config = (await t.call('GET', `${pub}/config`)).body;
    const green = config.categories.find((c: { name: string }) => c.name === 'Verde pubblico');
    assert.equal(green.departmentId, dept.body.id);
    assert.equal(green.daysToResolve, 60);
    assert.equal((await t.call('POST', `${admin}/departments`, { name: 'Ambiente e Verde' }, asAdmin)).status, 409);
    assert.equal((await t.call('POST', `${admin}/categories`, { name: 'Altro', departmentId: 99999 }, asAdmin)).status, 400);
    // Retiring a category removes it from the form, not from old reports.
    assert.equal((await t.call('PATCH', `${admin}/categories/${cat.body.id}`, { active: false }, asAdmin)).status, 204);
    assert.ok(!(await t.call('GET', `${pub}/config`)).body.categories.some((c: { name: string }) => c.name === 'Verde pubblico'));
  });

  test('staff accounts: create, log in, change departments, deactivate (sessions end)', async () => {
    const created = await t.call('POST', `${admin}/staff`, { email: 'Nuovo@T.example', name: 'Nuovo Tecnico', role: 'staff', departmentIds: [t.m.departments.police], password: 'una-password-lunga' }, asAdmin);
    assert.equal(created.status, 201);
    const login = await t.call('POST', `${admin}/login`, { email: 'nuovo@t.example', password: 'una-password-lunga' });
    assert.equal(login.status, 200);
    assert.deepEqual(login.body.user.departmentIds, [t.m.departments.police]);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    await t.call('PATCH', `${admin}/staff/${created.body.id}`, { departmentIds: [t.m.departments.roads] }, asAdmin);
    assert.deepEqual((await t.call('GET', `${admin}/me`, undefined, auth)).body.user.departmentIds, [t.m.departments.roads]);
    await t.call('PATCH', `${admin}/staff/${created.body.id}`, { active: false }, asAdmin);
    assert.equal((await t.call('GET', `${admin}/me`, undefined, auth)).status, 401);
    assert.equal((await t.call('POST', `${admin}/login`, { email: 'nuovo@t.example', password: 'una-password-lunga' })).status, 401);
    const short = await t.call('POST', `${admin}/staff`, { email: 'x@t.example', name: 'Xavier', role: 'staff', password: 'corta' }, asAdmin);
    assert.equal(short.status, 400);
    assert.equal(short.body.error.details.fields[0].field, 'password');
    assert.equal((await t.call('PATCH', `${admin}/staff/99999`, { name: 'Nessuno' }, asAdmin)).status, 404);
  });

  test('the settings page lists offices, categories and staff, never password hashes', async () => {
    const res = await t.call('GET', `${admin}/settings`, undefined, asAdmin);
    assert.equal(res.status, 200);
    assert.ok(res.body.departments.length >= 2 && res.body.categories.length >= 3 && res.body.staff.length >= 2);
    assert.ok(!JSON.stringify(res.body).includes('scrypt'));
  });
});
