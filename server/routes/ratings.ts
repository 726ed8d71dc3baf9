import { Hono } from 'hono';
import { z } from 'zod';
import { TEXT_MAX } from '../domain/formats.ts';
import { rateLimits } from '../http/limits.ts';
import { optionalText } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { rateByCode, ratingByCode } from '../services/service-ratings.ts';
import { trackingCodeParam } from './track.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const Rating = z.object({
  rating: z.number('must be a whole number from 1 to 5').int('must be a whole number from 1 to 5').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5'),
  comment: optionalText(TEXT_MAX.ratingComment),
});

/**
 * The reporter rates the service (README, "HTTP API"), `/api/v1/{municipality}/ratings/track/{code}`:
 * `GET` the rating given and whether it can still change, `POST` `{rating, comment?}`.
 */
export function ratingRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  const limit = rateLimits(deps).resolutionAnswer;
  const code = trackingCodeParam;
  return new Hono<MunicipalityEnv>()
    .get('/track/:code', limit, async (c) => {
      const view = await ratingByCode(sql, secretKey, c.var.municipality.id, code(c.req.param('code')));
      c.header('Cache-Control', 'private, no-store');
      return c.json(view);
    })
    .post('/track/:code', limit, validate('json', Rating), async (c) => {
      const raw = code(c.req.param('code'));
      return c.json(await rateByCode(sql, secretKey, c.var.municipality.id, raw, c.req.valid('json')));
    });
}
