import { Hono } from 'hono';
import { z } from 'zod';
import { TEXT_MAX } from '../domain/formats.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { rateLimits } from '../http/limits.ts';
import { validate } from '../http/validate.ts';
import { confirmSubscription, subscribe, unsubscribe } from '../services/street-subscriptions.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const SubscribeBody = z.object({
  streetId: z.number().int().positive().max(2_147_483_647),
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email('must be an e-mail address').max(TEXT_MAX.email)),
  /** The language of the mails: the widget's. */
  locale: z.enum(['it', 'en']).default('it'),
});

/** The answers (README "HTTP API"), for GET /api/openapi.json. */
export const SubscriptionAnswers = {
  asked: z.object({ status: z.literal('confirmation_sent') }),
  confirmed: z.object({ confirmed: z.literal(true), street: z.object({ id: z.number().int(), name: z.string() }) }),
  stopped: z.object({ unsubscribed: z.number().int() }),
};

const Token = z.string().min(1, 'must not be empty').max(2000);
const TokenBody = z.object({ token: Token });

/**
 * Following a street (README "HTTP API"): ask (a confirmation mail follows), confirm with the
 * mailed link, stop with the link of any digest. The one-click endpoint is the digests'
 * List-Unsubscribe URL (RFC 8058): mail providers POST `List-Unsubscribe=One-Click` to it.
 */
export function streetSubscriptionRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  const { streetFollow: limit, streetOneClick } = rateLimits(deps);
  return new Hono<MunicipalityEnv>()
    .post('/', limit, jsonBodyLimit, validate('json', SubscribeBody), async (c) => {
      await subscribe(sql, c.var.municipality.id, c.req.valid('json'));
      // The same answer whether the address already followed the street or not.
      return c.json({ status: 'confirmation_sent' as const } satisfies z.infer<typeof SubscriptionAnswers.asked>, 202);
    })
    .post('/confirm', limit, jsonBodyLimit, validate('json', TokenBody), async (c) => {
      const street = await confirmSubscription(sql, secretKey, c.var.municipality.id, c.req.valid('json').token);
      return c.json({ confirmed: true as const, street: { id: street.streetId, name: street.streetName } } satisfies z.infer<typeof SubscriptionAnswers.confirmed>);
    })
    .post('/unsubscribe', limit, jsonBodyLimit, validate('json', TokenBody), async (c) => {
      return c.json((await unsubscribe(sql, secretKey, c.var.municipality.id, c.req.valid('json').token)) satisfies z.infer<typeof SubscriptionAnswers.stopped>);
    })
    .post('/one-click-unsubscribe', streetOneClick, validate('query', z.object({ token: Token })), async (c) => {
      return c.json((await unsubscribe(sql, secretKey, c.var.municipality.id, c.req.valid('query').token)) satisfies z.infer<typeof SubscriptionAnswers.stopped>);
    });
}
