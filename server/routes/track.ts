import { Hono } from 'hono';
import { ApiError } from '../http/errors.ts';
import { rateLimits } from '../http/limits.ts';
import { trackReport } from '../services/reports.ts';
import { normalizeTrackingCode } from '../services/tracking-code.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/** The reporter's view by tracking code: works before publication, never shown to others. */
export function trackRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  return new Hono<MunicipalityEnv>().get('/:code', rateLimits(deps).track, async (c) => {
    const raw = normalizeTrackingCode(decodeURIComponent(c.req.param('code')));
    if (!raw) {
      throw new ApiError(400, 'invalid_request', 'A tracking code has 10 letters and digits, like 7KQ2-M9XH-4T', {
        fields: [{ field: 'trackingCode', message: 'must be 10 letters and digits' }],
      });
    }
    const report = await trackReport(sql, secretKey, c.var.municipality, raw);
    // The tracking code is a secret: keep this answer out of shared caches.
    c.header('Cache-Control', 'private, no-store');
    return c.json(report);
  });
}
