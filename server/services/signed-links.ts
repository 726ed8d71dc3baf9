import { createHmac, timingSafeEqual } from 'node:crypto';
import { LINK_PURPOSES, type LinkPurpose } from '../domain/link-purposes.ts';
import { ApiError } from '../http/errors.ts';

/**
 * Links in e-mails that let a citizen act without an account: answer the office, say whether a fault
 * is fixed, confirm or end following a street. A link carries what it may do and on what, signed
 * with the server's key; nothing in it can be changed, and it works for one purpose and one
 * municipality only. Opening a link never acts (mail scanners fetch every link): the page it opens
 * asks the citizen to confirm, and the confirmation sends the token.
 *
 * Single use, where a purpose needs it, is the feature's own (a row it updates); replacing an
 * earlier answer with a later one is allowed where the feature says so.
 */
export { LINK_PURPOSES, type LinkPurpose };

export interface LinkClaims {
  purpose: LinkPurpose;
  municipalityId: number;
  /** What the link acts on: a report's id, a subscription's id. */
  subject: string;
  /** Milliseconds since the epoch after which the link no longer works. */
  expiresAt: number;
  /** Anything else the feature needs (who it was sent to, say), small. */
  extra?: Record<string, string | number>;
}

/** A link token: `<claims as base64url JSON>.<HMAC>`, short enough for a URL in an e-mail. */
const macKey = (key: Buffer, purpose: LinkPurpose) => createHmac('sha256', key).update(`segnala:link:${purpose}`).digest();

/** 128 bits of HMAC as base64url text: compared as text, so no other spelling of the bytes passes. */
const macOf = (key: Buffer, purpose: LinkPurpose, body: string) =>
  createHmac('sha256', macKey(key, purpose)).update(body).digest().subarray(0, 16).toString('base64url');

export function signLink(key: Buffer, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify([claims.municipalityId, claims.subject, claims.expiresAt, claims.extra ?? {}])).toString('base64url');
  return `${body}.${macOf(key, claims.purpose, body)}`;
}

export const invalidLink = () =>
  new ApiError(400, 'invalid_link', 'This link is not valid: it may have been copied only in part. Open it again from the e-mail.', {
    fields: [{ field: 'token', message: 'is not a valid link' }],
  });

export const expiredLink = () => new ApiError(410, 'link_expired', 'This link has expired.');

/**
 * The claims of a token for `purpose` in `municipalityId`, or a 400 (`invalid_link`: changed, cut,
 * made for another purpose or municipality) or a 410 (`link_expired`).
 */
export function readLink(key: Buffer, token: string, purpose: LinkPurpose, municipalityId: number, now = Date.now()): LinkClaims {
  if (token.length > 2000) throw invalidLink();
  const [body, mac, more] = token.split('.');
  if (!body || !mac || more !== undefined) throw invalidLink();
  const expected = Buffer.from(macOf(key, purpose, body));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidLink();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalidLink();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalidLink();
  const [m, subject, expiresAt, extra] = parsed as [unknown, unknown, unknown, unknown];
  if (m !== municipalityId || typeof subject !== 'string' || typeof expiresAt !== 'number' || typeof extra !== 'object' || extra === null) throw invalidLink();
  if (expiresAt <= now) throw expiredLink();
  return { purpose, municipalityId, subject, expiresAt, extra: extra as Record<string, string | number> };
}
