import { z } from 'zod';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Sql, Tx } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { verifyPassword } from './passwords.ts';
import { type ChangeBy, recordSettingsChange } from './settings-log.ts';
import { countCheck, giveBack, openSession, type StaffUser } from './staff-auth.ts';

/**
 * Two-step login with an authenticator app (TOTP, RFC 6238; README "Two-step login"): SHA-1, six
 * digits, 30-second steps, the kind every app reads from a QR code. Codes are checked by `otpauth`
 * (no cryptography written here but the storage). A code is six digits, so guessable: each check
 * counts as a login attempt of the account (staff-auth.ts `countCheck`: 5 wrong from one address,
 * 20 from all, in 15 minutes), the step before and after are accepted (clocks drift), and a code
 * of a step already used by the account, or an older one, is refused: a code seen over a shoulder
 * or in a proxy's log cannot be used again.
 *
 * The secrets are kept encrypted (AES-256-GCM under a key derived from SECRET_KEY, the account's
 * id bound in), and never given out again once enrolment is confirmed.
 */
const PERIOD = 30;
const DIGITS = 6;
const ISSUER = 'Segnala';

const storageKey = (key: Buffer) => createHmac('sha256', key).update('segnala:totp-secret').digest();

function seal(key: Buffer, userId: number, secret: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', storageKey(key), iv);
  cipher.setAAD(Buffer.from(`staff:${userId}`));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function unseal(key: Buffer, userId: number, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', storageKey(key), sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(`staff:${userId}`));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

const totpOf = (secret: Buffer, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: new Secret({ buffer: new Uint8Array(secret).buffer }) });

/** The time step a code belongs to, if it is right now (±1 step); null otherwise. */
function stepOf(secret: Buffer, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** What an authenticator app needs: the secret as text (typed by hand) and as a URI (the QR code). */
export const TotpSetup = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;

/** One's own two-step login (ownTotpState). */
export const OwnTotpState = z.object({ enabled: z.boolean(), required: z.boolean() });
/** Every account's two-step login (staffTotpStates). */
export const StaffTotpState = z.object({ id: z.number().int(), totpEnabled: z.boolean(), totpRequired: z.boolean() });

/** A new secret, kept as the account's pending one until a code confirms it. */
async function newPendingSecret(sql: Sql | Tx, key: Buffer, user: { id: number; email: string }, municipalityName: string): Promise<TotpSetup> {
  const secret = randomBytes(20);
  await sql`UPDATE staff_user SET totp_pending = ${seal(key, user.id, secret)} WHERE id = ${user.id}`;
  const totp = totpOf(secret, user.email);
  totp.issuer = `${ISSUER} – ${municipalityName}`;
  return { secret: new Secret({ buffer: new Uint8Array(secret).buffer }).base32, uri: totp.toString() };
}

const wrongCode = () => invalidRequest([{ field: 'code', message: 'is not the current code of the app' }]);

/**
 * Checks a code against the account's secret (or its pending one), counted as a login attempt, and
 * marks its step used; the step is claimed in one UPDATE, so of two uses of one code at once one
 * passes. Throws 400 on `code` for a wrong or used code, 429 past the login's limits.
 */
async function useCode(
  sql: Sql,
  key: Buffer,
  user: { id: number; municipalityId: number; email: string },
  which: 'totp_secret' | 'totp_pending',
  code: string,
  clientAddress: string,
): Promise<number> {
  const attempts = await countCheck(sql, user.municipalityId, user.email.toLowerCase(), clientAddress);
  const [row] = await sql<{ sealed: Buffer | null }[]>`SELECT ${sql(which)} AS sealed FROM staff_user WHERE id = ${user.id}`;
  const step = row?.sealed ? stepOf(unseal(key, user.id, row.sealed), code.replace(/\s/g, '')) : null;
  if (step === null) throw wrongCode();
  const [claimed] = await sql`
    UPDATE staff_user SET totp_last_step = ${step}
    WHERE id = ${user.id} AND (totp_last_step IS NULL OR totp_last_step < ${step}) RETURNING 1`;
  if (!claimed) throw wrongCode();
  for (const a of attempts) await giveBack(sql, user.municipalityId, user.email.toLowerCase(), a);
  return step;
}

/** Makes the pending secret the account's, in the transaction that records it. */
async function enable(tx: Tx, userId: number, by: ChangeBy) {
  const rows = await tx`
    UPDATE staff_user SET totp_secret = totp_pending, totp_pending = NULL
    WHERE id = ${userId} AND totp_pending IS NOT NULL RETURNING 1`;
  if (!rows.length) throw wrongCode();
  await recordSettingsChange(tx, by, 'staff', userId, 'changed', { totp: 'enabled' });
}

// One's own two-step login, from the account page

export async function ownTotpState(sql: Sql, user: StaffUser): Promise<z.infer<typeof OwnTotpState>> {
  const [row] = await sql<z.infer<typeof OwnTotpState>[]>`
    SELECT totp_secret IS NOT NULL AS enabled, totp_required AS required FROM staff_user WHERE id = ${user.id}`;
  return row;
}

export async function setUpOwnTotp(sql: Sql, key: Buffer, user: StaffUser, municipalityName: string): Promise<TotpSetup> {
  const [row] = await sql<{ enabled: boolean }[]>`SELECT totp_secret IS NOT NULL AS enabled FROM staff_user WHERE id = ${user.id}`;
  if (row.enabled) throw new ApiError(409, 'totp_enabled', 'Two-step login is already on: turn it off first to change the app');
  return newPendingSecret(sql, key, user, municipalityName);
}

export async function confirmOwnTotp(sql: Sql, key: Buffer, user: StaffUser, code: string, clientAddress: string): Promise<void> {
  const [row] = await sql<{ enabled: boolean }[]>`SELECT totp_secret IS NOT NULL AS enabled FROM staff_user WHERE id = ${user.id}`;
  if (row.enabled) throw new ApiError(409, 'totp_enabled', 'Two-step login is already on');
  await useCode(sql, key, user, 'totp_pending', code, clientAddress);
  await sql.begin((tx) => enable(tx, user.id, { municipalityId: user.municipalityId, staffUserId: user.id }));
}

/** Off again, with the password or a current code (a session alone is not enough); not while required. */
export async function disableOwnTotp(
  sql: Sql,
  key: Buffer,
  user: StaffUser,
  proof: { password?: string; code?: string },
  clientAddress: string,
): Promise<void> {
  const [row] = await sql<{ enabled: boolean; required: boolean; password_hash: string }[]>`
    SELECT totp_secret IS NOT NULL AS enabled, totp_required AS required, password_hash FROM staff_user WHERE id = ${user.id}`;
  if (row.required) throw new ApiError(409, 'totp_required', 'An administrator requires two-step login for this account');
  if (!row.enabled) throw new ApiError(409, 'totp_not_enabled', 'Two-step login is not on');
  if (proof.code) await useCode(sql, key, user, 'totp_secret', proof.code, clientAddress);
  else {
    const address = user.email.toLowerCase();
    const attempts = await countCheck(sql, user.municipalityId, address, clientAddress);
    if (!(await verifyPassword(proof.password ?? '', row.password_hash))) throw invalidRequest([{ field: 'password', message: 'is not the current password' }]);
    for (const a of attempts) await giveBack(sql, user.municipalityId, address, a);
  }
  await sql.begin(async (tx) => {
    await tx`UPDATE staff_user SET totp_secret = NULL, totp_pending = NULL WHERE id = ${user.id}`;
    await recordSettingsChange(tx, { municipalityId: user.municipalityId, staffUserId: user.id }, 'staff', user.id, 'changed', { totp: 'disabled' });
  });
}

// The second step of a login

const challengeHash = (challenge: string) => createHash('sha256').update(challenge).digest();

interface ChallengeRow {
  staff_user_id: number;
  municipality_id: number;
  email: string;
  browser: string | null;
  client_address: string | null;
  enabled: boolean;
  required: boolean;
}

async function readChallenge(sql: Sql, municipalityId: number, challenge: string): Promise<ChallengeRow> {
  const [row] = await sql<ChallengeRow[]>`
    SELECT c.staff_user_id, c.municipality_id, u.email, c.browser, c.client_address,
           u.totp_secret IS NOT NULL AS enabled, u.totp_required AS required
    FROM staff_login_challenge c JOIN staff_user u ON u.id = c.staff_user_id
    WHERE c.token_hash = ${challengeHash(challenge)} AND c.municipality_id = ${municipalityId} AND c.expires_at > now() AND u.active`;
  if (!row) throw new ApiError(401, 'challenge_expired', 'Log in again: the time for the code has run out');
  return row;
}

/** Enrolling at login (required by an admin, not yet set up): the secret for the app. */
export async function loginTotpSetup(sql: Sql, key: Buffer, municipality: { id: number; name: string }, challenge: string): Promise<TotpSetup> {
  const c = await readChallenge(sql, municipality.id, challenge);
  if (c.enabled) throw new ApiError(409, 'totp_enabled', 'Two-step login is already set up: type the code of the app');
  return newPendingSecret(sql, key, { id: c.staff_user_id, email: c.email }, municipality.name);
}

/** The code after the password: the session, once the code is right (and, when enrolling, two-step login on). */
export async function loginWithCode(sql: Sql, key: Buffer, municipalityId: number, challenge: string, code: string, clientAddress: string) {
  const c = await readChallenge(sql, municipalityId, challenge);
  const user = { id: c.staff_user_id, municipalityId, email: c.email };
  if (c.enabled) await useCode(sql, key, user, 'totp_secret', code, clientAddress);
  else {
    await useCode(sql, key, user, 'totp_pending', code, clientAddress);
    await sql.begin((tx) => enable(tx, user.id, { municipalityId, staffUserId: user.id }));
  }
  const used = await sql`DELETE FROM staff_login_challenge WHERE token_hash = ${challengeHash(challenge)} RETURNING 1`;
  if (!used.length) throw new ApiError(401, 'challenge_expired', 'Log in again: the time for the code has run out');
  return openSession(sql, municipalityId, user.id, { browser: c.browser, clientAddress: c.client_address });
}

// Admins

/** Whose accounts have two-step login on, and whose must. */
export async function staffTotpStates(sql: Sql, municipalityId: number): Promise<z.infer<typeof StaffTotpState>[]> {
  return sql<z.infer<typeof StaffTotpState>[]>`
    SELECT id, totp_secret IS NOT NULL AS "totpEnabled", totp_required AS "totpRequired"
    FROM staff_user WHERE municipality_id = ${municipalityId} ORDER BY id`;
}

/** Requires (or no longer requires) two-step login of an account: from its next login; recorded. */
export async function setTotpRequired(sql: Sql, by: ChangeBy, userId: number, required: boolean): Promise<void> {
  await sql.begin(async (tx) => {
    const rows = await tx`UPDATE staff_user SET totp_required = ${required} WHERE municipality_id = ${by.municipalityId} AND id = ${userId} RETURNING 1`;
    if (!rows.length) throw notFound('Staff account');
    await recordSettingsChange(tx, by, 'staff', userId, 'changed', { totpRequired: required });
  });
}

/** Removes an account's two-step login (its phone lost): it sets it up again at its next login if required. */
export async function removeTotp(sql: Sql, by: ChangeBy, userId: number): Promise<void> {
  await sql.begin(async (tx) => {
    const rows = await tx`
      UPDATE staff_user SET totp_secret = NULL, totp_pending = NULL
      WHERE municipality_id = ${by.municipalityId} AND id = ${userId} AND totp_secret IS NOT NULL RETURNING 1`;
    if (!rows.length) {
      const [exists] = await tx`SELECT 1 FROM staff_user WHERE municipality_id = ${by.municipalityId} AND id = ${userId}`;
      if (!exists) throw notFound('Staff account');
      throw new ApiError(409, 'totp_not_enabled', 'This account has no two-step login to remove');
    }
    await recordSettingsChange(tx, by, 'staff', userId, 'changed', { totp: 'removed' });
  });
}
