import type { Sql } from '../../db/connect.ts';
import { CLOSED_STATUSES, OPEN_STATUSES, type ReportStatus } from '../../domain/status.ts';
import { TIME_ZONE } from '../../domain/time-zone.ts';
import type { StaffUser } from '../staff-auth.ts';

/**
 * The filters every figure of the planning view takes (`GET /admin/planning/…`): a period of
 * filing days in the municipality's calendar, a category, an office, and open or closed reports.
 */
export interface PlanningFilters {
  /** First and last day of filing, `YYYY-MM-DD`, inclusive; the routes default to the last 12 months. */
  from?: string;
  to?: string;
  categoryId?: number;
  departmentId?: number;
  status?: 'open' | 'closed' | 'all';
}

/**
 * Which reports the planning figures count, as one SQL condition on `report r`: the municipality's,
 * within the staff member's offices (all of them for an admin), matching the filters. Hidden
 * reports are moderation, not work: left out. A merged duplicate is the same fault as the report it
 * was merged into, which is counted: so reports closed as `duplicate` are left out too, and each
 * fault counts once.
 */
export function planningScope(sql: Sql, municipalityId: number, user: StaffUser, f: PlanningFilters) {
  const statuses = f.status === 'open' ? OPEN_STATUSES : f.status === 'closed' ? CLOSED_STATUSES : undefined;
  return sql`
    r.municipality_id = ${municipalityId}
    AND r.status NOT IN ('hidden', 'duplicate')
    ${statuses ? sql`AND r.status IN ${sql(statuses as ReportStatus[])}` : sql``}
    ${user.role === 'admin' ? sql`` : sql`AND r.department_id = ANY(${user.departmentIds})`}
    ${f.departmentId !== undefined ? sql`AND r.department_id = ${f.departmentId}` : sql``}
    ${f.categoryId !== undefined ? sql`AND r.category_id = ${f.categoryId}` : sql``}
    ${f.from ? sql`AND r.created_at >= (${f.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}` : sql``}
    ${f.to ? sql`AND r.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})` : sql``}`;
}
