import type { Sql, Tx } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { newOpen311Key, setOpen311Key } from './open311-keys.ts';
import { dropEditions } from './open-data/dataset.ts';
import { OPEN_DATA_LICENCE_IDS, type OpenDataLicence } from './open-data/licences.ts';
import { CategoryInfo, categoryInfoColumns } from './municipality.ts';
import { type Question, type QuestionsInput, withIds } from '../domain/category-questions.ts';
import { z } from 'zod';
import { hashPassword } from './passwords.ts';
import { type ChangeBy, recordSettingsChange } from './settings-log.ts';
import { releaseAssignments } from './staff-report-actions.ts';
import type { StaffRole } from './staff-auth.ts';

/**
 * `GET /admin/settings`: the municipality's own settings, departments, categories and staff, as
 * the admin's page shows them.
 */
export const SettingsView = z.object({
  municipality: z.object({
    name: z.string(),
    publishOnArrival: z.boolean(),
    allowedOrigins: z.array(z.string()),
    contactEmail: z.string().nullable(),
    privacyUrl: z.string().nullable(),
    tileUrl: z.string().nullable(),
    tileAttribution: z.string().nullable(),
    /** Whether an Open311 key exists (the key itself is never given back). */
    open311KeySet: z.boolean(),
    /** Spam checks on citizen filings: none, form token with minimum fill time, or that plus ALTCHA. */
    spamCheck: z.enum(['off', 'form', 'pow']),
    formMinSeconds: z.number().int(),
    /** Is it really fixed?: supporters whose "not fixed" reopens a report, and the days to answer (and to rate). */
    reopenSupporters: z.number().int(),
    reopenWindowDays: z.number().int(),
    /** Open data (README, "Open data"): published or not, under which licence (an SPDX id). */
    openData: z.boolean(),
    openDataLicence: z.enum(OPEN_DATA_LICENCE_IDS),
    /** The administration's code in the Indice PA, naming it in the DCAT-AP_IT metadata. */
    ipaCode: z.string().nullable(),
  }),
  departments: z.array(z.object({ id: z.number().int(), name: z.string(), email: z.string().nullable() })),
  /** Retired ones too (`active` false), in the order the citizen's list shows them. */
  categories: z.array(CategoryInfo.extend({ active: z.boolean(), sortOrder: z.number().int(), reopenAllowed: z.boolean() })),
  staff: z.array(
    z.object({ id: z.number().int(), email: z.string(), name: z.string(), role: z.enum(['admin', 'staff']), active: z.boolean(), departmentIds: z.array(z.number().int()) }),
  ),
});
export type SettingsView = z.infer<typeof SettingsView>;

/** What creating an office, a category or an account answers: its id. */
export const Created = z.object({ id: z.number().int() });

export async function readSettings(sql: Sql, municipalityId: number): Promise<SettingsView> {
  const [municipality] = await sql<SettingsView['municipality'][]>`
    SELECT name, publish_on_arrival AS "publishOnArrival", allowed_origins AS "allowedOrigins",
           contact_email AS "contactEmail", privacy_url AS "privacyUrl", tile_url AS "tileUrl",
           tile_attribution AS "tileAttribution", open311_api_key_hash IS NOT NULL AS "open311KeySet",
           spam_check AS "spamCheck", form_min_seconds AS "formMinSeconds",
           reopen_supporters AS "reopenSupporters", reopen_window_days AS "reopenWindowDays",
           open_data AS "openData", open_data_licence AS "openDataLicence", ipa_code AS "ipaCode"
    FROM municipality WHERE id = ${municipalityId}`;
  const departments = await sql<SettingsView['departments']>`
    SELECT id, name, email FROM department WHERE municipality_id = ${municipalityId} ORDER BY name`;
  const categories = await sql<SettingsView['categories']>`
    SELECT ${categoryInfoColumns(sql)}, active, sort_order AS "sortOrder", reopen_allowed AS "reopenAllowed"
    FROM category WHERE municipality_id = ${municipalityId} ORDER BY sort_order, name`;
  const staff = await sql<SettingsView['staff']>`
    SELECT u.id, u.email, u.name, u.role, u.active,
           array_remove(array_agg(sd.department_id ORDER BY sd.department_id), NULL) AS "departmentIds"
    FROM staff_user u LEFT JOIN staff_department sd ON sd.staff_user_id = u.id
    WHERE u.municipality_id = ${municipalityId} GROUP BY u.id ORDER BY u.name`;
  return { municipality, departments, categories, staff };
}

export interface MunicipalitySettings {
  name?: string;
  publishOnArrival?: boolean;
  allowedOrigins?: string[];
  contactEmail?: string | null;
  privacyUrl?: string | null;
  spamCheck?: 'off' | 'form' | 'pow';
  formMinSeconds?: number;
  reopenSupporters?: number;
  reopenWindowDays?: number;
  openData?: boolean;
  openDataLicence?: OpenDataLicence;
  ipaCode?: string | null;
}

/**
 * What the open data's stored files say of the municipality (the GeoJSON's head: its name and
 * licence): when one changes, today's edition is rebuilt. The metadata is written per request.
 */
const PUBLISHED_COLUMNS = ['name', 'open_data_licence'] as const;

export async function updateMunicipality(sql: Sql, by: ChangeBy, s: MunicipalitySettings) {
  const municipalityId = by.municipalityId;
  const columns: Record<string, unknown> = {};
  if (s.name !== undefined) columns.name = s.name;
  if (s.publishOnArrival !== undefined) columns.publish_on_arrival = s.publishOnArrival;
  if (s.allowedOrigins !== undefined) columns.allowed_origins = s.allowedOrigins;
  if (s.contactEmail !== undefined) columns.contact_email = s.contactEmail;
  if (s.privacyUrl !== undefined) columns.privacy_url = s.privacyUrl;
  if (s.spamCheck !== undefined) columns.spam_check = s.spamCheck;
  if (s.formMinSeconds !== undefined) columns.form_min_seconds = s.formMinSeconds;
  if (s.reopenSupporters !== undefined) columns.reopen_supporters = s.reopenSupporters;
  if (s.reopenWindowDays !== undefined) columns.reopen_window_days = s.reopenWindowDays;
  if (s.openData !== undefined) columns.open_data = s.openData;
  if (s.openDataLicence !== undefined) columns.open_data_licence = s.openDataLicence;
  if (s.ipaCode !== undefined) columns.ipa_code = s.ipaCode;
  if (!Object.keys(columns).length) return;
  await sql.begin(async (tx) => {
    const [before] = await tx<Record<string, unknown>[]>`SELECT ${tx(PUBLISHED_COLUMNS)} FROM municipality WHERE id = ${municipalityId} FOR UPDATE`;
    const [after] = await tx<({ open_data: boolean; contact_email: string | null } & Record<string, unknown>)[]>`
      UPDATE municipality SET ${tx(columns)} WHERE id = ${municipalityId} RETURNING open_data, contact_email, ${tx(PUBLISHED_COLUMNS)}`;
    // DCAT-AP_IT asks for a contact point with an e-mail: open data is not published without one.
    if (after.open_data && !after.contact_email) {
      throw invalidRequest([{ field: 'contactEmail', message: 'Open data needs the contact e-mail its metadata names (DCAT-AP_IT contact point)' }]);
    }
    if (PUBLISHED_COLUMNS.some((c) => before[c] !== after[c])) await dropEditions(tx, municipalityId);
    await recordSettingsChange(tx, by, 'settings', null, 'changed', { ...s });
  });
}

async function requireDepartment(sql: Sql | Tx, municipalityId: number, departmentId: number, field: string) {
  const [d] = await sql`SELECT 1 FROM department WHERE municipality_id = ${municipalityId} AND id = ${departmentId}`;
  if (!d) throw invalidRequest([{ field, message: 'Unknown department' }]);
}

export async function createDepartment(sql: Sql, by: ChangeBy, d: { name: string; email?: string | null }): Promise<z.infer<typeof Created>> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO department (municipality_id, name, email) VALUES (${by.municipalityId}, ${d.name}, ${d.email ?? null}) RETURNING id`;
    await recordSettingsChange(tx, by, 'department', row.id, 'created', { ...d });
    return row;
  });
}

export async function updateDepartment(sql: Sql, by: ChangeBy, id: number, d: { name?: string; email?: string | null }) {
  const columns = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));
  if (!Object.keys(columns).length) return;
  await sql.begin(async (tx) => {
    const rows = await tx`UPDATE department SET ${tx(columns)} WHERE municipality_id = ${by.municipalityId} AND id = ${id} RETURNING id`;
    if (!rows.length) throw notFound('Department');
    await recordSettingsChange(tx, by, 'department', id, 'changed', { ...d });
  });
}

export interface CategoryInput {
  name?: string;
  description?: string | null;
  departmentId?: number;
  daysToAccept?: number;
  daysToResolve?: number;
  active?: boolean;
  sortOrder?: number;
  reopenAllowed?: boolean;
  questions?: z.output<typeof QuestionsInput>;
  notice?: string | null;
  noticeBlocks?: boolean;
}

function categoryColumns(c: CategoryInput) {
  const map: Record<string, unknown> = {
    name: c.name,
    description: c.description,
    department_id: c.departmentId,
    days_to_accept: c.daysToAccept,
    days_to_resolve: c.daysToResolve,
    active: c.active,
    sort_order: c.sortOrder,
    reopen_allowed: c.reopenAllowed,
    notice: c.notice,
    notice_blocks: c.noticeBlocks,
  };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
}

export async function createCategory(sql: Sql, by: ChangeBy, c: CategoryInput & { name: string; departmentId: number }): Promise<z.infer<typeof Created>> {
  await requireDepartment(sql, by.municipalityId, c.departmentId, 'departmentId');
  blockNeedsNotice(c, { notice: null, noticeBlocks: false });
  return sql.begin(async (tx) => {
    const questions = c.questions ? { questions: tx.json(withIds(c.questions, []) as never) } : {};
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO category ${tx({ municipality_id: by.municipalityId, ...categoryColumns(c), ...questions })} RETURNING id`;
    await recordSettingsChange(tx, by, 'category', row.id, 'created', { ...c });
    return row;
  });
}

/** A category that stops citizens from filing must tell them why (the notice), as the database insists. */
function blockNeedsNotice(c: CategoryInput, current: { notice: string | null; noticeBlocks: boolean }) {
  const notice = c.notice === undefined ? current.notice : c.notice;
  const blocks = c.noticeBlocks ?? current.noticeBlocks;
  if (blocks && !notice) throw invalidRequest([{ field: 'notice', message: 'a category that blocks filing needs a notice saying why' }]);
}

/** Categories are retired (active = false), never deleted: old reports keep pointing at them. */
export async function updateCategory(sql: Sql, by: ChangeBy, id: number, c: CategoryInput) {
  if (c.departmentId !== undefined) await requireDepartment(sql, by.municipalityId, c.departmentId, 'departmentId');
  const columns = categoryColumns(c);
  if (!Object.keys(columns).length && !c.questions) return;
  await sql.begin(async (tx) => {
    const [current] = await tx<{ questions: Question[]; notice: string | null; noticeBlocks: boolean }[]>`
      SELECT questions, notice, notice_blocks AS "noticeBlocks" FROM category WHERE municipality_id = ${by.municipalityId} AND id = ${id} FOR UPDATE`;
    if (!current) throw notFound('Category');
    blockNeedsNotice(c, current);
    // Questions kept by id keep it, so the Open311 attribute codes partners use stay the same.
    if (c.questions) columns.questions = tx.json(withIds(c.questions, current.questions) as never);
    await tx`UPDATE category SET ${tx(columns)} WHERE municipality_id = ${by.municipalityId} AND id = ${id}`;
    await recordSettingsChange(tx, by, 'category', id, 'changed', { ...c });
  });
}

export interface StaffInput {
  email?: string;
  name?: string;
  role?: 'admin' | 'staff';
  departmentIds?: number[];
  password?: string;
  active?: boolean;
}

/** Accounts and their departments change together, in one transaction. */
export async function saveStaffUser(sql: Sql, by: ChangeBy, id: number | undefined, s: StaffInput): Promise<z.infer<typeof Created>> {
  const municipalityId = by.municipalityId;
  for (const [i, d] of (s.departmentIds ?? []).entries()) await requireDepartment(sql, municipalityId, d, `departmentIds.${i}`);
  return sql.begin(async (tx) => {
    const columns: Record<string, unknown> = {};
    if (s.email !== undefined) columns.email = s.email.toLowerCase();
    if (s.name !== undefined) columns.name = s.name;
    if (s.role !== undefined) columns.role = s.role;
    if (s.active !== undefined) columns.active = s.active;
    if (s.password !== undefined) columns.password_hash = await hashPassword(s.password);
    let userId = id;
    if (userId === undefined) {
      const [row] = await tx<{ id: number }[]>`INSERT INTO staff_user ${tx({ municipality_id: municipalityId, ...columns })} RETURNING id`;
      userId = row.id;
    } else if (Object.keys(columns).length) {
      const rows = await tx`UPDATE staff_user SET ${tx(columns)} WHERE municipality_id = ${municipalityId} AND id = ${userId} RETURNING id`;
      if (!rows.length) throw notFound('Staff user');
    } else {
      const [exists] = await tx`SELECT 1 FROM staff_user WHERE municipality_id = ${municipalityId} AND id = ${userId}`;
      if (!exists) throw notFound('Staff user');
    }
    if (s.departmentIds !== undefined) {
      await tx`DELETE FROM staff_department WHERE staff_user_id = ${userId}`;
      for (const d of s.departmentIds) {
        await tx`INSERT INTO staff_department (municipality_id, staff_user_id, department_id) VALUES (${municipalityId}, ${userId}, ${d})`;
      }
    }
    if (id !== undefined && (s.active === false || s.departmentIds !== undefined)) await releaseAssignments(tx, municipalityId, by, userId);
    // A deactivated account or a changed password ends the sessions it had.
    if (s.active === false || s.password !== undefined) await tx`DELETE FROM staff_session WHERE staff_user_id = ${userId}`;
    await recordSettingsChange(tx, by, 'staff', userId, id === undefined ? 'created' : 'changed', { ...s });
    return { id: userId };
  });
}

/**
 * A new Open311 API key for the municipality's partners: the previous one stops working at once.
 * Returned this once; only its hash is kept.
 */
export async function rotateOpen311Key(sql: Sql, by: ChangeBy): Promise<string> {
  const key = newOpen311Key();
  await sql.begin(async (tx) => {
    await setOpen311Key(tx, by.municipalityId, key);
    // That a new key was made, never the key.
    await recordSettingsChange(tx, by, 'open311_key', null, 'created', {});
  });
  return key;
}

export function requireAdmin(role: string) {
  if (role !== 'admin') throw new ApiError(403, 'forbidden', 'Only an administrator can change settings');
}
