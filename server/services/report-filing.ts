import { z } from 'zod';
import { createHash } from 'node:crypto';
import type { Sql, Tx } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { type AnswerValue, type Question, checkAnswers } from '../domain/category-questions.ts';
import type { ReportChannel } from '../domain/report-channel.ts';
import { REPORT_STATUSES, type ReportStatus } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';
import { type LatLon, type Municipality, isInside } from './municipality.ts';
import { enqueueNewReportNotice, enqueueReceipt } from './outbox.ts';
import { insertPhotos, type ProcessedPhoto } from './photos.ts';
import { nearestStreet } from './streets.ts';
import {
  deriveTrackingCode,
  formatTrackingCode,
  newTrackingSalt,
  trackingHash,
} from './tracking-code.ts';

/** Filing a report: checked, numbered, stored with its photos and notices in one transaction. */

export interface NewReport {
  categoryId: number;
  title: string;
  details: string;
  streetId?: number;
  civic?: string;
  location?: LatLon;
  contact?: { name?: string; email?: string; phone?: string };
  privacyAccepted: true;
  /** A link to media held elsewhere (Open311 partners' media_url). */
  mediaUrl?: string;
  /** How it came: `web` when not said (the widget and the JSON API). */
  channel?: ReportChannel;
  /** Answers to the category's questions, by question id. */
  answers?: Record<string, AnswerValue>;
}

/** Who filed it when it was not the citizen: a staff member, on the citizen's behalf (issue 15 §3). */
export interface FiledBy {
  staffUserId: number;
}

export const FiledReport = z.object({
  reference: z.string(),
  trackingCode: z.string(),
  status: z.enum(REPORT_STATUSES),
  published: z.boolean(),
  /** true when an earlier request with the same Idempotency-Key had already filed it. */
  replayed: z.boolean(),
});
export type FiledReport = z.infer<typeof FiledReport>;

/** A location given without a street is tied to the nearest known street within this distance. */
const STREET_SNAP_METERS = 75;

export async function fileReport(
  sql: Sql,
  key: Buffer,
  municipality: Municipality,
  input: NewReport,
  idempotencyKey: string | undefined,
  photos: ProcessedPhoto[] = [],
  /** A checked form token (services/spam-check.ts), used up by this filing. */
  formTokenId?: string,
  /** Staff filing for a citizen: recorded on the 'created' event, never shown to the public. */
  filedBy?: FiledBy,
): Promise<FiledReport> {
  const mId = municipality.id;
  const [category] = await sql<{ department_id: number; questions: Question[]; notice: string | null; notice_blocks: boolean }[]>`
    SELECT department_id, questions, notice, notice_blocks FROM category WHERE municipality_id = ${mId} AND id = ${input.categoryId} AND active`;
  if (!category) throw invalidRequest([{ field: 'categoryId', message: 'Unknown category' }]);
  // A notice that blocks ("gas leak: call 112 now") stops citizens and partners; staff taking a
  // call may still record it (routes/admin-filing.ts).
  if (category.notice_blocks && !filedBy) {
    throw invalidRequest([{ field: 'categoryId', message: `This category cannot be reported here: ${category.notice}` }]);
  }
  const checked = checkAnswers(category.questions, input.answers);
  if ('errors' in checked) throw invalidRequest(checked.errors);
  if (input.streetId !== undefined) {
    const [street] = await sql`SELECT 1 FROM street WHERE municipality_id = ${mId} AND id = ${input.streetId}`;
    if (!street) throw invalidRequest([{ field: 'streetId', message: 'Unknown street' }]);
  }
  if (input.location && !isInside(municipality.bounds, input.location)) {
    throw invalidRequest([{ field: 'location', message: `The point is outside the territory of ${municipality.name}` }]);
  }
  let streetId = input.streetId;
  if (streetId === undefined && input.location) {
    streetId = (await nearestStreet(sql, mId, input.location, STREET_SNAP_METERS))?.id;
  }

  const requestHash = createHash('sha256')
    .update(JSON.stringify(input))
    .update(photos.map((p) => p.sourceHash).join(','))
    .digest();
  const replay = async (): Promise<FiledReport | undefined> => {
    if (!idempotencyKey) return undefined;
    const [prior] = await sql<{ reference: string; tracking_salt: Buffer; status: ReportStatus; published: boolean; idempotency_hash: Buffer }[]>`
      SELECT reference, tracking_salt, status, published, idempotency_hash FROM report
      WHERE municipality_id = ${mId} AND idempotency_key = ${idempotencyKey}`;
    if (!prior) return undefined;
    if (!prior.idempotency_hash.equals(requestHash)) {
      throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different report');
    }
    return {
      reference: prior.reference,
      trackingCode: formatTrackingCode(deriveTrackingCode(key, prior.tracking_salt)),
      status: prior.status,
      published: prior.published,
      replayed: true,
    };
  };

  const earlier = await replay();
  if (earlier) return earlier;

  const channel = input.channel ?? 'web';
  const salt = newTrackingSalt();
  const rawCode = deriveTrackingCode(key, salt);
  const published = municipality.publishOnArrival;
  try {
    const reference = await sql.begin(async (tx) => {
      const [{ year, number }] = await tx<{ year: number; number: number }[]>`
        INSERT INTO reference_counter (municipality_id, year, last_number)
        VALUES (${mId}, extract(year FROM now() AT TIME ZONE ${TIME_ZONE})::int, 1)
        ON CONFLICT (municipality_id, year) DO UPDATE SET last_number = reference_counter.last_number + 1
        RETURNING year, last_number AS number`;
      const reference = `${year}-${String(number).padStart(6, '0')}`;
      const [report] = await tx<{ id: string }[]>`
        INSERT INTO report (municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id,
                            status, published, title, details, street_id, civic, location,
                            contact_name, contact_email, contact_phone, idempotency_key, idempotency_hash, media_url, channel, answers)
        VALUES (${mId}, ${reference}, ${trackingHash(key, rawCode)}, ${salt}, ${input.categoryId}, ${category.department_id},
                'submitted', ${published}, ${input.title}, ${input.details}, ${streetId ?? null}, ${input.civic ?? null},
                ${input.location ? sql`point(${input.location.lon}, ${input.location.lat})` : null},
                ${input.contact?.name ?? null}, ${input.contact?.email ?? null}, ${input.contact?.phone ?? null},
                ${idempotencyKey ?? null}, ${idempotencyKey ? requestHash : null}, ${input.mediaUrl ?? null}, ${channel},
                ${checked.answers.length ? tx.json(checked.answers as never) : null})
        RETURNING id`;
      // After the report's insert: a racing retry with the same Idempotency-Key fails there first
      // and answers with the winner's report instead of "token used".
      if (formTokenId) await useFormToken(tx, mId, formTokenId);
      // The event stays public (the citizen's history starts with it); who filed it and how are
      // read by staff only (services/staff-report-detail.ts), never by a public answer.
      await tx`
        INSERT INTO report_event (municipality_id, report_id, type, status, public, staff_user_id, data)
        VALUES (${mId}, ${report.id}, 'created', 'submitted', true, ${filedBy?.staffUserId ?? null},
                ${channel === 'web' ? null : tx.json({ channel })})`;
      await insertPhotos(tx, mId, report.id, photos);
      await enqueueNewReportNotice(tx, mId, report.id, category.department_id);
      await enqueueReceipt(tx, mId, report.id);
      return reference;
    });
    return { reference, trackingCode: formatTrackingCode(rawCode), status: 'submitted', published, replayed: false };
  } catch (err) {
    // Two requests with the same key raced: the loser's transaction is rolled back whole (its
    // reference number too) and it answers with the winner's report.
    if ((err as { constraint_name?: string }).constraint_name === 'report_municipality_id_idempotency_key_key') {
      const winner = await replay();
      if (winner) return winner;
    }
    throw err;
  }
}

async function useFormToken(tx: Tx, municipalityId: number, tokenId: string) {
  const used = await tx`
    INSERT INTO form_token_use (municipality_id, token_id) VALUES (${municipalityId}, ${tokenId})
    ON CONFLICT DO NOTHING RETURNING token_id`;
  if (!used.length) {
    throw new ApiError(422, 'form_token_used', 'This form token has already filed a report: reload the form', {
      fields: [{ field: 'antiSpam.token', message: 'already used' }],
    });
  }
}
