import { Hono } from 'hono';
import { z } from 'zod';
import { queryInt } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { officeBacklog } from '../services/planning/backlog.ts';
import { OfficePlanning, officePlanning } from '../services/planning/offices.ts';
import { PlanningQuery, planningFilters } from './planning-query.ts';
import type { AdminEnv, Deps } from './types.ts';

/** The backlog is a snapshot of today: an office and a category, no period, no status. */
const BacklogQuery = z.object({
  categoryId: queryInt(1, 2_147_483_647).optional(),
  departmentId: queryInt(1, 2_147_483_647).optional(),
});

/**
 * What the offices achieve (README "Planning: offices"): deadlines kept month by month
 * (`/planning/offices`) and the open reports by age (`/planning/backlog`). Long reads: through
 * the reporting pool, away from the connections filings need (routes/admin.ts gives it as `sql`).
 */
/** `GET /planning/offices`: the period and each office's figures. */
export const OfficesAnswer = z.object({ from: z.string(), to: z.string(), offices: z.array(OfficePlanning) });

export function planningOfficeRoutes({ sql: db }: Deps) {
  return new Hono<AdminEnv>()
    .get('/offices', validate('query', PlanningQuery), async (c) => {
      const f = planningFilters(c.req.valid('query'));
      const offices = await officePlanning(db, c.var.municipality.id, c.var.staff, f);
      return c.json({ from: f.from, to: f.to, offices } satisfies z.infer<typeof OfficesAnswer>);
    })
    .get('/backlog', validate('query', BacklogQuery), async (c) => {
      return c.json(await officeBacklog(db, c.var.municipality.id, c.var.staff, c.req.valid('query')));
    });
}
