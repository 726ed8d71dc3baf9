import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import type { LatLon } from './municipality.ts';

export const StreetSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  locality: z.string().nullable(),
});
export type StreetSummary = z.infer<typeof StreetSummary>;

/** Below this a fuzzy match is more noise than help ("de gaspari" → "de gasperi" scores 0.64). */
const MIN_WORD_SIMILARITY = 0.45;

/**
 * Street search for the autocomplete: accent-, case- and apostrophe-insensitive, typo tolerant,
 * ranked so that a name starting with the query comes first, then the closest fuzzy matches.
 */
export async function searchStreets(sql: Sql, municipalityId: number, q: string, limit: number): Promise<StreetSummary[]> {
  const query = q.trim();
  if (!query) {
    return sql<StreetSummary[]>`
      SELECT id, name, type, locality FROM street
      WHERE municipality_id = ${municipalityId} ORDER BY name LIMIT ${limit}`;
  }
  return sql<StreetSummary[]>`
    WITH f AS (SELECT fold_text(${query}) AS q),
    -- The same text with LIKE's wildcards escaped, so "%" and "_" typed by a person match themselves.
    q AS (SELECT f.q, replace(replace(replace(f.q, '!', '!!'), '%', '!%'), '_', '!_') AS qe FROM f)
    SELECT id, name, type, locality
    FROM street, q
    WHERE municipality_id = ${municipalityId}
      AND (search_name LIKE '%' || q.qe || '%' ESCAPE '!' OR word_similarity(q.q, search_name) >= ${MIN_WORD_SIMILARITY})
    ORDER BY
      -- "gasp" should offer "Via Alcide De Gasperi" before "Via Gaspare ..."'s fuzzy cousins:
      -- exact word starts first, then substring, then similarity.
      (search_name LIKE q.qe || '%' ESCAPE '!' OR fold_text(base_name) LIKE q.qe || '%' ESCAPE '!') DESC,
      ((' ' || search_name) LIKE '% ' || q.qe || '%' ESCAPE '!') DESC,
      word_similarity(q.q, search_name) DESC,
      length(name), name
    LIMIT ${limit}`;
}

export const NearestStreet = StreetSummary.extend({ distanceMeters: z.number() });
export type NearestStreet = z.infer<typeof NearestStreet>;

/** Metres per degree of latitude, and of longitude at a given latitude (equirectangular; fine at town scale). */
export const metersPerDegreeLat = 111_320;
export const metersPerDegreeLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/** The street whose known point (civic number, geometry vertex) is closest, within maxMeters. */
export async function nearestStreet(sql: Sql, municipalityId: number, p: LatLon, maxMeters: number): Promise<NearestStreet | undefined> {
  // `<->` is plain Euclidean distance in degrees: longitudes are scaled into latitude degrees so
  // that the ordering matches metres, using the GiST index on an equal-area-ish bounding box first.
  const dLat = maxMeters / metersPerDegreeLat;
  const dLon = maxMeters / metersPerDegreeLon(p.lat);
  const [row] = await sql<(StreetSummary & { dx: number; dy: number })[]>`
    SELECT s.id, s.name, s.type, s.locality,
           (sp.location[0] - ${p.lon}) AS dx, (sp.location[1] - ${p.lat}) AS dy
    FROM street_point sp JOIN street s ON s.id = sp.street_id
    WHERE sp.municipality_id = ${municipalityId}
      AND sp.location <@ box(point(${p.lon - dLon}, ${p.lat - dLat}), point(${p.lon + dLon}, ${p.lat + dLat}))
    ORDER BY ((sp.location[0] - ${p.lon}) * ${metersPerDegreeLon(p.lat)}) ^ 2
           + ((sp.location[1] - ${p.lat}) * ${metersPerDegreeLat}) ^ 2
    LIMIT 1`;
  if (!row) return undefined;
  const distanceMeters = Math.hypot(row.dx * metersPerDegreeLon(p.lat), row.dy * metersPerDegreeLat);
  if (distanceMeters > maxMeters) return undefined;
  return { id: row.id, name: row.name, type: row.type, locality: row.locality, distanceMeters: Math.round(distanceMeters) };
}

export const StreetWithCount = StreetSummary.extend({ openReports: z.number().int() });
export type StreetWithCount = z.infer<typeof StreetWithCount>;

/** Every street of the municipality with its number of active (public, open) reports. */
export async function streetsSummary(sql: Sql, municipalityId: number, openStatuses: readonly string[]): Promise<StreetWithCount[]> {
  return sql<StreetWithCount[]>`
    SELECT s.id, s.name, s.type, s.locality, coalesce(c.n, 0)::int AS "openReports"
    FROM street s
    LEFT JOIN (
      SELECT street_id, count(*) AS n FROM report
      WHERE municipality_id = ${municipalityId} AND published AND status IN ${sql(openStatuses as string[])}
        AND street_id IS NOT NULL
      GROUP BY street_id
    ) c ON c.street_id = s.id
    WHERE s.municipality_id = ${municipalityId}
    ORDER BY s.name`;
}

export async function streetExists(sql: Sql, municipalityId: number, streetId: number): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM street WHERE municipality_id = ${municipalityId} AND id = ${streetId}`;
  return row !== undefined;
}

/** One street with its count of active reports, for a page fixed to that street. */
export async function streetById(sql: Sql, municipalityId: number, streetId: number, openStatuses: readonly string[]): Promise<StreetWithCount | undefined> {
  const [row] = await sql<StreetWithCount[]>`
    SELECT s.id, s.name, s.type, s.locality,
           (SELECT count(*) FROM report r
            WHERE r.municipality_id = ${municipalityId} AND r.street_id = s.id AND r.published
              AND r.status IN ${sql(openStatuses as string[])})::int AS "openReports"
    FROM street s WHERE s.municipality_id = ${municipalityId} AND s.id = ${streetId}`;
  return row;
}
