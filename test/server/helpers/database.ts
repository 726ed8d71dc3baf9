import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { connectDatabase, type Database } from '../../../server/db/connect.ts';
import { migrate } from '../../../server/db/migrate.ts';

const migrationsDir = new URL('../../../server/db/migrations/', import.meta.url);

/**
 * A gzipped, freshly migrated embedded database, shared by the test files of a run: starting
 * from it takes a fraction of a second, a new PGlite several. Keyed by the migrations' content,
 * so a changed migration makes a new one.
 */
async function templatePath(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of (await readdir(migrationsDir)).sort()) hash.update(f).update(await readFile(new URL(f, migrationsDir)));
  return join(tmpdir(), `segnala-test-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

async function openEmbedded(): Promise<Database> {
  const template = await templatePath();
  const dump = await readFile(template).catch(() => undefined);
  const db = await connectDatabase(dump ? { loadDataDir: new Blob([dump]) } : {});
  await migrate(db.sql);
  if (!dump) {
    const fresh = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
    // Written aside then renamed: test files running in parallel never read half a file.
    const partial = `${template}.${process.pid}.partial`;
    await writeFile(partial, fresh);
    await rename(partial, template);
  }
  return db;
}

/**
 * A fresh, migrated database for one test file. With DATABASE_URL set it is a new database on
 * that real PostgreSQL server (dropped on close); otherwise an in-memory embedded PGlite.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openEmbedded();
  const name = `segnala_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const db = await connectDatabase({ databaseUrl: testUrl.toString(), maxConnections: 10 });
  await migrate(db.sql);
  return {
    ...db,
    async close() {
      await db.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
