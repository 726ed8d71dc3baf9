import { z } from 'zod';
import { localDate } from '../domain/promise.ts';
import { invalidRequest } from '../http/validate.ts';
import { isoDay, queryInt } from '../http/schemas.ts';
import type { PlanningFilters } from '../services/planning/scope.ts';

/** The filters of every planning figure, as the query string carries them (README, planning). */
export const PlanningQuery = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  categoryId: queryInt(1, 2_147_483_647).optional(),
  departmentId: queryInt(1, 2_147_483_647).optional(),
  status: z.enum(['open', 'closed', 'all']).optional(),
});

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The query's filters with the default period: the last 12 months up to today, in the
 * municipality's calendar. A period that ends before it starts is the client's mistake: a 400.
 */
export function planningFilters(q: z.infer<typeof PlanningQuery>, now = new Date()): PlanningFilters & { from: string; to: string } {
  const today = localDate(now);
  const to = q.to ?? `${today.year}-${pad(today.month)}-${pad(today.day)}`;
  // A year back; from 29 February, the 28th (the day before would be refused as not a date).
  const from = q.from ?? `${today.year - 1}-${pad(today.month)}-${pad(today.month === 2 && today.day === 29 ? 28 : today.day)}`;
  if (from > to) throw invalidRequest([{ field: 'from', message: 'must not be after to' }]);
  return { ...q, from, to, status: q.status ?? 'all' };
}

