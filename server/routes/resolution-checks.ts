import { Hono } from 'hono';
import { z } from 'zod';
import { rateLimits } from '../http/limits.ts';
import { validate } from '../http/validate.ts';
import { RESOLUTION_ANSWERS, answerByCode, answerByLink, previewLinkAnswer, questionByCode } from '../services/resolution-checks.ts';
import { trackingCodeParam } from './track.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const Token = z.object({ token: z.string().min(1, 'must not be empty').max(2000, 'is not a valid link') });
const Answer = z.object({ answer: z.enum(RESOLUTION_ANSWERS, `must be one of ${RESOLUTION_ANSWERS.join(', ')}`) });

/**
 * "Is it really fixed?" (README, "HTTP API"), `/api/v1/{municipality}/resolution-checks`:
 * - `GET /link?token=` what a mailed link would answer, and the earlier answer: records nothing
 *   (mail scanners open every link);
 * - `POST /link` `{token}` the citizen confirms it;
 * - `GET` / `POST /track/{code}` `{answer}` the same question for the reporter on the tracking page.
 */
export function resolutionCheckRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  const limit = rateLimits(deps).resolutionAnswer;
  const code = trackingCodeParam;
  return new Hono<MunicipalityEnv>()
    .get('/link', limit, validate('query', Token), async (c) => {
      const preview = await previewLinkAnswer(sql, secretKey, c.var.municipality.id, c.req.valid('query').token);
      c.header('Cache-Control', 'private, no-store');
      return c.json(preview);
    })
    .post('/link', limit, validate('json', Token), async (c) => {
      return c.json(await answerByLink(sql, secretKey, c.var.municipality.id, c.req.valid('json').token));
    })
    .get('/track/:code', limit, async (c) => {
      const question = await questionByCode(sql, secretKey, c.var.municipality.id, code(c.req.param('code')));
      c.header('Cache-Control', 'private, no-store');
      return c.json(question);
    })
    .post('/track/:code', limit, validate('json', Answer), async (c) => {
      const raw = code(c.req.param('code'));
      return c.json(await answerByCode(sql, secretKey, c.var.municipality.id, raw, c.req.valid('json').answer));
    });
}
