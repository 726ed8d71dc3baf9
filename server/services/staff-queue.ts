import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { REPORT_CHANNELS, type ReportChannel } from '../domain/report-channel.ts';
import { CLOSED_STATUSES, OPEN_STATUSES, type ReportStatus, REPORT_STATUSES } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';
import { invalidRequest } from '../http/validate.ts';
import { ReportSummary, type SummaryRow, toSummary } from './report-shapes.ts';
import { textFilter, textPlanned } from './report-search.ts';
import type { StaffUser } from './staff-auth.ts';

/** The staff queue: a municipality's reports as clerks list, filter, sort and export them. */

/**
 * Past a category's targets: not taken in charge within days_to_accept, not closed within
 * days_to_resolve, or past the expected date the office announced.
 */
export function overdueSql(sql: Sql) {
  return sql`(r.status IN ${sql(OPEN_STATUSES as ReportStatus[])} AND r.waiting_since IS NULL AND (
      (r.accepted_at IS NULL AND ${dueSql(sql, 'accept')} < now())
      OR ${dueSql(sql, 'resolve')} < now()
      OR (r.expected_at IS NOT NULL AND r.expected_at < now())))`;
}

/**
 * When a report is due to be taken in charge or resolved: the category's target days from filing,
 * plus the time the office spent waiting for the citizen (migration 0014: every earlier wait, and
 * the current one, during which the clock stands still and the report is never overdue).
 */
export function dueSql(sql: Sql, what: 'accept' | 'resolve') {
  const days = what === 'accept' ? sql`c.days_to_accept` : sql`c.days_to_resolve`;
  // Whole days of the municipality's calendar, due at the end of the last one
  // (server/domain/promise.ts dueAt, the same rule for the widget).
  return sql`((((r.created_at AT TIME ZONE ${TIME_ZONE})::date + ${days} + 1)::timestamp AT TIME ZONE ${TIME_ZONE}) - interval '1 millisecond'
    + make_interval(secs => r.paused_seconds + coalesce(extract(epoch FROM now() - r.waiting_since), 0)))`;
}

export const QueueItem = ReportSummary.extend({
  departmentId: z.number().int(),
  published: z.boolean(),
  overdue: z.boolean(),
  updatedAt: z.date(),
  acceptDueAt: z.date(),
  resolveDueAt: z.date(),
  contact: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
  /** The member of the office the report is given to; null: the office as a whole. */
  assignee: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** The report's version as listed: a bulk action sends it back (services/staff-bulk-actions.ts). */
  version: z.number().int(),
  /** How it came: the web, Open311, or staff filing what came by phone, e-mail, PEC, front desk… */
  channel: z.enum(REPORT_CHANNELS),
});
export type QueueItem = z.infer<typeof QueueItem>;

/** A page of the staff queue (staffQueue). */
export const QueuePage = z.object({ reports: z.array(QueueItem), nextCursor: z.string().nullable(), total: z.number().int() });

export interface QueueFilters {
  status?: 'open' | 'closed' | 'all' | ReportStatus;
  departmentId?: number;
  categoryId?: number;
  streetId?: number;
  q?: string;
  overdue?: boolean;
  /** Is it really fixed?: reports the citizens reopened at least once (true), or never (false). */
  reopened?: boolean;
  /** Given to the clerk asking (`me`), to nobody (`none`: the office as a whole), or to one staff member by id. */
  assignee?: 'me' | 'none' | number;
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
    ${f.assignee === undefined ? sql`` : f.assignee === 'none' ? sql`AND r.assignee_id IS NULL` : sql`AND r.assignee_id = ${f.assignee === 'me' ? user.id : f.assignee}`}
    ${f.overdue === true ? sql`AND ${overdueSql(sql)}` : f.overdue === false ? sql`AND NOT ${overdueSql(sql)}` : sql``}
    ${f.reopened === undefined ? sql`` : sql`AND ${f.reopened ? sql`` : sql`NOT`} EXISTS (SELECT 1 FROM report_event re WHERE re.report_id = r.id AND re.type = 'reopened')`}
    ${f.from ? sql`AND r.created_at >= (${f.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}` : sql``}
    ${f.to ? sql`AND r.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})` : sql``}
    ${f.q ? textFilter(sql, f.q) : sql``}`;
}

export interface QueueRow extends SummaryRow {
  department_id: number; published: boolean; overdue: boolean; updated_at: Date;
  accept_due_at: Date; resolve_due_at: Date; contact_name: string | null; contact_email: string | null; contact_phone: string | null;
  assignee_id: number | null; assignee_name: string | null; version: number; channel: ReportChannel;
}

export function queueSelect(sql: Sql) {
  return sql`
    r.id, r.reference, r.title, r.status, r.category_id, r.street_id, s.name AS street_name, r.civic,
    r.location[0] AS lon, r.location[1] AS lat, r.created_at, r.support_count, r.department_id, r.published,
    ${overdueSql(sql)} AS overdue, r.updated_at,
    ${dueSql(sql, 'accept')} AS accept_due_at,
    ${dueSql(sql, 'resolve')} AS resolve_due_at,
    r.contact_name, r.contact_email, r.contact_phone,
    r.assignee_id, (SELECT a.name FROM staff_user a WHERE a.id = r.assignee_id) AS assignee_name, r.version, r.channel`;
}

export function toQueueItem(r: QueueRow): QueueItem {
  return {
    ...toSummary(r),
    departmentId: r.department_id,
    published: r.published,
    overdue: r.overdue,
    updatedAt: r.updated_at,
    acceptDueAt: r.accept_due_at,
    resolveDueAt: r.resolve_due_at,
    contact: { name: r.contact_name, email: r.contact_email, phone: r.contact_phone },
    assignee: r.assignee_id === null ? null : { id: r.assignee_id, name: r.assignee_name! },
    version: r.version,
    channel: r.channel,
  };
}

/** dueSql's calendar days as text, for the "due" order (the zone is a constant, not input). */
const calendarDue = (days: string) =>
  `((((r.created_at AT TIME ZONE '${TIME_ZONE}')::date + ${days} + 1)::timestamp AT TIME ZONE '${TIME_ZONE}') - interval '1 millisecond')`;

const ORDER = {
  newest: 'r.created_at DESC, r.id DESC',
  oldest: 'r.created_at ASC, r.id ASC',
  updated: 'r.updated_at DESC, r.id DESC',
  supports: 'r.support_count DESC, r.created_at DESC, r.id DESC',
  // The time spent waiting for the citizen moves the due date on (dueSql).
  due:
    `CASE WHEN r.accepted_at IS NULL THEN ${calendarDue('c.days_to_accept')} ELSE ${calendarDue('c.days_to_resolve')} END` +
    ' + make_interval(secs => r.paused_seconds + coalesce(extract(epoch FROM now() - r.waiting_since), 0)) ASC, r.id ASC',
} as const;

export async function staffQueue(
  sql: Sql,
  municipalityId: number,
  user: StaffUser,
  f: QueueFilters,
): Promise<z.infer<typeof QueuePage>> {
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
