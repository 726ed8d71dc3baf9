import { z } from 'zod';
import type { Sql } from '../../db/connect.ts';
import { OPEN_STATUSES, CLOSED_STATUSES, type ReportStatus } from '../../domain/status.ts';
import { TIME_ZONE } from '../../domain/time-zone.ts';
import type { StaffUser } from '../staff-auth.ts';
import { type PlanningFilters, planningScope } from './scope.ts';

/**
 * One promise (taken in charge, or resolved, within the category's target days) over a set of
 * reports: kept, broken (done late, or not done and past the date), and still pending (not done,
 * not yet due: not a failure). `share` is on time among the settled ones (onTime + late), in
 * percent; null when none is settled.
 */
const int = z.number().int();
export const PromiseTally = z.object({ onTime: int, late: int, pending: int, share: z.number().nullable() });
export type PromiseTally = z.infer<typeof PromiseTally>;

export const OfficeMonth = z.object({
  /** `YYYY-MM`, the month of filing in the municipality's calendar. */
  month: z.string(),
  filed: int,
  /** Taken in charge within the category's days to accept. */
  accept: PromiseTally,
  /** Resolved within the days to resolve; rejected reports are not faults to fix: left out. */
  resolve: PromiseTally,
  rejected: int,
});
export type OfficeMonth = z.infer<typeof OfficeMonth>;

/**
 * The trend of a share: the percentage points between the last three months of the period and the
 * three before (settled reports of each three months together). Null when either has none.
 */
export const Trend = z.object({ accept: z.number().nullable(), resolve: z.number().nullable() });
export type Trend = z.infer<typeof Trend>;

export const OfficeFigures = z.object({ months: z.array(OfficeMonth), total: OfficeMonth.omit({ month: true }), trend: Trend });
export type OfficeFigures = z.infer<typeof OfficeFigures>;

export const OfficePlanning = OfficeFigures.extend({
  departmentId: int,
  name: z.string(),
  categories: z.array(OfficeFigures.extend({ categoryId: int })),
});
export type OfficePlanning = z.infer<typeof OfficePlanning>;

interface Tally {
  department_id: number;
  category_id: number;
  month: string;
  filed: number;
  rejected: number;
  accepted_on_time: number;
  accepted_late: number;
  accept_late_open: number;
  accept_pending: number;
  resolved_on_time: number;
  resolved_late: number;
  resolve_late_open: number;
  resolve_pending: number;
}

const COUNTS = [
  'filed', 'rejected', 'accepted_on_time', 'accepted_late', 'accept_late_open', 'accept_pending',
  'resolved_on_time', 'resolved_late', 'resolve_late_open', 'resolve_pending',
] as const;

type Counts = Record<(typeof COUNTS)[number], number>;

const zero = (): Counts => Object.fromEntries(COUNTS.map((k) => [k, 0])) as Counts;

function add(into: Counts, t: Partial<Counts>) {
  for (const k of COUNTS) into[k] += Number(t[k] ?? 0);
}

const tally = (onTime: number, late: number, pending: number): PromiseTally => ({
  onTime,
  late,
  pending,
  share: onTime + late === 0 ? null : Math.round((1000 * onTime) / (onTime + late)) / 10,
});

function figures(c: Counts): Omit<OfficeMonth, 'month'> {
  return {
    filed: c.filed,
    accept: tally(c.accepted_on_time, c.accepted_late + c.accept_late_open, c.accept_pending),
    resolve: tally(c.resolved_on_time, c.resolved_late + c.resolve_late_open, c.resolve_pending),
    rejected: c.rejected,
  };
}

/** Every month from the period's first to its last, `YYYY-MM`. */
export function periodMonths(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

/** The last three months against the three before (Trend). */
function trend(byMonth: Map<string, Counts>, months: string[]): Trend {
  const window = (ms: string[]) => {
    const c = zero();
    for (const m of ms) add(c, byMonth.get(m) ?? {});
    return figures(c);
  };
  const recent = window(months.slice(-3));
  const before = window(months.slice(-6, -3));
  const points = (a: number | null, b: number | null) => (a === null || b === null || months.length < 6 ? null : Math.round((a - b) * 10) / 10);
  return { accept: points(recent.accept.share, before.accept.share), resolve: points(recent.resolve.share, before.resolve.share) };
}

function officeFigures(rows: Tally[], months: string[]): OfficeFigures {
  const byMonth = new Map<string, Counts>();
  const total = zero();
  for (const r of rows) {
    const c = byMonth.get(r.month) ?? zero();
    add(c, r);
    add(total, r);
    byMonth.set(r.month, c);
  }
  return {
    months: months.map((month) => ({ month, ...figures(byMonth.get(month) ?? zero()) })),
    total: figures(total),
    trend: trend(byMonth, months),
  };
}

/**
 * Per office and per category within it, month by month over the period: reports filed, taken in
 * charge and resolved within the category's target days (README "Planning: offices").
 *
 * What is settled once it happens (done on time or late) comes from the summary the triggers of
 * migration 0020 keep per filing day; what depends on today (an open report not yet done: pending
 * until its date, late after) is judged live on the open reports alone, with the due-date rule of
 * staff-queue.ts (time waiting for the citizen, including the current wait, moves the date on).
 */
export async function officePlanning(
  sql: Sql,
  municipalityId: number,
  user: StaffUser,
  f: PlanningFilters & { from: string; to: string },
): Promise<OfficePlanning[]> {
  const statuses = f.status === 'open' ? OPEN_STATUSES : f.status === 'closed' ? CLOSED_STATUSES : undefined;
  const [settled, open, departments] = await Promise.all([
    sql<Tally[]>`
      SELECT o.department_id, o.category_id, to_char(o.filed_on, 'YYYY-MM') AS month,
        sum(o.filed)::int AS filed,
        (sum(o.filed) FILTER (WHERE o.status = 'rejected'))::int AS rejected,
        sum(o.accepted_on_time)::int AS accepted_on_time, sum(o.accepted_late)::int AS accepted_late,
        sum(o.resolved_on_time)::int AS resolved_on_time, sum(o.resolved_late)::int AS resolved_late
      FROM office_day o
      WHERE o.municipality_id = ${municipalityId}
        AND o.filed_on BETWEEN ${f.from}::date AND ${f.to}::date
        ${statuses ? sql`AND o.status IN ${sql(statuses as ReportStatus[])}` : sql``}
        ${user.role === 'admin' ? sql`` : sql`AND o.department_id = ANY(${user.departmentIds})`}
        ${f.departmentId !== undefined ? sql`AND o.department_id = ${f.departmentId}` : sql``}
        ${f.categoryId !== undefined ? sql`AND o.category_id = ${f.categoryId}` : sql``}
      GROUP BY 1, 2, 3
      HAVING sum(o.filed) > 0`,
    f.status === 'closed'
      ? Promise.resolve([] as Tally[])
      : sql<Tally[]>`
      WITH j AS (
        SELECT r.department_id, r.category_id, to_char(r.created_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM') AS month, r.accepted_at IS NULL AS unaccepted,
          -- The report's clock, stopped while it waits for the citizen: the due-date rule (promise_kept).
          promise_kept(coalesce(r.waiting_since, now()), r.paused_seconds, r.created_at, c.days_to_accept) AS accept_due_later,
          promise_kept(coalesce(r.waiting_since, now()), r.paused_seconds, r.created_at, c.days_to_resolve) AS resolve_due_later
        FROM report r JOIN category c ON c.municipality_id = r.municipality_id AND c.id = r.category_id
        WHERE ${planningScope(sql, municipalityId, user, { ...f, status: 'open' })}
      )
      SELECT department_id, category_id, month,
        (count(*) FILTER (WHERE unaccepted AND NOT accept_due_later))::int AS accept_late_open,
        (count(*) FILTER (WHERE unaccepted AND accept_due_later))::int AS accept_pending,
        (count(*) FILTER (WHERE NOT resolve_due_later))::int AS resolve_late_open,
        (count(*) FILTER (WHERE resolve_due_later))::int AS resolve_pending
      FROM j GROUP BY 1, 2, 3`,
    sql<{ id: number; name: string }[]>`SELECT id, name FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`,
  ]);
  const months = periodMonths(f.from, f.to);
  const rows = [...settled, ...open];
  return departments
    .map((d) => {
      const mine = rows.filter((r) => r.department_id === d.id);
      const categoryIds = [...new Set(mine.map((r) => r.category_id))].sort((a, b) => a - b);
      return {
        departmentId: d.id,
        name: d.name,
        ...officeFigures(mine, months),
        categories: categoryIds.map((categoryId) => ({ categoryId, ...officeFigures(mine.filter((r) => r.category_id === categoryId), months) })),
      };
    })
    .filter((o) => o.total.filed > 0);
}
