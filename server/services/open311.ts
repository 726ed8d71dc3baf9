import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import type { ReportStatus } from '../domain/status.ts';
import { Open311Error } from '../open311/errors.ts';
import type { Municipality } from './municipality.ts';
import type { Question } from '../domain/category-questions.ts';
import { fileReport } from './report-filing.ts';
import { searchStreets } from './streets.ts';

/**
 * What GeoReport v2 needs from our data: categories as services, published reports as service
 * requests, their public history as FixMyStreet's "request updates", and filing. Contact data is
 * written here and never selected: no Open311 answer can carry it.
 */

// ---------------------------------------------------------------------------------------------
// Services: one per active category

export interface ServiceRow {
  id: number;
  name: string;
  description: string | null;
  department_name: string;
  days_to_accept: number;
  days_to_resolve: number;
  /** Issue 15 §4: the category's questions (service attributes) and its notice. */
  questions: Question[];
  notice: string | null;
}

export async function activeServices(sql: Sql, municipalityId: number, categoryId?: number): Promise<ServiceRow[]> {
  return sql<ServiceRow[]>`
    SELECT c.id, c.name, c.description, d.name AS department_name, c.days_to_accept, c.days_to_resolve,
           c.questions, c.notice
    FROM category c JOIN department d ON d.id = c.department_id
    WHERE c.municipality_id = ${municipalityId} AND c.active
      ${categoryId !== undefined ? sql`AND c.id = ${categoryId}` : sql``}
    ORDER BY c.sort_order, c.name`;
}

/** A service code as we give them (the category id); anything else names no service. */
export function categoryIdOf(serviceCode: string): number | undefined {
  return /^\d{1,9}$/.test(serviceCode) ? Number(serviceCode) : undefined;
}

const days = (n: number) => (n === 1 ? '1 giorno' : `${n} giorni`);

/** What the office commits to for this kind of report: the category's target times. */
export function serviceNotice(s: { days_to_accept: number; days_to_resolve: number }): string {
  return `Tempi obiettivo: presa in carico entro ${days(s.days_to_accept)}, risoluzione entro ${days(s.days_to_resolve)}.`;
}

export async function contactEmailOf(sql: Sql, municipalityId: number): Promise<string | null> {
  const [row] = await sql<{ contact_email: string | null }[]>`SELECT contact_email FROM municipality WHERE id = ${municipalityId}`;
  return row?.contact_email ?? null;
}

// ---------------------------------------------------------------------------------------------
// Service requests: published reports

export interface RequestRow {
  id: string;
  reference: string;
  status: ReportStatus;
  details: string;
  category_id: number;
  category_name: string;
  department_name: string;
  days_to_accept: number;
  days_to_resolve: number;
  created_at: Date;
  updated_at: Date;
  expected_at: Date | null;
  street_name: string | null;
  national_code: string | null;
  civic: string | null;
  lon: number | null;
  lat: number | null;
  media_url: string | null;
  photo_id: string | null;
  status_notes: string | null;
}

export interface RequestQuery {
  references?: string[];
  categoryIds?: number[];
  statuses?: readonly ReportStatus[];
  from?: Date;
  to?: Date;
  limit: number;
}

/** GeoReport v2 caps an answer at the first 1000 requests. */
export const MAX_REQUESTS = 1000;

export async function findRequests(sql: Sql, municipalityId: number, q: RequestQuery): Promise<RequestRow[]> {
  return sql<RequestRow[]>`
    SELECT r.id, r.reference, r.status, r.details, r.category_id, c.name AS category_name,
           d.name AS department_name, c.days_to_accept, c.days_to_resolve,
           r.created_at, r.updated_at, r.expected_at,
           s.name AS street_name, s.national_code, r.civic,
           r.location[0] AS lon, r.location[1] AS lat, r.media_url,
           (SELECT p.public_id FROM photo p WHERE p.report_id = r.id AND NOT p.hidden
            ORDER BY p.position LIMIT 1) AS photo_id,
           (SELECT e.message FROM report_event e
            WHERE e.report_id = r.id AND e.public AND coalesce(e.message, '') <> ''
            ORDER BY e.created_at DESC, e.id DESC LIMIT 1) AS status_notes
    FROM report r
    JOIN category c ON c.id = r.category_id
    JOIN department d ON d.id = r.department_id
    LEFT JOIN street s ON s.id = r.street_id
    WHERE r.municipality_id = ${municipalityId} AND r.published AND r.status <> 'hidden'
      ${q.references ? sql`AND r.reference IN ${sql(q.references)}` : sql``}
      ${q.categoryIds ? sql`AND r.category_id IN ${sql(q.categoryIds)}` : sql``}
      ${q.statuses ? sql`AND r.status IN ${sql(q.statuses as ReportStatus[])}` : sql``}
      ${q.from ? sql`AND r.created_at >= ${q.from}` : sql``}
      ${q.to ? sql`AND r.created_at <= ${q.to}` : sql``}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT ${q.limit}`;
}

// ---------------------------------------------------------------------------------------------
// Request updates (FixMyStreet's servicerequestupdates): the public history of published reports

export interface UpdateRow {
  id: string;
  reference: string;
  /** The report's status once this update happened (a reply leaves the status as it was). */
  status: ReportStatus;
  message: string | null;
  created_at: Date;
}

export async function findUpdates(sql: Sql, municipalityId: number, from: Date, to: Date, limit: number): Promise<UpdateRow[]> {
  return sql<UpdateRow[]>`
    SELECT e.id, r.reference, e.message, e.created_at,
           coalesce(e.status, (
             SELECT s.status FROM report_event s
             WHERE s.report_id = e.report_id AND s.status IS NOT NULL AND s.status <> 'hidden'
               AND (s.created_at, s.id) <= (e.created_at, e.id)
             ORDER BY s.created_at DESC, s.id DESC LIMIT 1), r.status) AS status
    FROM report_event e JOIN report r ON r.id = e.report_id
    WHERE e.municipality_id = ${municipalityId} AND e.public AND e.type IN ('status', 'reply', 'merge', 'citizen_message', 'reopened')
      AND e.created_at >= ${from} AND e.created_at <= ${to}
      AND r.published AND r.status <> 'hidden'
    ORDER BY e.created_at, e.id
    LIMIT ${limit}`;
}

// ---------------------------------------------------------------------------------------------
// Filing: POST requests

/** The form fields of a GeoReport v2 filing we read; `attribute[…]` and the rest are ignored. */
export interface Open311Filing {
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  description?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  media_url?: string;
  /** `attribute[code]=value`: answers to the service's attributes, by code. */
  attributes?: Record<string, string>;
}

const MAX_DESCRIPTION = 4000;
const TITLE_LENGTH = 60;

/**
 * A title for lists and e-mails, from the description: its first sentence (or line), cut at a word
 * boundary to 60 characters. Too short to say anything: the service's name.
 */
export function titleFrom(description: string, fallback: string): string {
  const firstLine = description.trim().split(/\r?\n/)[0].trim();
  const sentence = (/^(.+?[.!?…])(\s|$)/.exec(firstLine)?.[1] ?? firstLine).replace(/\.$/, '').trim();
  let title = sentence;
  if (title.length > TITLE_LENGTH) {
    const cut = title.slice(0, TITLE_LENGTH - 1);
    const space = cut.lastIndexOf(' ');
    title = `${(space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
  }
  return title.length >= 3 ? title : fallback;
}

/** A civic number as written in Italy: "3", "12/A", "12 bis", "7b". */
const CIVIC = /^\d{1,5}(?:\s*(?:\/\s*)?[a-z]{1,3})?$/i;
const POSTAL_CODE = /^\d{5}$/;

/**
 * The street (and civic number) an `address_string` names, with the street search the widget
 * uses (accent-, case- and typo-tolerant). Written most specific first ("Via Roma 3, 55047
 * Seravezza LU"): each comma-separated part is tried in order; a number alone or at either end of a
 * part is the civic number; postal codes and the town's own name are skipped.
 */
export async function matchAddress(
  sql: Sql,
  m: Municipality,
  address: string,
): Promise<{ streetId: number; civic?: string } | undefined> {
  const town = m.name.replace(/^comune di\s+/i, '').trim().toLowerCase();
  const parts = address
    .split(/[,;\n]/)
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter((p) => p && !POSTAL_CODE.test(p));
  let civic = parts.find((p) => CIVIC.test(p));
  for (const part of parts) {
    if (CIVIC.test(part)) continue;
    let street = part;
    const trailing = /^(.*\D)\s+(\d{1,5}(?:\s*\/\s*[a-z]{1,3}|[a-z]{1,3}\b| bis| ter)?)$/i.exec(part);
    const leading = /^(\d{1,5}[a-z]?)\s+(\D.*)$/i.exec(part);
    if (trailing) [street, civic] = [trailing[1], civic ?? trailing[2]];
    else if (leading) [street, civic] = [leading[2], civic ?? leading[1]];
    street = street.trim();
    if (street.length < 3 || street.toLowerCase() === town) continue;
    const [hit] = await searchStreets(sql, m.id, street.slice(0, 200), 1);
    if (hit) return { streetId: hit.id, ...(civic ? { civic: civic.slice(0, 100) } : {}) };
  }
  return undefined;
}

const EmailSchema = z.email().max(254);

/** Optional form text: trimmed, empty read as absent (GeoReport v2 "optional arguments"). */
function given(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function bounded(name: string, v: string | undefined, max: number): string | undefined {
  const t = given(v);
  if (t === undefined) return undefined;
  if (t.length > max) throw new Open311Error(400, `${name} must be at most ${max} characters`);
  if (t.includes('\u0000')) throw new Open311Error(400, `${name} must not contain NUL characters`);
  return t;
}

function coordinate(name: 'lat' | 'long', v: string, limit: number): number {
  if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(v)) throw new Open311Error(400, `${name} must be a number (WGS84 degrees)`);
  const n = Number(v);
  if (Math.abs(n) > limit) throw new Open311Error(400, `${name} must be between -${limit} and ${limit}`);
  return n;
}

export interface FiledRequest {
  reference: string;
  notice: string;
}

/**
 * Files a GeoReport v2 request as an ordinary report (fileReport: same routing to the category's
 * office, history, notices, Mi associo, console). The caller has checked the API key. The
 * partner's agreement with the municipality stands for the privacy consent the widget asks for.
 */
export async function fileOpen311Request(sql: Sql, secretKey: Buffer, m: Municipality, f: Open311Filing): Promise<FiledRequest> {
  const serviceCode = given(f.service_code);
  if (!serviceCode) throw new Open311Error(400, 'service_code was not provided');
  const categoryId = categoryIdOf(serviceCode);
  const [service] = categoryId === undefined ? [] : await activeServices(sql, m.id, categoryId);
  if (!service) throw new Open311Error(404, `service_code ${serviceCode} not found`);

  const description = bounded('description', f.description, MAX_DESCRIPTION);
  if (!description) throw new Open311Error(400, 'description was not provided');

  // Location: a point, a street by its national code (address_id), or an address to match.
  const lat = given(f.lat);
  const lon = given(f.long);
  if ((lat === undefined) !== (lon === undefined)) throw new Open311Error(400, 'lat and long must be sent together');
  const location = lat !== undefined && lon !== undefined ? { lat: coordinate('lat', lat, 90), lon: coordinate('long', lon, 180) } : undefined;
  let streetId: number | undefined;
  let civic: string | undefined;
  const addressId = bounded('address_id', f.address_id, 100);
  const addressString = bounded('address_string', f.address_string, 500);
  if (addressId) {
    const [street] = await sql<{ id: number }[]>`
      SELECT id FROM street WHERE municipality_id = ${m.id} AND national_code = ${addressId}`;
    if (!street) throw new Open311Error(400, `address_id ${addressId} is not a street of ${m.name}`);
    streetId = street.id;
  }
  if (streetId === undefined && addressString) {
    const match = await matchAddress(sql, m, addressString);
    if (match) ({ streetId, civic } = match);
    else if (!location) throw new Open311Error(400, `address_string: no street of ${m.name} matches "${addressString}"`);
  }
  if (!location && streetId === undefined) {
    throw new Open311Error(400, 'A location is required: lat and long, address_string or address_id');
  }

  const email = given(f.email);
  if (email !== undefined && !EmailSchema.safeParse(email).success) throw new Open311Error(400, 'email is not an e-mail address');
  const name = bounded('first_name and last_name', [given(f.first_name), given(f.last_name)].filter(Boolean).join(' '), 200);
  const phone = bounded('phone', f.phone, 50);
  const mediaUrl = bounded('media_url', f.media_url, 2000);
  if (mediaUrl !== undefined && !isWebUrl(mediaUrl)) throw new Open311Error(400, 'media_url must be an http or https URL');

  // Attributes of ours are the category's questions; others are the sender's own (FixMyStreet sends
  // easting, northing, its report id…) and are left alone, as GeoReport v2 clients expect.
  const asked = new Set(service.questions.map((q) => q.id));
  const ours = Object.entries(f.attributes ?? {}).filter(([code]) => asked.has(code));
  const answers = ours.length ? Object.fromEntries(ours) : undefined;
  const contact = email || name || phone ? { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) } : undefined;
  const filed = await fileReport(
    sql,
    secretKey,
    m,
    {
      categoryId: service.id,
      title: titleFrom(description, service.name),
      details: description,
      ...(streetId !== undefined ? { streetId } : {}),
      ...(civic ? { civic } : {}),
      ...(location ? { location } : {}),
      ...(contact ? { contact } : {}),
      ...(mediaUrl ? { mediaUrl } : {}),
      ...(answers ? { answers } : {}),
      privacyAccepted: true,
      channel: 'open311',
    },
    undefined,
  );
  return { reference: filed.reference, notice: serviceNotice(service) };
}

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && /^https?:\/\//i.test(s);
  } catch {
    return false;
  }
}
