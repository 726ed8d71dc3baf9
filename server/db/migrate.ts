import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Sql } from './connect.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Any constant: processes starting together queue on it instead of racing to migrate. */
const MIGRATION_LOCK = 4_242_001;

/**
 * Applies the numbered SQL files not yet recorded, in order, in one transaction under an advisory
 * lock. Forward only: a file once applied is never edited, a change is a new file.
 */
export async function migrate(sql: Sql): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migration (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`;
    const done = new Set((await tx<{ name: string }[]>`SELECT name FROM schema_migration`).map((r) => r.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.unsafe(await readFile(migrationsDir + file, 'utf8'));
      await tx`INSERT INTO schema_migration (name) VALUES (${file})`;
      applied.push(file);
    }
    return applied;
  });
}
