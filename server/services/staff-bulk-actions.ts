import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import { type FieldError, invalidRequest } from '../http/validate.ts';
import type { Municipality } from './municipality.ts';
import type { StaffUser } from './staff-auth.ts';
import { canHandle, type LockedReport } from './staff-report-detail.ts';
import { type Move, type StatusChange, applyAssignee, applyMove, applyStatus } from './staff-report-actions.ts';

/**
 * One action on a selection of the queue (README, "Bulk actions"): a status with one public
 * message, an assignee, or another office or category. Each report gets its own event and mails,
 * as if changed alone, and the version the clerk saw is checked for each.
 *
 * All or nothing, in one transaction: if any report changed since the clerk's list was loaded the
 * answer is 409 with the stale ones, and nothing is written; if the action does not fit one of
 * them (a reason missing, an assignee outside that report's office) the answer is 400 naming it.
 * A report that already is as asked is left alone and listed as unchanged.
 */

export type BulkAction =
  | ({ type: 'status' } & Omit<StatusChange, 'version'>)
  | { type: 'assignee'; assigneeId: number | null }
  | ({ type: 'move' } & Move);

export const BulkAnswer = z.object({
  changed: z.array(z.object({ reference: z.string(), version: z.number().int() })),
  unchanged: z.array(z.object({ reference: z.string() })),
});
export type BulkAnswer = z.infer<typeof BulkAnswer>;

export async function bulkAction(
  sql: Sql,
  m: Municipality,
  user: StaffUser,
  reports: { reference: string; version: number }[],
  action: BulkAction,
): Promise<BulkAnswer> {
  return sql.begin(async (tx) => {
    const references = reports.map((r) => r.reference);
    // Locked in one order, so two bulk actions on overlapping selections cannot deadlock.
    const rows = await tx<LockedReport[]>`
      SELECT id, reference, status, department_id, category_id, version, published, status_before_hidden,
             accepted_at, contact_email, assignee_id
      FROM report WHERE municipality_id = ${m.id} AND reference IN ${tx(references)}
      ORDER BY id FOR UPDATE`;
    const byReference = new Map(rows.map((r) => [r.reference, r]));
    const unknown = references.flatMap((ref, i) => (byReference.has(ref) ? [] : [{ field: `reports.${i}`, message: `${ref}: no such report` }]));
    if (unknown.length) throw invalidRequest(unknown);
    const foreign = rows.filter((r) => !canHandle(user, r.department_id)).map((r) => r.reference);
    if (foreign.length) {
      throw new ApiError(403, 'forbidden', 'Some reports belong to a department you do not handle', { references: foreign });
    }
    const stale = reports
      .filter((s) => byReference.get(s.reference)!.version !== s.version)
      .map((s) => ({ reference: s.reference, currentVersion: byReference.get(s.reference)!.version }));
    if (stale.length) {
      throw new ApiError(409, 'version_conflict', 'Someone else changed some of these reports meanwhile: reload them and try again', { stale });
    }
    const answer: BulkAnswer = { changed: [], unchanged: [] };
    const refused: FieldError[] = [];
    for (const [i, reference] of references.entries()) {
      const r = byReference.get(reference)!;
      try {
        const done =
          action.type === 'status' ? await applyStatus(tx, m, user, r, action)
          : action.type === 'assignee' ? await applyAssignee(tx, m, user, r, action.assigneeId)
          : await applyMove(tx, m, user, r, action);
        if (done) answer.changed.push({ reference, version: done.version });
        else answer.unchanged.push({ reference });
      } catch (err) {
        const fields = err instanceof ApiError && err.status === 400 ? (err.details as { fields?: FieldError[] } | undefined)?.fields : undefined;
        if (!fields) throw err;
        refused.push(...fields.map((f) => ({ field: `reports.${i}`, message: `${reference}: ${f.field}: ${f.message}` })));
      }
    }
    // Every refusal is told at once, and the transaction rolls back whatever the others wrote.
    if (refused.length) throw invalidRequest(refused);
    return answer;
  });
}
