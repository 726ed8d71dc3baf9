import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { OPEN_STATUSES, type ReportStatus } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';
import { openDataScope } from './open-data/selection.ts';

/**
 * The public statistics of the citizen widget (README, "GET /stats"; issue 14 §3): what the open
 * dataset tells, added up. Only counts and times: no report's words, no contact, no place finer
 * than a street.
 *
 * The reports counted are the open data's (open-data/selection.ts `openDataScope`: hidden reports
 * and merged duplicates left out, unpublished ones counted without their words). What happened in
 * the period (filings, takings in charge, resolutions) comes from the monthly summary that triggers
 * keep as reports change (migration 0022, same selection, checked by test/server/public-stats):
 * at 1 000 000 reports, counting them one by one would take seconds. What is true now (open
 * reports) is counted live through the `report_category` and `report_street` indexes.
 */
export const Medians = z.object({
  /** Whole hours (to the hour under two days, to the day after); null when none in the period. */
  hoursToAccept: z.number().nullable(),
  hoursToResolve: z.number().nullable(),
});
export type Medians = z.infer<typeof Medians>;

const count = z.number().int().nonnegative();

export const PublicStats = z.object({
  /** Months counted, the current one included; first and last as YYYY-MM (Europe/Rome). */
  months: z.number().int(),
  from: z.string(),
  to: z.string(),
  totals: z.object({ created: count, resolved: count, open: count }),
  /** Median hours from filing to being taken in charge / resolved, of those that were in the period. */
  medians: Medians,
  /** Every category with a figure, most reports first. */
  byCategory: z.array(Medians.extend({ categoryId: z.number().int(), name: z.string(), created: count, resolved: count, open: count })),
  /** Each month of the period, oldest first, zeros included. */
  monthly: z.array(z.object({ month: z.string(), created: count, resolved: count })),
  /** The ten streets with most reports filed in the period; `open` counts them as they are now. */
  topStreets: z.array(z.object({ streetId: z.number().int(), name: z.string(), reports: count, open: count })),
});
export type PublicStats = z.infer<typeof PublicStats>;

type Histogram = Map<number, number>;

/** The lower median of a histogram of hours: the time within which half of them were done. */
export function medianHours(histogram: Histogram | undefined): number | null {
  if (!histogram?.size) return null;
  const hours = [...histogram.keys()].sort((a, b) => a - b);
  const total = hours.reduce((n, h) => n + histogram.get(h)!, 0);
  let seen = 0;
  for (const h of hours) {
    seen += histogram.get(h)!;
    if (seen * 2 >= total) return h;
  }
  return hours[hours.length - 1];
}

function addTo(histogram: Map<number, Histogram>, key: number, hours: number, count: number) {
  const h = histogram.get(key) ?? new Map<number, number>();
  h.set(hours, (h.get(hours) ?? 0) + count);
  histogram.set(key, h);
}

export async function publicStatistics(sql: Sql, municipalityId: number, months: number): Promise<PublicStats> {
  const [{ from, to }] = await sql<{ from: string; to: string }[]>`
    SELECT to_char(m - ${months - 1} * interval '1 month', 'YYYY-MM-DD') AS from, to_char(m, 'YYYY-MM-DD') AS to
    FROM date_trunc('month', now() AT TIME ZONE ${TIME_ZONE}) m`;
  const tally = sql`FROM report_month_tally t WHERE t.municipality_id = ${municipalityId} AND t.month >= ${from}::date`;
  const open = sql`${openDataScope(sql, municipalityId)} AND r.status IN ${sql(OPEN_STATUSES as ReportStatus[])}`;
  const [monthly, counts, durations, openByCategory, streets, categories] = await Promise.all([
    sql<{ month: string; created: number; resolved: number }[]>`
      SELECT to_char(m, 'YYYY-MM') AS month,
        coalesce(sum(t.count) FILTER (WHERE t.measure = 'created'), 0)::int AS created,
        coalesce(sum(t.count) FILTER (WHERE t.measure = 'resolved'), 0)::int AS resolved
      FROM generate_series(${from}::date, ${to}::date, interval '1 month') m
      LEFT JOIN report_month_tally t ON t.municipality_id = ${municipalityId} AND t.month = m::date AND t.measure IN ('created', 'resolved')
      GROUP BY m ORDER BY m`,
    sql<{ measure: 'created' | 'resolved'; categoryId: number; count: number }[]>`
      SELECT t.measure, t.category_id AS "categoryId", sum(t.count)::int AS count
      ${tally} AND t.measure IN ('created', 'resolved') GROUP BY 1, 2`,
    sql<{ measure: 'accepted' | 'resolved'; categoryId: number; hours: number; count: number }[]>`
      SELECT t.measure, t.category_id AS "categoryId", t.hours, sum(t.count)::int AS count
      ${tally} AND t.measure IN ('accepted', 'resolved') GROUP BY 1, 2, 3`,
    sql<{ categoryId: number; count: number }[]>`
      SELECT r.category_id AS "categoryId", count(*)::int AS count FROM report r WHERE ${open} GROUP BY 1`,
    sql<{ streetId: number; name: string; reports: number }[]>`
      SELECT s.id AS "streetId", s.name, top.reports
      FROM (SELECT t.street_id, sum(t.count)::int AS reports ${tally} AND t.measure = 'street'
            GROUP BY 1 HAVING sum(t.count) > 0 ORDER BY 2 DESC, 1 LIMIT 10) top
      JOIN street s ON s.municipality_id = ${municipalityId} AND s.id = top.street_id
      ORDER BY top.reports DESC, s.name`,
    sql<{ categoryId: number; name: string }[]>`
      SELECT c.id AS "categoryId", c.name FROM category c WHERE c.municipality_id = ${municipalityId}`,
  ]);
  const openByStreet = streets.length
    ? await sql<{ streetId: number; count: number }[]>`
        SELECT r.street_id AS "streetId", count(*)::int AS count FROM report r
        WHERE ${open} AND r.street_id IN ${sql(streets.map((s) => s.streetId))} GROUP BY 1`
    : [];

  const toAccept = new Map<number, Histogram>();
  const toResolve = new Map<number, Histogram>();
  for (const d of durations) {
    const byCategory = d.measure === 'accepted' ? toAccept : toResolve;
    addTo(byCategory, d.categoryId, d.hours, d.count);
    addTo(byCategory, 0, d.hours, d.count); // 0: every category
  }
  const figures = new Map<number, { created: number; resolved: number; open: number }>();
  const figure = (id: number) => figures.get(id) ?? figures.set(id, { created: 0, resolved: 0, open: 0 }).get(id)!;
  for (const c of counts) figure(c.categoryId)[c.measure] += c.count;
  for (const o of openByCategory) figure(o.categoryId).open += o.count;

  const names = new Map(categories.map((c) => [c.categoryId, c.name]));
  const byCategory = [...figures]
    .map(([categoryId, f]) => ({
      categoryId,
      name: names.get(categoryId) ?? '',
      ...f,
      hoursToAccept: medianHours(toAccept.get(categoryId)),
      hoursToResolve: medianHours(toResolve.get(categoryId)),
    }))
    .sort((a, b) => b.created + b.open - (a.created + a.open) || a.name.localeCompare(b.name, 'it'));
  const sum = (key: 'created' | 'resolved' | 'open') => byCategory.reduce((n, c) => n + c[key], 0);
  const openOn = new Map(openByStreet.map((s) => [s.streetId, s.count]));
  return {
    months,
    from: from.slice(0, 7),
    to: to.slice(0, 7),
    totals: { created: sum('created'), resolved: sum('resolved'), open: sum('open') },
    medians: { hoursToAccept: medianHours(toAccept.get(0)), hoursToResolve: medianHours(toResolve.get(0)) },
    byCategory,
    monthly: [...monthly],
    topStreets: streets.map((s) => ({ ...s, open: openOn.get(s.streetId) ?? 0 })),
  };
}
