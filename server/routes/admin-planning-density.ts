import { Hono } from 'hono';
import { z } from 'zod';
import { queryInt } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { MAX_ZOOM, clusterGrid } from '../services/clusters.ts';
import { CELL_PAGE_MAX, cellReports, densityCells } from '../services/planning/density.ts';
import { PlanningQuery, planningFilters } from './planning-query.ts';
import { Bbox } from './reports.ts';
import type { AdminEnv, Deps } from './types.ts';

/** The planning filters plus the map's view, as the citizens' clusters take it. */
const DensityQuery = PlanningQuery.extend({
  bbox: Bbox,
  zoom: queryInt(0, MAX_ZOOM),
});

/** The planning filters plus one cell of the density answer (`level/x/y`) and a page. */
const CellQuery = PlanningQuery.extend({
  cell: z.string().max(40, 'must be a cell of the density answer: level/x/y'),
  limit: queryInt(1, CELL_PAGE_MAX).optional(),
  cursor: z.string().max(200).optional(),
});

/**
 * `GET /admin/planning/density`: the reports of the filters counted in the cells of a map view,
 * with the legend's classes; `…/density/reports`: one cell's reports (services/planning/density.ts).
 */
export function planningDensityRoutes(deps: Deps) {
  return new Hono<AdminEnv>()
    .get('/density', validate('query', DensityQuery), async (c) => {
      const { bbox, zoom, ...q } = c.req.valid('query');
      // Before any query: a view too large for the grid is a 400 on bbox.
      const grid = clusterGrid(bbox, zoom);
      return c.json(await densityCells(deps.sql, c.var.municipality.id, c.var.staff, planningFilters(q), grid, zoom));
    })
    .get('/density/reports', validate('query', CellQuery), async (c) => {
      const { cell, limit, cursor, ...q } = c.req.valid('query');
      const page = await cellReports(deps.sql, c.var.municipality.id, c.var.staff, planningFilters(q), cell, {
        limit: limit ?? CELL_PAGE_MAX,
        cursor,
      });
      return c.json(page);
    });
}
