import { STATUS_INFO } from '../domain/status.ts';
import type { staffQueueAll } from './staff-queue.ts';

type ExportRow = Awaited<ReturnType<typeof staffQueueAll>>[number];

/**
 * The reports of a staff filter as GeoJSON (RFC 7946) for a GIS: one feature per report, a point
 * at its position (`null` geometry when it was filed by street only: QGIS keeps it as a row), with
 * the public fields, category, office, status and dates. Never the reporter's contact data or the
 * description: the file leaves the console for other tools and other people.
 */
export function queueGeoJson(rows: ExportRow[]) {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.reference,
      geometry: r.location ? { type: 'Point' as const, coordinates: [r.location.lon, r.location.lat] as [number, number] } : null,
      properties: {
        reference: r.reference,
        title: r.title,
        status: r.status,
        statusLabel: STATUS_INFO[r.status].label,
        category: r.categoryName,
        department: r.departmentName,
        street: r.streetName,
        civic: r.civic,
        createdAt: r.createdAt.toISOString(),
        acceptedAt: r.acceptedAt?.toISOString() ?? null,
        closedAt: r.closedAt?.toISOString() ?? null,
        supportCount: r.supportCount,
        overdue: r.overdue,
        published: r.published,
        /** How it came (`web`, `open311`, `phone`, …); never who filed it. */
        channel: r.channel,
      },
    })),
  };
}
