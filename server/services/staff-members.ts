import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';

/**
 * Who works in which office: a report is given only to an active member of its office (the
 * `staff_department` rows an admin sets in the settings), whatever their role.
 */

export async function isOfficeMember(sql: Sql | Tx, staffUserId: number, departmentId: number): Promise<boolean> {
  const [row] = await sql`
    SELECT 1 FROM staff_department sd JOIN staff_user u ON u.id = sd.staff_user_id
    WHERE sd.staff_user_id = ${staffUserId} AND sd.department_id = ${departmentId} AND u.active`;
  return row !== undefined;
}

export const OfficeMember = z.object({ id: z.number().int(), name: z.string(), departmentIds: z.array(z.number().int()) });
export type OfficeMember = z.infer<typeof OfficeMember>;

/** The active staff of a municipality with their offices, for the console's "assign to" choices. */
export async function officeMembers(sql: Sql, municipalityId: number): Promise<OfficeMember[]> {
  return sql<OfficeMember[]>`
    SELECT u.id, u.name, coalesce(array_agg(sd.department_id ORDER BY sd.department_id) FILTER (WHERE sd.department_id IS NOT NULL), '{}') AS "departmentIds"
    FROM staff_user u LEFT JOIN staff_department sd ON sd.staff_user_id = u.id
    WHERE u.municipality_id = ${municipalityId} AND u.active
    GROUP BY u.id ORDER BY u.name, u.id`;
}
