import { Hono } from 'hono';
import { z } from 'zod';
import { SUPPORTER_TOKEN_FORMAT } from '../domain/formats.ts';
import { notFound } from '../http/errors.ts';
import { optionalEmail } from '../http/schemas.ts';
import { rateLimits } from '../http/limits.ts';
import { validate } from '../http/validate.ts';
import { addSupport } from '../services/supports.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { isReference } from './reports.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const SupportBody = z.object({
  /** A random token the browser keeps: the same token joins a report once. */
  supporterToken: z.string().regex(SUPPORTER_TOKEN_FORMAT, 'must be 16 to 128 letters, digits, - or _'),
  email: optionalEmail,
});

/** Mi associo: POST /reports/{reference}/supports. */
export function supportRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  return new Hono<MunicipalityEnv>().post('/:reference/supports', rateLimits(deps).support, jsonBodyLimit, validate('json', SupportBody), async (c) => {
    const reference = c.req.param('reference');
    if (!isReference(reference)) throw notFound('Report');
    const { supporterToken, email } = c.req.valid('json');
    const result = await addSupport(sql, secretKey, c.var.municipality.id, reference, supporterToken, email);
    return c.json(result, result.created ? 201 : 200);
  });
}
