import type { Sql } from '../db/connect.ts';
import type { RateLimits, TrustProxy } from '../http/rate-limit.ts';
import type { ResponseCache } from '../http/response-cache.ts';
import type { Logger } from '../log.ts';
import type { Municipality } from '../services/municipality.ts';
import type { StaffUser } from '../services/staff-auth.ts';

/** What the routes need from the process: passed in by createApp, never read from globals. */
export interface Deps {
  sql: Sql;
  /**
   * The pool the public API reads through, its statements cut off after PUBLIC_QUERY_TIMEOUT_MS
   * (connectDatabase, http/public-reads.ts). Absent: the public reads use `sql`, unbounded.
   */
  publicSql?: Sql;
  /**
   * The pool of planning, statistics and exports (connectDatabase): long reads that queue among
   * themselves instead of taking the connections filings need. Absent: they use `sql`.
   */
  reportingSql?: Sql;
  /**
   * The pool on the streaming replica (DATABASE_READ_URL), bounded like `publicSql`: only the public
   * reads that may lag the primary by a moment use it, through `publicReads(deps, 'replica')`
   * (http/public-reads.ts, where the rule is). Absent: those reads use the primary.
   */
  replicaSql?: Sql;
  /**
   * The server's public base URL (PUBLIC_URL) when set: addresses the server gives out to be
   * fetched later (the open data's metadata), right behind a proxy that changes host or scheme.
   */
  publicUrl?: string;
  /** Key for tracking-code and supporter hashes. */
  secretKey: Buffer;
  logger: Logger;
  /** Limits on public writes and lookups; DEFAULT_RATE_LIMITS when absent. */
  rateLimits?: RateLimits;
  /**
   * How many reverse proxies, each appending to X-Forwarded-For, stand before the server; the
   * client address is the one the outermost saw (clientAddress). `true` is one; absent or 0: none.
   */
  trustProxy?: TrustProxy;
  /** Seconds this process reuses an answer of the map's clusters (0 = off); DEFAULT_CLUSTER_CACHE_SECONDS when absent. */
  clusterCacheSeconds?: number;
  /**
   * Seconds this process reuses a municipality's row (looked up by every request); 0 or absent:
   * read each time. Changes made through this process's console apply at once, others' within it.
   */
  municipalityCacheSeconds?: number;
  /** Milliseconds since the epoch, for what expires in memory; tests pass their own clock. */
  now?: () => number;
  /** Set by createApp: the municipalities this process has read, by slug. */
  municipalities?: ResponseCache;
}

/** Variables set by middleware for the municipality's routes. */
export interface MunicipalityEnv {
  Variables: { municipality: Municipality };
}

/** Variables for the staff routes: the municipality and the logged-in user. */
export interface AdminEnv {
  Variables: { municipality: Municipality; staff: StaffUser; sessionToken: string };
}
