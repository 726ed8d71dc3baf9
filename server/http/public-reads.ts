import type { Context } from 'hono';
import type { Sql } from '../db/connect.ts';
import type { Deps } from '../routes/types.ts';
import { ApiError } from './errors.ts';

/** Seconds a client is asked to wait after a public read was cut off. */
export const QUERY_TIMEOUT_RETRY_SECONDS = 5;

/** PostgreSQL's query_canceled: on the public pool, its statement_timeout (connectDatabase). */
const QUERY_CANCELED = '57014';

/**
 * The public API's reads (issue 11, item 3): through `deps.publicSql`, whose connections cut off
 * any statement after PUBLIC_QUERY_TIMEOUT_MS, so that no one request can hold the database for
 * everyone; staff work, exports and migrations go through `deps.sql` and are not bounded. A read
 * cut off answers 503 `query_timeout` with Retry-After, not a generic 500 (README, "HTTP API").
 * Without a public pool (the embedded database: PGlite does not enforce statement_timeout) the
 * reads go through `deps.sql`, bounded by their plans alone.
 */
export function publicReads(deps: Pick<Deps, 'sql' | 'publicSql'>) {
  const sql = deps.publicSql ?? deps.sql;
  return async <T>(c: Context, read: (sql: Sql) => Promise<T>): Promise<T> => {
    try {
      return await read(sql);
    } catch (err) {
      if ((err as { code?: string }).code !== QUERY_CANCELED) throw err;
      c.header('Retry-After', String(QUERY_TIMEOUT_RETRY_SECONDS));
      throw new ApiError(
        503,
        'query_timeout',
        'The request took too long and was stopped: narrow it (a longer text, a smaller area) or try again later',
      );
    }
  };
}
