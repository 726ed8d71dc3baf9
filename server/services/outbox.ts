import type { Sql, Tx } from '../db/connect.ts';


/**
 * E-mail to send, written in the transaction of the change that causes it, so that a change and
 * its notices are stored together or not at all. The sender renders and delivers them later.
 */

/** The office in charge learns of a report routed to it (on filing and on reassignment). */
export async function enqueueNewReportNotice(tx: Tx, municipalityId: number, reportId: string, departmentId: number) {
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'new_report', d.email, ${tx.json({ departmentId })}
    FROM department d WHERE d.id = ${departmentId} AND d.email IS NOT NULL AND d.email <> ''`;
}

/**
 * A staff member learns that a report was given to them (by a colleague: nobody is told of what
 * they did themselves). Only an active account's address, which its admin set.
 */
export async function enqueueAssignmentNotice(tx: Tx, municipalityId: number, reportId: string, assigneeId: number, by: { name: string }) {
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'staff_assigned', u.email, ${tx.json({ assignedBy: by.name })}
    FROM staff_user u WHERE u.id = ${assigneeId} AND u.municipality_id = ${municipalityId} AND u.active`;
}

/**
 * Receipts one address may get in 24 hours, from every municipality of this server together. The
 * address typed at filing is not confirmed: without a cap, filing in a loop (from many client
 * addresses, under the per-client limit) would flood a stranger's inbox with the municipality's
 * mail. Past the cap the filing still succeeds and answers with its tracking code; only the mail
 * is not written.
 */
export const RECEIPTS_PER_ADDRESS_PER_DAY = 20;
/** pg_advisory_xact_lock(RECEIPT_LOCK, hash of the address): see enqueueReceipt. */
const RECEIPT_LOCK = 4_242_012;

/**
 * The reporter gets a receipt with their tracking code, when they left an e-mail (no words of
 * theirs in it: mail/templates.ts), unless the address already had its receipts for the day.
 */
export async function enqueueReceipt(tx: Tx, municipalityId: number, reportId: string) {
  // Filings to one address are counted one at a time: the lock lasts until this filing commits,
  // and the INSERT below, a new statement, sees every receipt committed before it. Without it two
  // filings at once would both count 19 and both write.
  const [report] = await tx<{ email: string | null }[]>`
    SELECT lower(contact_email) AS email FROM report WHERE id = ${reportId}`;
  if (!report?.email) return;
  await tx`SELECT pg_advisory_xact_lock(${RECEIPT_LOCK}, hashtext(${report.email}))`;
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient)
    SELECT ${municipalityId}, ${reportId}, 'receipt', r.contact_email
    FROM report r
    WHERE r.id = ${reportId}
      AND (SELECT count(*) FROM outbox o
           WHERE o.kind = 'receipt' AND lower(o.recipient) = ${report.email}
             AND o.created_at > now() - interval '24 hours') < ${RECEIPTS_PER_ADDRESS_PER_DAY}`;
}

/**
 * A public change (status, reply, merge) for the reporter and for supporters who asked to be
 * told. `data` carries what changed, for the text.
 */
export async function enqueueReportUpdate(tx: Tx, municipalityId: number, reportId: string, data: Record<string, unknown>) {
  const payload = tx.json(data as never);
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'reporter_update', r.contact_email, ${payload}
    FROM report r WHERE r.id = ${reportId} AND r.contact_email IS NOT NULL`;
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'supporter_update', s.email, ${payload}
    FROM support s JOIN report r ON r.id = s.report_id
    WHERE s.report_id = ${reportId} AND s.email IS NOT NULL
      -- A reporter who also joined is told once.
      AND s.email IS DISTINCT FROM r.contact_email`;
}

/**
 * A staff account's link to set a new password (services/password-reset.ts), to the account's own
 * address as its admin set it, never one given in the request. No report: `report_id` stays null.
 * The link is made when the mail is sent; the row holds only which reset it is.
 */
export async function enqueuePasswordResetMail(tx: Tx, municipalityId: number, userId: number, resetId: string) {
  await tx`
    INSERT INTO outbox (municipality_id, kind, recipient, data)
    SELECT ${municipalityId}, 'staff_password_reset', u.email, ${tx.json({ resetId })}
    FROM staff_user u WHERE u.id = ${userId} AND u.municipality_id = ${municipalityId}`;
}
