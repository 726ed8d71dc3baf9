import { createHmac, randomBytes } from 'node:crypto';
import { TRACKING_CODE_ALPHABET, TRACKING_CODE_LENGTH, normalizeTrackingCode } from '../domain/formats.ts';

/**
 * Tracking codes: 10 Crockford base32 characters (50 bits), shown as `7KQ2-M9XH-4T`. No I, L, O or
 * U, so nothing is misread; typed in any case, with or without dashes, with O for 0 and I/L for 1.
 *
 * The database keeps only a keyed hash (to find the report) and a random salt (to give the same
 * code again on an idempotent retry); both need the server key, so a leaked dump reveals no code.
 */
const ALPHABET = TRACKING_CODE_ALPHABET;
const CODE_LENGTH = TRACKING_CODE_LENGTH;

export function newTrackingSalt(): Buffer {
  return randomBytes(16);
}

/** The raw (undashed) code belonging to a report's salt. */
export function deriveTrackingCode(key: Buffer, salt: Buffer): string {
  const mac = createHmac('sha256', key).update('segnala:tracking-code:').update(salt).digest();
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(mac[i]);
  bits >>= 6n; // 56 bits read, 50 kept
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code;
}

export function formatTrackingCode(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

export { normalizeTrackingCode };

export function trackingHash(key: Buffer, rawCode: string): Buffer {
  return createHmac('sha256', key).update('segnala:tracking-lookup:').update(rawCode).digest();
}

/** Supporter tokens are kept only as keyed hashes too. */
export function supporterHash(key: Buffer, token: string): Buffer {
  return createHmac('sha256', key).update('segnala:supporter:').update(token).digest();
}
