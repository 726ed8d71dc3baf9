import { z } from 'zod';
import type { Sql } from '../../db/connect.ts';
import { OPEN_STATUSES, type ReportStatus } from '../../domain/status.ts';
import { overdueSql } from '../staff-queue.ts';
import type { StaffUser } from '../staff-auth.ts';
import { type RecurrenceOptions, findPlaces } from './recurrences.ts';
import { longRead } from '../../db/long-read.ts';
import { type StreetFigures, type StreetSort, sortStreets } from '../../domain/street-order.ts';
import { type PlanningFilters, planningScope } from './scope.ts';

/**
 * Every street with reports in the planning filters (README "Planning: streets"), not only the
 * busiest ten of the statistics: reports, open, overdue (services/staff-queue.ts overdueSql), the
 * median time to resolve, and how many recurring places (services/planning/recurrences.ts, the
 * same definition and the same N and M) lie on it.
 */

export { STREET_SORTS, type StreetSort } from '../../domain/street-order.ts';

/**
 * One street's figures: `medianResolveHours` is the median time from filing to resolution of its
 * resolved reports, `recurrences` the recurring places whose street it is.
 */
/** A street of the planning view (domain/street-order.ts's StreetFigures, which the console sorts too). */
export const StreetRow = z.object({
  streetId: z.number().int(),
  name: z.string(),
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  /** Hours; null when no report of the street is resolved. */
  medianResolveHours: z.number().nullable(),
  recurrences: z.number().int(),
});
export type StreetRow = z.infer<typeof StreetRow> & StreetFigures;

export async function planningStreets(
  sql: Sql,
  municipalityId: number,
  centreLat: number,
  user: StaffUser,
  f: PlanningFilters,
  o: Pick<RecurrenceOptions, 'minReports' | 'radius'> & { sort: StreetSort; order: 'asc' | 'desc' },
): Promise<StreetRow[]> {
  const [rows, places] = await Promise.all([
    // The median is taken here from each street's times in tenths of an hour (a JSON array): a hash
    // aggregate in parallel, where percentile_cont would sort a year of reports street by street
    // (twice as long at 1 000 000 reports). Shown to the tenth of an hour, it is the same median.
    // date_part, not extract: extract's numeric made the arithmetic of every report cost double.
    longRead(sql, (tx) => tx<(Omit<StreetRow, 'medianResolveHours' | 'recurrences'> & { tenths: number[] | null })[]>`
      SELECT s.id AS "streetId", s.name, t.total, t.open, t.overdue, t.tenths
      FROM (
        SELECT r.street_id, count(*)::int AS total,
          (count(*) FILTER (WHERE r.status IN ${sql(OPEN_STATUSES as ReportStatus[])}))::int AS open,
          (count(*) FILTER (WHERE ${overdueSql(sql)}))::int AS overdue,
          json_agg(round(date_part('epoch', r.closed_at - r.created_at) / 360)::int) FILTER (WHERE r.status = 'resolved') AS tenths
        FROM report r JOIN category c ON c.id = r.category_id
        WHERE ${planningScope(sql, municipalityId, user, f)} AND r.street_id IS NOT NULL
        GROUP BY r.street_id
      ) t JOIN street s ON s.id = t.street_id`),
    findPlaces(sql, municipalityId, centreLat, user, f, o),
  ]);
  const perStreet = new Map<number, number>();
  for (const p of places) if (p.streetId !== null) perStreet.set(p.streetId, (perStreet.get(p.streetId) ?? 0) + 1);
  const streets = rows.map(({ tenths, ...r }) => ({ ...r, medianResolveHours: median(tenths), recurrences: perStreet.get(r.streetId) ?? 0 }));
  return sortStreets(streets, o.sort, o.order);
}

/** The median of times in tenths of an hour, in hours (the mean of the middle two of an even count); null for none. */
export function median(tenths: number[] | null): number | null {
  if (!tenths?.length) return null;
  const sorted = Float64Array.from(tenths).sort();
  const mid = sorted.length >> 1;
  const value = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(value) / 10;
}
