import { z } from 'zod';
import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../db/connect.ts';
import { REPORT_CHANNELS, type ReportChannel } from '../domain/report-channel.ts';
import { OPEN_STATUSES, REPORT_STATUSES, type ReportStatus } from '../domain/status.ts';
import { overdueSql } from './staff-queue.ts';
import { ResolutionStats, resolutionStats } from './resolution-stats.ts';
import type { StaffUser } from './staff-auth.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';
import { longRead } from '../db/long-read.ts';

const int = z.number().int();
export const Durations = z.object({
  /** Hours; null when no report has got there yet. */
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  count: int,
});
export type Durations = z.infer<typeof Durations>;

export const Stats = z.object({
  total: int,
  byStatus: z.array(z.object({ status: z.enum(REPORT_STATUSES), count: int })),
  byDepartment: z.array(z.object({ departmentId: int, name: z.string(), total: int, open: int, overdue: int })),
  byCategory: z.array(z.object({ categoryId: int, name: z.string(), total: int, open: int })),
  topStreets: z.array(z.object({ streetId: int, name: z.string(), total: int, open: int })),
  timeToAccept: Durations,
  timeToResolve: Durations,
  monthly: z.array(z.object({ month: z.string(), created: int, closed: int })),
  /** How the reports came (web, Open311, phone, e-mail…), most first; channels without reports left out. */
  byChannel: z.array(z.object({ channel: z.enum(REPORT_CHANNELS), count: int })),
  /** Is it really fixed? and the ratings of the service (services/resolution-stats.ts). */
  reopenings: ResolutionStats.shape.reopenings,
  ratings: ResolutionStats.shape.ratings,
});
export type Stats = z.infer<typeof Stats>;

export interface StatsFilters {
  from?: string;
  to?: string;
  departmentId?: number;
}

/** Reports of one status, office and category: the breakdowns are sums of these. */
interface Group {
  status: string;
  departmentId: number;
  categoryId: number;
  total: number;
  accepted: number;
  resolved: number;
}

/**
 * Above this many reports, the medians and 90th percentiles of the times are worked out from a
 * random sample of about as many (whole pages of the table, the same sample for the same data):
 * exact percentiles sort every report, more than a second at a million; a sample of 100 000 is off
 * by well under the hour the console shows (BENCHMARKS.md). The counts stay exact.
 */
export const PERCENTILE_SAMPLE = 100_000;

// date_part (float8), not extract (numeric): sorting floats is several times cheaper.
async function percentiles(sql: Sql, scope: PendingQuery<Row[]>, total: number) {
  const sampled = total > PERCENTILE_SAMPLE;
  const from = sampled ? sql`FROM report r TABLESAMPLE SYSTEM (${(PERCENTILE_SAMPLE / total) * 100}) REPEATABLE (14)` : sql`FROM report r`;
  const [row] = await longRead(sql, (tx) => tx<{ accept: number[] | null; resolve: number[] | null }[]>`
    SELECT
      percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY date_part('epoch', r.accepted_at - r.created_at) / 3600) AS accept,
      percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY date_part('epoch', r.closed_at - r.created_at) / 3600)
        FILTER (WHERE r.status = 'resolved') AS resolve
    ${from} WHERE ${scope}`);
  return row;
}

const sum = (groups: Group[], key: 'accepted' | 'resolved') => groups.reduce((n, g) => n + g[key], 0);

/** Names of the offices, categories and the busiest streets (the rest are never shown). */
async function names(sql: Sql, municipalityId: number, streetIds: number[]) {
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
 * departments, admins the whole municipality. Hidden reports are moderation, not work: left out;
 * a report merged into another is the same fault, counted once through that one (as the planning
 * view counts, services/planning/scope.ts). The monthly trend is the last 12 months.
 */
export async function statistics(sql: Sql, municipalityId: number, user: StaffUser, f: StatsFilters): Promise<Stats> {
  const scope = sql`
    r.municipality_id = ${municipalityId} AND r.status NOT IN ('hidden', 'duplicate')
    ${user.role === 'admin' ? sql`` : sql`AND r.department_id = ANY(${user.departmentIds})`}
    ${f.departmentId !== undefined ? sql`AND r.department_id = ${f.departmentId}` : sql``}
    ${f.from ? sql`AND r.created_at >= (${f.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}` : sql``}
    ${f.to ? sql`AND r.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})` : sql``}`;
  const open = sql`r.status IN ${sql(OPEN_STATUSES as ReportStatus[])}`;
  const overdue = overdueSql(sql);
  const from = sql`FROM report r JOIN category c ON c.id = r.category_id`;

  // Status, office, category and the monthly filings from the daily summary the offices' planning
  // keeps (migration 0020, `office_day`: per filing day, office, category and status). The rest
  // each in parallel on its own connection (the reporting pool), each a parallel index-only scan
  // (db/long-read.ts): streets through their own index, overdue over the open reports alone, the
  // reports closed in the last 12 months by their closing date (migration 0023).
  const days = sql`
    o.municipality_id = ${municipalityId}
    ${user.role === 'admin' ? sql`` : sql`AND o.department_id = ANY(${user.departmentIds})`}
    ${f.departmentId !== undefined ? sql`AND o.department_id = ${f.departmentId}` : sql``}
    ${f.from ? sql`AND o.filed_on >= ${f.from}::date` : sql``}
    ${f.to ? sql`AND o.filed_on <= ${f.to}::date` : sql``}`;
  const only = sql`FROM report r`;
  const sinceDay = sql`(date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}) - interval '11 months')::date`;
  const since = sql`(${sinceDay}::timestamp AT TIME ZONE ${TIME_ZONE})`;
  const settled = sql<Group[]>`
    SELECT o.status, o.department_id AS "departmentId", o.category_id AS "categoryId", sum(o.filed)::int AS total,
           sum(o.accepted_on_time + o.accepted_late)::int AS accepted, sum(o.resolved_on_time + o.resolved_late)::int AS resolved
    FROM office_day o WHERE ${days} GROUP BY 1, 2, 3 HAVING sum(o.filed) > 0`;
  // The percentiles' sample depends on how many reports there are: known from the summary at once.
  const settledTotal = settled.then((groups) => groups.reduce((n, g) => n + g.total, 0));
  const [groups, durations, streets, overdueByDepartment, created, closed, months, notWeb] = await Promise.all([
    settled,
    settledTotal.then((total) => percentiles(sql, scope, total)),
    longRead(sql, (tx) => tx<{ streetId: number; total: number; open: number }[]>`
      SELECT r.street_id AS "streetId", count(*)::int AS total, (count(*) FILTER (WHERE ${open}))::int AS open
      ${only} WHERE ${scope} AND r.street_id IS NOT NULL GROUP BY 1`),
    longRead(sql, (tx) => tx<{ departmentId: number; overdue: number }[]>`
      SELECT r.department_id AS "departmentId", count(*)::int AS overdue
      ${from} WHERE ${scope} AND ${open} AND ${overdue} GROUP BY 1`),
    sql<{ month: string; n: number }[]>`
      SELECT to_char(o.filed_on, 'YYYY-MM') AS month, sum(o.filed)::int AS n
      FROM office_day o WHERE ${days} AND o.filed_on >= ${sinceDay} GROUP BY 1`,
    longRead(sql, (tx) => tx<{ month: string; n: number }[]>`
      SELECT to_char(date_trunc('month', r.closed_at AT TIME ZONE ${TIME_ZONE}), 'YYYY-MM') AS month, count(*)::int AS n
      ${only} WHERE ${scope} AND r.closed_at >= ${since} GROUP BY 1`),
    sql<{ month: string }[]>`
      SELECT to_char(m, 'YYYY-MM') AS month
      FROM generate_series(${sinceDay}, date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}), interval '1 month') m ORDER BY 1`,
    // The few reports not filed on the web, through their own partial index (migration 0027); the
    // web's are the rest of the total.
    sql<{ channel: ReportChannel; count: number }[]>`
      SELECT r.channel, count(*)::int AS count ${only} WHERE ${scope} AND r.channel <> 'web' GROUP BY 1`,
  ]);
  const total = groups.reduce((n, g) => n + g.total, 0);
  const topStreetIds = streets
    .sort((a, b) => b.total - a.total)
    .slice(0, 40)
    .map((s) => s.streetId);
  const [named, feedback] = await Promise.all([
    names(sql, municipalityId, topStreetIds),
    resolutionStats(sql, scope),
  ]);
  const late = new Map(overdueByDepartment.map((r) => [r.departmentId, r.overdue]));
  const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);
  const sumBy = <K>(key: (g: Group) => K) => {
    const sums = new Map<K, { total: number; open: number }>();
    for (const g of groups) {
      const s = sums.get(key(g)) ?? { total: 0, open: 0 };
      s.total += g.total;
      if (isOpen(g.status)) s.open += g.total;
      sums.set(key(g), s);
    }
    return [...sums];
  };
  const byStatus = sumBy((g) => g.status as ReportStatus)
    .map(([status, s]) => ({ status, count: s.total }))
    .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
  const byDepartment = sumBy((g) => g.departmentId)
    .map(([departmentId, s]) => ({ departmentId, name: named.departments.get(departmentId) ?? '', total: s.total, open: s.open, overdue: late.get(departmentId) ?? 0 }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name));
  const byCategory = sumBy((g) => g.categoryId)
    .map(([categoryId, s]) => ({ categoryId, name: named.categories.get(categoryId) ?? '', total: s.total, open: s.open }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const topStreets = streets
    .filter((s) => named.streets.has(s.streetId))
    .map((s) => ({ streetId: s.streetId, name: named.streets.get(s.streetId)!, total: s.total, open: s.open }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
    .slice(0, 10);
  const countOf = (rows: { month: string; n: number }[]) => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.month, (counts.get(r.month) ?? 0) + r.n);
    return counts;
  };
  const createdIn = countOf(created);
  const closedIn = countOf(closed);
  const monthly = months.map(({ month }) => ({ month, created: createdIn.get(month) ?? 0, closed: closedIn.get(month) ?? 0 }));
  const web = total - notWeb.reduce((n, r) => n + r.count, 0);
  const byChannel = [...(web > 0 ? [{ channel: 'web' as const, count: web }] : []), ...notWeb.map((r) => ({ channel: r.channel, count: r.count }))]
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
  const round = (h: number | null) => (h === null ? null : Math.round(Number(h) * 10) / 10);
  return {
    total,
    byStatus,
    byDepartment,
    byCategory,
    topStreets,
    timeToAccept: { medianHours: round(durations.accept?.[0] ?? null), p90Hours: round(durations.accept?.[1] ?? null), count: sum(groups, 'accepted') },
    timeToResolve: { medianHours: round(durations.resolve?.[0] ?? null), p90Hours: round(durations.resolve?.[1] ?? null), count: sum(groups, 'resolved') },
    monthly,
    byChannel,
    ...feedback,
  };
}
