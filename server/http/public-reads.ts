import type { Context } from 'hono';
import type { Sql } from '../db/connect.ts';
import type { Deps } from '../routes/types.ts';
import { ApiError } from './errors.ts';

/** Seconds a client is asked to wait after a public read was cut off. */
export const QUERY_TIMEOUT_RETRY_SECONDS = 5;

/**
 * Milliseconds the reads that may go to the replica go to the primary instead after the replica
 * could not be reached, before it is tried again: one failed connection per period, not one per read.
 */
export const REPLICA_RETRY_MS = 30_000;

/** PostgreSQL's query_canceled: on the public pool, its statement_timeout (connectDatabase). */
const QUERY_CANCELED = '57014';

/**
 * Where a public read may be served from (README, "Read replicas"):
 * - `replica`: what may lag the primary by a moment, because nobody reading it has just written
 *   it: the report lists and map (by area, street, text), clusters, nearby reports, a report's
 *   public page, streets, public statistics. With DATABASE_READ_URL these read the replica.
 * - `primary`: what a citizen must see right after writing: the tracking page after filing
 *   (/track). Writes and everything read inside them (Mi associo's answer, replies, ratings,
 *   resolution checks, form tokens, staff, Open311, the open data's daily build) never come here:
 *   they use `deps.sql`, the primary.
 */
export type ReadSource = 'replica' | 'primary';

/** Errors of a replica that could not serve the read at all: connections refused, lost, or shut down. */
function replicaUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return (
    // postgres.js's own codes and the socket's.
    /^(CONNECT_TIMEOUT|CONNECTION_(CLOSED|ENDED|DESTROYED)|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)$/.test(code) ||
    // SQLSTATE: connection exceptions, the server shutting down or starting (57P01–57P03), too many
    // connections, a database that does not exist there.
    /^(08...|57P0[1-3]|53300|3D000)$/.test(code)
  );
}

/**
 * A hot standby cancels a read whose rows its replay must remove ("conflict with recovery",
 * SQLSTATE 40001 there): the same read on the primary has no such conflict.
 */
const RECOVERY_CONFLICT = '40001';

/** Per replica pool: until when reads skip it (milliseconds since the epoch). */
const replicaDownUntil = new WeakMap<Sql, number>();

export interface PublicReadOptions {
  /**
   * A replica's answer that may only mean it lags: the read is made again on the primary. For a
   * report's page, its 404: a report filed or published a moment ago is not on the replica yet.
   */
  askPrimaryIf?: (err: unknown) => boolean;
}

/**
 * The public API's reads (issue 11, item 3): through `deps.publicSql`, whose connections cut off
 * any statement after PUBLIC_QUERY_TIMEOUT_MS, so that no one request can hold the database for
 * everyone; staff work, exports and migrations go through `deps.sql` and are not bounded. A read
 * cut off answers 503 `query_timeout` with Retry-After, not a generic 500 (README, "HTTP API").
 * Without a public pool (the embedded database: PGlite does not enforce statement_timeout) the
 * reads go through `deps.sql`, bounded by their plans alone.
 *
 * `source` is chosen by each route (see ReadSource). A `replica` read with DATABASE_READ_URL goes to
 * `deps.replicaSql`, bounded the same way; when the replica cannot be reached the read is served by
 * the primary (and the replica skipped for REPLICA_RETRY_MS, with one warning in the log), so a
 * replica that is down costs the primary load, never an answer: filing never touches it at all.
 */
export function publicReads(deps: Pick<Deps, 'sql' | 'publicSql' | 'replicaSql' | 'logger' | 'now'>, source: ReadSource) {
  const primary = deps.publicSql ?? deps.sql;
  const replica = source === 'replica' ? deps.replicaSql : undefined;
  const now = deps.now ?? Date.now;

  const bounded = async <T>(c: Context, read: (sql: Sql) => Promise<T>, sql: Sql): Promise<T> => {
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

  return async <T>(c: Context, read: (sql: Sql) => Promise<T>, options: PublicReadOptions = {}): Promise<T> => {
    if (replica && (replicaDownUntil.get(replica) ?? 0) <= now()) {
      try {
        return await bounded(c, read, replica);
      } catch (err) {
        if (replicaUnreachable(err)) {
          // Several reads may fail at once: the first one logs, the others find it marked.
          if ((replicaDownUntil.get(replica) ?? 0) <= now()) {
            deps.logger.warn('read replica unreachable: public reads go to the primary', {
              error: (err as { code?: string }).code,
              retryInSeconds: REPLICA_RETRY_MS / 1000,
            });
          }
          replicaDownUntil.set(replica, now() + REPLICA_RETRY_MS);
        } else if ((err as { code?: string }).code !== RECOVERY_CONFLICT && !options.askPrimaryIf?.(err)) {
          throw err;
        }
      }
    }
    return bounded(c, read, primary);
  };
}
