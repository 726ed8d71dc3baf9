import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Sql } from '../db/connect.ts';
import { ApiError } from './errors.ts';

export interface Limit {
  /** Most requests in one window. */
  max: number;
  windowSeconds: number;
}

/** The limits of the public writes and lookups; tests and deployments may pass others. */
export interface RateLimits {
  /** Filing reports: per client address, and per municipality (a flood from many addresses). */
  filePerClient: Limit;
  filePerMunicipality: Limit;
  supportPerClient: Limit;
  /** Tracking-code lookups: guessing codes must stay hopeless. */
  trackPerClient: Limit;
  loginPerClient: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  filePerClient: { max: 60, windowSeconds: 3600 },
  filePerMunicipality: { max: 1000, windowSeconds: 3600 },
  supportPerClient: { max: 120, windowSeconds: 3600 },
  trackPerClient: { max: 60, windowSeconds: 600 },
  loginPerClient: { max: 30, windowSeconds: 900 },
};

/**
 * The client's address: the TCP peer, or with `trustProxy` the first address of X-Forwarded-For
 * (only behind a proxy that sets it: otherwise anyone could pick their own bucket).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket (requests made in-process, as the tests do).
    return 'local';
  }
}

/**
 * Counts a hit on `key` and refuses past `limit`: 429 with Retry-After and the JSON error.
 * One atomic statement per hit, so concurrent processes never both slip under the limit.
 */
export async function hit(sql: Sql, key: string, limit: Limit): Promise<void> {
  const [row] = await sql<{ hits: number; retry_after: number }[]>`
    INSERT INTO rate_limit AS r (key, window_start, hits) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN r.window_start <= now() - make_interval(secs => ${limit.windowSeconds}) THEN 1 ELSE r.hits + 1 END,
      window_start = CASE WHEN r.window_start <= now() - make_interval(secs => ${limit.windowSeconds}) THEN now() ELSE r.window_start END
    RETURNING hits, ceil(extract(epoch FROM r.window_start + make_interval(secs => ${limit.windowSeconds}) - now()))::int AS retry_after`;
  // Now and then, forget windows long past (no process owns a sweeping job).
  if (Math.random() < 0.01) await sql`DELETE FROM rate_limit WHERE window_start < now() - interval '1 day'`;
  if (row.hits > limit.max) {
    throw new ApiError(429, 'rate_limited', 'Too many requests: please try again later', {
      retryAfterSeconds: Math.max(1, row.retry_after),
    });
  }
}

/** Middleware: limits per client address (and optionally per municipality) for one action. */
export function rateLimit(
  sql: Sql,
  action: string,
  opts: { perClient: Limit; perMunicipality?: Limit; trustProxy: boolean },
): MiddlewareHandler {
  return async (c, next) => {
    const municipality = (c.get('municipality') as { id: number } | undefined)?.id ?? 0;
    await hit(sql, `${action}:${municipality}:${clientAddress(c, opts.trustProxy)}`, opts.perClient);
    if (opts.perMunicipality) await hit(sql, `${action}:${municipality}:*`, opts.perMunicipality);
    await next();
  };
}

/** Every limit multiplied by `factor` (an operator's knob; test servers raise them). */
export function scaledLimits(factor: number, base: RateLimits = DEFAULT_RATE_LIMITS): RateLimits {
  return Object.fromEntries(
    Object.entries(base).map(([name, l]) => [name, { ...l, max: Math.max(1, Math.round(l.max * factor)) }]),
  ) as unknown as RateLimits;
}
