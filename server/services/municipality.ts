import { z } from 'zod';
import { Question } from '../domain/category-questions.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { notFound } from '../http/errors.ts';
import { hashPassword } from './passwords.ts';

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

export async function findMunicipality(sql: Sql | Tx, slug: string): Promise<Municipality | undefined> {
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

export const CategoryInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  departmentId: z.number().int(),
  daysToAccept: z.number().int(),
  daysToResolve: z.number().int(),
  /** Asked when filing (issue 15 §4). */
  questions: z.array(Question),
  /** Shown before filing; with `noticeBlocks`, citizens cannot file this category at all. */
  notice: z.string().nullable(),
  noticeBlocks: z.boolean(),
});
export type CategoryInfo = z.infer<typeof CategoryInfo>;

/** The columns of CategoryInfo, for every query that reads it (aliased `category`'s table as is). */
export const categoryInfoColumns = (sql: Sql) => sql`
  id, name, description, department_id AS "departmentId",
  days_to_accept AS "daysToAccept", days_to_resolve AS "daysToResolve",
  questions, notice, notice_blocks AS "noticeBlocks"`;

export async function activeCategories(sql: Sql, municipalityId: number): Promise<CategoryInfo[]> {
  return sql<CategoryInfo[]>`
    SELECT ${categoryInfoColumns(sql)}
    FROM category WHERE municipality_id = ${municipalityId} AND active
    ORDER BY sort_order, name`;
}

export async function departments(sql: Sql, municipalityId: number): Promise<{ id: number; name: string }[]> {
  return sql<{ id: number; name: string }[]>`
    SELECT id, name FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`;
}

/** What a new municipality is made of; what is left out takes the schema's default (migrations 0001, 0006). */
export interface NewMunicipality {
  slug: string;
  name: string;
  center: LatLon;
  istatCode?: string | null;
  zoom?: number;
  /** The territory: reports outside it are refused. */
  bounds?: Bounds | null;
  privacyUrl?: string | null;
  publishOnArrival?: boolean;
  allowedOrigins?: readonly string[];
  contactEmail?: string | null;
  /** The page of its site with the widget, linked from e-mails. */
  widgetPageUrl?: string | null;
  isDemo?: boolean;
  spamCheck?: SpamCheck;
  formMinSeconds?: number;
}

/**
 * Creates a municipality and returns its id: for the operator's CLI (server/cli/admin.ts), the
 * demo seed, the benchmarks and the tests, so all of them make the same rows.
 */
export async function createMunicipality(sql: Sql | Tx, m: NewMunicipality): Promise<number> {
  const b = m.bounds;
  const columns: Record<string, unknown> = {
    slug: m.slug,
    name: m.name,
    istat_code: m.istatCode,
    // Points and boxes as PostgreSQL reads them in text: (lon,lat), and a box by two opposite corners.
    map_center: `(${m.center.lon},${m.center.lat})`,
    map_zoom: m.zoom,
    map_bounds: b ? `((${b.west},${b.south}),(${b.east},${b.north}))` : b,
    privacy_url: m.privacyUrl,
    publish_on_arrival: m.publishOnArrival,
    allowed_origins: m.allowedOrigins && sql.array([...m.allowedOrigins]),
    contact_email: m.contactEmail,
    widget_page_url: m.widgetPageUrl,
    is_demo: m.isDemo,
    spam_check: m.spamCheck,
    form_min_seconds: m.formMinSeconds,
  };
  const given = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
  const [{ id }] = await sql<{ id: number }[]>`INSERT INTO municipality ${sql(given)} RETURNING id`;
  return id;
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: 'admin' | 'staff';
  /** Stored only as its hash (services/passwords.ts). */
  password: string;
  /** The departments whose reports a 'staff' account handles; an admin sees every one. */
  departmentIds?: readonly number[];
}

/**
 * Creates a staff account of a municipality and returns its id. The account and its departments
 * are written by one statement, so a failure leaves neither. The e-mail is kept in lower case, as
 * the console keeps it (services/settings.ts) and the login looks it up.
 */
export async function createStaffUser(sql: Sql | Tx, municipalityId: number, user: NewStaffUser): Promise<number> {
  const [{ id }] = await sql<{ id: number }[]>`
    WITH account AS (
      INSERT INTO staff_user (municipality_id, email, name, role, password_hash)
      VALUES (${municipalityId}, ${user.email.toLowerCase()}, ${user.name}, ${user.role}, ${await hashPassword(user.password)})
      RETURNING id
    ), departments AS (
      INSERT INTO staff_department (municipality_id, staff_user_id, department_id)
      SELECT ${municipalityId}, account.id, d.id FROM account, unnest(${sql.array([...(user.departmentIds ?? [])])}::int[]) AS d (id)
    )
    SELECT id FROM account`;
  return id;
}
