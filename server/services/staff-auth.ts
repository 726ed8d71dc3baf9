import { z } from 'zod';
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { browserLabel } from './browser-label.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import { recordSettingsChange } from './settings-log.ts';

export type StaffRole = 'admin' | 'staff';

/** Minutes the second step of a login (a TOTP code, or enrolling) may wait after the password. */
export const LOGIN_CHALLENGE_MINUTES = 5;

/**
 * A right password of an account with two-step login: no session yet, a challenge for the code
 * (`POST /admin/login/totp`); `enrol` when an admin requires it and the account has not set it up.
 */
export const LoginChallenge = z.object({
  totpRequired: z.literal(true),
  enrol: z.boolean(),
  challenge: z.string(),
  expiresAt: z.date(),
});
export type LoginChallenge = z.infer<typeof LoginChallenge>;

export const StaffUser = z.object({
  id: z.number().int(),
  municipalityId: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'staff']),
  departmentIds: z.array(z.number().int()),
});
export type StaffUser = z.infer<typeof StaffUser>;

/** A session opened (openSession): its bearer token, for `Authorization: Bearer`. */
export const OpenedSession = z.object({ token: z.string(), user: StaffUser, expiresAt: z.date() });

/** A session ends after this long without use, and in any case this long after login. */
export const SESSION_IDLE_HOURS = 8;
export const SESSION_MAX_HOURS = 24;

/**
 * Failed logins allowed per account from one client address in the window, and from all addresses
 * together (a guesser spread over many addresses). Counting per address too means someone elsewhere
 * who types the clerk's e-mail five times does not lock the clerk out; only a guesser with several
 * addresses reaches the account-wide ceiling.
 */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_MAX_ACCOUNT_FAILURES = 20;
export const LOGIN_WINDOW_MINUTES = 15;

const tokenHash = (token: string) => createHash('sha256').update(token).digest();
/** The stored form of a session's bearer token (staff_session.token_hash). */
export const sessionTokenHash = tokenHash;

/** Where a login came from, kept with its session so that its owner recognises it (migration 0029). */
export interface LoginDevice {
  clientAddress: string;
  /** The request's User-Agent; only a coarse label of it is kept (services/browser-label.ts). */
  userAgent?: string;
}

async function loadUser(sql: Sql, municipalityId: number, userId: number): Promise<StaffUser> {
  const [u] = await sql<(Omit<StaffUser, 'departmentIds'> & { departmentIds: number[] | null })[]>`
    SELECT u.id, u.municipality_id AS "municipalityId", u.email, u.name, u.role,
           array_remove(array_agg(sd.department_id ORDER BY sd.department_id), NULL) AS "departmentIds"
    FROM staff_user u LEFT JOIN staff_department sd ON sd.staff_user_id = u.id
    WHERE u.municipality_id = ${municipalityId} AND u.id = ${userId}
    GROUP BY u.id`;
  return { ...u, departmentIds: u.departmentIds ?? [] };
}

/** One counted login attempt: the row it was counted in, and where that row's count now stands. */
interface Attempt {
  client: string;
  windowStart: Date;
  attempts: number;
  retryAfterSeconds: number;
}

/** The login_throttle row of all addresses together; an address's row is `ip:` and the address. */
const ALL_CLIENTS = 'all';

/**
 * Counts an attempt before its password is checked: one upsert, whose row lock makes concurrent
 * attempts on the same row wait for each other, so each sees the count including the others
 * (login_throttle in 0010_login_throttle.sql). Windows start at millisecond precision so that
 * `giveBack` can name the window it counted in.
 */
async function countAttempt(sql: Sql, municipalityId: number, email: string, client: string): Promise<Attempt> {
  const [row] = await sql<{ window_start: Date; attempts: number; retry_after: number }[]>`
    INSERT INTO login_throttle AS t (municipality_id, email, client, window_start, attempts)
    VALUES (${municipalityId}, ${email}, ${client}, date_trunc('milliseconds', now()), 1)
    ON CONFLICT (municipality_id, email, client) DO UPDATE SET
      attempts = CASE WHEN t.window_start <= now() - make_interval(mins => ${LOGIN_WINDOW_MINUTES}) THEN 1 ELSE t.attempts + 1 END,
      window_start = CASE WHEN t.window_start <= now() - make_interval(mins => ${LOGIN_WINDOW_MINUTES})
                          THEN date_trunc('milliseconds', now()) ELSE t.window_start END
    RETURNING window_start, attempts,
              ceil(extract(epoch FROM window_start + make_interval(mins => ${LOGIN_WINDOW_MINUTES}) - now()))::int AS retry_after`;
  return { client, windowStart: row.window_start, attempts: row.attempts, retryAfterSeconds: Math.max(1, row.retry_after) };
}

/** Takes back an attempt that was not a failure, unless its window has ended meanwhile. */
export async function giveBack(sql: Sql, municipalityId: number, email: string, attempt: Attempt): Promise<void> {
  await sql`
    UPDATE login_throttle SET attempts = attempts - 1
    WHERE municipality_id = ${municipalityId} AND email = ${email} AND client = ${attempt.client}
      AND window_start = ${attempt.windowStart} AND attempts > 0`;
}

const tooManyAttempts = (attempt: Attempt) =>
  new ApiError(429, 'too_many_attempts', 'Too many failed logins: try again later', { retryAfterSeconds: attempt.retryAfterSeconds });

/**
 * Counts a password check against the account's limits, from the client's address and from all
 * addresses, before the password is checked; throws 429 past either. Returns the attempts, to give
 * back when the password was right.
 */
export async function countCheck(sql: Sql, municipalityId: number, address: string, clientAddress: string): Promise<Attempt[]> {
  const fromClient = await countAttempt(sql, municipalityId, address, `ip:${clientAddress}`);
  if (fromClient.attempts > LOGIN_MAX_FAILURES) throw tooManyAttempts(fromClient);
  const fromAll = await countAttempt(sql, municipalityId, address, ALL_CLIENTS);
  if (fromAll.attempts > LOGIN_MAX_ACCOUNT_FAILURES) {
    // Refused without a check: it must not use up this address's own attempts.
    await giveBack(sql, municipalityId, address, fromClient);
    throw tooManyAttempts(fromAll);
  }
  return [fromClient, fromAll];
}

/**
 * Checks e-mail and password and opens a session. Failures are limited per account from the client's
 * address and per account from all addresses (in the database, so the limits hold across processes);
 * each attempt is counted before its password is checked, so no burst of concurrent logins gets
 * more checks than the limits. The answer for an unknown e-mail and for a wrong password is the
 * same, and takes the same time; both are counted alike.
 */
export async function login(
  sql: Sql,
  municipalityId: number,
  email: string,
  password: string,
  device: LoginDevice,
): Promise<z.infer<typeof OpenedSession> | LoginChallenge> {
  const { clientAddress } = device;
  const address = email.trim().toLowerCase();
  const attempts = await countCheck(sql, municipalityId, address, clientAddress);
  const [user] = await sql<{ id: number; password_hash: string; active: boolean; totp: boolean; totp_required: boolean }[]>`
    SELECT id, password_hash, active, totp_secret IS NOT NULL AS totp, totp_required
    FROM staff_user WHERE municipality_id = ${municipalityId} AND email = ${address}`;
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  // A failure keeps its counted attempts until the window ends.
  if (!user || !ok || !user.active) throw new ApiError(401, 'invalid_credentials', 'E-mail or password is not correct');
  // Not a failure: the attempt is given back. Earlier failures still count until their window ends
  // (clearing them here would let a burst that holds the right password check more wrong ones).
  for (const a of attempts) await giveBack(sql, municipalityId, address, a);
  const where = { browser: browserLabel(device.userAgent), clientAddress };
  if (user.totp || user.totp_required) return openChallenge(sql, municipalityId, user.id, !user.totp, where);
  return openSession(sql, municipalityId, user.id, where);
}

/** The second step of a login: only the challenge's hash is kept, for a few minutes. */
async function openChallenge(
  sql: Sql,
  municipalityId: number,
  userId: number,
  enrol: boolean,
  device: { browser: string | null; clientAddress: string | null },
): Promise<LoginChallenge> {
  const challenge = randomBytes(32).toString('base64url');
  const [row] = await sql<{ expires_at: Date }[]>`
    INSERT INTO staff_login_challenge (token_hash, municipality_id, staff_user_id, browser, client_address, expires_at)
    VALUES (${tokenHash(challenge)}, ${municipalityId}, ${userId}, ${device.browser}, ${device.clientAddress},
            now() + make_interval(mins => ${LOGIN_CHALLENGE_MINUTES}))
    RETURNING expires_at`;
  await sql`DELETE FROM staff_login_challenge WHERE expires_at < now()`;
  return { totpRequired: true, enrol, challenge, expiresAt: row.expires_at };
}

/** A new session of a user whose login is complete; the token is given out this once. */
export async function openSession(
  sql: Sql,
  municipalityId: number,
  userId: number,
  device: { browser: string | null; clientAddress: string | null },
): Promise<z.infer<typeof OpenedSession>> {
  const token = randomBytes(32).toString('base64url');
  const [session] = await sql<{ expires_at: Date }[]>`
    INSERT INTO staff_session (token_hash, municipality_id, staff_user_id, expires_at, browser, client_address)
    VALUES (${tokenHash(token)}, ${municipalityId}, ${userId}, now() + make_interval(hours => ${SESSION_IDLE_HOURS}),
            ${device.browser}, ${device.clientAddress})
    RETURNING expires_at`;
  // Old sessions and login counts are swept here rather than by a timer: no process needs to own that job.
  await sql`DELETE FROM staff_session WHERE expires_at < now() - interval '1 day'`;
  await sql`DELETE FROM login_throttle WHERE window_start < now() - interval '1 day'`;
  return { token, user: await loadUser(sql, municipalityId, userId), expiresAt: session.expires_at };
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

/**
 * A staff member changes their own password, giving the current one: checked within the login's
 * limits (a stolen session cannot guess it faster than a login could). The other sessions of the
 * account end, this one stays; the change is recorded (services/settings-log.ts), never the password.
 */
export async function changeOwnPassword(
  sql: Sql,
  user: StaffUser,
  sessionToken: string,
  passwords: { currentPassword: string; newPassword: string },
  clientAddress: string,
): Promise<void> {
  const address = user.email.toLowerCase();
  const attempts = await countCheck(sql, user.municipalityId, address, clientAddress);
  const [row] = await sql<{ password_hash: string }[]>`SELECT password_hash FROM staff_user WHERE id = ${user.id}`;
  if (!(await verifyPassword(passwords.currentPassword, row.password_hash))) {
    throw invalidRequest([{ field: 'currentPassword', message: 'is not the current password' }]);
  }
  for (const a of attempts) await giveBack(sql, user.municipalityId, address, a);
  if (passwords.newPassword === passwords.currentPassword) throw invalidRequest([{ field: 'newPassword', message: 'must differ from the current password' }]);
  const hash = await hashPassword(passwords.newPassword);
  await sql.begin(async (tx) => {
    await tx`UPDATE staff_user SET password_hash = ${hash} WHERE id = ${user.id}`;
    await tx`DELETE FROM staff_session WHERE staff_user_id = ${user.id} AND token_hash <> ${tokenHash(sessionToken)}`;
    await recordSettingsChange(tx, { municipalityId: user.municipalityId, staffUserId: user.id }, 'staff', user.id, 'changed', { password: passwords.newPassword });
  });
}

export async function logout(sql: Sql, token: string): Promise<void> {
  await sql`DELETE FROM staff_session WHERE token_hash = ${tokenHash(token)}`;
}
