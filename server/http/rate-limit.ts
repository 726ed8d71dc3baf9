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
  /** Filing reports per client address: every request counts, junk included. */
  filePerClient: Limit;
  /** Filing reports per municipality (a flood from many addresses): only filings that could be written count. */
  filePerMunicipality: Limit;
  supportPerClient: Limit;
  /** Tracking-code lookups: guessing codes must stay hopeless. */
  trackPerClient: Limit;
  loginPerClient: Limit;
  /** Follow a street: asking, confirming and unsubscribing, per client; optional, for older configurations. */
  streetFollowPerClient?: Limit;
  /** "Is it really fixed?" answers and ratings of the service (links and tracking codes); optional, for older configurations. */
  resolutionAnswerPerClient?: Limit;
  /** A citizen's additions to their report (tracking code or the office's link); optional, for older configurations. */
  citizenMessagePerClient?: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  filePerClient: { max: 60, windowSeconds: 3600 },
  filePerMunicipality: { max: 1000, windowSeconds: 3600 },
  supportPerClient: { max: 120, windowSeconds: 3600 },
  trackPerClient: { max: 60, windowSeconds: 600 },
  loginPerClient: { max: 30, windowSeconds: 900 },
  resolutionAnswerPerClient: { max: 60, windowSeconds: 600 },
  citizenMessagePerClient: { max: 20, windowSeconds: 3600 },
  // Follow a street
  streetFollowPerClient: { max: 30, windowSeconds: 3600 },
};

/**
 * How many reverse proxies stand in front of the server (TRUST_PROXY): 0 reads the TCP peer only;
 * `true` is one, for deployments that set TRUST_PROXY=1 before it took a number.
 */
export type TrustProxy = boolean | number;

export const proxyHops = (trust: TrustProxy | undefined): number => (trust === true ? 1 : trust === false || trust === undefined ? 0 : trust);

/**
 * The client's address: the TCP peer, or behind `trustProxy` proxies the address the outermost
 * trusted proxy saw. Each proxy appends the address it received the request from to
 * X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`, Caddy's `reverse_proxy`), so that address
 * is `hops` entries from the end; whatever stands before it the client wrote itself, and reading
 * it would let anyone pick their own rate-limit bucket. With fewer entries than hops (a request
 * that came in past the outer proxies) the first entry is the one the innermost proxy saw.
 */
export function clientAddress(c: Context, trustProxy: TrustProxy | undefined): string {
  const hops = proxyHops(trustProxy);
  if (hops > 0) {
    const entries = (c.req.header('X-Forwarded-For') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const seen = entries[Math.max(0, entries.length - hops)];
    if (seen) return seen;
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

/**
 * Middleware: limits per client address for one action, counted for every request as it arrives
 * (junk included: a client's own allowance is what it spends).
 */
export function rateLimit(sql: Sql, action: string, opts: { perClient: Limit; trustProxy: TrustProxy | undefined }): MiddlewareHandler {
  return async (c, next) => {
    const municipality = (c.get('municipality') as { id: number } | undefined)?.id ?? 0;
    await hit(sql, `${action}:${municipality}:${clientAddress(c, opts.trustProxy)}`, opts.perClient);
    await next();
  };
}

/**
 * A limit for a whole municipality (a flood from many addresses), counted only for requests that
 * could be carried out: the route wraps the write itself, after every check of its own, so junk
 * refused earlier never uses up the town's allowance; a write that still refuses (an unknown
 * category, a used form token) gives its hit back.
 */
export function municipalityLimit(sql: Sql, action: string, limit: Limit) {
  const key = (municipalityId: number) => `${action}:${municipalityId}:*`;
  const giveBack = (municipalityId: number) => sql`UPDATE rate_limit SET hits = hits - 1 WHERE key = ${key(municipalityId)} AND hits > 0`;
  return {
    /**
     * Counts `write` against the limit, or refuses it with 429 before it runs. A write that is
     * refused as the client's fault (4xx), or that `wrote` says wrote nothing, gives its hit back.
     */
    async around<T>(municipalityId: number, write: () => Promise<T>, wrote: (result: T) => boolean = () => true): Promise<T> {
      await hit(sql, key(municipalityId), limit);
      let result: T;
      try {
        result = await write();
      } catch (err) {
        if (err instanceof ApiError && err.status < 500) await giveBack(municipalityId);
        throw err;
      }
      if (!wrote(result)) await giveBack(municipalityId);
      return result;
    },
  };
}

/** Every limit multiplied by `factor` (an operator's knob; test servers raise them). */
export function scaledLimits(factor: number, base: RateLimits = DEFAULT_RATE_LIMITS): RateLimits {
  return Object.fromEntries(
    Object.entries(base).map(([name, l]) => [name, { ...l, max: Math.max(1, Math.round(l.max * factor)) }]),
  ) as unknown as RateLimits;
}
