import type { Sql, Tx } from '../db/connect.ts';
import type { ReportEventType } from '../domain/report-events.ts';
import { CLOSED_STATUSES, OPEN_STATUSES, type ReportStatus, REPORT_STATUSES, isOpen } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import type { Municipality } from './municipality.ts';
import { enqueueReportUpdate, enqueueNewReportNotice } from './outbox.ts';
import { type PhotoRef, photosOf } from './photos.ts';
import { type ReportEventView, type ReportSummary, type SummaryRow, textFilter, textPlanned, toSummary } from './reports.ts';
import type { StaffUser } from './staff-auth.ts';


/** admin: the whole municipality; staff: their departments only. */
export const canHandle = (user: StaffUser, departmentId: number) =>
  user.role === 'admin' || user.departmentIds.includes(departmentId);

/**
 * Past a category's targets: not taken in charge within days_to_accept, not closed within
 * days_to_resolve, or past the expected date the office announced.
 */
export function overdueSql(sql: Sql) {
  return sql`(r.status IN ${sql(OPEN_STATUSES as ReportStatus[])} AND (
      (r.accepted_at IS NULL AND r.created_at + make_interval(days => c.days_to_accept) < now())
      OR r.created_at + make_interval(days => c.days_to_resolve) < now()
      OR (r.expected_at IS NOT NULL AND r.expected_at < now())))`;
}

export interface QueueItem extends ReportSummary {
  departmentId: number;
  published: boolean;
  overdue: boolean;
  updatedAt: Date;
  acceptDueAt: Date;
  resolveDueAt: Date;
  contact: { name: string | null; email: string | null; phone: string | null };
}

export interface QueueFilters {
  status?: 'open' | 'closed' | 'all' | ReportStatus;
  departmentId?: number;
  categoryId?: number;
  streetId?: number;
  q?: string;
  overdue?: boolean;
  from?: string;
  to?: string;
  sort: 'newest' | 'oldest' | 'updated' | 'supports' | 'due';
  cursor?: string;
  limit: number;
}

const encodeOffset = (n: number) => Buffer.from(`o:${n}`).toString('base64url');
function decodeOffset(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalidRequest([{ field: 'cursor', message: 'Not a cursor this server gave' }]);
  return Number(m[1]);
}

function statusesOf(status: QueueFilters['status']): readonly ReportStatus[] {
  if (!status || status === 'all') return REPORT_STATUSES;
  if (status === 'open') return OPEN_STATUSES;
  if (status === 'closed') return CLOSED_STATUSES;
  return [status];
}

function queueWhere(sql: Sql, municipalityId: number, user: StaffUser, f: Omit<QueueFilters, 'sort' | 'cursor' | 'limit'>) {
  return sql`
    r.municipality_id = ${municipalityId}
    AND r.status IN ${sql(statusesOf(f.status) as ReportStatus[])}
    ${user.role === 'admin' ? sql`` : sql`AND r.department_id = ANY(${user.departmentIds})`}
    ${f.departmentId !== undefined ? sql`AND r.department_id = ${f.departmentId}` : sql``}
    ${f.categoryId !== undefined ? sql`AND r.category_id = ${f.categoryId}` : sql``}
    ${f.streetId !== undefined ? sql`AND r.street_id = ${f.streetId}` : sql``}
    ${f.overdue === true ? sql`AND ${overdueSql(sql)}` : f.overdue === false ? sql`AND NOT ${overdueSql(sql)}` : sql``}
    ${f.from ? sql`AND r.created_at >= (${f.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}` : sql``}
    ${f.to ? sql`AND r.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})` : sql``}
    ${f.q ? textFilter(sql, f.q) : sql``}`;
}

interface QueueRow extends SummaryRow {
  department_id: number; published: boolean; overdue: boolean; updated_at: Date;
  accept_due_at: Date; resolve_due_at: Date; contact_name: string | null; contact_email: string | null; contact_phone: string | null;
}

function queueSelect(sql: Sql) {
  return sql`
    r.id, r.reference, r.title, r.status, r.category_id, r.street_id, s.name AS street_name, r.civic,
    r.location[0] AS lon, r.location[1] AS lat, r.created_at, r.support_count, r.department_id, r.published,
    ${overdueSql(sql)} AS overdue, r.updated_at,
    r.created_at + make_interval(days => c.days_to_accept) AS accept_due_at,
    r.created_at + make_interval(days => c.days_to_resolve) AS resolve_due_at,
    r.contact_name, r.contact_email, r.contact_phone`;
}

function toQueueItem(r: QueueRow): QueueItem {
  return {
    ...toSummary(r),
    departmentId: r.department_id,
    published: r.published,
    overdue: r.overdue,
    updatedAt: r.updated_at,
    acceptDueAt: r.accept_due_at,
    resolveDueAt: r.resolve_due_at,
    contact: { name: r.contact_name, email: r.contact_email, phone: r.contact_phone },
  };
}

const ORDER = {
  newest: 'r.created_at DESC, r.id DESC',
  oldest: 'r.created_at ASC, r.id ASC',
  updated: 'r.updated_at DESC, r.id DESC',
  supports: 'r.support_count DESC, r.created_at DESC, r.id DESC',
  due: 'CASE WHEN r.accepted_at IS NULL THEN r.created_at + make_interval(days => c.days_to_accept) ELSE r.created_at + make_interval(days => c.days_to_resolve) END ASC, r.id ASC',
} as const;

export async function staffQueue(
  sql: Sql,
  municipalityId: number,
  user: StaffUser,
  f: QueueFilters,
): Promise<{ reports: QueueItem[]; nextCursor: string | null; total: number }> {
  const offset = f.cursor ? decodeOffset(f.cursor) : 0;
  const where = queueWhere(sql, municipalityId, user, f);
  // A text search is planned for its text, as the public list's (textPlanned): a prepared plan
  // settled for one text scans every report for the next.
  const rows = await textPlanned(f, sql<QueueRow[]>`
    SELECT ${queueSelect(sql)}
    FROM report r JOIN category c ON c.id = r.category_id LEFT JOIN street s ON s.id = r.street_id
    WHERE ${where}
    ORDER BY ${sql.unsafe(ORDER[f.sort])}
    LIMIT ${f.limit + 1} OFFSET ${offset}`);
  const [{ total }] = await textPlanned(f, sql<{ total: number }[]>`
    SELECT count(*)::int AS total
    FROM report r JOIN category c ON c.id = r.category_id LEFT JOIN street s ON s.id = r.street_id
    WHERE ${queueWhere(sql, municipalityId, user, f)}`);
  const page = rows.slice(0, f.limit);
  return { reports: page.map(toQueueItem), nextCursor: rows.length > f.limit ? encodeOffset(offset + f.limit) : null, total };
}

/** Every report of the filtered queue, for the CSV export. */
export async function staffQueueAll(sql: Sql, municipalityId: number, user: StaffUser, f: Omit<QueueFilters, 'cursor' | 'limit'>) {
  const rows = await sql<(QueueRow & { category_name: string; department_name: string; closed_at: Date | null; accepted_at: Date | null })[]>`
    SELECT ${queueSelect(sql)}, c.name AS category_name, d.name AS department_name, r.closed_at, r.accepted_at
    FROM report r JOIN category c ON c.id = r.category_id JOIN department d ON d.id = r.department_id
    LEFT JOIN street s ON s.id = r.street_id
    WHERE ${queueWhere(sql, municipalityId, user, f)}
    ORDER BY ${sql.unsafe(ORDER[f.sort])}`;
  return rows.map((r) => ({
    ...toQueueItem(r),
    categoryName: r.category_name,
    departmentName: r.department_name,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
  }));
}

// ---------------------------------------------------------------------------------------------
// Detail

export interface StaffEventView extends ReportEventView {
  public: boolean;
  by: { id: number; name: string } | null;
  data?: StaffEventData;
}

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
  /** `note` of photo moderation: which photo, and whether it is now hidden. */
  photo?: string;
  hidden?: boolean;
}

export interface StaffReportDetail extends QueueItem {
  details: string;
  acceptedAt: Date | null;
  expectedAt: Date | null;
  closedAt: Date | null;
  duplicateOf: string | null;
  version: number;
  events: StaffEventView[];
  supporters: { count: number; withEmail: number };
  photos: PhotoRef[];
}

interface LockedReport {
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
}

async function findForStaff(sql: Sql | Tx, municipalityId: number, user: StaffUser, reference: string, lock: boolean) {
  const [r] = await sql<LockedReport[]>`
    SELECT id, reference, status, department_id, category_id, version, published, status_before_hidden,
           accepted_at, contact_email
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
  const [row] = await sql<(QueueRow & { details: string; accepted_at: Date | null; expected_at: Date | null; closed_at: Date | null; duplicate_of: string | null; version: number })[]>`
    SELECT ${queueSelect(sql)}, r.details, r.accepted_at, r.expected_at, r.closed_at, r.version,
           d.reference AS duplicate_of
    FROM report r JOIN category c ON c.id = r.category_id LEFT JOIN street s ON s.id = r.street_id
    LEFT JOIN report d ON d.id = r.duplicate_of
    WHERE r.id = ${base.id}`;
  const events = await sql<{ type: ReportEventType; status: ReportStatus | null; message: string | null; at: Date; public: boolean; by_id: number | null; by_name: string | null; data: StaffEventData | null }[]>`
    SELECT e.type, e.status, e.message, e.created_at AS at, e.public, u.id AS by_id, u.name AS by_name, e.data
    FROM report_event e LEFT JOIN staff_user u ON u.id = e.staff_user_id
    WHERE e.report_id = ${base.id} ORDER BY e.created_at, e.id`;
  const [supporters] = await sql<{ count: number; with_email: number }[]>`
    SELECT count(*)::int AS count, count(email)::int AS with_email FROM support WHERE report_id = ${base.id}`;
  return {
    ...toQueueItem(row),
    details: row.details,
    acceptedAt: row.accepted_at,
    expectedAt: row.expected_at,
    closedAt: row.closed_at,
    duplicateOf: row.duplicate_of,
    version: row.version,
    events: events.map((e) => ({
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
  };
}

// ---------------------------------------------------------------------------------------------
// Actions. Each runs in one transaction with the report row locked; those that change the report
// itself carry the version the clerk saw, and a stale one is refused (409) instead of overwriting.

function checkVersion(r: LockedReport, version: number) {
  if (r.version !== version) {
    throw new ApiError(409, 'version_conflict', 'Someone else changed this report meanwhile: reload it and try again', {
      currentVersion: r.version,
    });
  }
}

async function addEvent(
  tx: Tx,
  municipalityId: number,
  reportId: string,
  user: StaffUser,
  e: { type: ReportEventType; status?: ReportStatus; message?: string; public: boolean; data?: StaffEventData },
) {
  await tx`
    INSERT INTO report_event (municipality_id, report_id, type, status, message, public, staff_user_id, data)
    VALUES (${municipalityId}, ${reportId}, ${e.type}, ${e.status ?? null}, ${e.message ?? null}, ${e.public},
            ${user.id}, ${e.data ? tx.json(e.data as never) : null})`;
}

async function bump(tx: Tx, reportId: string) {
  const [r] = await tx<{ version: number }[]>`
    UPDATE report SET version = version + 1, updated_at = now() WHERE id = ${reportId} RETURNING version`;
  return r.version;
}

export interface StatusChange {
  status: ReportStatus | 'unhidden';
  message?: string;
  expectedAt?: Date;
  version: number;
}

/** Whether the public may see a report in this status, given the municipality's publishing rule. */
const publishedFor = (status: ReportStatus, m: Municipality) => status !== 'hidden' && (status !== 'submitted' || m.publishOnArrival);

export async function changeStatus(sql: Sql, m: Municipality, user: StaffUser, reference: string, change: StatusChange) {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    checkVersion(r, change.version);
    let next: ReportStatus;
    if (change.status === 'unhidden') {
      if (r.status !== 'hidden') throw invalidRequest([{ field: 'status', message: 'the report is not hidden' }]);
      next = r.status_before_hidden ?? 'submitted';
    } else {
      next = change.status;
    }
    if (next === r.status) throw invalidRequest([{ field: 'status', message: 'the report already has this status' }]);
    // Un-hiding a merged report gives it back as the duplicate it was; only a merge makes one.
    if (change.status === 'duplicate') throw invalidRequest([{ field: 'status', message: 'use merge to mark a duplicate' }]);
    if ((next === 'rejected' || next === 'hidden') && !change.message) {
      throw invalidRequest([{ field: 'message', message: `a reason is required for ${next}` }]);
    }
    if (next === 'scheduled' && !change.expectedAt) {
      throw invalidRequest([{ field: 'expectedAt', message: 'the expected date is required for scheduled' }]);
    }
    const published = publishedFor(next, m);
    // A duplicate (un-hidden back to it) was never taken in charge: a merge does not stamp it either.
    const takenInCharge = next !== 'submitted' && next !== 'hidden' && next !== 'duplicate' && r.accepted_at === null;
    await tx`
      UPDATE report SET
        status = ${next},
        published = ${published},
        status_before_hidden = ${next === 'hidden' ? r.status : null},
        accepted_at = ${takenInCharge ? tx`now()` : tx`accepted_at`},
        expected_at = ${next === 'scheduled' ? change.expectedAt! : tx`expected_at`},
        closed_at = ${isOpen(next) ? null : next === 'hidden' ? tx`closed_at` : tx`now()`}
      WHERE id = ${r.id}`;
    await addEvent(tx, m.id, r.id, user, {
      type: 'status',
      status: next,
      message: change.message,
      // Moderation and its reason stay internal; every other change is public history.
      public: next !== 'hidden',
      data: { from: r.status, ...(next === 'scheduled' ? { expectedAt: change.expectedAt } : {}) },
    });
    if (published) await enqueueReportUpdate(tx, m.id, r.id, { status: next, message: change.message });
    return { version: await bump(tx, r.id), status: next, published };
  });
}

export async function addReply(sql: Sql, m: Municipality, user: StaffUser, reference: string, message: string, internal: boolean) {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    await addEvent(tx, m.id, r.id, user, { type: internal ? 'note' : 'reply', message, public: !internal });
    if (!internal && r.published) await enqueueReportUpdate(tx, m.id, r.id, { message });
    // A reply or a note changes nothing another clerk could overwrite: the version stays, so a
    // colleague's pending status change is not refused because of it.
    await tx`UPDATE report SET updated_at = now() WHERE id = ${r.id}`;
    return { version: r.version };
  });
}

export async function reassign(
  sql: Sql,
  m: Municipality,
  user: StaffUser,
  reference: string,
  to: { departmentId?: number; categoryId?: number; version: number },
) {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    checkVersion(r, to.version);
    let categoryId = r.category_id;
    let departmentId = to.departmentId;
    if (to.categoryId !== undefined) {
      const [category] = await tx<{ department_id: number }[]>`
        SELECT department_id FROM category WHERE municipality_id = ${m.id} AND id = ${to.categoryId}`;
      if (!category) throw invalidRequest([{ field: 'categoryId', message: 'Unknown category' }]);
      categoryId = to.categoryId;
      // A new category routes to its own department unless one is named.
      departmentId ??= category.department_id;
    }
    departmentId ??= r.department_id;
    if (to.departmentId !== undefined) {
      const [d] = await tx`SELECT 1 FROM department WHERE municipality_id = ${m.id} AND id = ${to.departmentId}`;
      if (!d) throw invalidRequest([{ field: 'departmentId', message: 'Unknown department' }]);
    }
    if (categoryId === r.category_id && departmentId === r.department_id) {
      throw invalidRequest([{ field: 'departmentId', message: 'nothing to change' }]);
    }
    await tx`UPDATE report SET category_id = ${categoryId}, department_id = ${departmentId} WHERE id = ${r.id}`;
    await addEvent(tx, m.id, r.id, user, {
      type: 'assign',
      public: false,
      data: { fromDepartmentId: r.department_id, toDepartmentId: departmentId, fromCategoryId: r.category_id, toCategoryId: categoryId },
    });
    if (departmentId !== r.department_id) await enqueueNewReportNotice(tx, m.id, r.id, departmentId);
    return { version: await bump(tx, r.id), departmentId, categoryId };
  });
}

/** A duplicate, or a duplicate that moderation has since hidden (it keeps its pointer meanwhile). */
const isDuplicate = (r: Pick<LockedReport, 'status' | 'status_before_hidden'>) =>
  r.status === 'duplicate' || (r.status === 'hidden' && r.status_before_hidden === 'duplicate');

/**
 * Marks a report as a duplicate of another: it closes with a pointer to the other, and its
 * supporters move over, each counted once even if they had joined both.
 *
 * A merge is bookkeeping, never a publishing decision: the duplicate keeps its `published` flag
 * (a report awaiting review stays unpublished), and a report hidden by moderation stays hidden,
 * with `duplicate` as the status that un-hiding gives back. A clerk may merge only between
 * reports of their own departments, like every other action (canHandle).
 */
export async function mergeInto(sql: Sql, m: Municipality, user: StaffUser, reference: string, into: string, version: number) {
  if (into === reference) throw invalidRequest([{ field: 'into', message: 'a report cannot be merged into itself' }]);
  return sql.begin(async (tx) => {
    // Lock both rows in one order, so two merges in opposite directions cannot deadlock. Everything
    // below reads them after the lock: a concurrent merge, move or hiding of either is seen.
    await tx`SELECT id FROM report WHERE municipality_id = ${m.id} AND reference IN ${tx([reference, into])} ORDER BY id FOR UPDATE`;
    const r = await findForStaff(tx, m.id, user, reference, false);
    checkVersion(r, version);
    const [target] = await tx<{ id: string; status: ReportStatus; department_id: number }[]>`
      SELECT id, status, department_id FROM report WHERE municipality_id = ${m.id} AND reference = ${into}`;
    if (!target) throw invalidRequest([{ field: 'into', message: 'Unknown report' }]);
    if (!canHandle(user, target.department_id)) {
      throw new ApiError(403, 'forbidden', 'The report to merge into belongs to a department you do not handle');
    }
    if (target.status === 'duplicate' || target.status === 'hidden') {
      throw invalidRequest([{ field: 'into', message: 'the target report is itself a duplicate or hidden' }]);
    }
    if (isDuplicate(r)) throw invalidRequest([{ field: 'into', message: 'the report is already a duplicate' }]);
    const hidden = r.status === 'hidden';
    await tx`
      INSERT INTO support (municipality_id, report_id, supporter_hash, email, created_at)
      SELECT municipality_id, ${target.id}, supporter_hash, email, created_at FROM support WHERE report_id = ${r.id}
      ON CONFLICT (report_id, supporter_hash) DO NOTHING`;
    await tx`DELETE FROM support WHERE report_id = ${r.id}`;
    const [{ support_count }] = await tx<{ support_count: number }[]>`
      UPDATE report SET support_count = (SELECT count(*) FROM support WHERE report_id = ${target.id})
      WHERE id = ${target.id} RETURNING support_count`;
    await tx`
      UPDATE report SET duplicate_of = ${target.id}, support_count = 0, closed_at = now(),
                        ${hidden ? tx`status_before_hidden = 'duplicate'` : tx`status = 'duplicate'`}
      WHERE id = ${r.id}`;
    await addEvent(tx, m.id, r.id, user, { type: 'merge', status: 'duplicate', public: !hidden, data: { into } });
    await addEvent(tx, m.id, target.id, user, { type: 'merge', public: false, data: { from: reference } });
    // The reporter learns where the fix is tracked, unless moderation hid the report: the mail
    // would carry its title, and changeStatus tells nobody about a hidden report either.
    if (!hidden) await enqueueReportUpdate(tx, m.id, r.id, { status: 'duplicate', duplicateOf: into });
    await bump(tx, target.id);
    return { version: await bump(tx, r.id), into, supportCount: support_count };
  });
}

/** Moderation of one photo (a face, a number plate): hidden from the public, kept for staff. */
export async function setPhotoHidden(sql: Sql, m: Municipality, user: StaffUser, reference: string, photoId: string, hidden: boolean) {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    const rows = await tx`UPDATE photo SET hidden = ${hidden} WHERE report_id = ${r.id} AND public_id = ${photoId} RETURNING id`;
    if (!rows.length) throw notFound('Photo');
    await addEvent(tx, m.id, r.id, user, { type: 'note', message: hidden ? 'Foto nascosta' : 'Foto di nuovo visibile', public: false, data: { photo: photoId, hidden } });
    return { version: await bump(tx, r.id) };
  });
}
