import { Hono } from 'hono';
import { z } from 'zod';
import { OPEN_STATUSES } from '../domain/status.ts';
import { queryInt, queryNumber } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { notFound } from '../http/errors.ts';
import { publicReads } from '../http/public-reads.ts';
import { type JsonText, answerJson, toJsonText } from '../http/json-text.ts';
import { ResponseCache } from '../http/response-cache.ts';
import { type StreetSummary, nearestStreet, searchStreets, streetById, streetsSummary } from '../services/streets.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const SearchQuery = z.object({
  q: z.string().max(100, 'must be at most 100 characters').optional(),
  limit: queryInt(1, 50).optional(),
});

const NearestQuery = z.object({
  lat: queryNumber(-90, 90),
  lon: queryNumber(-180, 180),
  /** How far a street may be to count as "the street here", in metres. */
  maxDistance: queryInt(1, 2000).optional(),
});

/**
 * Street names change only when the municipality imports a new list (another process, rarely),
 * while every keystroke in a street box asks for them: answers are reused for a minute.
 */
export const STREET_SEARCH_CACHE_SECONDS = 60;

export function streetRoutes(deps: Deps) {
  // Public reads, bounded in time like the reports' (server/http/public-reads.ts). On the replica:
  // streets change by imports, and a summary's counts a moment old tell the same.
  const read = publicReads(deps, 'replica');
  const cache = new ResponseCache<JsonText<{ streets: StreetSummary[] }>>({ ttlSeconds: STREET_SEARCH_CACHE_SECONDS, maxEntries: 5000, now: deps.now });
  return new Hono<MunicipalityEnv>()
    .get('/', validate('query', SearchQuery), async (c) => {
      const { q, limit } = c.req.valid('query');
      const municipalityId = c.var.municipality.id;
      const query = (q ?? '').trim().toLowerCase();
      const body = await cache.get(JSON.stringify([municipalityId, query, limit ?? 10]), async () =>
        toJsonText({ streets: await read(c, (sql) => searchStreets(sql, municipalityId, query, limit ?? 10)) }),
      );
      c.header('Cache-Control', `public, max-age=${STREET_SEARCH_CACHE_SECONDS}`);
      return answerJson(c, body);
    })
    .get('/nearest', validate('query', NearestQuery), async (c) => {
      const { lat, lon, maxDistance } = c.req.valid('query');
      const street = await read(c, (sql) => nearestStreet(sql, c.var.municipality.id, { lat, lon }, maxDistance ?? 300));
      return c.json({ street: street ?? null });
    })
    .get('/summary', async (c) => {
      const streets = await read(c, (sql) => streetsSummary(sql, c.var.municipality.id, OPEN_STATUSES));
      return c.json({ streets });
    })
    .get('/:id', async (c) => {
      const raw = c.req.param('id');
      const street = /^\d{1,9}$/.test(raw) ? await read(c, (sql) => streetById(sql, c.var.municipality.id, Number(raw), OPEN_STATUSES)) : undefined;
      if (!street) throw notFound('Street');
      return c.json({ street });
    });
}
