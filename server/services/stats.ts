import type { Sql } from '../db/connect.ts';
import { OPEN_STATUSES, type ReportStatus } from '../domain/status.ts';
import { overdueSql } from './staff-queue.ts';
import { type ResolutionStats, resolutionStats } from './resolution-stats.ts';
import type { StaffUser } from './staff-auth.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';

export interface Durations {
  /** Hours; null when no report has got there yet. */
  medianHours: number | null;
  p90Hours: number | null;
  count: number;
}

export interface Stats {
  total: number;
  byStatus: { status: ReportStatus; count: number }[];
  byDepartment: { departmentId: number; name: string; total: number; open: number; overdue: number }[];
  byCategory: { categoryId: number; name: string; total: number; open: number }[];
  topStreets: { streetId: number; name: string; total: number; open: number }[];
  timeToAccept: Durations;
  timeToResolve: Durations;
  monthly: { month: string; created: number; closed: number }[];
  /** Is it really fixed? and the ratings of the service (services/resolution-stats.ts). */
  reopenings: ResolutionStats['reopenings'];
  ratings: ResolutionStats['ratings'];
}

export interface StatsFilters {
  from?: string;
  to?: string;
  departmentId?: number;
}

/**
 * Where problems concentrate and which office is overloaded. Staff see the numbers of their own
 * departments, admins the whole municipality. Hidden reports are moderation, not work: left out.
 */
export async function statistics(sql: Sql, municipalityId: number, user: StaffUser, f: StatsFilters): Promise<Stats> {
  const scope = sql`
    r.municipality_id = ${municipalityId} AND r.status <> 'hidden'
    ${user.role === 'admin' ? sql`` : sql`AND r.department_id = ANY(${user.departmentIds})`}
    ${f.departmentId !== undefined ? sql`AND r.department_id = ${f.departmentId}` : sql``}
    ${f.from ? sql`AND r.created_at >= (${f.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}` : sql``}
    ${f.to ? sql`AND r.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})` : sql``}`;
  const open = sql`r.status IN ${sql(OPEN_STATUSES as ReportStatus[])}`;
  const overdue = overdueSql(sql);
  const from = sql`FROM report r JOIN category c ON c.id = r.category_id`;

  const [byStatus, byDepartment, byCategory, topStreets, [durations], monthly] = await Promise.all([
    sql<{ status: ReportStatus; count: number }[]>`
      SELECT r.status, count(*)::int AS count ${from} WHERE ${scope} GROUP BY r.status ORDER BY count DESC, r.status`,
    sql<{ departmentId: number; name: string; total: number; open: number; overdue: number }[]>`
      SELECT d.id AS "departmentId", d.name, count(r.id)::int AS total,
             (count(r.id) FILTER (WHERE ${open}))::int AS open,
             (count(r.id) FILTER (WHERE ${overdue}))::int AS overdue
      ${from} JOIN department d ON d.id = r.department_id
      WHERE ${scope} GROUP BY d.id, d.name ORDER BY overdue DESC, open DESC, d.name`,
    sql<{ categoryId: number; name: string; total: number; open: number }[]>`
      SELECT c.id AS "categoryId", c.name, count(*)::int AS total, (count(*) FILTER (WHERE ${open}))::int AS open
      ${from} WHERE ${scope} GROUP BY c.id, c.name ORDER BY total DESC, c.name`,
    sql<{ streetId: number; name: string; total: number; open: number }[]>`
      SELECT s.id AS "streetId", s.name, count(*)::int AS total, (count(*) FILTER (WHERE ${open}))::int AS open
      ${from} JOIN street s ON s.id = r.street_id
      WHERE ${scope} GROUP BY s.id, s.name ORDER BY total DESC, s.name LIMIT 10`,
    sql<{ accept_median: number | null; accept_p90: number | null; accept_n: number; resolve_median: number | null; resolve_p90: number | null; resolve_n: number }[]>`
      SELECT
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.accepted_at - r.created_at) / 3600) AS accept_median,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.accepted_at - r.created_at) / 3600) AS accept_p90,
        count(r.accepted_at)::int AS accept_n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.created_at) / 3600)
          FILTER (WHERE r.status = 'resolved') AS resolve_median,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.created_at) / 3600)
          FILTER (WHERE r.status = 'resolved') AS resolve_p90,
        (count(r.closed_at) FILTER (WHERE r.status = 'resolved'))::int AS resolve_n
      ${from} WHERE ${scope}`,
    sql<{ month: string; created: number; closed: number }[]>`
      WITH months AS (
        SELECT to_char(m, 'YYYY-MM') AS month
        FROM generate_series(date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}) - interval '11 months',
                             date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}), interval '1 month') m
      ),
      scoped AS (SELECT r.created_at, r.closed_at ${from} WHERE ${scope})
      SELECT months.month,
        (SELECT count(*) FROM scoped WHERE to_char(created_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM') = months.month)::int AS created,
        (SELECT count(*) FROM scoped WHERE to_char(closed_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM') = months.month)::int AS closed
      FROM months ORDER BY months.month`,
  ]);
  const feedback = await resolutionStats(sql, scope);
  const round = (h: number | null) => (h === null ? null : Math.round(Number(h) * 10) / 10);
  return {
    total: byStatus.reduce((n, s) => n + s.count, 0),
    byStatus,
    byDepartment,
    byCategory,
    topStreets,
    timeToAccept: { medianHours: round(durations.accept_median), p90Hours: round(durations.accept_p90), count: durations.accept_n },
    timeToResolve: { medianHours: round(durations.resolve_median), p90Hours: round(durations.resolve_p90), count: durations.resolve_n },
    monthly,
    ...feedback,
  };
}
