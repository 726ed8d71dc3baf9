import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { rateLimits } from '../http/limits.ts';
import { text } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { BODY_STATUSES, addBodyUpdate, bodyLinkContext, bodyLinkRefused } from '../services/outside-bodies.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/** The body's message (required, 1–2000 characters) and, when it changes, the status it gives. */
export const BodyUpdateSchema = z.object({
  status: z.enum(BODY_STATUSES, `must be one of ${BODY_STATUSES.join(', ')}`).optional(),
  expectedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).transform((d) => new Date(d)).optional(),
  message: text(1, 2000),
});

/** A token as a link carries it: base64url and one dot; anything else is refused like a forged one. */
const tokenOf = (raw: string) => {
  if (!/^[A-Za-z0-9_-]{1,1800}\.[A-Za-z0-9_-]{1,100}$/.test(raw)) throw bodyLinkRefused();
  return raw;
};

/**
 * `GET /body-links/{token}` and `POST /body-links/{token}/updates`: an outside body, with the link
 * of the mail its report was forwarded with, reads the report and posts updates (README "Outside
 * bodies"). No account; limited per client address like the citizens' messages.
 */
export function bodyLinkRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  const limits = rateLimits(deps);
  return new Hono<MunicipalityEnv>()
    .get('/:token', limits.track, async (c) => {
      const context = await bodyLinkContext(sql, secretKey, c.var.municipality, tokenOf(c.req.param('token')));
      c.header('Cache-Control', 'private, no-store');
      return c.json(context);
    })
    .post('/:token/updates', limits.citizenMessage, jsonBodyLimit, validate('json', BodyUpdateSchema), async (c) => {
      const token = tokenOf(c.req.param('token'));
      const result = await addBodyUpdate(sql, secretKey, c.var.municipality, token, c.req.valid('json'));
      c.header('Cache-Control', 'private, no-store');
      return c.json(result, 201);
    });
}
