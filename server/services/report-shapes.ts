import type { Sql } from '../db/connect.ts';
import { z } from 'zod';
import { REPORT_EVENT_TYPES } from '../domain/report-events.ts';
import { REPORT_STATUSES, type ReportStatus } from '../domain/status.ts';
import type { LatLon } from './municipality.ts';
import { PhotoRef } from './photos.ts';

/**
 * A report as the public sees it, in a list or on its own page, and the one mapping from its
 * database row (toSummary; summaryJson when PostgreSQL writes the JSON itself).
 */

/** A point on the map, in WGS 84 degrees. */
export const LatLonAnswer = z.object({ lat: z.number(), lon: z.number() });

/** A report as anyone may see it in a list. Never any contact data. */
export const ReportSummary = z.object({
  reference: z.string(),
  title: z.string(),
  status: z.enum(REPORT_STATUSES),
  categoryId: z.number().int(),
  streetId: z.number().int().nullable(),
  streetName: z.string().nullable(),
  civic: z.string().nullable(),
  location: LatLonAnswer.nullable(),
  createdAt: z.date(),
  supportCount: z.number().int(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

/** `GET /reports`: a page of the public list; `nextCursor` continues it. */
export const ReportList = z.object({
  reports: z.array(ReportSummary),
  nextCursor: z.string().nullable(),
});
export type ReportList = z.infer<typeof ReportList>;

export const ReportEventView = z.object({
  type: z.enum(REPORT_EVENT_TYPES),
  status: z.enum(REPORT_STATUSES).optional(),
  message: z.string().optional(),
  at: z.date(),
});
export type ReportEventView = z.infer<typeof ReportEventView>;

export const ReportDetail = ReportSummary.extend({
  details: z.string(),
  departmentId: z.number().int(),
  updatedAt: z.date(),
  acceptedAt: z.date().nullable(),
  expectedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  duplicateOf: z.string().nullable(),
  events: z.array(ReportEventView),
  photos: z.array(PhotoRef),
});
export type ReportDetail = z.infer<typeof ReportDetail>;

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
