import type { Sql, Tx } from './connect.ts';

/**
 * A long read of planning or statistics (hundreds of thousands of index entries) in a transaction
 * of its own, with settings for it alone (`set_config(…, true)` ends with the transaction):
 * - `work_mem` 64 MB: hash tables and sorts of a million rows stay in memory (the default 4 MB
 *   spills to disk); the reporting pool's few connections bound how many run at once;
 * - parallel setup and tuple costs at zero: PostgreSQL's defaults make it shy of parallel plans for
 *   answers of a few hundred groups, which is what these reads are; two workers halve them.
 * Read-only; the embedded PGlite ignores what it cannot do.
 */
export function longRead<T>(sql: Sql, read: (tx: Tx) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`SELECT set_config('work_mem', '64MB', true), set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true)`;
    return read(tx);
  }) as Promise<T>;
}
