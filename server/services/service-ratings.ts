import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';
import type { ReportStatus } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { windowEnd } from './resolution-checks.ts';
import { trackingHash } from './tracking-code.ts';

/**
 * The reporter's rating of the service (README, "HTTP API"): after closing (resolved or rejected),
 * 1 to 5 with an optional comment, by the tracking code; changeable within the municipality's
 * window after closing (the window of "is it really fixed?"). Never public one by one: only the
 * console's statistics read them, as counts and averages.
 */
export const RATED_STATUSES: readonly ReportStatus[] = ['resolved', 'rejected'];

export const RatingView = z.object({
  /** The report is closed and the window open: the reporter may rate, or change the rating. */
  open: z.boolean(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  /** When the rating can no longer be changed (ISO), while open. */
  until: z.string().nullable(),
});
export type RatingView = z.infer<typeof RatingView>;

interface RatingRow {
  id: string;
  status: ReportStatus;
  closed_ms: string | null;
  reopen_window_days: number;
  rating: number | null;
  comment: string | null;
}

const findByCode = (sql: Sql | Tx, key: Buffer, municipalityId: number, rawCode: string, lock: boolean) => sql<RatingRow[]>`
  SELECT r.id, r.status, floor(extract(epoch FROM r.closed_at) * 1000)::bigint AS closed_ms, m.reopen_window_days,
         sr.rating, sr.comment
  FROM report r JOIN municipality m ON m.id = r.municipality_id LEFT JOIN service_rating sr ON sr.report_id = r.id
  WHERE r.municipality_id = ${municipalityId} AND r.tracking_hash = ${trackingHash(key, rawCode)}
  ${lock ? sql`FOR UPDATE OF r` : sql``}`;

function windowOf(row: RatingRow, now: number) {
  if (!RATED_STATUSES.includes(row.status) || row.closed_ms === null) return null;
  const end = windowEnd(Number(row.closed_ms), row.reopen_window_days);
  return now <= end ? end : null;
}

export async function ratingByCode(sql: Sql, key: Buffer, municipalityId: number, rawCode: string, now = Date.now()): Promise<RatingView> {
  const [row] = await findByCode(sql, key, municipalityId, rawCode, false);
  if (!row) throw notFound('Report');
  const end = windowOf(row, now);
  return { open: end !== null, rating: row.rating, comment: row.comment, until: end === null ? null : new Date(end).toISOString() };
}

export async function rateByCode(
  sql: Sql,
  key: Buffer,
  municipalityId: number,
  rawCode: string,
  r: { rating: number; comment?: string },
  now = Date.now(),
): Promise<RatingView> {
  return sql.begin(async (tx) => {
    const [row] = await findByCode(tx, key, municipalityId, rawCode, true);
    if (!row) throw notFound('Report');
    if (!RATED_STATUSES.includes(row.status)) {
      throw new ApiError(409, 'not_closed', 'The service can be rated once the report is closed (resolved or rejected).');
    }
    const end = windowOf(row, now);
    if (end === null) throw new ApiError(410, 'window_closed', 'The time to rate this report has passed.');
    await tx`
      INSERT INTO service_rating (report_id, municipality_id, rating, comment)
      VALUES (${row.id}, ${municipalityId}, ${r.rating}, ${r.comment ?? null})
      ON CONFLICT (report_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, updated_at = now()`;
    return { open: true, rating: r.rating, comment: r.comment ?? null, until: new Date(end).toISOString() };
  });
}
