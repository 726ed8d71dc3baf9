import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { PendingQuery, Row } from 'postgres';
import type { Sql, Tx } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { JsonText } from '../http/json-text.ts';
import { invalidRequest } from '../http/validate.ts';
import { REFERENCE_FORMAT } from '../domain/formats.ts';
import type { ReportEventType } from '../domain/report-events.ts';
import { OPEN_STATUSES, type ReportStatus, STATUS_INFO } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';
import { type Bounds, type LatLon, type Municipality, isInside } from './municipality.ts';
import { enqueueNewReportNotice, enqueueReceipt } from './outbox.ts';
import { insertPhotos, type PhotoRef, photosOf, type ProcessedPhoto } from './photos.ts';
import { metersPerDegreeLat, metersPerDegreeLon, nearestStreet } from './streets.ts';
import {
  deriveTrackingCode,
  formatTrackingCode,
  newTrackingSalt,
  trackingHash,
} from './tracking-code.ts';

/** A report as anyone may see it in a list. Never any contact data. */
export interface ReportSummary {
  reference: string;
  title: string;
  status: ReportStatus;
  categoryId: number;
  streetId: number | null;
  streetName: string | null;
  civic: string | null;
  location: LatLon | null;
  createdAt: Date;
  supportCount: number;
}

/** `GET /reports`: a page of the public list; `nextCursor` continues it. */
export interface ReportList {
  reports: ReportSummary[];
  nextCursor: string | null;
}

export interface ReportEventView {
  type: ReportEventType;
  status?: ReportStatus;
  message?: string;
  at: Date;
}

export interface ReportDetail extends ReportSummary {
  details: string;
  departmentId: number;
  updatedAt: Date;
  acceptedAt: Date | null;
  expectedAt: Date | null;
  closedAt: Date | null;
  duplicateOf: string | null;
  events: ReportEventView[];
  photos: PhotoRef[];
}

export interface SummaryRow {
  id: string;
  reference: string;
  title: string;
  status: ReportStatus;
  category_id: number;
  street_id: number | null;
  street_name: string | null;
  civic: string | null;
  lon: number | null;
  lat: number | null;
  created_at: Date;
  support_count: number;
}

interface DetailRow extends SummaryRow {
  details: string;
  department_id: number;
  updated_at: Date;
  accepted_at: Date | null;
  expected_at: Date | null;
  closed_at: Date | null;
  duplicate_of_reference: string | null;
  published: boolean;
}

export function toSummary(r: SummaryRow): ReportSummary {
  return {
    reference: r.reference,
    title: r.title,
    status: r.status,
    categoryId: r.category_id,
    streetId: r.street_id,
    streetName: r.street_name,
    civic: r.civic,
    location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
    createdAt: r.created_at,
    supportCount: r.support_count,
  };
}

/** The columns every public view of a report selects; contact columns are deliberately absent. */
export function summaryColumns(sql: Sql) {
  return sql`
    r.id, r.reference, r.title, r.status, r.category_id, r.street_id, s.name AS street_name, r.civic,
    r.location[0] AS lon, r.location[1] AS lat, r.created_at, r.support_count`;
}

// ---------------------------------------------------------------------------------------------
// Public list

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

/**
 * What `toSummary` gives for report `r` on street `s`, serialised by PostgreSQL: a list sends 50
 * of them, and reading 12 columns of each into JavaScript, then writing them out again, was half
 * of the server's time for a list (BENCHMARKS.md). Dates as JavaScript writes them.
 */
export function summaryJson(sql: Sql) {
  return sql`
    row_to_json((SELECT x FROM (SELECT
      r.reference, r.title, r.status, r.category_id AS "categoryId", r.street_id AS "streetId",
      s.name AS "streetName", r.civic,
      (SELECT row_to_json(l) FROM (SELECT r.location[1] AS lat, r.location[0] AS lon) l WHERE r.location IS NOT NULL) AS location,
      to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
      r.support_count AS "supportCount") x))::text AS summary`;
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

/**
 * The fewest letters or digits in a row a text search must hold (README, "HTTP API"). The search
 * is a substring match served by the trigram index on `search_text` (0001_init.sql), and a
 * trigram index finds nothing to look up in one or two letters: PostgreSQL then reads every
 * report of the table, 0.5 s at 100 000 (issue 11, item 3; BENCHMARKS.md).
 */
export const MIN_SEARCH_RUN = 3;

/** Why `q` (already trimmed, not empty) cannot be searched, or undefined when it can. */
export function searchTextProblem(q: string): string | undefined {
  if ([...q].length < MIN_SEARCH_RUN) return `must be at least ${MIN_SEARCH_RUN} characters`;
  // fold_text() and pg_trgm split words where this does: letters and digits, accents aside.
  const folded = q.normalize('NFD').replace(/\p{M}/gu, '');
  if (!new RegExp(`[\\p{L}\\p{N}]{${MIN_SEARCH_RUN}}`, 'u').test(folded)) {
    return `must contain a word of at least ${MIN_SEARCH_RUN} letters or digits`;
  }
  return undefined;
}

/** `AND …` matching a free-text query in title and details (accent-insensitive), or a whole reference. */
export function textFilter(sql: Sql, q: string) {
  // Accent-insensitive substring search in title and details; a reference typed whole also matches.
  // `LIKE '%…%'` on search_text is what the trigram index report_search_trgm serves (EXPLAIN in
  // test/server/text-search.test.ts); the reference by the unique (municipality_id, reference).
  // The reference is compared only when the text has its shape: an OR always there made the
  // planner weigh two indexes and read the whole table instead, below some 10 000 reports.
  const like = sql`r.search_text LIKE '%' || replace(replace(replace(fold_text(${q}), '!', '!!'), '%', '!%'), '_', '!_') || '%' ESCAPE '!'`;
  return REFERENCE_FORMAT.test(q.trim()) ? sql`AND (${like} OR r.reference = ${q.trim()})` : sql`AND ${like}`;
}

/**
 * Sends `query` as an unnamed statement when it searches text, so that PostgreSQL plans it for the
 * text it is given. postgres.js prepares every statement, and after five runs PostgreSQL may
 * settle on a generic plan blind to the text: a rare word is best found through the trigram
 * index, a common one by walking the newest reports until the page is full, and the one plan for
 * both took 1.8 s at 100 000 reports for a text the right plan finds in 0.1 ms (BENCHMARKS.md).
 * `prepare: false` is what postgres.js's own `sql.unsafe()` sets on the same object.
 */
export function textPlanned<T extends PromiseLike<unknown>>(f: { q?: string }, query: T): T {
  const options = (query as unknown as { options?: { prepare?: boolean } }).options;
  if (f.q && options) options.prepare = false;
  return query;
}

// ---------------------------------------------------------------------------------------------
// Nearby open reports: duplicate suggestions before filing

export async function nearbyOpenReports(
  sql: Sql,
  municipalityId: number,
  p: LatLon,
  radiusMeters: number,
  categoryId: number | undefined,
  limit: number,
): Promise<(ReportSummary & { distanceMeters: number })[]> {
  const kx = metersPerDegreeLon(p.lat);
  const ky = metersPerDegreeLat;
  const dLon = radiusMeters / kx;
  const dLat = radiusMeters / ky;
  const rows = await sql<(SummaryRow & { distance: number })[]>`
    SELECT * FROM (
      SELECT ${summaryColumns(sql)},
             sqrt(((r.location[0] - ${p.lon}) * ${kx}) ^ 2 + ((r.location[1] - ${p.lat}) * ${ky}) ^ 2) AS distance
      FROM report r LEFT JOIN street s ON s.id = r.street_id
      WHERE r.municipality_id = ${municipalityId} AND r.published
        AND r.status IN ${sql(OPEN_STATUSES as ReportStatus[])}
        AND r.location <@ box(point(${p.lon - dLon}, ${p.lat - dLat}), point(${p.lon + dLon}, ${p.lat + dLat}))
        ${categoryId !== undefined ? sql`AND r.category_id = ${categoryId}` : sql``}
    ) near
    WHERE distance <= ${radiusMeters}
    ORDER BY distance, created_at DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({ ...toSummary(r), distanceMeters: Math.round(r.distance) }));
}

// ---------------------------------------------------------------------------------------------
// Detail and tracking

async function loadDetail(sql: Sql, where: PendingQuery<Row[]>): Promise<DetailRow | undefined> {
  const [row] = await sql<DetailRow[]>`
    SELECT ${summaryColumns(sql)}, r.details, r.department_id, r.updated_at, r.accepted_at,
           r.expected_at, r.closed_at, r.published, d.reference AS duplicate_of_reference
    FROM report r
    LEFT JOIN street s ON s.id = r.street_id
    LEFT JOIN report d ON d.id = r.duplicate_of
    WHERE ${where}`;
  return row;
}

async function publicEvents(sql: Sql, reportId: string): Promise<ReportEventView[]> {
  const rows = await sql<{ type: ReportEventType; status: ReportStatus | null; message: string | null; at: Date }[]>`
    SELECT type, status, message, created_at AS at FROM report_event
    WHERE report_id = ${reportId} AND public
    ORDER BY created_at, id`;
  return rows.map((e) => ({
    type: e.type,
    ...(e.status ? { status: e.status } : {}),
    ...(e.message ? { message: e.message } : {}),
    at: e.at,
  }));
}

async function toDetail(sql: Sql, slug: string, row: DetailRow): Promise<ReportDetail> {
  return {
    ...toSummary(row),
    details: row.details,
    departmentId: row.department_id,
    updatedAt: row.updated_at,
    acceptedAt: row.accepted_at,
    expectedAt: row.expected_at,
    closedAt: row.closed_at,
    duplicateOf: row.duplicate_of_reference,
    events: await publicEvents(sql, row.id),
    photos: await photosOf(sql, slug, row.id, false),
  };
}

export async function getPublicReport(sql: Sql, m: { id: number; slug: string }, reference: string): Promise<ReportDetail> {
  const row = await loadDetail(
    sql,
    sql`r.municipality_id = ${m.id} AND r.reference = ${reference} AND r.published AND r.status <> 'hidden'`,
  );
  if (!row) throw notFound('Report');
  return toDetail(sql, m.slug, row);
}

/** The reporter's own view: any status, published or not, but still only the public history. */
export async function trackReport(
  sql: Sql,
  key: Buffer,
  m: { id: number; slug: string },
  rawCode: string,
): Promise<ReportDetail & { published: boolean }> {
  const hash = trackingHash(key, rawCode);
  const row = await loadDetail(sql, sql`r.municipality_id = ${m.id} AND r.tracking_hash = ${hash}`);
  if (!row) throw new ApiError(404, 'not_found', 'No report has this tracking code');
  return { ...(await toDetail(sql, m.slug, row)), published: row.published };
}

// ---------------------------------------------------------------------------------------------
// Filing

export interface NewReport {
  categoryId: number;
  title: string;
  details: string;
  streetId?: number;
  civic?: string;
  location?: LatLon;
  contact?: { name?: string; email?: string; phone?: string };
  privacyAccepted: true;
  /** A link to media held elsewhere (Open311 partners' media_url). */
  mediaUrl?: string;
}

export interface FiledReport {
  reference: string;
  trackingCode: string;
  status: ReportStatus;
  published: boolean;
  /** true when an earlier request with the same Idempotency-Key had already filed it. */
  replayed: boolean;
}

/** A location given without a street is tied to the nearest known street within this distance. */
const STREET_SNAP_METERS = 75;

export async function fileReport(
  sql: Sql,
  key: Buffer,
  municipality: Municipality,
  input: NewReport,
  idempotencyKey: string | undefined,
  photos: ProcessedPhoto[] = [],
  /** A checked form token (services/spam-check.ts), used up by this filing. */
  formTokenId?: string,
): Promise<FiledReport> {
  const mId = municipality.id;
  const [category] = await sql<{ department_id: number }[]>`
    SELECT department_id FROM category WHERE municipality_id = ${mId} AND id = ${input.categoryId} AND active`;
  if (!category) throw invalidRequest([{ field: 'categoryId', message: 'Unknown category' }]);
  if (input.streetId !== undefined) {
    const [street] = await sql`SELECT 1 FROM street WHERE municipality_id = ${mId} AND id = ${input.streetId}`;
    if (!street) throw invalidRequest([{ field: 'streetId', message: 'Unknown street' }]);
  }
  if (input.location && !isInside(municipality.bounds, input.location)) {
    throw invalidRequest([{ field: 'location', message: `The point is outside the territory of ${municipality.name}` }]);
  }
  let streetId = input.streetId;
  if (streetId === undefined && input.location) {
    streetId = (await nearestStreet(sql, mId, input.location, STREET_SNAP_METERS))?.id;
  }

  const requestHash = createHash('sha256')
    .update(JSON.stringify(input))
    .update(photos.map((p) => p.sourceHash).join(','))
    .digest();
  const replay = async (): Promise<FiledReport | undefined> => {
    if (!idempotencyKey) return undefined;
    const [prior] = await sql<{ reference: string; tracking_salt: Buffer; status: ReportStatus; published: boolean; idempotency_hash: Buffer }[]>`
      SELECT reference, tracking_salt, status, published, idempotency_hash FROM report
      WHERE municipality_id = ${mId} AND idempotency_key = ${idempotencyKey}`;
    if (!prior) return undefined;
    if (!prior.idempotency_hash.equals(requestHash)) {
      throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different report');
    }
    return {
      reference: prior.reference,
      trackingCode: formatTrackingCode(deriveTrackingCode(key, prior.tracking_salt)),
      status: prior.status,
      published: prior.published,
      replayed: true,
    };
  };

  const earlier = await replay();
  if (earlier) return earlier;

  const salt = newTrackingSalt();
  const rawCode = deriveTrackingCode(key, salt);
  const published = municipality.publishOnArrival;
  try {
    const reference = await sql.begin(async (tx) => {
      const [{ year, number }] = await tx<{ year: number; number: number }[]>`
        INSERT INTO reference_counter (municipality_id, year, last_number)
        VALUES (${mId}, extract(year FROM now() AT TIME ZONE ${TIME_ZONE})::int, 1)
        ON CONFLICT (municipality_id, year) DO UPDATE SET last_number = reference_counter.last_number + 1
        RETURNING year, last_number AS number`;
      const reference = `${year}-${String(number).padStart(6, '0')}`;
      const [report] = await tx<{ id: string }[]>`
        INSERT INTO report (municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id,
                            status, published, title, details, street_id, civic, location,
                            contact_name, contact_email, contact_phone, idempotency_key, idempotency_hash, media_url)
        VALUES (${mId}, ${reference}, ${trackingHash(key, rawCode)}, ${salt}, ${input.categoryId}, ${category.department_id},
                'submitted', ${published}, ${input.title}, ${input.details}, ${streetId ?? null}, ${input.civic ?? null},
                ${input.location ? sql`point(${input.location.lon}, ${input.location.lat})` : null},
                ${input.contact?.name ?? null}, ${input.contact?.email ?? null}, ${input.contact?.phone ?? null},
                ${idempotencyKey ?? null}, ${idempotencyKey ? requestHash : null}, ${input.mediaUrl ?? null})
        RETURNING id`;
      // After the report's insert: a racing retry with the same Idempotency-Key fails there first
      // and answers with the winner's report instead of "token used".
      if (formTokenId) await useFormToken(tx, mId, formTokenId);
      await tx`
        INSERT INTO report_event (municipality_id, report_id, type, status, public)
        VALUES (${mId}, ${report.id}, 'created', 'submitted', true)`;
      await insertPhotos(tx, mId, report.id, photos);
      await enqueueNewReportNotice(tx, mId, report.id, category.department_id);
      await enqueueReceipt(tx, mId, report.id);
      return reference;
    });
    return { reference, trackingCode: formatTrackingCode(rawCode), status: 'submitted', published, replayed: false };
  } catch (err) {
    // Two requests with the same key raced: the loser's transaction is rolled back whole (its
    // reference number too) and it answers with the winner's report.
    if ((err as { constraint_name?: string }).constraint_name === 'report_municipality_id_idempotency_key_key') {
      const winner = await replay();
      if (winner) return winner;
    }
    throw err;
  }
}

async function useFormToken(tx: Tx, municipalityId: number, tokenId: string) {
  const used = await tx`
    INSERT INTO form_token_use (municipality_id, token_id) VALUES (${municipalityId}, ${tokenId})
    ON CONFLICT DO NOTHING RETURNING token_id`;
  if (!used.length) {
    throw new ApiError(422, 'form_token_used', 'This form token has already filed a report: reload the form', {
      fields: [{ field: 'antiSpam.token', message: 'already used' }],
    });
  }
}

export const statusGroupOf = (s: ReportStatus) => STATUS_INFO[s].group;
