import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type { Sql, Tx } from '../db/connect.ts';
import { REPORT_STATUSES, type ReportStatus } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import type { Municipality } from './municipality.ts';
import type { ProcessedPhoto } from './photos.ts';
import { readLink, signLink } from './signed-links.ts';
import type { StaffUser } from './staff-auth.ts';
import { findForStaff } from './staff-report-detail.ts';
import { trackingHash } from './tracking-code.ts';

/**
 * The citizen adds information to their report, and answers the office when it asked for some
 * (status `waiting_for_citizen`, README "HTTP API"). The reporter proves who they are with the
 * tracking code, or with the signed `citizen_reply` link the office's question was mailed with; either
 * acts on its own report only.
 *
 * An addition is a `citizen_message` event with its photos. It follows the municipality's moderation
 * rule: public at once where reports are published on arrival, otherwise internal (its photos hidden)
 * until staff publish it. Contact data is never part of it.
 */

/** How long the link in the office's question works: long enough for a citizen back from holidays. */
export const CITIZEN_REPLY_LINK_DAYS = 60;

/** Photos a report may hold in all (photo.position is 0–9), the filing's and the additions together. */
const MAX_REPORT_PHOTOS = 10;

interface Target {
  id: string;
  reference: string;
  status: ReportStatus;
  department_id: number;
}

/** The report of a tracking code, locked; 404 as the tracking lookup says it. */
async function byCode(tx: Tx, key: Buffer, municipalityId: number, rawCode: string): Promise<Target> {
  const [r] = await tx<Target[]>`
    SELECT id, reference, status, department_id FROM report
    WHERE municipality_id = ${municipalityId} AND tracking_hash = ${trackingHash(key, rawCode)} FOR UPDATE`;
  if (!r) throw new ApiError(404, 'not_found', 'No report has this tracking code');
  return r;
}

/** The report a `citizen_reply` link names (400/410 for a bad or expired link), locked. */
async function byLink(tx: Tx, key: Buffer, municipalityId: number, token: string): Promise<Target> {
  const claims = readLink(key, token, 'citizen_reply', municipalityId);
  if (!/^\d{1,18}$/.test(claims.subject)) throw invalidRequest([{ field: 'token', message: 'is not a valid link' }]);
  const [r] = await tx<Target[]>`
    SELECT id, reference, status, department_id FROM report
    WHERE municipality_id = ${municipalityId} AND id = ${claims.subject} FOR UPDATE`;
  // The report was erased since the mail was sent: the link has nothing left to act on.
  if (!r) throw new ApiError(410, 'link_expired', 'This report no longer exists.');
  return r;
}

export type CitizenProof = { code: string } | { token: string };

/** What a reporter sees before answering a link: the report's reference, status and the office's question. */
export async function citizenReplyContext(sql: Sql, key: Buffer, m: Municipality, token: string): Promise<z.infer<typeof CitizenReplyContext>> {
  return sql.begin(async (tx) => {
    const r = await byLink(tx, key, m.id, token);
    return { reference: r.reference, status: r.status, question: await lastQuestion(tx, r.id) };
  });
}

/** The office's latest request for information (the message of the last change to waiting_for_citizen). */
async function lastQuestion(tx: Tx, reportId: string): Promise<string | null> {
  const [q] = await tx<{ message: string | null }[]>`
    SELECT message FROM report_event
    WHERE report_id = ${reportId} AND type = 'status' AND status = 'waiting_for_citizen' AND public
    ORDER BY created_at DESC, id DESC LIMIT 1`;
  return q?.message ?? null;
}

export const CitizenMessageResult = z.object({
  reference: z.string(),
  /** Whether the public sees the message already, or after staff looked at it. */
  public: z.boolean(),
  /** The report's status now: back to where it was if it was waiting for the citizen. */
  status: z.enum(REPORT_STATUSES),
  photos: z.number().int(),
});
export type CitizenMessageResult = z.infer<typeof CitizenMessageResult>;

/** What a reporter sees before answering a link (citizenReplyContext). */
export const CitizenReplyContext = z.object({ reference: z.string(), status: z.enum(REPORT_STATUSES), question: z.string().nullable() });

/**
 * Stores a citizen's message with its photos, in one transaction: the event, the photos, the report
 * back from waiting (the status it had before the office asked, or `accepted`) with its clock
 * running again, and the office's notice.
 */
export async function addCitizenMessage(
  sql: Sql,
  key: Buffer,
  m: Municipality,
  proof: CitizenProof,
  message: string,
  photos: ProcessedPhoto[],
): Promise<CitizenMessageResult> {
  return sql.begin(async (tx) => {
    const r = 'code' in proof ? await byCode(tx, key, m.id, proof.code) : await byLink(tx, key, m.id, proof.token);
    if (r.status === 'hidden' || r.status === 'duplicate') {
      throw new ApiError(409, 'report_closed', 'This report no longer takes additions');
    }
    const isPublic = m.publishOnArrival;
    const [{ count }] = await tx<{ count: number }[]>`SELECT count(*)::int AS count FROM photo WHERE report_id = ${r.id}`;
    if (count + photos.length > MAX_REPORT_PHOTOS) {
      throw invalidRequest([{ field: 'photos', message: `this report already has ${count} photos: at most ${MAX_REPORT_PHOTOS} in all` }]);
    }
    const photoIds = photos.map(() => randomBytes(12).toString('base64url'));
    const data = { via: 'code' in proof ? 'code' : 'link', ...(photos.length ? { photos: photoIds } : {}) };
    const [event] = await tx<{ id: string }[]>`
      INSERT INTO report_event (municipality_id, report_id, type, message, public, data)
      VALUES (${m.id}, ${r.id}, 'citizen_message', ${message}, ${isPublic}, ${tx.json(data)})
      RETURNING id`;
    const [{ next }] = await tx<{ next: number }[]>`SELECT coalesce(max(position) + 1, 0)::int AS next FROM photo WHERE report_id = ${r.id}`;
    for (const [i, p] of photos.entries()) {
      await tx`
        INSERT INTO photo (municipality_id, report_id, public_id, position, data, width, height, thumbnail, hidden, event_id)
        VALUES (${m.id}, ${r.id}, ${photoIds[i]}, ${next + i}, ${p.data}, ${p.width}, ${p.height}, ${p.thumbnail}, ${!isPublic}, ${event.id})`;
    }
    let status: ReportStatus = r.status;
    if (r.status === 'waiting_for_citizen') status = await resumeFromWaiting(tx, m.id, r.id);
    await tx`UPDATE report SET updated_at = now() WHERE id = ${r.id}`;
    await enqueueCitizenMessageNotice(tx, m.id, r.id, r.department_id, { message, answered: status !== r.status, photos: photos.length });
    return { reference: r.reference, public: isPublic, status, photos: photos.length };
  });
}

/**
 * The citizen answered: the report goes back to the status it had before the office asked (or
 * `accepted`), the paused time is added to its clock, and the history says so (an event without
 * a clerk: the citizen's answer moved it).
 */
async function resumeFromWaiting(tx: Tx, municipalityId: number, reportId: string): Promise<ReportStatus> {
  const [asked] = await tx<{ from: string | null }[]>`
    SELECT data->>'from' AS from FROM report_event
    WHERE report_id = ${reportId} AND type = 'status' AND status = 'waiting_for_citizen'
    ORDER BY created_at DESC, id DESC LIMIT 1`;
  const before = asked?.from;
  const back: ReportStatus = before === 'in_progress' || before === 'scheduled' || before === 'accepted' ? before : 'accepted';
  await tx`
    UPDATE report SET status = ${back}, version = version + 1, ${pausedUpdate(tx)},
      accepted_at = coalesce(accepted_at, now())
    WHERE id = ${reportId}`;
  await tx`
    INSERT INTO report_event (municipality_id, report_id, type, status, public, data)
    VALUES (${municipalityId}, ${reportId}, 'status', ${back}, true, ${tx.json({ from: 'waiting_for_citizen' })})`;
  return back;
}

/**
 * The columns a change of status writes for the paused clock (migration 0014): entering
 * waiting_for_citizen stamps `waiting_since`; leaving it adds the wait to `paused_seconds`.
 */
export function pausedUpdate(tx: Tx | Sql, next?: ReportStatus) {
  return next === 'waiting_for_citizen'
    ? tx`waiting_since = coalesce(waiting_since, now())`
    : tx`paused_seconds = paused_seconds + coalesce(ceil(extract(epoch FROM now() - waiting_since)), 0)::int, waiting_since = NULL`;
}

/** The office in charge learns of the citizen's addition (and whether it ended a wait). */
async function enqueueCitizenMessageNotice(
  tx: Tx,
  municipalityId: number,
  reportId: string,
  departmentId: number,
  data: { message: string; answered: boolean; photos: number },
) {
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'citizen_message', d.email, ${tx.json(data)}
    FROM department d WHERE d.id = ${departmentId} AND d.email IS NOT NULL AND d.email <> ''`;
}

/**
 * The reporter gets the office's question with a `citizen_reply` link (signed when the mail is
 * sent, mail/sender.ts), whether or not the report is public: the question is written by staff.
 */
export async function enqueueCitizenReplyRequest(tx: Tx, municipalityId: number, reportId: string, message: string) {
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'citizen_reply_request', r.contact_email,
           ${tx.json({ status: 'waiting_for_citizen', message })}
    FROM report r WHERE r.id = ${reportId} AND r.contact_email IS NOT NULL`;
}

/** Staff publish a citizen's message held for moderation: the message and its photos become public. */
/** Staff published a citizen's message (publishCitizenMessage). */
export const PublishedMessage = z.object({ version: z.number().int(), public: z.literal(true) });

export async function publishCitizenMessage(sql: Sql, m: Municipality, user: StaffUser, reference: string, eventId: string): Promise<z.infer<typeof PublishedMessage>> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    const [e] = await tx<{ public: boolean }[]>`
      SELECT public FROM report_event WHERE id = ${eventId} AND report_id = ${r.id} AND type = 'citizen_message'`;
    if (!e) throw notFound('Message');
    if (e.public) throw invalidRequest([{ field: 'eventId', message: 'the message is already public' }]);
    await tx`UPDATE report_event SET public = true WHERE id = ${eventId}`;
    await tx`UPDATE photo SET hidden = false WHERE event_id = ${eventId}`;
    await tx`
      INSERT INTO report_event (municipality_id, report_id, type, message, public, staff_user_id, data)
      VALUES (${m.id}, ${r.id}, 'note', 'Messaggio del cittadino pubblicato', false, ${user.id}, ${tx.json({ event: eventId })})`;
    await tx`UPDATE report SET updated_at = now() WHERE id = ${r.id}`;
    return { version: r.version, public: true };
  });
}

/**
 * The link of the office's question, signed when the mail is sent (the outbox keeps no token):
 * the municipality's widget page at `#segnala/link/citizen_reply/<token>`, for this report only.
 */
export function citizenReplyMailLink(
  key: Buffer,
  row: { municipality_id: number; report_id: string },
  reportUrl: string | null,
  now = Date.now(),
): string | null {
  if (!reportUrl) return null;
  const token = signLink(key, {
    purpose: 'citizen_reply',
    municipalityId: row.municipality_id,
    subject: String(row.report_id),
    expiresAt: now + CITIZEN_REPLY_LINK_DAYS * 24 * 3600 * 1000,
  });
  return `${reportUrl.split('#')[0]}#segnala/link/citizen_reply/${token}`;
}
