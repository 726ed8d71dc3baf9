/**
 * The limits and formats of what people type, in one place: the server's zod schemas enforce them
 * and the widget and the console import them (README, "HTTP API") to say so in their forms before
 * sending. Plain constants with no imports, so the citizen bundle takes only the few bytes it uses.
 */

/** Longest text each field takes, in characters (after trimming). */
export const TEXT_MAX = {
  title: 150,
  details: 5000,
  civic: 100,
  name: 200,
  /** RFC 5321's limit on a whole address. */
  email: 254,
  /** A phone number as people write it (PHONE_FORMAT): a leading +, a digit and 24 more characters. */
  phone: 26,
  /** A staff reply or the public message of a status change. */
  staffMessage: 5000,
  /** `q` of the public list and the staff queue. */
  search: 200,
  /** The optional comment of a rating of the service. */
  ratingComment: 1000,
} as const;

/** Shortest title: "Buca" is a title, "ok" is not. */
export const TITLE_MIN = 3;

/** A report's public reference: year and a six-digit number, `2026-000123`. */
export const REFERENCE_FORMAT = /^\d{4}-\d{6}$/;

/**
 * A phone number as people write it: digits with spaces, brackets, dots, slashes or dashes, an
 * optional leading +. Loose on purpose: the office calls it, nothing dials it automatically.
 */
export const PHONE_FORMAT = /^\+?[0-9][0-9 ()./-]{4,24}$/;

/**
 * What a browser may take for an e-mail address before asking the server, whose check (zod's
 * `z.email()`) is the stricter one and has the last word.
 */
export const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Tracking codes: 10 Crockford base32 characters (no I, L, O or U, so nothing is misread), shown
 * as `7KQ2-M9XH-4T` (server/services/tracking-code.ts makes and reads them).
 */
export const TRACKING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 10;

/**
 * The raw (undashed) tracking code a person meant, or undefined when it cannot be one: typed in
 * any case, with or without dashes or spaces, with O for 0 and I or L for 1.
 */
export function normalizeTrackingCode(input: string): string | undefined {
  const raw = input
    .toUpperCase()
    .replace(/[\s\-–_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (raw.length !== TRACKING_CODE_LENGTH) return undefined;
  for (const ch of raw) if (!TRACKING_CODE_ALPHABET.includes(ch)) return undefined;
  return raw;
}

/** The random token a browser keeps to join a report once (`POST /reports/{reference}/supports`). */
export const SUPPORTER_TOKEN_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;

/** Photos of one filing: at most this many, each file at most this many bytes. */
export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
