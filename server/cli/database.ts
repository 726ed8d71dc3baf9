import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../db/connect.ts';

/** An error whose message is the whole story: the command line prints it without a stack trace. */
export class UsageError extends Error {}

/**
 * The database the server uses: DATABASE_URL, or the embedded one in DATA_DIR, which only one
 * process may open (PGlite writes postmaster.pid while open and removes it on close).
 */
export async function openCliDatabase(databaseUrl: string | undefined, dataDir: string): Promise<Database> {
  const { connectDatabase, embeddedDataDir } = await import('../db/connect.ts');
  if (databaseUrl) return connectDatabase({ databaseUrl, maxConnections: 1 });
  // The same folder the server opens, or the import lands where the server never looks.
  const folder = resolve(embeddedDataDir(dataDir));
  const pidFile = join(folder, 'postmaster.pid');
  if (existsSync(pidFile)) {
    throw new UsageError(
      `The embedded database in ${folder} is in use (it has a postmaster.pid).\n` +
        'Stop the Segnala server first (the embedded database opens in one process only), then start it again.\n' +
        `If no server is running (it was killed), delete ${pidFile} and retry.`,
    );
  }
  process.stderr.write(`Using the embedded database in ${folder} (the Segnala server must be stopped).\n`);
  return connectDatabase({ dataDir: folder });
}

export async function findMunicipalityBySlug(db: Database, slug: string): Promise<{ id: number }> {
  const [found] = await db.sql<{ id: number }[]>`SELECT id FROM municipality WHERE slug = ${slug}`;
  if (found) return found;
  const known = await db.sql<{ slug: string }[]>`SELECT slug FROM municipality ORDER BY slug`;
  throw new UsageError(
    known.length
      ? `Unknown municipality "${slug}". Known municipalities: ${known.map((m) => m.slug).join(', ')}`
      : `Unknown municipality "${slug}": the database has no municipality yet.`,
  );
}

/** Runs a command-line main: its exit code, usage errors as plain text, others prefixed. */
export function runCli(main: (argv: string[]) => Promise<number>, failurePrefix: string) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      let message = err instanceof Error ? err.message : String(err);
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|CONNECT_TIMEOUT)$/.test(code)) {
        message = `cannot reach the database of DATABASE_URL (${message})`;
      }
      process.stderr.write(err instanceof UsageError ? `${message}\n` : `${failurePrefix}: ${message}\n`);
      process.exitCode = 1;
    },
  );
}
