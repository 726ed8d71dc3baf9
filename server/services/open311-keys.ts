import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql, Tx } from '../db/connect.ts';

/**
 * The Open311 API key of a municipality: one per municipality, given to its partners (FixMyStreet,
 * 311 apps, work-order software) so they can file reports. Only a hash is stored; the key is shown
 * once, when an administrator generates it. Keys are random (192 bits), so a plain SHA-256 is as
 * good as a slow password hash here and keeps every filing cheap.
 */
export const hashOpen311Key = (key: string) => createHash('sha256').update(key, 'utf8').digest();

export const newOpen311Key = () => randomBytes(24).toString('base64url');

/** Stores the hash of `key` as the municipality's key (the previous one stops working); null revokes it. */
export async function setOpen311Key(sql: Sql | Tx, municipalityId: number, key: string | null): Promise<void> {
  await sql`UPDATE municipality SET open311_api_key_hash = ${key === null ? null : hashOpen311Key(key)} WHERE id = ${municipalityId}`;
}

/** Whether `key` is the municipality's current key. No key set: nothing is accepted. */
export async function isOpen311Key(sql: Sql, municipalityId: number, key: string | undefined): Promise<boolean> {
  if (!key) return false;
  const [row] = await sql<{ hash: Buffer | null }[]>`SELECT open311_api_key_hash AS hash FROM municipality WHERE id = ${municipalityId}`;
  if (!row?.hash) return false;
  const given = hashOpen311Key(key);
  return given.length === row.hash.length && timingSafeEqual(given, row.hash);
}
