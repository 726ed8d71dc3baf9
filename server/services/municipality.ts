import type { Sql } from '../db/connect.ts';
import { notFound } from '../http/errors.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface Municipality {
  id: number;
  slug: string;
  name: string;
  istatCode: string | null;
  center: LatLon;
  zoom: number;
  bounds: Bounds | null;
  tileUrl: string;
  tileAttribution: string;
  privacyUrl: string | null;
  publishOnArrival: boolean;
  allowedOrigins: string[];
  isDemo: boolean;
  spamCheck: SpamCheck;
  formMinSeconds: number;
}

/** How citizen filings are checked for spam; see migration 0006 and services/spam-check.ts. */
export type SpamCheck = 'off' | 'form' | 'pow';

interface MunicipalityRow {
  id: number;
  slug: string;
  name: string;
  istat_code: string | null;
  center_lat: number;
  center_lon: number;
  map_zoom: number;
  south: number | null;
  west: number | null;
  north: number | null;
  east: number | null;
  tile_url: string;
  tile_attribution: string;
  privacy_url: string | null;
  publish_on_arrival: boolean;
  allowed_origins: string[];
  is_demo: boolean;
  spam_check: SpamCheck;
  form_min_seconds: number;
}

function toMunicipality(r: MunicipalityRow): Municipality {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    istatCode: r.istat_code,
    center: { lat: r.center_lat, lon: r.center_lon },
    zoom: r.map_zoom,
    bounds: r.south === null ? null : { south: r.south, west: r.west!, north: r.north!, east: r.east! },
    tileUrl: r.tile_url,
    tileAttribution: r.tile_attribution,
    privacyUrl: r.privacy_url,
    publishOnArrival: r.publish_on_arrival,
    allowedOrigins: r.allowed_origins,
    isDemo: r.is_demo,
    spamCheck: r.spam_check,
    formMinSeconds: r.form_min_seconds,
  };
}

export async function findMunicipality(sql: Sql, slug: string): Promise<Municipality | undefined> {
  // A box is stored upper-right corner first: [0] is (east, north), [1] is (west, south).
  const [row] = await sql<MunicipalityRow[]>`
    SELECT id, slug, name, istat_code, map_zoom, tile_url, tile_attribution, privacy_url,
           publish_on_arrival, allowed_origins, is_demo, spam_check, form_min_seconds,
           map_center[0] AS center_lon, map_center[1] AS center_lat,
           (map_bounds[1])[1] AS south, (map_bounds[1])[0] AS west,
           (map_bounds[0])[1] AS north, (map_bounds[0])[0] AS east
    FROM municipality WHERE slug = ${slug}`;
  return row && toMunicipality(row);
}

export async function requireMunicipality(sql: Sql, slug: string): Promise<Municipality> {
  const municipality = await findMunicipality(sql, slug);
  if (!municipality) throw notFound('Municipality');
  return municipality;
}

export function isInside(bounds: Bounds | null, p: LatLon): boolean {
  if (!bounds) return true;
  return p.lat >= bounds.south && p.lat <= bounds.north && p.lon >= bounds.west && p.lon <= bounds.east;
}

export interface CategoryInfo {
  id: number;
  name: string;
  description: string | null;
  departmentId: number;
  daysToAccept: number;
  daysToResolve: number;
}

export async function activeCategories(sql: Sql, municipalityId: number): Promise<CategoryInfo[]> {
  return sql<CategoryInfo[]>`
    SELECT id, name, description, department_id AS "departmentId",
           days_to_accept AS "daysToAccept", days_to_resolve AS "daysToResolve"
    FROM category WHERE municipality_id = ${municipalityId} AND active
    ORDER BY sort_order, name`;
}

export async function departments(sql: Sql, municipalityId: number): Promise<{ id: number; name: string }[]> {
  return sql<{ id: number; name: string }[]>`
    SELECT id, name FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`;
}
