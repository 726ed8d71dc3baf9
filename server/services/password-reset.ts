import { z } from 'zod';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql, Tx } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { enqueuePasswordResetMail } from './outbox.ts';
import { hashPassword } from './passwords.ts';
import { type ChangeBy, recordSettingsChange } from './settings-log.ts';

/**
 * A new password by a one-time link (README "Staff and the demo accounts"): an admin has the link
 * mailed to the account's own address; whoever opens it sets a new password, once, within a day,
 * and every session of the account ends.
 *
 * The token is `<reset id>.<HMAC of the id and the row's salt under the server key>`: made when the
 * mail is sent (mail/sender.ts), never stored, so a copy of the database opens no account. A newer
 * link replaces the older ones of the account; using one uses them all up.
 */
export const RESET_LINK_HOURS = 24;

const macOf = (key: Buffer, id: string, salt: Buffer) =>
  createHmac('sha256', createHmac('sha256', key).update('segnala:staff-password-reset').digest())
    .update(id)
    .update(':')
    .update(salt)
    .digest()
    .toString('base64url');

export const resetToken = (key: Buffer, id: string, salt: Buffer) => `${id}.${macOf(key, id, salt)}`;

/** Where the reset link opens the console: the page it was asked from, with the console's route. */
export const resetLinkUrl = (pageUrl: string, token: string) => `${pageUrl.split('#')[0]}#segnala-admin/reset/${token}`;

/**
 * The console's page must belong to the municipality (one of its allowed embedding origins) or to
 * this server: an admin's stolen session must not be able to mail colleagues a link to some other
 * site that would collect their token.
 */
function checkPage(pageUrl: string, allowed: string[]): string {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    throw invalidRequest([{ field: 'pageUrl', message: 'must be the address of the console page' }]);
  }
  // `*` (the demo's) allows every origin, as it does for embedding.
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || !(allowed.includes(url.origin) || allowed.includes('*'))) {
    throw invalidRequest([{ field: 'pageUrl', message: "must be on this server or one of the municipality's allowed origins" }]);
  }
  url.hash = '';
  return url.toString();
}

/** Has the link mailed to the account (admins only: the route checks); recorded, never the link. */
export async function sendPasswordReset(
  sql: Sql,
  by: ChangeBy,
  userId: number,
  page: { pageUrl: string; allowedOrigins: string[] },
): Promise<{ email: string; expiresAt: Date }> {
  const pageUrl = checkPage(page.pageUrl, page.allowedOrigins);
  return sql.begin(async (tx) => {
    const [user] = await tx<{ email: string; active: boolean }[]>`
      SELECT email, active FROM staff_user WHERE municipality_id = ${by.municipalityId} AND id = ${userId} FOR UPDATE`;
    if (!user) throw notFound('Staff account');
    if (!user.active) throw new ApiError(409, 'account_inactive', 'The account is deactivated: reactivate it first');
    await tx`DELETE FROM staff_password_reset WHERE staff_user_id = ${userId} AND used_at IS NULL`;
    const [reset] = await tx<{ id: string; expires_at: Date }[]>`
      INSERT INTO staff_password_reset (municipality_id, staff_user_id, salt, page_url, created_by, expires_at)
      VALUES (${by.municipalityId}, ${userId}, ${randomBytes(16)}, ${pageUrl}, ${by.staffUserId}, now() + make_interval(hours => ${RESET_LINK_HOURS}))
      RETURNING id::text AS id, expires_at`;
    await enqueuePasswordResetMail(tx, by.municipalityId, userId, reset.id);
    await recordSettingsChange(tx, by, 'staff', userId, 'changed', { passwordResetLink: 'sent' });
    return { email: user.email, expiresAt: reset.expires_at };
  });
}

const badToken = () => invalidRequest([{ field: 'token', message: 'is not a valid link, or was used or has expired' }]);

/** The reset a token names, if its MAC is right (nothing else checked yet). */
async function readToken(sql: Sql | Tx, key: Buffer, municipalityId: number, token: string) {
  const m = /^(\d{1,18})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) throw badToken();
  const [reset] = await sql<{ id: string; salt: Buffer; staff_user_id: number }[]>`
    SELECT id::text AS id, salt, staff_user_id FROM staff_password_reset WHERE id = ${m[1]} AND municipality_id = ${municipalityId}`;
  if (!reset) throw badToken();
  const expected = Buffer.from(macOf(key, reset.id, reset.salt));
  const given = Buffer.from(m[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badToken();
  return reset;
}

/**
 * Sets the new password with a link's token: once (of two uses at once, one wins: the UPDATE that
 * marks it used is the check), before it expires, for an active account. Every session of the
 * account ends, and any pending second step of a login. Recorded as the account's own change.
 */
export async function completePasswordReset(sql: Sql, key: Buffer, municipalityId: number, token: string, newPassword: string): Promise<void> {
  const reset = await readToken(sql, key, municipalityId, token);
  const hash = await hashPassword(newPassword);
  await sql.begin(async (tx) => {
    const [used] = await tx<{ staff_user_id: number }[]>`
      UPDATE staff_password_reset r SET used_at = now()
      FROM staff_user u
      WHERE r.id = ${reset.id} AND r.used_at IS NULL AND r.expires_at > now() AND u.id = r.staff_user_id AND u.active
      RETURNING r.staff_user_id`;
    if (!used) throw badToken();
    const userId = used.staff_user_id;
    await tx`UPDATE staff_user SET password_hash = ${hash} WHERE id = ${userId}`;
    await tx`DELETE FROM staff_session WHERE staff_user_id = ${userId}`;
    await tx`DELETE FROM staff_login_challenge WHERE staff_user_id = ${userId}`;
    await tx`UPDATE staff_password_reset SET used_at = now() WHERE staff_user_id = ${userId} AND used_at IS NULL`;
    await recordSettingsChange(tx, { municipalityId, staffUserId: userId }, 'staff', userId, 'changed', { password: newPassword, passwordResetLink: 'used' });
  });
}

/** What the reset page shows before the password is typed: whose account (the name), or a 400. */
/** Whose password a reset link sets (checkPasswordReset), shown on the page before the new password is typed. */
export const PasswordResetAccount = z.object({ name: z.string(), email: z.string() });

export async function checkPasswordReset(sql: Sql, key: Buffer, municipalityId: number, token: string): Promise<z.infer<typeof PasswordResetAccount>> {
  const reset = await readToken(sql, key, municipalityId, token);
  const [row] = await sql<{ name: string; email: string }[]>`
    SELECT u.name, u.email FROM staff_password_reset r JOIN staff_user u ON u.id = r.staff_user_id
    WHERE r.id = ${reset.id} AND r.used_at IS NULL AND r.expires_at > now() AND u.active`;
  if (!row) throw badToken();
  return row;
}
