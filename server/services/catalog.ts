import type { Sql } from '../db/connect.ts';
import { officeMembers } from './staff-members.ts';

/**
 * Every office and category of the municipality, retired categories included: staff need their
 * names for old reports, which the public config (active categories only) does not give. And the
 * active staff with their offices: whom a report can be given to, and the queue's assignee filter.
 */
export async function staffCatalog(sql: Sql, municipalityId: number) {
  const [departments, categories, staff] = await Promise.all([
    sql`SELECT id, name FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`,
    sql`
      SELECT id, name, department_id AS "departmentId", days_to_accept AS "daysToAccept",
             days_to_resolve AS "daysToResolve", active
      FROM category WHERE municipality_id = ${municipalityId} ORDER BY sort_order, name`,
    officeMembers(sql, municipalityId),
  ]);
  return { departments, categories, staff };
}
