import type { Sql } from '../db/connect.ts';
import type { ReportEventType } from '../domain/report-events.ts';
import type { ReportStatus } from '../domain/status.ts';
import type { LatLon } from './municipality.ts';
import type { PhotoRef } from './photos.ts';

/**
 * A report as the public sees it, in a list or on its own page, and the one mapping from its
 * database row (toSummary; summaryJson when PostgreSQL writes the JSON itself).
 */

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
