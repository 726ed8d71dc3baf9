import { Hono } from 'hono';
import { ApiError } from '../http/errors.ts';
import { rateLimits } from '../http/limits.ts';
import { publicReads } from '../http/public-reads.ts';
import { trackReport } from '../services/report-detail.ts';
import { trackingExtras } from '../services/report-promise.ts';
import { eraseReporterContact } from '../services/retention.ts';
import { normalizeTrackingCode } from '../services/tracking-code.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/**
 * A tracking code from a URL path as the server stores it (any case, dashes optional), or a 400
 * naming `trackingCode`: every route that takes the reporter's code reads it here.
 */
export function trackingCodeParam(param: string): string {
  const raw = normalizeTrackingCode(param);
  if (!raw) {
    throw new ApiError(400, 'invalid_request', 'A tracking code has 10 letters and digits, like 7KQ2-M9XH-4T', {
      fields: [{ field: 'trackingCode', message: 'must be 10 letters and digits' }],
    });
  }
  return raw;
}

/** The reporter's view by tracking code: works before publication, never shown to others. */
export function trackRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  const limit = rateLimits(deps).track;
  // Bounded in time like every public read (server/http/public-reads.ts). Not the erasure: a write.
  // From the primary, never the replica: the reporter opens this page right after filing.
  const read = publicReads(deps, 'primary');
  return new Hono<MunicipalityEnv>()
    .get('/:code', limit, async (c) => {
      const raw = trackingCodeParam(c.req.param('code'));
      // The report, the office's promise and whether contact data is held (report-promise.ts).
      const report = await read(c, async (sql) => ({
        ...(await trackReport(sql, secretKey, c.var.municipality, raw)),
        ...(await trackingExtras(sql, secretKey, c.var.municipality.id, raw)),
      }));
      // The tracking code is a secret: keep this answer out of shared caches.
      c.header('Cache-Control', 'private, no-store');
      return c.json(report);
    })
    // The reporter erases their own name, e-mail and phone (GDPR), proving who they are by the code.
    .delete('/:code/contact', limit, async (c) => {
      const raw = trackingCodeParam(c.req.param('code'));
      await eraseReporterContact(sql, secretKey, c.var.municipality.id, raw);
      return c.body(null, 204);
    });
}
