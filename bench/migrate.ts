/**
 * Brings the benchmark databases up to the server's migrations (a seeded database keeps the schema
 * of the day it was seeded; a new migration's indexes and summaries must be built on it before it
 * is measured):
 *
 *   node --import tsx bench/migrate.ts segnala_bench_100k segnala_bench_1m
 */
import postgres from 'postgres';
import { migrate } from '../server/db/migrate.ts';
import { databaseUrl } from './common.ts';

for (const name of process.argv.slice(2)) {
  const sql = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
  try {
    const applied = await migrate(sql);
    console.log(`${name}: ${applied.length ? applied.join(', ') : 'up to date'}`);
  } finally {
    await sql.end();
  }
}
