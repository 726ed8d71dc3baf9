import type { PlanningFilters as ReadPlanningFilters } from '../../../../server/services/planning/scope.ts';

/** The planning view's filters, as the server reads them (services/planning/scope.ts). */
export type PlanningFilters = ReadPlanningFilters;

/** `YYYY-MM-DD` of a moment in the municipality's calendar (the server counts days in Rome). */
const romeDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** The last 12 months up to today, open and closed reports: the server's default too (routes/admin-planning.ts). */
export function defaultPlanningFilters(now = new Date()): PlanningFilters & { from: string; to: string } {
  const to = romeDay(now);
  const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4).replace('-02-29', '-02-28')}`;
  return { from, to, status: 'all' };
}

/** The filters as a query string's values (the panels' calls). */
export function planningQuery(f: PlanningFilters): Record<string, string | number | undefined> {
  return { from: f.from, to: f.to, categoryId: f.categoryId, departmentId: f.departmentId, status: f.status };
}
