import type { PendingQuery, Row } from 'postgres';
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

/** One group of the one-pass breakdown: by status, office, category or street (the others null). */
interface Tally {
  status: string | null;
  departmentId: number | null;
  categoryId: number | null;
  streetId: number | null;
  byStatus: boolean;
  byDepartment: boolean;
  byCategory: boolean;
  total: number;
  open: number;
  accepted: number;
  resolved: number;
}

/**
 * Above this many reports, the medians and 90th percentiles of the times are worked out from a
 * random sample of about as many (whole pages of the table, the same sample for the same data):
 * exact percentiles sort every report, more than a second at a million; a sample of 200 000 is off
 * by well under the hour the console shows. The counts stay exact.
 */
export const PERCENTILE_SAMPLE = 200_000;

async function percentiles(sql: Sql, scope: PendingQuery<Row[]>, total: number) {
  const sampled = total > PERCENTILE_SAMPLE;
  const from = sampled ? sql`FROM report r TABLESAMPLE SYSTEM (${(PERCENTILE_SAMPLE / total) * 100}) REPEATABLE (14)` : sql`FROM report r`;
  const [row] = await sql<{ accept: number[] | null; resolve: number[] | null }[]>`
    SELECT
      percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM r.accepted_at - r.created_at) / 3600) AS accept,
      percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.created_at) / 3600)
        FILTER (WHERE r.status = 'resolved') AS resolve
    ${from} WHERE ${scope}`;
  return row;
}

/**
 * Names of the offices, categories and streets the breakdown found. Street groups can be hundreds:
 * only the ten busiest are named (the rest are never shown).
 */
const sum = (groups: Tally[], key: 'accepted' | 'resolved') => groups.reduce((n, t) => n + t[key], 0);

async function names(sql: Sql, municipalityId: number, tallies: Tally[]) {
  const streetIds = tallies
    .filter((t) => t.streetId !== null)
    .sort((a, b) => b.total - a.total)
    .slice(0, 40)
    .map((t) => t.streetId!);
  const [departments, categories, streets] = await Promise.all([
    sql<{ id: number; name: string }[]>`SELECT id, name FROM department WHERE municipality_id = ${municipalityId}`,
    sql<{ id: number; name: string }[]>`SELECT id, name FROM category WHERE municipality_id = ${municipalityId}`,
    streetIds.length ? sql<{ id: number; name: string }[]>`SELECT id, name FROM street WHERE id IN ${sql(streetIds)}` : [],
  ]);
  const map = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return { departments: map(departments), categories: map(categories), streets: map(streets) };
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

  // One pass over the reports for the four breakdowns (grouping sets: one hash table each), on the
  // covering index of migration 0023 (an index-only scan, not the table with its texts), and
  // without the categories: only the open reports, a few, need their target days for "overdue",
  // counted apart through the status index. Names come after, for the few groups there are.
  const only = sql`FROM report r`;
  const [tallies, overdueByDepartment, monthly] = await Promise.all([
    sql<Tally[]>`
      SELECT r.status, r.department_id AS "departmentId", r.category_id AS "categoryId", r.street_id AS "streetId",
             GROUPING(r.status) = 0 AS "byStatus", GROUPING(r.department_id) = 0 AS "byDepartment",
             GROUPING(r.category_id) = 0 AS "byCategory",
             count(*)::int AS total, (count(*) FILTER (WHERE ${open}))::int AS open,
             count(r.accepted_at)::int AS accepted, (count(r.closed_at) FILTER (WHERE r.status = 'resolved'))::int AS resolved
      ${only} WHERE ${scope}
      GROUP BY GROUPING SETS ((r.status), (r.department_id), (r.category_id), (r.street_id))`,
    sql<{ departmentId: number; overdue: number }[]>`
      SELECT r.department_id AS "departmentId", count(*)::int AS overdue
      ${from} WHERE ${scope} AND ${open} AND ${overdue} GROUP BY r.department_id`,
    // The last 12 months of the municipality's calendar: filed by their filing month, closed by
    // their closing month, each read through an index on its own date (0023), never the whole history.
    sql<{ month: string; created: number; closed: number }[]>`
      WITH months AS (
        SELECT to_char(m, 'YYYY-MM') AS month
        FROM generate_series(date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}) - interval '11 months',
                             date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}), interval '1 month') m
      ),
      since AS (SELECT (date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}) - interval '11 months') AT TIME ZONE ${TIME_ZONE} AS at),
      created AS (
        SELECT to_char(r.created_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM') AS month, count(*)::int AS n
        ${only} WHERE ${scope} AND r.created_at >= (SELECT at FROM since) GROUP BY 1
      ),
      closed AS (
        SELECT to_char(r.closed_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM') AS month, count(*)::int AS n
        ${only} WHERE ${scope} AND r.closed_at >= (SELECT at FROM since) GROUP BY 1
      )
      SELECT months.month, coalesce(created.n, 0) AS created, coalesce(closed.n, 0) AS closed
      FROM months LEFT JOIN created USING (month) LEFT JOIN closed USING (month) ORDER BY months.month`,
  ]);
  const late = new Map(overdueByDepartment.map((r) => [r.departmentId, r.overdue]));
  const statusGroups = tallies.filter((t) => t.byStatus);
  const total = statusGroups.reduce((n, t) => n + t.total, 0);
  const [durations, named, feedback] = await Promise.all([
    percentiles(sql, scope, total),
    names(sql, municipalityId, tallies),
    resolutionStats(sql, scope),
  ]);
  const byStatus = tallies
    .filter((t) => t.byStatus)
    .map((t) => ({ status: t.status as ReportStatus, count: t.total }))
    .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
  const byDepartment = tallies
    .filter((t) => t.byDepartment)
    .map((t) => ({ departmentId: t.departmentId!, name: named.departments.get(t.departmentId!) ?? '', total: t.total, open: t.open, overdue: late.get(t.departmentId!) ?? 0 }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name));
  const byCategory = tallies
    .filter((t) => t.byCategory)
    .map((t) => ({ categoryId: t.categoryId!, name: named.categories.get(t.categoryId!) ?? '', total: t.total, open: t.open }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const topStreets = tallies
    .filter((t) => t.streetId !== null && named.streets.has(t.streetId))
    .map((t) => ({ streetId: t.streetId!, name: named.streets.get(t.streetId!)!, total: t.total, open: t.open }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
    .slice(0, 10);
  const round = (h: number | null) => (h === null ? null : Math.round(Number(h) * 10) / 10);
  return {
    total,
    byStatus,
    byDepartment,
    byCategory,
    topStreets,
    timeToAccept: { medianHours: round(durations.accept?.[0] ?? null), p90Hours: round(durations.accept?.[1] ?? null), count: sum(statusGroups, 'accepted') },
    timeToResolve: { medianHours: round(durations.resolve?.[0] ?? null), p90Hours: round(durations.resolve?.[1] ?? null), count: sum(statusGroups, 'resolved') },
    monthly,
    ...feedback,
  };
}
