import { z } from 'zod';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Challenge, type Payload, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Sql } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import type { Municipality } from './municipality.ts';

/**
 * Spam checks on citizen filings, all self-hosted and without cookies or third parties:
 * - a signed form token the widget fetches when the form opens: a report filed sooner than the
 *   municipality's minimum fill time after it was issued was not typed by a person;
 * - a honeypot field, hidden from people and screen readers, that form-filling bots fill in;
 * - optionally ('pow') an ALTCHA proof-of-work bound to the token: a second or two of hashing the
 *   browser does while the citizen types, nothing to click or read, so nothing that excludes a
 *   screen-reader user; it makes mass filing expensive.
 * Tokens are stateless (HMAC), so any server process can check them; that a token files only one
 * report is kept in the database, inside the filing's transaction (see fileReport).
 */

/** How long a form may stay open before its token expires (a citizen may pause, then finish). */
export const FORM_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/**
 * ALTCHA deterministic mode: the server picks the counter, the browser must count up to it.
 * One SHA-256 per step; 20–60 thousand steps take about 0.5–2 s on a mid-range phone.
 */
const POW_COUNTER_MIN = 20_000;
const POW_COUNTER_MAX = 60_000;

export const FormToken = z.object({
  token: z.string(),
  minSeconds: z.number(),
  expiresAt: z.string(),
  /** The ALTCHA challenge to solve, when the municipality asks for one (altcha-lib's shape). */
  challenge: z.custom<Challenge>().nullable(),
});
export type FormToken = z.infer<typeof FormToken>;

export interface AntiSpam {
  token?: string;
  /** The honeypot: always empty when a person fills the form. */
  website?: string;
  /** The ALTCHA payload, base64 of `{ challenge, solution }`. */
  altcha?: string;
}

interface TokenClaims {
  /** Municipality id. */
  m: number;
  /** Issued at, in milliseconds. */
  t: number;
  /** Random id: a token files one report. */
  n: string;
}

const macKey = (key: Buffer, purpose: string) => createHmac('sha256', key).update(`segnala:${purpose}`).digest();

function sign(key: Buffer, claims: TokenClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const mac = createHmac('sha256', macKey(key, 'form-token')).update(body).digest('base64url');
  return `${body}.${mac}`;
}

function readToken(key: Buffer, token: string): TokenClaims | undefined {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return undefined;
  const expected = createHmac('sha256', macKey(key, 'form-token')).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    return Number.isInteger(claims.m) && Number.isFinite(claims.t) && typeof claims.n === 'string' ? claims : undefined;
  } catch {
    return undefined;
  }
}

const altchaSecrets = (key: Buffer) => ({
  hmacSignatureSecret: macKey(key, 'altcha-signature').toString('base64url'),
  hmacKeySignatureSecret: macKey(key, 'altcha-key').toString('base64url'),
});

export async function issueFormToken(key: Buffer, m: Municipality, now = Date.now()): Promise<FormToken> {
  const claims: TokenClaims = { m: m.id, t: now, n: randomBytes(12).toString('base64url') };
  const expiresAt = Math.floor(now / 1000) + FORM_TOKEN_TTL_SECONDS;
  const challenge =
    m.spamCheck === 'pow'
      ? await createChallenge({
          algorithm: 'SHA-256',
          cost: 1,
          counter: randomInt(POW_COUNTER_MIN, POW_COUNTER_MAX),
          deriveKey,
          expiresAt,
          // Binds the proof to this form token: one proof, one filing.
          data: { token: claims.n },
          ...altchaSecrets(key),
        })
      : null;
  return {
    token: sign(key, claims),
    minSeconds: m.spamCheck === 'off' ? 0 : m.formMinSeconds,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
    challenge,
  };
}

const refused = (code: string, message: string, field: string, extra: Record<string, unknown> = {}) =>
  new ApiError(422, code, message, { fields: [{ field, message }], ...extra });

/**
 * Checks a filing's anti-spam fields; throws a clear 422 when they fail. Returns the token's id,
 * to be marked used in the filing's transaction, or undefined when the municipality checks nothing
 * and no token came.
 */
export async function checkAntiSpam(key: Buffer, m: Municipality, spam: AntiSpam | undefined, now = Date.now()): Promise<string | undefined> {
  if (spam?.website?.trim()) {
    throw refused('spam_suspected', 'The form was filled in by a program: a field people cannot see has a value', 'antiSpam.website');
  }
  if (!spam?.token) {
    if (m.spamCheck === 'off') return undefined;
    throw refused('form_token_required', 'Ask for a form token (GET /form-token) when the form opens and send it with the report', 'antiSpam.token');
  }
  const claims = readToken(key, spam.token);
  if (!claims || claims.m !== m.id) throw refused('form_token_invalid', 'The form token is not valid: reload the form', 'antiSpam.token');
  const ageSeconds = (now - claims.t) / 1000;
  if (ageSeconds > FORM_TOKEN_TTL_SECONDS) throw refused('form_token_expired', 'The form has been open too long: reload it', 'antiSpam.token');
  const minSeconds = m.spamCheck === 'off' ? 0 : m.formMinSeconds;
  if (ageSeconds < minSeconds) {
    const wait = Math.max(1, Math.ceil(minSeconds - ageSeconds));
    throw refused('form_too_fast', `The form was sent too soon after it opened: try again in ${wait} s`, 'antiSpam.token', {
      retryAfterSeconds: wait,
    });
  }
  if (m.spamCheck === 'pow') await checkProofOfWork(key, claims.n, spam.altcha);
  return claims.n;
}

async function checkProofOfWork(key: Buffer, tokenId: string, altcha: string | undefined) {
  const failed = () => refused('proof_of_work_failed', 'The anti-spam check of the form did not pass: reload the form', 'antiSpam.altcha');
  if (!altcha) throw refused('proof_of_work_required', 'This municipality asks for the anti-spam proof of work (ALTCHA)', 'antiSpam.altcha');
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8')) as Payload;
  } catch {
    throw failed();
  }
  if (!payload?.challenge?.parameters || !payload.solution || payload.challenge.parameters.data?.token !== tokenId) throw failed();
  try {
    const result = await verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, ...altchaSecrets(key) });
    if (!result.verified) throw failed();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // The library throws on malformed parameters: that is a bad payload, not a server fault.
    throw failed();
  }
}

/** A used token need only be remembered while it could still be presented. */
export async function forgetExpiredFormTokens(sql: Sql): Promise<void> {
  await sql`DELETE FROM form_token_use WHERE used_at < now() - make_interval(secs => ${FORM_TOKEN_TTL_SECONDS + 3600})`;
}
