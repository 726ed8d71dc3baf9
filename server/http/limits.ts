import type { Deps } from '../routes/types.ts';
import { DEFAULT_RATE_LIMITS, municipalityLimit, rateLimit } from './rate-limit.ts';

/** The rate limits of the public writes and lookups, built once per app. */
export function rateLimits(deps: Deps) {
  const l = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const trustProxy = deps.trustProxy;
  // Follow a street
  const streetFollow = l.streetFollowPerClient ?? DEFAULT_RATE_LIMITS.streetFollowPerClient!;
  return {
    file: rateLimit(deps.sql, 'file', { perClient: l.filePerClient, trustProxy }),
    /** Taken by the filing route once a filing could be written, not at the edge: junk must not use up the town's allowance. */
    fileInMunicipality: municipalityLimit(deps.sql, 'file', l.filePerMunicipality),
    support: rateLimit(deps.sql, 'support', { perClient: l.supportPerClient, trustProxy }),
    track: rateLimit(deps.sql, 'track', { perClient: l.trackPerClient, trustProxy }),
    login: rateLimit(deps.sql, 'login', { perClient: l.loginPerClient, trustProxy }),
    // Follow a street
    streetFollow: rateLimit(deps.sql, 'street_follow', { perClient: streetFollow, trustProxy }),
    /** The digests' List-Unsubscribe URL: a mail provider POSTs it for many of its users from few addresses. */
    streetOneClick: rateLimit(deps.sql, 'street_one_click', { perClient: { ...streetFollow, max: 20 * streetFollow.max }, trustProxy }),
    // "Is it really fixed?" and the rating of the service
    resolutionAnswer: rateLimit(deps.sql, 'resolution_answer', {
      perClient: l.resolutionAnswerPerClient ?? DEFAULT_RATE_LIMITS.resolutionAnswerPerClient!,
      trustProxy,
    }),
    // The citizen adds information to their report
    citizenMessage: rateLimit(deps.sql, 'citizen_message', {
      perClient: l.citizenMessagePerClient ?? DEFAULT_RATE_LIMITS.citizenMessagePerClient!,
      trustProxy,
    }),
  };
}
