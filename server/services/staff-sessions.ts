import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { notFound } from '../http/errors.ts';
import { sessionTokenHash, type StaffUser } from './staff-auth.ts';

/**
 * One's own sessions (README "Staff and the demo accounts"): listed and closed by their owner only.
 * A session is named by a random id (staff_session.id), never by its token or the token's hash.
 * Admins do not list or close others' sessions: deactivating an account ends them all at once, and
 * so does a new password set by the reset link; neither needs to show where a colleague logs in from.
 */
export const StaffSession = z.object({
  id: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
  /** "Firefox, Windows", from the login's User-Agent; null when it said nothing recognisable. */
  browser: z.string().nullable(),
  /** The client address the login came from (as the rate limits see it). */
  clientAddress: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type StaffSession = z.infer<typeof StaffSession>;

/** The user's live sessions, the most recently used first. */
export async function listOwnSessions(sql: Sql, user: StaffUser, token: string): Promise<StaffSession[]> {
  return sql<StaffSession[]>`
    SELECT id::text AS id, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt",
           browser, client_address AS "clientAddress", token_hash = ${sessionTokenHash(token)} AS current
    FROM staff_session
    WHERE municipality_id = ${user.municipalityId} AND staff_user_id = ${user.id} AND expires_at > now()
    ORDER BY last_seen_at DESC, created_at DESC`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ends one of the user's own sessions (the current one too: that is a logout); 404 for any other id. */
export async function closeOwnSession(sql: Sql, user: StaffUser, id: string): Promise<void> {
  if (!UUID.test(id)) throw notFound('Session');
  const rows = await sql`
    DELETE FROM staff_session
    WHERE id = ${id}::uuid AND municipality_id = ${user.municipalityId} AND staff_user_id = ${user.id} AND expires_at > now()
    RETURNING 1`;
  if (rows.length === 0) throw notFound('Session');
}

/** Ends every session of the user but this one; how many ended. */
export async function closeOtherSessions(sql: Sql, user: StaffUser, token: string): Promise<number> {
  const rows = await sql`
    DELETE FROM staff_session
    WHERE municipality_id = ${user.municipalityId} AND staff_user_id = ${user.id} AND token_hash <> ${sessionTokenHash(token)}
    RETURNING 1`;
  return rows.length;
}
