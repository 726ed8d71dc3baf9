import type { Sql } from '../server/db/connect.ts';

/** Placeholder until the Seravezza demo seed lands. */
export async function seedDemoIfEmpty(_sql: Sql, _key: Buffer): Promise<Record<string, number> | undefined> {
  return undefined;
}
