import { Hono } from 'hono';
import { issueFormToken } from '../services/spam-check.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/** The token (and, when asked for, the ALTCHA challenge) a filing form fetches when it opens. */
export function formTokenRoutes({ secretKey }: Deps) {
  return new Hono<MunicipalityEnv>().get('/', async (c) => {
    // Each token is single-use and timed: no cache may hand one to two people.
    c.header('Cache-Control', 'no-store');
    return c.json(await issueFormToken(secretKey, c.var.municipality));
  });
}
