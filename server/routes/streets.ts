import { Hono } from 'hono';
import { z } from 'zod';
import { OPEN_STATUSES } from '../domain/status.ts';
import { queryInt, queryNumber } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { notFound } from '../http/errors.ts';
import { nearestStreet, searchStreets, streetById, streetsSummary } from '../services/streets.ts';
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

export function streetRoutes({ sql }: Deps) {
  return new Hono<MunicipalityEnv>()
    .get('/', validate('query', SearchQuery), async (c) => {
      const { q, limit } = c.req.valid('query');
      const streets = await searchStreets(sql, c.var.municipality.id, q ?? '', limit ?? 10);
      return c.json({ streets });
    })
    .get('/nearest', validate('query', NearestQuery), async (c) => {
      const { lat, lon, maxDistance } = c.req.valid('query');
      const street = await nearestStreet(sql, c.var.municipality.id, { lat, lon }, maxDistance ?? 300);
      return c.json({ street: street ?? null });
    })
    .get('/summary', async (c) => {
      const streets = await streetsSummary(sql, c.var.municipality.id, OPEN_STATUSES);
      return c.json({ streets });
    })
    .get('/:id', async (c) => {
      const raw = c.req.param('id');
      const street = /^\d{1,9}$/.test(raw) ? await streetById(sql, c.var.municipality.id, Number(raw), OPEN_STATUSES) : undefined;
      if (!street) throw notFound('Street');
      return c.json({ street });
    });
}
