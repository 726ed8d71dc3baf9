import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { invalidRequest } from '../http/validate.ts';
import type { Municipality } from './municipality.ts';
import { dropEditions } from './open-data/dataset.ts';
import type { StaffUser } from './staff-auth.ts';
import { addEvent, bump, checkVersion } from './staff-report-actions.ts';
import { type ReportText, findForStaff } from './staff-report-detail.ts';

/** A moderation edit of a report's public words: at least one of them, and why. */
export interface TextEdit {
  title?: string;
  details?: string;
  reason: string;
  version: number;
}

/**
 * Staff edit the public title and description of a report (issue 15 §6), e.g. to take out a
 * person's name or an insult. The report's own columns take the new words, so every public
 * answer shows them at once; the event (internal: neither the public history nor a mail tells of
 * it) records who, why (its message), and the words before and after. The first edit's `before`
 * is the original, which staff still see (staffReportDetail). A clerk edits only reports of their
 * offices (findForStaff), and a stale version is refused like every change of the report.
 */
/** The public text after an edit, and the report's new version (editReportText). */
export const TextEdited = z.object({ version: z.number().int(), title: z.string(), details: z.string() });

export async function editReportText(sql: Sql, m: Municipality, user: StaffUser, reference: string, edit: TextEdit): Promise<z.infer<typeof TextEdited>> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    checkVersion(r, edit.version);
    const [current] = await tx<(ReportText & { published: boolean })[]>`
      SELECT title, details, published FROM report WHERE id = ${r.id}`;
    const after: ReportText = { title: edit.title ?? current.title, details: edit.details ?? current.details };
    if (after.title === current.title && after.details === current.details) {
      throw invalidRequest([{ field: edit.title === undefined ? 'details' : 'title', message: 'the text is the same as now' }]);
    }
    // search_text is generated from title and details: the public search follows the edit.
    await tx`UPDATE report SET title = ${after.title}, details = ${after.details} WHERE id = ${r.id}`;
    await addEvent(tx, m.id, r.id, user, {
      type: 'edit',
      message: edit.reason,
      public: false,
      data: { before: { title: current.title, details: current.details }, after },
    });
    // Today's open data edition was built with the old words; the next download builds it anew,
    // so a name taken out of a report does not stay published until tomorrow. Only the words of
    // published reports are in it (open-data/selection.ts).
    if (current.published) await dropEditions(tx, m.id);
    return { version: await bump(tx, r.id), title: after.title, details: after.details };
  });
}
