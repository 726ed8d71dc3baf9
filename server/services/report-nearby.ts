import type { Sql } from '../db/connect.ts';
import { OPEN_STATUSES, type ReportStatus } from '../domain/status.ts';
import type { LatLon } from './municipality.ts';
import { type ReportSummary, type SummaryRow, summaryColumns, toSummary } from './report-shapes.ts';
import { metersPerDegreeLat, metersPerDegreeLon } from './streets.ts';

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
