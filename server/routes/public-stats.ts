import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import { type JsonText, answerJson, toJsonText } from '../http/json-text.ts';
import { publicReads } from '../http/public-reads.ts';
import { ResponseCache } from '../http/response-cache.ts';
import { queryInt } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { publishesOpenData } from '../services/open-data/selection.ts';
import { type PublicStats, publicStatistics } from '../services/public-stats.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/**
 * Five minutes: the figures are months' worth of reports, which one more report barely moves,
 * while a page with the statistics may be opened by many at once (a local newspaper's link).
 */
export const PUBLIC_STATS_CACHE_SECONDS = 300;

const StatsQuery = z.object({ months: queryInt(1, 24).optional() });

/** `GET /stats`: the public statistics (services/public-stats.ts), only where open data is published. */
export function publicStatsRoutes(deps: Deps) {
  // On the replica (http/public-reads.ts): statistics of months, cached.
  const read = publicReads(deps, 'replica');
  const cache = new ResponseCache<JsonText<PublicStats>>({ ttlSeconds: PUBLIC_STATS_CACHE_SECONDS, maxEntries: 500, now: deps.now });
  return new Hono<MunicipalityEnv>().get('/', validate('query', StatsQuery), async (c) => {
    const months = c.req.valid('query').months ?? 12;
    const municipalityId = c.var.municipality.id;
    // Asked every time (one row by its key), not cached: turning open data off takes effect at once.
    if (!(await read(c, (sql) => publishesOpenData(sql, municipalityId)))) {
      throw new ApiError(404, 'open_data_off', 'This municipality does not publish open data, so it has no public statistics');
    }
    const body = await read(c, (sql) => cache.get(JSON.stringify([municipalityId, months]), async () => toJsonText(await publicStatistics(sql, municipalityId, months))));
    c.header('Cache-Control', `public, max-age=${PUBLIC_STATS_CACHE_SECONDS}`);
    return answerJson(c, body);
  });
}
