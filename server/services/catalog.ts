import type { Sql } from '../db/connect.ts';

/**
 * Every office and category of the municipality, retired categories included: staff need their
 * names for old reports, which the public config (active categories only) does not give.
 */
export async function staffCatalog(sql: Sql, municipalityId: number) {
  const [departments, categories] = await Promise.all([
    sql`SELECT id, name FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`,
    sql`
      SELECT id, name, department_id AS "departmentId", days_to_accept AS "daysToAccept",
             days_to_resolve AS "daysToResolve", active
      FROM category WHERE municipality_id = ${municipalityId} ORDER BY sort_order, name`,
  ]);
  return { departments, categories };
}
