import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { StaffUser } from './staff-auth.ts';

/**
 * Notification e-mails the sender gave up on (README "E-mail notifications": after the last try a
 * message is set aside, kept for staff): listed for staff, and sent again when they ask. A clerk
 * sees those of the reports of their offices (whose contacts the queue shows them anyway); an
 * admin sees them all, including mail about no report (a street follower's confirmation).
 */

export const FailedMail = z.object({
  id: z.string(),
  /** What the message was: new_report, receipt, reporter_update, supporter_update, … */
  kind: z.string(),
  recipient: z.string(),
  /** The report it is about, or null. */
  reference: z.string().nullable(),
  createdAt: z.date(),
  failedAt: z.date(),
  attempts: z.number().int(),
  /** The mail server's last answer, without the address (server/mail/sender.ts). */
  lastError: z.string().nullable(),
});
export type FailedMail = z.infer<typeof FailedMail>;

/** At most this many, the latest failures first: a mail server down for a day is visible at once. */
export const FAILED_MAIL_LISTED = 200;

const visibleTo = (sql: Sql, user: StaffUser) =>
  user.role === 'admin' ? sql`` : sql`AND r.department_id = ANY(${user.departmentIds})`;

export async function listFailedMail(sql: Sql, municipalityId: number, user: StaffUser): Promise<FailedMail[]> {
  return sql<FailedMail[]>`
    SELECT o.id::text AS id, o.kind, o.recipient, r.reference, o.created_at AS "createdAt", o.failed_at AS "failedAt",
      o.attempts, o.last_error AS "lastError"
    FROM outbox o LEFT JOIN report r ON r.id = o.report_id
    WHERE o.municipality_id = ${municipalityId} AND o.failed_at IS NOT NULL AND o.sent_at IS NULL ${visibleTo(sql, user)}
    ORDER BY o.failed_at DESC, o.id DESC
    LIMIT ${FAILED_MAIL_LISTED}`;
}

/**
 * Puts a failed message back in the sender's queue, with its tries counted afresh, to go at the
 * sender's next round. One statement: of two staff asking at once, one puts it back; the other is
 * told it already was (409), and the message is sent once.
 */
export async function retryFailedMail(sql: Sql, municipalityId: number, user: StaffUser, id: string): Promise<void> {
  const put = await sql`
    UPDATE outbox o SET failed_at = NULL, attempts = 0, next_attempt_at = now()
    FROM outbox x LEFT JOIN report r ON r.id = x.report_id
    WHERE x.id = o.id AND o.id = ${id} AND o.municipality_id = ${municipalityId}
      AND o.failed_at IS NOT NULL AND o.sent_at IS NULL ${visibleTo(sql, user)}
    RETURNING o.id`;
  if (put.length) return;
  const [seen] = await sql`
    SELECT 1 FROM outbox o LEFT JOIN report r ON r.id = o.report_id
    WHERE o.id = ${id} AND o.municipality_id = ${municipalityId} ${visibleTo(sql, user)}`;
  if (!seen) throw notFound('Failed mail');
  throw new ApiError(409, 'not_failed', 'This message is not set aside any more: it was already put back in the queue, or sent');
}
