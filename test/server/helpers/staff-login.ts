import type { TestApp } from './app.ts';
import { createStaffUser } from './fixtures.ts';

/** A new staff account of the test municipality, logged in: the Authorization header of its session. */
export async function staffSession(t: TestApp, email: string, role: 'admin' | 'staff', departmentIds: number[]) {
  await createStaffUser(t.db.sql, t.m.id, { email, name: email.split('@')[0], role, departmentIds, password: 'segnala-test' });
  const { token } = (await t.call('POST', `/api/v1/${t.m.slug}/admin/login`, { email, password: 'segnala-test' })).body;
  return { Authorization: `Bearer ${token}` };
}
