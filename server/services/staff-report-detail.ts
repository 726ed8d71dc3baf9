import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';
import type { ReportChannel } from '../domain/report-channel.ts';
import { Answer } from '../domain/category-questions.ts';
import type { ReportEventType } from '../domain/report-events.ts';
import type { ReportStatus } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { PhotoRef, photosOf } from './photos.ts';
import { ReportEventView } from './report-shapes.ts';
import type { StaffUser } from './staff-auth.ts';
import { QueueItem, type QueueRow, queueSelect, toQueueItem } from './staff-queue.ts';

/**
 * One report as staff see it (contact data, internal history, supporters), and who may handle
 * it: findForStaff is where every staff action starts.
 */

/** admin: the whole municipality; staff: their departments only. */
export const canHandle = (user: StaffUser, departmentId: number) =>
  user.role === 'admin' || user.departmentIds.includes(departmentId);

export const StaffEventView = ReportEventView.extend({
  /** The event's id: staff publish a citizen's message by it (issue 13 §1). */
  id: z.string(),
  public: z.boolean(),
  by: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** What the event records besides its message (StaffEventData: by event type, so described as any object here). */
  data: z.custom<StaffEventData>().optional(),
});
export type StaffEventView = z.infer<typeof StaffEventView>;

/** What a staff event records besides its message, by event type (stored as JSON in `report_event.data`). */
export interface StaffEventData {
  /** `status`: the status before; `merge`, on the report merged into another: the reference it came from. */
  from?: string;
  /** `status` to `scheduled`: the date promised. */
  expectedAt?: Date;
  /** `merge`: the report this one now duplicates. */
  into?: string;
  /** `assign`: offices and categories before and after. */
  fromDepartmentId?: number;
  toDepartmentId?: number;
  fromCategoryId?: number;
  toCategoryId?: number;
  /** `assignee` (and `assign` when the move took the report from its assignee): people before and after, null for the office. */
  fromAssigneeId?: number | null;
  toAssigneeId?: number | null;
  /** `note` of photo moderation: which photo, and whether it is now hidden. */
  photo?: string;
  hidden?: boolean;
  /** `citizen_message`: the photos the citizen added with it, and how they proved who they are. */
  photos?: string[];
  via?: 'code' | 'link';
  /** `created` by staff for a citizen (the event's `by`): how the report came. */
  channel?: ReportChannel;
  /** `edit`: the public text before and after (the first edit's `before` is the original). */
  before?: ReportText;
  after?: ReportText;
}

/** A report's public words. */
export interface ReportText {
  title: string;
  details: string;
}

export const StaffReportDetail = QueueItem.extend({
  details: z.string(),
  acceptedAt: z.date().nullable(),
  expectedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  duplicateOf: z.string().nullable(),
  version: z.number().int(),
  events: z.array(StaffEventView),
  supporters: z.object({ count: z.number().int(), withEmail: z.number().int() }),
  photos: z.array(PhotoRef),
  /** The text as filed when staff have edited it since (issue 15 §6), else null; never in a public answer. */
  original: z.object({ title: z.string(), details: z.string() }).nullable(),
  /** Answers to the category's questions, each with the question as it was asked (issue 15 §4). */
  answers: z.array(Answer),
});
export type StaffReportDetail = z.infer<typeof StaffReportDetail>;

export interface LockedReport {
  id: string;
  reference: string;
  status: ReportStatus;
  department_id: number;
  category_id: number;
  version: number;
  published: boolean;
  status_before_hidden: ReportStatus | null;
  accepted_at: Date | null;
  contact_email: string | null;
  assignee_id: number | null;
}

export async function findForStaff(sql: Sql | Tx, municipalityId: number, user: StaffUser, reference: string, lock: boolean) {
  const [r] = await sql<LockedReport[]>`
    SELECT id, reference, status, department_id, category_id, version, published, status_before_hidden,
           accepted_at, contact_email, assignee_id
    FROM report WHERE municipality_id = ${municipalityId} AND reference = ${reference}
    ${lock ? sql`FOR UPDATE` : sql``}`;
  if (!r) throw notFound('Report');
  if (!canHandle(user, r.department_id)) {
    throw new ApiError(403, 'forbidden', 'This report belongs to a department you do not handle');
  }
  return r;
}

export async function staffReportDetail(sql: Sql, m: { id: number; slug: string }, user: StaffUser, reference: string): Promise<StaffReportDetail> {
  const municipalityId = m.id;
  const base = await findForStaff(sql, municipalityId, user, reference, false);
  const [row] = await sql<(QueueRow & { details: string; accepted_at: Date | null; expected_at: Date | null; closed_at: Date | null; duplicate_of: string | null; version: number; answers: Answer[] | null })[]>`
    SELECT ${queueSelect(sql)}, r.details, r.answers, r.accepted_at, r.expected_at, r.closed_at,
           d.reference AS duplicate_of
    FROM report r JOIN category c ON c.id = r.category_id LEFT JOIN street s ON s.id = r.street_id
    LEFT JOIN report d ON d.id = r.duplicate_of
    WHERE r.id = ${base.id}`;
  const events = await sql<{ id: string; type: ReportEventType; status: ReportStatus | null; message: string | null; at: Date; public: boolean; by_id: number | null; by_name: string | null; data: StaffEventData | null }[]>`
    SELECT e.id, e.type, e.status, e.message, e.created_at AS at, e.public, u.id AS by_id, u.name AS by_name, e.data
    FROM report_event e LEFT JOIN staff_user u ON u.id = e.staff_user_id
    WHERE e.report_id = ${base.id} ORDER BY e.created_at, e.id`;
  // The first edit's `before` is the text as filed: later edits never overwrite it.
  const [original] = await sql<{ before: ReportText }[]>`
    SELECT data->'before' AS before FROM report_event
    WHERE report_id = ${base.id} AND type = 'edit' ORDER BY created_at, id LIMIT 1`;
  const [supporters] = await sql<{ count: number; with_email: number }[]>`
    SELECT count(*)::int AS count, count(email)::int AS with_email FROM support WHERE report_id = ${base.id}`;
  return {
    ...toQueueItem(row),
    details: row.details,
    acceptedAt: row.accepted_at,
    expectedAt: row.expected_at,
    closedAt: row.closed_at,
    duplicateOf: row.duplicate_of,
    answers: row.answers ?? [],
    version: row.version,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      ...(e.status ? { status: e.status } : {}),
      ...(e.message ? { message: e.message } : {}),
      at: e.at,
      public: e.public,
      by: e.by_id === null ? null : { id: e.by_id, name: e.by_name! },
      ...(e.data ? { data: e.data } : {}),
    })),
    supporters: { count: supporters.count, withEmail: supporters.with_email },
    photos: await photosOf(sql, m.slug, base.id, true),
    original: original ? { title: original.before.title, details: original.before.details } : null,
  };
}
