import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';

/**
 * The record of who changed what in a municipality's settings (migration 0024, README "Changes to
 * the settings"): one row per change, written in the change's own transaction, so a change that
 * fails leaves no record and a recorded change always happened.
 */

export const SETTINGS_SUBJECTS = ['settings', 'department', 'category', 'staff', 'open311_key', 'template', 'body'] as const;
export type SettingsSubject = (typeof SETTINGS_SUBJECTS)[number];
/** `deleted`: only response templates are deleted (migration 0026); the rest is retired or changed. */
export const SETTINGS_ACTIONS = ['created', 'changed', 'deleted'] as const;
export type SettingsAction = (typeof SETTINGS_ACTIONS)[number];

/** Who made the change and on what, for the record: `staffUserId` is the admin signed in. */
export interface ChangeBy {
  municipalityId: number;
  staffUserId: number;
}

/** Fields whose values never go in the record: only that they changed. */
const SECRET_FIELDS = new Set(['password']);

export async function recordSettingsChange(
  tx: Tx,
  by: ChangeBy,
  subject: SettingsSubject,
  subjectId: number | null,
  action: SettingsAction,
  fields: Record<string, unknown>,
) {
  const changes = Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, SECRET_FIELDS.has(k) ? 'changed' : v]),
  );
  await tx`
    INSERT INTO settings_change (municipality_id, staff_user_id, subject, subject_id, action, changes)
    VALUES (${by.municipalityId}, ${by.staffUserId}, ${subject}, ${subjectId}, ${action}, ${JSON.stringify(changes)}::text::jsonb)`;
}

export const SettingsChange = z.object({
  id: z.number().int(),
  changedAt: z.date(),
  /** Null when the account has been deleted since. */
  by: z.object({ id: z.number().int(), name: z.string(), email: z.string() }).nullable(),
  subject: z.enum(SETTINGS_SUBJECTS),
  subjectId: z.number().int().nullable(),
  action: z.enum(SETTINGS_ACTIONS),
  changes: z.record(z.string(), z.unknown()),
});
export type SettingsChange = z.infer<typeof SettingsChange>;

/** The latest changes first, `limit` of them, before the change `before` (an id) when given. */
export async function readSettingsChanges(sql: Sql, municipalityId: number, o: { limit: number; before?: number }): Promise<SettingsChange[]> {
  const rows = await sql<(Omit<SettingsChange, 'by' | 'id'> & { id: string; byId: number | null; byName: string | null; byEmail: string | null })[]>`
    SELECT c.id::text AS id, c.changed_at AS "changedAt", c.subject, c.subject_id AS "subjectId", c.action, c.changes,
      u.id AS "byId", u.name AS "byName", u.email AS "byEmail"
    FROM settings_change c LEFT JOIN staff_user u ON u.municipality_id = c.municipality_id AND u.id = c.staff_user_id
    WHERE c.municipality_id = ${municipalityId} ${o.before !== undefined ? sql`AND c.id < ${o.before}` : sql``}
    ORDER BY c.id DESC
    LIMIT ${o.limit}`;
  // The id as text: a bigint, which the driver would give as a string anyway; a number in JSON.
  return rows.map(({ id, byId, byName, byEmail, ...c }) => ({ ...c, id: Number(id), by: byId === null ? null : { id: byId, name: byName!, email: byEmail! } }));
}
