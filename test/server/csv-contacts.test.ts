import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { staffSession } from './helpers/staff-login.ts';

// Issue 14 §2: the reporters' contacts leave the server only in a CSV an administrator asks for
// explicitly, and every such export is recorded (who, when, filters, rows), never with an address.

let t: TestApp;
let admin: string;
let asAdmin: Record<string, string>;
let asClerk: Record<string, string>;
let adminId: number;

const EMAIL = 'maria.rossi@example.org';
const PHONE = '+39 333 1234567';

before(async () => {
  t = await startTestApp();
  const pub = `/api/v1/${t.m.slug}`;
  admin = `${pub}/admin`;
  asAdmin = await staffSession(t, 'sindaco@testville.example', 'admin', []);
  asClerk = await staffSession(t, 'tecnico@testville.example', 'staff', [t.m.departments.roads]);
  adminId = (await t.db.sql<{ id: number }[]>`SELECT id FROM staff_user WHERE email = 'sindaco@testville.example'`)[0].id;
  for (const categoryId of [t.m.categories.lighting, t.m.categories.potholes, t.m.categories.parking]) {
    const res = await t.call('POST', `${pub}/reports`, reportBody(t.m, { categoryId }));
    assert.equal(res.status, 201);
  }
});
after(() => t.close());

/** The CSV as a spreadsheet library reads it: one object per row, keyed by the header. */
const rowsOf = (text: string) => parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
const audit = () => t.db.sql<{ staff_user_id: number; filters: Record<string, unknown>; row_count: number; exported_at: Date }[]>`
  SELECT staff_user_id, filters, row_count, exported_at FROM contact_export WHERE municipality_id = ${t.m.id} ORDER BY id`;

describe('CSV export and the reporters’ contacts', () => {
  test('by default no one gets contact columns, admin or clerk, and nothing is recorded', async () => {
    for (const who of [asAdmin, asClerk]) {
      const res = await t.call('GET', `${admin}/reports.csv?status=all`, undefined, who);
      assert.equal(res.status, 200);
      const rows = rowsOf(res.body as string);
      assert.ok(rows.length > 0);
      for (const column of ['Segnalante', 'E-mail', 'Telefono']) assert.ok(!(column in rows[0]), `no ${column} column`);
      assert.ok(!(res.body as string).includes(EMAIL), 'no e-mail anywhere');
      assert.ok(!(res.body as string).includes(PHONE), 'no phone anywhere');
      assert.equal((await t.call('GET', `${admin}/reports.csv?contacts=false`, undefined, who)).status, 200);
    }
    assert.equal((await audit()).length, 0);
  });

  test('an admin asking for contacts gets them, and the export is recorded and logged without any address', async () => {
    const before = Date.now();
    const res = await t.call('GET', `${admin}/reports.csv?contacts=true&departmentId=${t.m.departments.roads}&status=open`, undefined, asAdmin);
    assert.equal(res.status, 200);
    const rows = rowsOf(res.body as string);
    assert.equal(rows.length, 2, 'the two reports of the roads office');
    for (const r of rows) {
      assert.equal(r['Segnalante'], 'Maria Rossi');
      assert.equal(r['E-mail'], EMAIL);
      assert.equal(r['Telefono'], `'${PHONE}`, 'a leading + is defused against formulas');
      assert.equal(r['Ufficio'], 'Ufficio Tecnico');
    }
    const [row, ...more] = await audit();
    assert.equal(more.length, 0);
    assert.equal(row.staff_user_id, adminId);
    assert.equal(row.row_count, 2);
    assert.deepEqual(row.filters, { departmentId: t.m.departments.roads, status: 'open', sort: 'newest' });
    assert.ok(row.exported_at.getTime() >= before - 1000);
    assert.ok(!JSON.stringify(row).includes(EMAIL));
    const lines = t.logLines.filter((l) => l.includes('contacts exported'));
    assert.equal(lines.length, 1, 'one line in the server log');
    assert.match(lines[0], /"rows":2/);
    const log = t.logLines.join('\n');
    for (const secret of [EMAIL, PHONE, 'Maria Rossi', 'sindaco@testville.example']) assert.ok(!log.includes(secret), `the log has no ${secret}`);
  });

  test('a clerk asking for contacts gets a clear 403 and nothing is recorded', async () => {
    const count = (await audit()).length;
    const res = await t.call('GET', `${admin}/reports.csv?contacts=true`, undefined, asClerk);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    assert.match(res.body.error.message, /administrator/);
    assert.equal((await audit()).length, count);
  });

  test('contacts=maybe is a 400 naming the field; without a session, 401', async () => {
    const res = await t.call('GET', `${admin}/reports.csv?contacts=maybe`, undefined, asAdmin);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0].field, 'contacts');
    assert.equal((await t.call('GET', `${admin}/reports.csv?contacts=true`)).status, 401);
  });
});
