import { Hono } from 'hono';
import type { AdminEnv, Deps } from './types.ts';

/** Planning figures (routes/admin-planning.ts): to be written. */
export function planningDensityRoutes(_deps: Deps) {
  return new Hono<AdminEnv>();
}
