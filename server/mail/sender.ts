import type { Sql } from '../db/connect.ts';
import type { ReportStatus } from '../domain/status.ts';
import { type Logger, redactEmailAddresses } from '../log.ts';
import { repeatingJob } from '../services/repeating-job.ts';
import { deriveTrackingCode, formatTrackingCode } from '../services/tracking-code.ts';
import { citizenReplyMailLink } from '../services/citizen-messages.ts';
import { resolutionCheckMailLinks } from '../services/resolution-checks.ts';
import { resetLinkUrl, resetToken } from '../services/password-reset.ts';
import { bodyMailLink } from '../services/outside-bodies.ts';
import { type Locale, type MailKind, renderMail, renderPasswordResetMail } from './templates.ts';

/** What delivers a message: nodemailer's SMTP transport, or the log in the demo. */
export interface MailTransport {
  send(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    messageId: string;
    /** Extra headers (List-Unsubscribe of the street digests, RFC 8058). */
    headers?: Record<string, string>;
  }): Promise<void>;
}

export interface MailSenderOptions {
  sql: Sql;
  secretKey: Buffer;
  logger: Logger;
  transport: MailTransport;
  from: string;
  /** Base for relative links (the widget page of a municipality). */
  publicUrl?: string;
  /** Tries before a message is set aside as failed (kept, never retried by itself). */
  maxAttempts?: number;
  /** Seconds before the first retry; doubled at each failure. */
  retryBaseSeconds?: number;
  /** A claimed message is someone's for this long; a process that died loses it after that. */
  leaseSeconds?: number;
}

interface OutboxRow {
  id: string;
  kind: MailKind;
  recipient: string;
  locale: Locale;
  data: { status?: ReportStatus; message?: string; duplicateOf?: string; who?: string; round?: number; expiresAt?: number; resetId?: string; bodyId?: number; bodyName?: string; forwardedTo?: string };
  municipality_id: number;
  report_id: string;
  attempts: number;
  reference: string;
  title: string;
  details: string;
  tracking_salt: Buffer;
  category_name: string;
  department_name: string;
  created_at: Date;
  street_name: string | null;
  civic: string | null;
  municipality_name: string;
  widget_page_url: string | null;
}

/**
 * Delivers the outbox. Each round claims due messages with FOR UPDATE SKIP LOCKED and a lease, so
 * several processes share the work without sending a message twice; a failure is retried with
 * exponential backoff; a sent message is marked sent and never picked again. The message-id is
 * stable per outbox row, so even a crash between sending and marking lets mail clients dedupe.
 */
export function createMailSender(o: MailSenderOptions) {
  const maxAttempts = o.maxAttempts ?? 8;
  const retryBase = o.retryBaseSeconds ?? 60;
  const lease = o.leaseSeconds ?? 300;

  function reportUrl(row: OutboxRow): string | null {
    if (!row.widget_page_url) return null;
    const page = /^https?:\/\//.test(row.widget_page_url) ? row.widget_page_url : o.publicUrl ? new URL(row.widget_page_url, o.publicUrl).toString() : null;
    return page && `${page.split('#')[0]}#segnala/report/${row.reference}`;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    if (row.kind === 'staff_password_reset') return deliverPasswordReset(row);
    const mine = row.kind === 'receipt' || row.kind === 'reporter_update';
    const mail = renderMail(row.kind, row.locale, {
      municipalityName: row.municipality_name,
      reference: row.reference,
      title: row.title,
      details: row.details,
      categoryName: row.category_name,
      departmentName: row.department_name,
      filedAt: row.created_at,
      place: [row.street_name, row.civic].filter(Boolean).join(', ') || null,
      reportUrl: reportUrl(row),
      trackingCode: mine ? formatTrackingCode(deriveTrackingCode(o.secretKey, row.tracking_salt)) : undefined,
      // "Is it really fixed?": the three answers, signed now (the outbox keeps no token).
      answerLinks: row.kind === 'resolution_check' ? resolutionCheckMailLinks(o.secretKey, row, reportUrl(row)) : undefined,
      // The office's question: the link to answer it, signed now.
      replyUrl: row.kind === 'citizen_reply_request' ? citizenReplyMailLink(o.secretKey, row, reportUrl(row)) : undefined,
      // An outside body's page for its updates, signed now.
      bodyUrl: row.kind === 'body_forward' ? bodyMailLink(o.secretKey, row, reportUrl(row)) : undefined,
      ...row.data,
    });
    await o.transport.send({ from: o.from, to: row.recipient, ...mail, messageId: `<outbox-${row.id}@segnala>` });
  }

  /**
   * A staff account's link to set a new password, signed now (the outbox keeps no token). A link
   * replaced by a newer one, used or expired is not sent: the row is done all the same.
   */
  async function deliverPasswordReset(row: OutboxRow): Promise<void> {
    const [reset] = await o.sql<{ id: string; salt: Buffer; page_url: string; expires_at: Date; name: string }[]>`
      SELECT r.id::text AS id, r.salt, r.page_url, r.expires_at, u.name
      FROM staff_password_reset r JOIN staff_user u ON u.id = r.staff_user_id
      WHERE r.id = ${String(row.data.resetId ?? 0)} AND r.used_at IS NULL AND r.expires_at > now() AND u.active`;
    if (!reset) return;
    const url = resetLinkUrl(reset.page_url, resetToken(o.secretKey, reset.id, reset.salt));
    const mail = renderPasswordResetMail(row.locale, { municipalityName: row.municipality_name, name: reset.name, url, expiresAt: reset.expires_at });
    await o.transport.send({ from: o.from, to: row.recipient, ...mail, messageId: `<outbox-${row.id}@segnala>` });
  }

  /** One round: claim what is due, send it, record the outcome. Returns how many were sent. */
  async function runOnce(limit = 20): Promise<{ sent: number; failed: number }> {
    const rows = await o.sql<OutboxRow[]>`
      WITH due AS (
        SELECT id, report_id, municipality_id FROM outbox
        WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => ${lease})
      -- A staff account's mail (staff_password_reset) has no report: its report columns are null.
      FROM due JOIN municipality m ON m.id = due.municipality_id
        LEFT JOIN report r ON r.id = due.report_id LEFT JOIN category c ON c.id = r.category_id
      WHERE o.id = due.id AND (r.id IS NOT NULL OR o.report_id IS NULL)
      RETURNING o.id, o.kind, o.recipient, o.locale, o.data, o.attempts, o.municipality_id, o.report_id, r.reference, r.title, r.details,
                r.tracking_salt, r.created_at, c.name AS category_name,
                (SELECT d.name FROM department d WHERE d.id = r.department_id) AS department_name,
                (SELECT s.name FROM street s WHERE s.id = r.street_id) AS street_name, r.civic,
                m.name AS municipality_name, m.widget_page_url`;
    let sent = 0;
    let failed = 0;
    for (const row of rows) {
      try {
        await deliver(row);
        await o.sql`UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = ${row.id}`;
        sent++;
      } catch (err) {
        failed++;
        const error = withoutRecipient(String((err as Error).message ?? err), row.recipient).slice(0, 500);
        // A 5xx answer ("550 user unknown") is the mail server's final word: retrying for hours
        // changes nothing, so the message is set aside for staff at once (a 4xx is tried again).
        const code = (err as { responseCode?: unknown }).responseCode;
        const permanent = typeof code === 'number' && code >= 500 && code < 600;
        const giveUp = permanent || row.attempts >= maxAttempts;
        await o.sql`
          UPDATE outbox SET last_error = ${error},
            next_attempt_at = now() + make_interval(secs => ${retryBase * 2 ** (row.attempts - 1)}),
            failed_at = ${giveUp ? o.sql`now()` : null}
          WHERE id = ${row.id}`;
        // The recipient is personal data: the log names the message, not the person, and the error
        // (kept in outbox.last_error for staff too) is stripped of the address the server quoted.
        o.logger.warn('mail not sent', { outboxId: row.id, kind: row.kind, reference: row.reference, attempts: row.attempts, giveUp, error });
      }
    }
    return { sent, failed };
  }

  // Sends every few seconds until stopped.
  return { runOnce, ...repeatingJob(runOnce, { logger: o.logger, failure: 'mail round failed' }) };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An SMTP error without the recipient: servers quote the address they refuse
 * ("550 5.1.1 <maria@example.org>: Recipient address rejected"), some the mailbox name alone
 * ("user maria unknown"). Every address-shaped word goes, and the recipient's own local part and
 * domain wherever they stand as a word; the status code and the reason stay, for staff.
 */
export function withoutRecipient(error: string, recipient: string): string {
  let text = redactEmailAddresses(error);
  const at = recipient.lastIndexOf('@');
  for (const part of [recipient, recipient.slice(0, at), recipient.slice(at + 1)]) {
    if (part.length < 2) continue;
    text = text.replace(new RegExp(`(?<![\\w.+-])${escapeRegExp(part)}(?![\\w+-]|\\.\\w)`, 'gi'), '<address>');
  }
  return text;
}

/** The demo's transport: the mail is "sent" to the log, without recipient or body (personal data, codes). */
export function logTransport(logger: Logger): MailTransport {
  return {
    async send(m) {
      logger.info('mail (no SMTP_URL: logged, not sent)', { messageId: m.messageId, subject: m.subject });
    },
  };
}
