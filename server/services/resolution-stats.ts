import { z } from 'zod';
import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../db/connect.ts';

/**
 * The console's statistics of "is it really fixed?" and of the ratings (README, "HTTP API",
 * `GET /admin/stats`): reopenings per office and category, and the ratings' distribution and
 * average per office and category. Ratings are only ever counted, never listed one by one.
 * `scope` is the statistics' filter on `report r JOIN category c` (services/stats.ts).
 */
const int = z.number().int();
export const ResolutionStats = z.object({
  reopenings: z.object({
    /** Reopenings (one report may count more than once), and the reports they concern. */
    total: int,
    reports: int,
    byDepartment: z.array(z.object({ departmentId: int, name: z.string(), count: int })),
    byCategory: z.array(z.object({ categoryId: int, name: z.string(), count: int })),
  }),
  ratings: z.object({
    count: int,
    /** One decimal; null without ratings. */
    average: z.number().nullable(),
    /** Ratings 1 to 5, each with its count (zeros included). */
    distribution: z.array(z.object({ rating: int, count: int })),
    byDepartment: z.array(z.object({ departmentId: int, name: z.string(), count: int, average: z.number() })),
    byCategory: z.array(z.object({ categoryId: int, name: z.string(), count: int, average: z.number() })),
  }),
});
export type ResolutionStats = z.infer<typeof ResolutionStats>;

export async function resolutionStats(sql: Sql, scope: PendingQuery<Row[]>): Promise<ResolutionStats> {
  const reopened = sql`FROM report_event e JOIN report r ON r.id = e.report_id JOIN category c ON c.id = r.category_id`;
  const rated = sql`FROM service_rating sr JOIN report r ON r.id = sr.report_id JOIN category c ON c.id = r.category_id`;
  const [[reopenTotals], reopenByDepartment, reopenByCategory, distribution, ratingByDepartment, ratingByCategory] = await Promise.all([
    sql<{ total: number; reports: number }[]>`
      SELECT count(*)::int AS total, count(DISTINCT e.report_id)::int AS reports ${reopened} WHERE e.type = 'reopened' AND ${scope}`,
    sql<{ departmentId: number; name: string; count: number }[]>`
      SELECT d.id AS "departmentId", d.name, count(*)::int AS count ${reopened} JOIN department d ON d.id = r.department_id
      WHERE e.type = 'reopened' AND ${scope} GROUP BY d.id, d.name ORDER BY count DESC, d.name`,
    sql<{ categoryId: number; name: string; count: number }[]>`
      SELECT c.id AS "categoryId", c.name, count(*)::int AS count ${reopened}
      WHERE e.type = 'reopened' AND ${scope} GROUP BY c.id, c.name ORDER BY count DESC, c.name`,
    sql<{ rating: number; count: number }[]>`
      SELECT sr.rating, count(*)::int AS count ${rated} WHERE ${scope} GROUP BY sr.rating`,
    sql<{ departmentId: number; name: string; count: number; average: number }[]>`
      SELECT d.id AS "departmentId", d.name, count(*)::int AS count, round(avg(sr.rating), 1)::float8 AS average
      ${rated} JOIN department d ON d.id = r.department_id WHERE ${scope} GROUP BY d.id, d.name ORDER BY d.name`,
    sql<{ categoryId: number; name: string; count: number; average: number }[]>`
      SELECT c.id AS "categoryId", c.name, count(*)::int AS count, round(avg(sr.rating), 1)::float8 AS average
      ${rated} WHERE ${scope} GROUP BY c.id, c.name ORDER BY c.name`,
  ]);
  const counts = [1, 2, 3, 4, 5].map((rating) => ({ rating, count: distribution.find((d) => d.rating === rating)?.count ?? 0 }));
  const count = counts.reduce((n, d) => n + d.count, 0);
  const sum = counts.reduce((n, d) => n + d.rating * d.count, 0);
  return {
    reopenings: { total: reopenTotals.total, reports: reopenTotals.reports, byDepartment: [...reopenByDepartment], byCategory: [...reopenByCategory] },
    ratings: {
      count,
      average: count ? Math.round((sum / count) * 10) / 10 : null,
      distribution: counts,
      byDepartment: [...ratingByDepartment],
      byCategory: [...ratingByCategory],
    },
  };
}
