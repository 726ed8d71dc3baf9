import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../db/connect.ts';
import type { JsonText } from '../http/json-text.ts';
import { invalidRequest } from '../http/validate.ts';
import type { ReportStatus } from '../domain/status.ts';
import type { Bounds } from './municipality.ts';
import { type ReportList, summaryJson } from './report-shapes.ts';
import { textFilter, textPlanned } from './report-search.ts';

/** The public list (`GET /reports`): its filters, its signed cursors, and how a page is found. */

export interface ReportFilters {
  statuses: readonly ReportStatus[];
  categoryId?: number;
  streetId?: number;
  q?: string;
  bbox?: { west: number; south: number; east: number; north: number };
  cursor?: string;
  limit: number;
  /**
   * How many matching reports the bbox probably holds (see `viewShare`). Below a page, the list
   * goes straight to the view's own reports instead of looking through the newest first.
   */
  expectedInView?: number;
}

/**
 * Where a list's next page starts: the last listed report's id and creation time (microseconds
 * since the epoch, as PostgreSQL keeps it), the list's sort key.
 */
export interface ListPosition {
  id: string;
  at: string;
}

const CURSOR_MAC_BYTES = 12;

function cursorMac(key: Buffer, municipalityId: number, id: bigint, at: bigint): Buffer {
  return createHmac('sha256', key).update(`segnala list cursor\0${municipalityId}\0${id}\0${at}`).digest().subarray(0, CURSOR_MAC_BYTES);
}

/**
 * Cursors are opaque to clients and signed for one municipality (issue 11, item 12): a cursor made
 * up from another municipality's report id, or any id this server did not list, is refused
 * instead of telling whether that report exists and when it was made.
 */
export function encodeCursor(key: Buffer, municipalityId: number, p: ListPosition): string {
  const id = BigInt(p.id);
  const at = BigInt(p.at);
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(id, 0);
  bytes.writeBigInt64BE(at, 8);
  return Buffer.concat([bytes, cursorMac(key, municipalityId, id, at)]).toString('base64url');
}

export function decodeCursor(key: Buffer, municipalityId: number, cursor: string): ListPosition {
  const refused = () => invalidRequest([{ field: 'cursor', message: 'Not a cursor this server gave for this list' }]);
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length !== 16 + CURSOR_MAC_BYTES || bytes.toString('base64url') !== cursor) throw refused();
  const id = bytes.readBigInt64BE(0);
  const at = bytes.readBigInt64BE(8);
  if (!timingSafeEqual(bytes.subarray(16), cursorMac(key, municipalityId, id, at))) throw refused();
  return { id: String(id), at: String(at) };
}

/** How many of the newest reports a list by bbox looks through before it searches the view itself. */
export const NEWEST_LOOKED_THROUGH = 1000;

/**
 * A list by bbox is found in one of two ways, each a prepared statement with one right plan:
 *
 * - `newestInView`: walk the municipality's newest reports (at most 1 000) and keep those of the
 *   view. Where the view holds many reports — a whole town, a frazione, a busy street — the page
 *   fills within a few dozen rows. A full page is the exact answer: any other report of the view
 *   is older than all of it.
 * - `inView`: otherwise (a quiet corner, the last pages), the reports of the view itself, picked
 *   from the map's index alone (migration 0008) and only the page's rows read.
 *
 * PostgreSQL alone would choose between the two only by planning each view for its values, which
 * cost as much as running the query or more (0.3–0.7 ms per list at 100 000 reports); with a
 * prepared statement it settles on one plan for every view, and for a whole town that plan read
 * them all. The bbox is compared coordinate by coordinate, not with `<@ box`, because the planner
 * has statistics on the coordinates (migration 0007) and none on the box. See BENCHMARKS.md.
 *
 * Returns the page as JSON text, `{ reports: ReportSummary[], nextCursor: string | null }`.
 */
export async function listPublicReports(
  sql: Sql,
  cursorKey: Buffer,
  municipalityId: number,
  f: ReportFilters,
): Promise<JsonText<ReportList>> {
  const after = f.cursor ? decodeCursor(cursorKey, municipalityId, f.cursor) : undefined;
  const walk = f.bbox && (f.expectedInView === undefined || f.expectedInView > f.limit);
  let rows = walk ? await textPlanned(f, newestInView(sql, municipalityId, f, after)) : [];
  if (rows.length <= f.limit) rows = await textPlanned(f, inView(sql, municipalityId, f, after));
  const page = rows.slice(0, f.limit);
  const nextCursor = rows.length > f.limit ? encodeCursor(cursorKey, municipalityId, page[page.length - 1]) : null;
  // Each `summary` is PostgreSQL's JSON of a ReportSummary (summaryJson); a test compares every
  // listed field with the report's own page.
  return `{"reports":[${page.map((r) => r.summary).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}` as JsonText<ReportList>;
}

/**
 * The share of the municipality's territory a bbox covers, 0 to 1: times the municipality's
 * matching reports, what a view holds if reports were spread evenly (they gather in the centres,
 * which only makes the list look through the newest where it need not).
 */
export function viewShare(bbox: Bounds, territory: Bounds): number {
  const overlap = (lo1: number, hi1: number, lo2: number, hi2: number) => Math.max(0, Math.min(hi1, hi2) - Math.max(lo1, lo2));
  const area = (territory.east - territory.west) * (territory.north - territory.south);
  if (area <= 0) return 1;
  return (overlap(bbox.west, bbox.east, territory.west, territory.east) * overlap(bbox.south, bbox.north, territory.south, territory.north)) / area;
}

/** How many public reports of these statuses a municipality has. */
export async function countPublicReports(sql: Sql, municipalityId: number, statuses: readonly ReportStatus[]): Promise<number> {
  const [{ count }] = await sql<{ count: number }[]>`
    SELECT count(*)::int AS count FROM report
    WHERE municipality_id = ${municipalityId} AND published AND status IN ${sql(statuses as ReportStatus[])}`;
  return count;
}

interface ListRow extends ListPosition {
  summary: string;
}

/** The list's sort key of report `r`, for its cursor: `ListPosition`. */
const positionColumns = (sql: Sql) => sql`r.id, (extract(epoch FROM r.created_at) * 1000000)::bigint AS at`;

/** `AND …` for every filter of a list but the cursor, on a report `r`. */
function listFilters(sql: Sql, f: ReportFilters) {
  return sql`
    AND r.status IN ${sql(f.statuses as ReportStatus[])}
    ${f.categoryId !== undefined ? sql`AND r.category_id = ${f.categoryId}` : sql``}
    ${f.streetId !== undefined ? sql`AND r.street_id = ${f.streetId}` : sql``}
    ${f.bbox ? sql`AND r.location[0] BETWEEN ${f.bbox.west} AND ${f.bbox.east} AND r.location[1] BETWEEN ${f.bbox.south} AND ${f.bbox.north}` : sql``}
    ${f.q ? textFilter(sql, f.q) : sql``}`;
}

/** `AND …` keeping the reports listed after the cursor's (newest first), on a report `r`. */
function afterCursor(sql: Sql, after: ListPosition | undefined) {
  // The position itself, not a lookup of the report: it may have been hidden since.
  return after
    ? sql`AND (r.created_at, r.id) < (timestamptz 'epoch' + ${after.at}::bigint * interval '1 microsecond', ${after.id}::bigint)`
    : sql``;
}

/** The page among the newest reports: a full page (limit + 1 rows) is exact, fewer may not be. */
function newestInView(sql: Sql, municipalityId: number, f: ReportFilters, after: ListPosition | undefined) {
  // The LIMIT inside keeps the filters out of the walk, so the plan is always the walk. It is
  // written into the statement, not sent as a value, so that the plan is made knowing it.
  return sql<ListRow[]>`
    SELECT ${positionColumns(sql)}, ${summaryJson(sql)}
    FROM (
      SELECT r.id, r.reference, r.title, r.status, r.category_id, r.street_id, r.civic, r.location,
             r.created_at, r.support_count, r.search_text
      FROM report r
      WHERE r.municipality_id = ${municipalityId} AND r.published ${afterCursor(sql, after)}
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT ${sql.unsafe(String(NEWEST_LOOKED_THROUGH))}) r
    LEFT JOIN street s ON s.id = r.street_id
    WHERE true ${listFilters(sql, f)}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT ${f.limit + 1}`;
}

/** The page among all matching reports: the page's ids first, then only those rows. */
function inView(sql: Sql, municipalityId: number, f: ReportFilters, after: ListPosition | undefined) {
  return sql<ListRow[]>`
    WITH page AS (
      SELECT r.id, r.created_at FROM report r
      WHERE r.municipality_id = ${municipalityId} AND r.published ${listFilters(sql, f)} ${afterCursor(sql, after)}
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT ${f.limit + 1})
    SELECT ${positionColumns(sql)}, ${summaryJson(sql)}
    FROM page JOIN report r ON r.id = page.id LEFT JOIN street s ON s.id = r.street_id
    ORDER BY page.created_at DESC, page.id DESC`;
}
