import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { ReportEventType } from '../domain/report-events.ts';
import type { ReportStatus } from '../domain/status.ts';
import { photosOf } from './photos.ts';
import { z } from 'zod';
import { ReportDetail, ReportEventView, type SummaryRow, summaryColumns, toSummary } from './report-shapes.ts';
import { trackingHash } from './tracking-code.ts';

/** A report's public page, and the reporter's own view of it by tracking code. */

interface DetailRow extends SummaryRow {
  details: string;
  department_id: number;
  updated_at: Date;
  accepted_at: Date | null;
  expected_at: Date | null;
  closed_at: Date | null;
  duplicate_of_reference: string | null;
  published: boolean;
  forwarded_to: string | null;
}

/** The public page adds the outside body a report was forwarded to, and which events a body wrote (README "Outside bodies"). */
export const PublicReportDetail = ReportDetail.extend({
  forwardedTo: z.object({ name: z.string() }).nullable(),
  events: z.array(ReportEventView.extend({ body: z.string().optional() })),
});
export type PublicReportDetail = z.infer<typeof PublicReportDetail>;

/** The reporter's view by tracking code (trackReport): also whether the report is public yet. */
export const TrackedReport = PublicReportDetail.extend({ published: z.boolean() });

async function loadDetail(sql: Sql, where: PendingQuery<Row[]>): Promise<DetailRow | undefined> {
  const [row] = await sql<DetailRow[]>`
    SELECT ${summaryColumns(sql)}, r.details, r.department_id, r.updated_at, r.accepted_at,
           r.expected_at, r.closed_at, r.published, d.reference AS duplicate_of_reference,
           (SELECT b.name FROM outside_body b WHERE b.id = r.forwarded_body_id) AS forwarded_to
    FROM report r
    LEFT JOIN street s ON s.id = r.street_id
    LEFT JOIN report d ON d.id = r.duplicate_of
    WHERE ${where}`;
  return row;
}

async function publicEvents(sql: Sql, reportId: string): Promise<PublicReportDetail['events']> {
  // `body`: the outside body's name on a forward and on what the body itself wrote through its link.
  const rows = await sql<{ type: ReportEventType; status: ReportStatus | null; message: string | null; body: string | null; at: Date }[]>`
    SELECT type, status, message, data->>'body' AS body, created_at AS at FROM report_event
    WHERE report_id = ${reportId} AND public
    ORDER BY created_at, id`;
  return rows.map((e) => ({
    type: e.type,
    ...(e.status ? { status: e.status } : {}),
    ...(e.message ? { message: e.message } : {}),
    ...(e.body ? { body: e.body } : {}),
    at: e.at,
  }));
}

async function toDetail(sql: Sql, slug: string, row: DetailRow): Promise<PublicReportDetail> {
  return {
    ...toSummary(row),
    details: row.details,
    departmentId: row.department_id,
    updatedAt: row.updated_at,
    acceptedAt: row.accepted_at,
    expectedAt: row.expected_at,
    closedAt: row.closed_at,
    duplicateOf: row.duplicate_of_reference,
    forwardedTo: row.forwarded_to ? { name: row.forwarded_to } : null,
    events: await publicEvents(sql, row.id),
    photos: await photosOf(sql, slug, row.id, false),
  };
}

export async function getPublicReport(sql: Sql, m: { id: number; slug: string }, reference: string): Promise<PublicReportDetail> {
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
): Promise<z.infer<typeof TrackedReport>> {
  const hash = trackingHash(key, rawCode);
  const row = await loadDetail(sql, sql`r.municipality_id = ${m.id} AND r.tracking_hash = ${hash}`);
  if (!row) throw new ApiError(404, 'not_found', 'No report has this tracking code');
  return { ...(await toDetail(sql, m.slug, row)), published: row.published };
}
