import type { Sql } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import { trackingHash } from './tracking-code.ts';

export interface PurgeResult {
  reports: number;
  supports: number;
  mails: number;
}

/**
 * GDPR retention: the reporter's and supporters' contact data are needed while a report is being
 * handled, not after. Once a report has been closed for `afterDays`, they are erased; so are
 * delivered (or abandoned) e-mails of that age, whose recipient is personal data too.
 */
export async function purgeContactData(sql: Sql, afterDays: number): Promise<PurgeResult> {
  return sql.begin(async (tx) => {
    const reports = await tx`
      UPDATE report SET contact_name = NULL, contact_email = NULL, contact_phone = NULL
      WHERE closed_at < now() - make_interval(days => ${afterDays})
        AND (contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL)
      RETURNING id`;
    const supports = await tx`
      UPDATE support s SET email = NULL FROM report r
      WHERE r.id = s.report_id AND s.email IS NOT NULL AND r.closed_at < now() - make_interval(days => ${afterDays})
      RETURNING s.id`;
    const mails = await tx`
      DELETE FROM outbox
      WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < now() - make_interval(days => ${afterDays})
      RETURNING id`;
    return { reports: reports.length, supports: supports.length, mails: mails.length };
  });
}

/**
 * The reporter's own erasure, proven by the tracking code: their name, e-mail and phone go at
 * once, with the e-mails still waiting to be sent to them. The report itself stays (it is the
 * municipality's record of a public fault, and others may have joined it).
 */
export async function eraseReporterContact(sql: Sql, key: Buffer, municipalityId: number, rawCode: string): Promise<void> {
  await sql.begin(async (tx) => {
    const [report] = await tx<{ id: string; contact_email: string | null }[]>`
      SELECT id, contact_email FROM report
      WHERE municipality_id = ${municipalityId} AND tracking_hash = ${trackingHash(key, rawCode)}
      FOR UPDATE`;
    if (!report) throw new ApiError(404, 'not_found', 'No report has this tracking code');
    await tx`UPDATE report SET contact_name = NULL, contact_email = NULL, contact_phone = NULL WHERE id = ${report.id}`;
    if (report.contact_email) {
      await tx`DELETE FROM outbox WHERE report_id = ${report.id} AND recipient = ${report.contact_email} AND sent_at IS NULL`;
    }
    await tx`
      INSERT INTO report_event (municipality_id, report_id, type, message, public)
      VALUES (${municipalityId}, ${report.id}, 'note', 'Il segnalante ha cancellato i propri recapiti', false)`;
  });
}
