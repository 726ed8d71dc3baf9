import { resolve } from 'node:path';
import type { Database } from '../db/connect.ts';

/** An error whose message is the whole story: the command line prints it without a stack trace. */
export class UsageError extends Error {}

/**
 * The database the server uses: DATABASE_URL, or the embedded one in DATA_DIR, which only one
 * process may open. The lock file beside it (lockEmbeddedDataDir in db/connect.ts) names the live
 * process that holds it; PGlite's own postmaster.pid cannot tell, it stays behind a killed server.
 */
export async function openCliDatabase(databaseUrl: string | undefined, dataDir: string): Promise<Database> {
  const { connectDatabase, embeddedDataDir, EmbeddedDatabaseInUse } = await import('../db/connect.ts');
  if (databaseUrl) return connectDatabase({ databaseUrl, maxConnections: 1 });
  // The same folder the server opens, or the import lands where the server never looks.
  const folder = resolve(embeddedDataDir(dataDir));
  process.stderr.write(`Using the embedded database in ${folder} (the Segnala server must be stopped).\n`);
  try {
    return await connectDatabase({ dataDir: folder });
  } catch (err) {
    if (err instanceof EmbeddedDatabaseInUse) {
      throw new UsageError(
        `The embedded database in ${folder} is in use by process ${err.pid} (${err.lockFile}).\n` +
          'Stop the Segnala server first (the embedded database opens in one process only), then start it again.',
      );
    }
    throw err;
  }
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
