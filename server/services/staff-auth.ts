import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import { decoyHash, verifyPassword } from './passwords.ts';

export type StaffRole = 'admin' | 'staff';

export interface StaffUser {
  id: number;
  municipalityId: number;
  email: string;
  name: string;
  role: StaffRole;
  departmentIds: number[];
}

/** A session ends after this long without use, and in any case this long after login. */
export const SESSION_IDLE_HOURS = 8;
export const SESSION_MAX_HOURS = 24;

/** Failed logins allowed per account in the window before further tries are refused. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MINUTES = 15;

const tokenHash = (token: string) => createHash('sha256').update(token).digest();

async function loadUser(sql: Sql, municipalityId: number, userId: number): Promise<StaffUser> {
  const [u] = await sql<(Omit<StaffUser, 'departmentIds'> & { departmentIds: number[] | null })[]>`
    SELECT u.id, u.municipality_id AS "municipalityId", u.email, u.name, u.role,
           array_remove(array_agg(sd.department_id ORDER BY sd.department_id), NULL) AS "departmentIds"
    FROM staff_user u LEFT JOIN staff_department sd ON sd.staff_user_id = u.id
    WHERE u.municipality_id = ${municipalityId} AND u.id = ${userId}
    GROUP BY u.id`;
  return { ...u, departmentIds: u.departmentIds ?? [] };
}

/**
 * Checks e-mail and password, throttling repeated failures per account (in the database, so it
 * holds across processes), and opens a session. The answer for an unknown e-mail and for a wrong
 * password is the same, and takes the same time.
 */
export async function login(
  sql: Sql,
  municipalityId: number,
  email: string,
  password: string,
): Promise<{ token: string; user: StaffUser; expiresAt: Date }> {
  const address = email.trim().toLowerCase();
  const [recent] = await sql<{ failures: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS failures, min(at) AS oldest FROM login_failure
    WHERE municipality_id = ${municipalityId} AND email = ${address}
      AND at > now() - make_interval(mins => ${LOGIN_WINDOW_MINUTES})`;
  if (recent.failures >= LOGIN_MAX_FAILURES) {
    const retryAfter = Math.max(1, Math.ceil((recent.oldest!.getTime() + LOGIN_WINDOW_MINUTES * 60_000 - Date.now()) / 1000));
    throw new ApiError(429, 'too_many_attempts', 'Too many failed logins: try again later', { retryAfterSeconds: retryAfter });
  }
  const [user] = await sql<{ id: number; password_hash: string; active: boolean }[]>`
    SELECT id, password_hash, active FROM staff_user WHERE municipality_id = ${municipalityId} AND email = ${address}`;
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  if (!user || !ok || !user.active) {
    await sql`INSERT INTO login_failure (municipality_id, email) VALUES (${municipalityId}, ${address})`;
    throw new ApiError(401, 'invalid_credentials', 'E-mail or password is not correct');
  }
  await sql`DELETE FROM login_failure WHERE municipality_id = ${municipalityId} AND email = ${address}`;
  const token = randomBytes(32).toString('base64url');
  const [session] = await sql<{ expires_at: Date }[]>`
    INSERT INTO staff_session (token_hash, municipality_id, staff_user_id, expires_at)
    VALUES (${tokenHash(token)}, ${municipalityId}, ${user.id}, now() + make_interval(hours => ${SESSION_IDLE_HOURS}))
    RETURNING expires_at`;
  // Old sessions are swept here rather than by a timer: no process needs to own that job.
  await sql`DELETE FROM staff_session WHERE expires_at < now() - interval '1 day'`;
  return { token, user: await loadUser(sql, municipalityId, user.id), expiresAt: session.expires_at };
}

/** The user behind a bearer token in this municipality, sliding the session's idle expiry. */
export async function authenticate(sql: Sql, municipalityId: number, token: string): Promise<StaffUser> {
  const [session] = await sql<{ staff_user_id: number }[]>`
    UPDATE staff_session s
    SET last_seen_at = now(),
        expires_at = least(now() + make_interval(hours => ${SESSION_IDLE_HOURS}),
                           s.created_at + make_interval(hours => ${SESSION_MAX_HOURS}))
    FROM staff_user u
    WHERE s.token_hash = ${tokenHash(token)} AND s.municipality_id = ${municipalityId}
      AND s.expires_at > now() AND u.id = s.staff_user_id AND u.active
    RETURNING s.staff_user_id`;
  if (!session) throw new ApiError(401, 'unauthorized', 'Log in again: the session is missing, expired or not for this municipality');
  return loadUser(sql, municipalityId, session.staff_user_id);
}

export async function logout(sql: Sql, token: string): Promise<void> {
  await sql`DELETE FROM staff_session WHERE token_hash = ${tokenHash(token)}`;
}
