import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectDatabase, type Database } from '../../../server/db/connect.ts';
import { migrate } from '../../../server/db/migrate.ts';

/**
 * A fresh, migrated database for one test file. With DATABASE_URL set it is a new database on
 * that real PostgreSQL server (dropped on close); otherwise an in-memory embedded PGlite.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await connectDatabase({});
    await migrate(db.sql);
    return db;
  }
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
