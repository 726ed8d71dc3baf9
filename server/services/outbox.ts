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

/** The reporter gets a receipt with their tracking code, when they left an e-mail. */
export async function enqueueReceipt(tx: Tx, municipalityId: number, reportId: string) {
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient)
    SELECT ${municipalityId}, ${reportId}, 'receipt', r.contact_email
    FROM report r WHERE r.id = ${reportId} AND r.contact_email IS NOT NULL`;
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
