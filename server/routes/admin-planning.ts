import { Hono } from 'hono';
import { planningOfficeRoutes } from './admin-planning-offices.ts';
import { planningDensityRoutes } from './admin-planning-density.ts';
import { planningPlaceRoutes } from './admin-planning-places.ts';
import type { AdminEnv, Deps } from './types.ts';

/**
 * `/admin/planning/…`: where faults recur and what the offices achieve, for the console's planning
 * view. Every figure leaves hidden reports out and counts a merged duplicate once
 * (services/planning/scope.ts); staff see their own offices, admins the whole municipality.
 */
export function adminPlanningRoutes(deps: Deps) {
  return new Hono<AdminEnv>()
    .route('/', planningDensityRoutes(deps))
    .route('/', planningPlaceRoutes(deps))
    .route('/', planningOfficeRoutes(deps));
}
