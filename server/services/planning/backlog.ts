import { z } from 'zod';
import type { Sql } from '../../db/connect.ts';
import { TIME_ZONE } from '../../domain/time-zone.ts';
import type { StaffUser } from '../staff-auth.ts';
import { planningScope } from './scope.ts';

/** Age bands of the backlog, in calendar days since filing (Europe/Rome): 0–7, 8–30, 31–90, over 90. */
export const BACKLOG_BANDS = ['0-7', '8-30', '31-90', '91+'] as const;

const int = z.number().int();
export const BacklogCounts = z.object({
  /** Open reports per band, in BACKLOG_BANDS' order. */
  bands: z.tuple([int, int, int, int]),
  total: int,
});
export type BacklogCounts = z.infer<typeof BacklogCounts>;

export const OfficeBacklog = BacklogCounts.extend({
  departmentId: int,
  name: z.string(),
  categories: z.array(BacklogCounts.extend({ categoryId: int })),
});
export type OfficeBacklog = z.infer<typeof OfficeBacklog>;

/** `GET /admin/planning/backlog` (officeBacklog). */
export const BacklogAnswer = z.object({ asOf: z.string(), offices: z.array(OfficeBacklog) });

interface BacklogRow {
  department_id: number;
  category_id: number;
  b0: number;
  b1: number;
  b2: number;
  b3: number;
}

/**
 * The open reports as of today, per office and category, by age (README "Planning: offices"): a
 * snapshot of now, so it takes the office and category filters but not the period or the status.
 * Hidden reports and merged duplicates are not open; the open reports are read through their own
 * partial index (migration 0020).
 */
export async function officeBacklog(
  sql: Sql,
  municipalityId: number,
  user: StaffUser,
  f: { departmentId?: number; categoryId?: number },
): Promise<z.infer<typeof BacklogAnswer>> {
  const [rows, departments, [today]] = await Promise.all([
    sql<BacklogRow[]>`
      WITH aged AS (
        SELECT r.department_id, r.category_id,
          (now() AT TIME ZONE ${TIME_ZONE})::date - (r.created_at AT TIME ZONE ${TIME_ZONE})::date AS age
        FROM report r
        WHERE ${planningScope(sql, municipalityId, user, { departmentId: f.departmentId, categoryId: f.categoryId, status: 'open' })}
      )
      SELECT department_id, category_id,
        (count(*) FILTER (WHERE age <= 7))::int AS b0,
        (count(*) FILTER (WHERE age BETWEEN 8 AND 30))::int AS b1,
        (count(*) FILTER (WHERE age BETWEEN 31 AND 90))::int AS b2,
        (count(*) FILTER (WHERE age > 90))::int AS b3
      FROM aged GROUP BY 1, 2 ORDER BY 1, 2`,
    sql<{ id: number; name: string }[]>`SELECT id, name FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`,
    sql<{ day: string }[]>`SELECT to_char(now() AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM-DD') AS day`,
  ]);
  const counts = (rs: readonly BacklogRow[]): BacklogCounts => {
    const bands: BacklogCounts['bands'] = [0, 0, 0, 0];
    for (const r of rs) [r.b0, r.b1, r.b2, r.b3].forEach((n, i) => (bands[i] += n));
    return { bands, total: bands.reduce((a, b) => a + b, 0) };
  };
  const offices = departments
    .map((d) => {
      const mine = rows.filter((r) => r.department_id === d.id);
      return {
        departmentId: d.id,
        name: d.name,
        ...counts(mine),
        categories: mine.map((r) => ({ categoryId: r.category_id, ...counts([r]) })),
      };
    })
    .filter((o) => o.total > 0);
  return { asOf: today!.day, offices };
}
