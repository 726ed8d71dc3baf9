import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { OfficeMember, officeMembers } from './staff-members.ts';

/**
 * Every office and category of the municipality, retired categories included: staff need their
 * names for old reports, which the public config (active categories only) does not give. And the
 * active staff with their offices: whom a report can be given to, and the queue's assignee filter.
 */
export const StaffCatalog = z.object({
  departments: z.array(z.object({ id: z.number().int(), name: z.string() })),
  categories: z.array(
    z.object({ id: z.number().int(), name: z.string(), departmentId: z.number().int(), daysToAccept: z.number().int(), daysToResolve: z.number().int(), active: z.boolean() }),
  ),
  staff: z.array(OfficeMember),
});
type Catalog = z.infer<typeof StaffCatalog>;

export async function staffCatalog(sql: Sql, municipalityId: number): Promise<Catalog> {
  const [departments, categories, staff] = await Promise.all([
    sql<Catalog['departments']>`SELECT id, name FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`,
    sql<Catalog['categories']>`
      SELECT id, name, department_id AS "departmentId", days_to_accept AS "daysToAccept",
             days_to_resolve AS "daysToResolve", active
      FROM category WHERE municipality_id = ${municipalityId} ORDER BY sort_order, name`,
    officeMembers(sql, municipalityId),
  ]);
  return { departments, categories, staff };
}
