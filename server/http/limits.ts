import type { Deps } from '../routes/types.ts';
import { DEFAULT_RATE_LIMITS, rateLimit } from './rate-limit.ts';

/** The rate-limit middlewares of the public writes and lookups, built once per app. */
export function rateLimits(deps: Deps) {
  const l = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const trustProxy = deps.trustProxy ?? false;
  return {
    file: rateLimit(deps.sql, 'file', { perClient: l.filePerClient, perMunicipality: l.filePerMunicipality, trustProxy }),
    support: rateLimit(deps.sql, 'support', { perClient: l.supportPerClient, trustProxy }),
    track: rateLimit(deps.sql, 'track', { perClient: l.trackPerClient, trustProxy }),
    login: rateLimit(deps.sql, 'login', { perClient: l.loginPerClient, trustProxy }),
  };
}
