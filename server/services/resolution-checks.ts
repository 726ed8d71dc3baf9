import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';
import type { ReportStatus } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { enqueueReportUpdate } from './outbox.ts';
import { invalidLink, readLink, signLink } from './signed-links.ts';
import { trackingHash } from './tracking-code.ts';

/**
 * "Is it really fixed?" (README, "E-mail notifications"): when a report is resolved, the reporter
 * and each supporter who left an e-mail are asked; "not fixed" from the reporter, or from the
 * municipality's number of supporters within its window, reopens the report (unless the category
 * turned reopening off). One answer per person per report: a later one replaces it.
 */
export const RESOLUTION_ANSWERS = ['fixed', 'not_fixed', 'dont_know'] as const;
export type ResolutionAnswer = (typeof RESOLUTION_ANSWERS)[number];

/** Who answers: the reporter, or a supporter by the id of their support row. */
export type Answerer = 'reporter' | `support:${string}`;

const DAY_MS = 86_400_000;

/** The window of a resolution: `round` is when it was resolved (ms), answers count until the end. */
export const windowEnd = (round: number, days: number) => round + days * DAY_MS;

/**
 * In the transaction that resolves a report: the question goes to the reporter and to every
 * supporter with an e-mail (a reporter who also joined is asked once). The links are signed when
 * the mail is sent (mail/sender.ts resolutionCheckLinks): the outbox keeps only who and when.
 */
export async function enqueueResolutionChecks(tx: Tx, municipalityId: number, reportId: string) {
  const [r] = await tx<{ round: string; days: number }[]>`
    SELECT floor(extract(epoch FROM r.closed_at) * 1000)::bigint AS round, m.reopen_window_days AS days
    FROM report r JOIN municipality m ON m.id = r.municipality_id WHERE r.id = ${reportId} AND r.closed_at IS NOT NULL`;
  if (!r) return;
  const round = Number(r.round);
  const expiresAt = windowEnd(round, r.days);
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'resolution_check', r.contact_email,
           jsonb_build_object('who', 'reporter', 'round', ${round}::bigint, 'expiresAt', ${expiresAt}::bigint)
    FROM report r WHERE r.id = ${reportId} AND r.contact_email IS NOT NULL`;
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${reportId}, 'resolution_check', s.email,
           jsonb_build_object('who', 'support:' || s.id, 'round', ${round}::bigint, 'expiresAt', ${expiresAt}::bigint)
    FROM support s JOIN report r ON r.id = s.report_id
    WHERE s.report_id = ${reportId} AND s.email IS NOT NULL AND s.email IS DISTINCT FROM r.contact_email`;
}

/** The three signed answers of one question, for the mail (purpose `resolution_check`). */
export function signResolutionCheckLinks(
  key: Buffer,
  q: { municipalityId: number; reportId: string; who: string; round: number; expiresAt: number },
): Record<ResolutionAnswer, string> {
  const sign = (answer: ResolutionAnswer) =>
    signLink(key, {
      purpose: 'resolution_check',
      municipalityId: q.municipalityId,
      subject: q.reportId,
      expiresAt: q.expiresAt,
      extra: { who: q.who, round: q.round, answer },
    });
  return { fixed: sign('fixed'), not_fixed: sign('not_fixed'), dont_know: sign('dont_know') };
}

interface LinkQuestion {
  reportId: string;
  who: Answerer;
  round: number;
  answer: ResolutionAnswer;
}

/** A token's claims, checked: the answer, the person and the resolution it was sent for. */
export function readResolutionLink(key: Buffer, token: string, municipalityId: number, now = Date.now()): LinkQuestion {
  const claims = readLink(key, token, 'resolution_check', municipalityId, now);
  const { who, round, answer } = claims.extra ?? {};
  if (!/^\d{1,18}$/.test(claims.subject)) throw invalidLink();
  if (typeof who !== 'string' || !(who === 'reporter' || /^support:\d{1,18}$/.test(who))) throw invalidLink();
  if (typeof round !== 'number' || !Number.isSafeInteger(round)) throw invalidLink();
  if (typeof answer !== 'string' || !(RESOLUTION_ANSWERS as readonly string[]).includes(answer)) throw invalidLink();
  return { reportId: claims.subject, who: who as Answerer, round, answer: answer as ResolutionAnswer };
}

interface QuestionRow {
  id: string;
  reference: string;
  status: ReportStatus;
  round: string | null;
  department_id: number;
  reopen_allowed: boolean;
  reopen_supporters: number;
  reopen_window_days: number;
}

const notResolved = () =>
  new ApiError(409, 'not_resolved', 'This report is not resolved (any more): there is nothing to confirm. Open it to see where it stands.');
const windowClosed = () => new ApiError(410, 'window_closed', 'The time to answer this question has passed.');

async function lockQuestion(tx: Tx, municipalityId: number, where: { id: string } | { trackingHash: Buffer }) {
  const [row] = await tx<QuestionRow[]>`
    SELECT r.id, r.reference, r.status, r.department_id,
           CASE WHEN r.status = 'resolved' THEN floor(extract(epoch FROM r.closed_at) * 1000)::bigint END AS round,
           c.reopen_allowed, m.reopen_supporters, m.reopen_window_days
    FROM report r JOIN category c ON c.id = r.category_id JOIN municipality m ON m.id = r.municipality_id
    WHERE r.municipality_id = ${municipalityId}
      AND ${'id' in where ? tx`r.id = ${where.id}` : tx`r.tracking_hash = ${where.trackingHash}`}
    FOR UPDATE OF r`;
  return row;
}

/** Whether the question is open now: the report resolved, this resolution, within its window. */
function checkOpen(row: QuestionRow, round: number | undefined, now: number) {
  if (row.status !== 'resolved' || row.round === null) throw notResolved();
  const current = Number(row.round);
  // A link of an earlier resolution (the report was reopened and resolved again since).
  if (round !== undefined && round !== current) throw notResolved();
  if (now > windowEnd(current, row.reopen_window_days)) throw windowClosed();
  return current;
}

export const AnswerResult = z.object({
  reference: z.string(),
  answer: z.enum(RESOLUTION_ANSWERS),
  /** false when this very answer was already recorded (a link opened twice): nothing changed. */
  changed: z.boolean(),
  /** The answer reopened the report. */
  reopened: z.boolean(),
});
export type AnswerResult = z.infer<typeof AnswerResult>;

/** What a link's page shows before the citizen confirms (previewLinkAnswer). */
export const LinkAnswerPreview = z.object({
  reference: z.string(),
  answer: z.enum(RESOLUTION_ANSWERS),
  previous: z.enum(RESOLUTION_ANSWERS).nullable(),
});

/** What a reopening says publicly, in the municipality's language (the history shows it as written). */
const reopenMessage = (by: 'reporter' | 'supporters', count: number) =>
  by === 'reporter'
    ? 'Riaperta: chi ha inviato la segnalazione dice che il problema non è risolto.'
    : `Riaperta: ${count} cittadini che seguono la segnalazione dicono che il problema non è risolto.`;

async function record(tx: Tx, municipalityId: number, row: QuestionRow, round: number, who: Answerer, answer: ResolutionAnswer): Promise<AnswerResult> {
  const written = await tx`
    INSERT INTO resolution_check (municipality_id, report_id, who, round, answer)
    VALUES (${municipalityId}, ${row.id}, ${who}, ${round}, ${answer})
    ON CONFLICT (report_id, who) DO UPDATE SET answer = excluded.answer, round = excluded.round, answered_at = now()
      WHERE (resolution_check.answer, resolution_check.round) IS DISTINCT FROM (excluded.answer, excluded.round)
    RETURNING id`;
  const result: AnswerResult = { reference: row.reference, answer, changed: written.length > 0, reopened: false };
  if (answer !== 'not_fixed' || !row.reopen_allowed) return result;
  let by: 'reporter' | 'supporters';
  let count = 1;
  if (who === 'reporter') {
    by = 'reporter';
  } else {
    const [{ n }] = await tx<{ n: number }[]>`
      SELECT count(*)::int AS n FROM resolution_check
      WHERE report_id = ${row.id} AND round = ${round} AND who <> 'reporter' AND answer = 'not_fixed'`;
    if (n < row.reopen_supporters) return result;
    by = 'supporters';
    count = n;
  }
  const message = reopenMessage(by, count);
  await tx`
    UPDATE report SET status = 'accepted', closed_at = NULL, version = version + 1, updated_at = now()
    WHERE id = ${row.id}`;
  await tx`
    INSERT INTO report_event (municipality_id, report_id, type, status, message, public, data)
    VALUES (${municipalityId}, ${row.id}, 'reopened', 'accepted', ${message}, true,
            ${tx.json({ from: 'resolved', by, notFixed: count })})`;
  // The office learns why it has the report back; the reporter and the supporters, that it is open again.
  await tx`
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
    SELECT ${municipalityId}, ${row.id}, 'report_reopened', d.email, ${tx.json({ message })}
    FROM department d WHERE d.id = ${row.department_id} AND d.email IS NOT NULL AND d.email <> ''`;
  await enqueueReportUpdate(tx, municipalityId, row.id, { status: 'accepted', message });
  return { ...result, reopened: true };
}

/** What a link's page shows before the citizen confirms: opening it records nothing. */
export async function previewLinkAnswer(sql: Sql, key: Buffer, municipalityId: number, token: string, now = Date.now()): Promise<z.infer<typeof LinkAnswerPreview>> {
  const q = readResolutionLink(key, token, municipalityId, now);
  const [row] = await sql<{ reference: string; status: ReportStatus; previous: ResolutionAnswer | null }[]>`
    SELECT r.reference, r.status,
           (SELECT rc.answer FROM resolution_check rc WHERE rc.report_id = r.id AND rc.who = ${q.who} AND rc.round = ${q.round}) AS previous
    FROM report r WHERE r.municipality_id = ${municipalityId} AND r.id = ${q.reportId}`;
  if (!row) throw invalidLink();
  return { reference: row.reference, answer: q.answer, previous: row.previous };
}

/** The citizen confirmed a link's answer. */
export async function answerByLink(sql: Sql, key: Buffer, municipalityId: number, token: string, now = Date.now()): Promise<AnswerResult> {
  const q = readResolutionLink(key, token, municipalityId, now);
  return sql.begin(async (tx) => {
    const row = await lockQuestion(tx, municipalityId, { id: q.reportId });
    if (!row) throw invalidLink();
    const round = checkOpen(row, q.round, now);
    if (q.who !== 'reporter') {
      // The supporter may have withdrawn, or moved with a merge: their link no longer counts here.
      const [s] = await tx`SELECT 1 FROM support WHERE id = ${q.who.slice('support:'.length)} AND report_id = ${row.id}`;
      if (!s) throw invalidLink();
    }
    return record(tx, municipalityId, row, round, q.who, q.answer);
  });
}

export const TrackingQuestion = z.object({
  /** The report is resolved and the window open: the reporter may answer. */
  open: z.boolean(),
  answer: z.enum(RESOLUTION_ANSWERS).nullable(),
  /** When the window closes (ISO), while open. */
  until: z.string().nullable(),
});
export type TrackingQuestion = z.infer<typeof TrackingQuestion>;

/** The question on the tracking page, for the reporter. */
export async function questionByCode(sql: Sql, key: Buffer, municipalityId: number, rawCode: string, now = Date.now()): Promise<TrackingQuestion> {
  const [row] = await sql<(QuestionRow & { previous: ResolutionAnswer | null })[]>`
    SELECT r.status, r.id,
           CASE WHEN r.status = 'resolved' THEN floor(extract(epoch FROM r.closed_at) * 1000)::bigint END AS round,
           m.reopen_window_days,
           (SELECT rc.answer FROM resolution_check rc WHERE rc.report_id = r.id AND rc.who = 'reporter'
              AND rc.round = floor(extract(epoch FROM r.closed_at) * 1000)::bigint) AS previous
    FROM report r JOIN municipality m ON m.id = r.municipality_id
    WHERE r.municipality_id = ${municipalityId} AND r.tracking_hash = ${trackingHash(key, rawCode)}`;
  if (!row) throw notFound('Report');
  if (row.status !== 'resolved' || row.round === null) return { open: false, answer: null, until: null };
  const end = windowEnd(Number(row.round), row.reopen_window_days);
  const open = now <= end;
  return { open, answer: row.previous, until: open ? new Date(end).toISOString() : null };
}

export async function answerByCode(sql: Sql, key: Buffer, municipalityId: number, rawCode: string, answer: ResolutionAnswer, now = Date.now()): Promise<AnswerResult> {
  return sql.begin(async (tx) => {
    const row = await lockQuestion(tx, municipalityId, { trackingHash: trackingHash(key, rawCode) });
    if (!row) throw notFound('Report');
    const round = checkOpen(row, undefined, now);
    return record(tx, municipalityId, row, round, 'reporter', answer);
  });
}

/**
 * The three answers of a question mail as links to the widget's page (`#segnala/link/resolution_check/<token>`),
 * or none without a page to open them on.
 */
export function resolutionCheckMailLinks(
  key: Buffer,
  row: { municipality_id: number; report_id: string; data: { who?: string; round?: number; expiresAt?: number } },
  reportUrl: string | null,
): Record<ResolutionAnswer, string> | undefined {
  const { who, round, expiresAt } = row.data;
  if (!reportUrl || typeof who !== 'string' || typeof round !== 'number' || typeof expiresAt !== 'number') return undefined;
  const page = reportUrl.split('#')[0];
  const tokens = signResolutionCheckLinks(key, { municipalityId: row.municipality_id, reportId: String(row.report_id), who, round, expiresAt });
  const url = (answer: ResolutionAnswer) => `${page}#segnala/link/resolution_check/${tokens[answer]}`;
  return { fixed: url('fixed'), not_fixed: url('not_fixed'), dont_know: url('dont_know') };
}
