import { Hono } from 'hono';
import { z } from 'zod';
import { csvText } from '../http/csv-text.ts';
import { queryInt } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { RECURRENCE_DEFAULTS, Recurrences, recurrences } from '../services/planning/recurrences.ts';
import { STREET_SORTS, StreetRow, planningStreets } from '../services/planning/streets.ts';
import { PlanningQuery, planningFilters } from './planning-query.ts';
import type { AdminEnv, Deps } from './types.ts';

/** N and M of a recurring fault (services/planning/recurrences.ts): at least N reports within M metres. */
const RecurrenceQuery = PlanningQuery.extend({
  minReports: queryInt(2, 50).optional(),
  radius: queryInt(10, 500).optional(),
});

const StreetsQuery = RecurrenceQuery.extend({
  sort: z.enum(STREET_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** The streets table as the CSV has it: Italian column names, as the municipality's offices read them. */
const STREET_COLUMNS = [
  ['Via', (r: StreetRow) => r.name],
  ['Segnalazioni', (r: StreetRow) => r.total],
  ['Aperte', (r: StreetRow) => r.open],
  ['Scadute', (r: StreetRow) => r.overdue],
  // A decimal comma, as an Italian spreadsheet reads a number.
  ['Mediana risoluzione (ore)', (r: StreetRow) => (r.medianResolveHours === null ? '' : String(r.medianResolveHours).replace('.', ','))],
  ['Guasti ricorrenti', (r: StreetRow) => r.recurrences],
] as const;

/**
 * `/admin/planning/recurrences` and `/admin/planning/streets` (and its CSV): where faults come
 * back, street by street. `sql` is the reporting pool (routes/admin.ts mounts planning on it).
 */
/** The answers of this file's routes: the period, then what was found in it. */
export const PlacesAnswers = {
  recurrences: Recurrences.extend({ from: z.string(), to: z.string() }),
  streets: z.object({ from: z.string(), to: z.string(), streets: z.array(StreetRow) }),
};

export function planningPlaceRoutes({ sql: db }: Deps) {
  const streets = (c: { var: AdminEnv['Variables'] }, q: z.infer<typeof StreetsQuery>) =>
    planningStreets(db, c.var.municipality.id, c.var.municipality.center.lat, c.var.staff, planningFilters(q), {
      minReports: q.minReports ?? RECURRENCE_DEFAULTS.minReports,
      radius: q.radius ?? RECURRENCE_DEFAULTS.radius,
      sort: q.sort ?? 'total',
      order: q.order ?? (q.sort === 'name' ? 'asc' : 'desc'),
    });
  return new Hono<AdminEnv>()
    .get('/recurrences', validate('query', RecurrenceQuery), async (c) => {
      const q = c.req.valid('query');
      const filters = planningFilters(q);
      const answer = await recurrences(db, c.var.municipality.id, c.var.municipality.center.lat, c.var.staff, filters, {
        minReports: q.minReports ?? RECURRENCE_DEFAULTS.minReports,
        radius: q.radius ?? RECURRENCE_DEFAULTS.radius,
      });
      return c.json({ from: filters.from, to: filters.to, ...answer } satisfies z.infer<typeof PlacesAnswers.recurrences>);
    })
    .get('/streets', validate('query', StreetsQuery), async (c) => {
      const q = c.req.valid('query');
      const filters = planningFilters(q);
      return c.json({ from: filters.from, to: filters.to, streets: await streets(c, q) } satisfies z.infer<typeof PlacesAnswers.streets>);
    })
    .get('/streets.csv', validate('query', StreetsQuery), async (c) => {
      const rows = await streets(c, c.req.valid('query'));
      const day = new Date().toISOString().slice(0, 10);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="vie-${c.var.municipality.slug}-${day}.csv"`);
      c.header('Cache-Control', 'private, no-store');
      return c.body(csvText(STREET_COLUMNS, rows));
    });
}
