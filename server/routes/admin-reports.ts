import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { REFERENCE_FORMAT, TEXT_MAX } from '../domain/formats.ts';
import { REPORT_STATUSES } from '../domain/status.ts';
import { notFound } from '../http/errors.ts';
import { id, isoDay, queryInt, text } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { staffQueue, staffQueueAll } from '../services/staff-queue.ts';
import { addReply, changeStatus, mergeInto, reassign, setAssignee, setPhotoHidden } from '../services/staff-report-actions.ts';
import { bulkAction } from '../services/staff-bulk-actions.ts';
import { canHandle, staffReportDetail } from '../services/staff-report-detail.ts';
import { publishCitizenMessage } from '../services/citizen-messages.ts';
import { queueCsv } from '../services/csv.ts';
import { mayExportContacts, recordContactExport } from '../services/contact-export.ts';
import { queueGeoJson } from '../services/geojson-export.ts';
import { staffPhoto } from '../services/photos.ts';
import { isPhotoId } from './photos.ts';
import { staffCatalog } from '../services/catalog.ts';
import { statistics } from '../services/stats.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { isReference } from './reports.ts';
import type { AdminEnv, Deps } from './types.ts';

const QueueQuery = z.object({
  status: z.enum(['open', 'closed', 'all', ...REPORT_STATUSES]).optional(),
  departmentId: queryInt(1, 2_147_483_647).optional(),
  categoryId: queryInt(1, 2_147_483_647).optional(),
  streetId: queryInt(1, 2_147_483_647).optional(),
  /** `me`, `none` (the office as a whole) or a staff member's id. */
  assignee: z.enum(['me', 'none']).or(queryInt(1, 2_147_483_647)).optional(),
  q: z.string().max(TEXT_MAX.search).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Is it really fixed?: reopened by the citizens at least once. */
  reopened: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  sort: z.enum(['newest', 'oldest', 'updated', 'supports', 'due']).optional(),
  cursor: z.string().max(100).optional(),
  limit: queryInt(1, 200).optional(),
});

/** The CSV's query: the queue's filters, and whether an administrator asks for the reporters' contacts. */
const CsvQuery = QueueQuery.extend({
  contacts: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true').optional(),
});

const StatsQuery = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  departmentId: queryInt(1, 2_147_483_647).optional(),
});

const version = z.number().int().min(1);

/** Reports one bulk action may change: the queue's largest page. */
export const BULK_MAX = 200;

const StatusBody = z.object({
  /** A status id, or `unhidden` to give a hidden report back its previous status. */
  status: z.enum([...REPORT_STATUSES, 'unhidden']),
  message: text(1, TEXT_MAX.staffMessage).optional(),
  expectedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).transform((d) => new Date(d)).optional(),
  version,
});

const ReplyBody = z.object({ message: text(1, TEXT_MAX.staffMessage), internal: z.boolean() });

const AssignBody = z
  .object({ departmentId: id.optional(), categoryId: id.optional(), version })
  .refine((b) => b.departmentId !== undefined || b.categoryId !== undefined, {
    message: 'give a departmentId or a categoryId',
    path: ['departmentId'],
  });

const AssigneeBody = z.object({ assigneeId: id.nullable(), version });

/** A selection of the queue (at most a page of it) and one action for all (services/staff-bulk-actions.ts). */
const BulkBody = z.object({
  reports: z
    .array(z.object({ reference: z.string().regex(REFERENCE_FORMAT, 'must be a report reference like 2026-000123'), version }))
    .min(1)
    .max(BULK_MAX)
    .refine((list) => new Set(list.map((r) => r.reference)).size === list.length, 'a report is listed twice'),
  action: z.discriminatedUnion('type', [
    StatusBody.omit({ version: true }).extend({ type: z.literal('status') }),
    AssigneeBody.omit({ version: true }).extend({ type: z.literal('assignee') }),
    z.object({ type: z.literal('move'), departmentId: id.optional(), categoryId: id.optional() }).refine(
      (b) => b.departmentId !== undefined || b.categoryId !== undefined,
      { message: 'give a departmentId or a categoryId', path: ['departmentId'] },
    ),
  ]),
});

const MergeBody = z.object({ into: z.string().regex(REFERENCE_FORMAT, 'must be a report reference like 2026-000123'), version });

const reference = (ref: string) => {
  if (!isReference(ref)) throw notFound('Report');
  return ref;
};

/** The staff queue and the actions on a report. Authentication is checked by the parent router. */
export function adminReportRoutes({ sql, reportingSql, logger }: Deps) {
  const servePhoto = async (c: Context<AdminEnv>, thumbnail: boolean) => {
    const id = c.req.param('id') ?? '';
    const photo = isPhotoId(id) ? await staffPhoto(sql, c.var.municipality.id, id, thumbnail) : undefined;
    if (!photo || !canHandle(c.var.staff, photo.department_id)) throw notFound('Photo');
    c.header('Content-Type', 'image/jpeg');
    c.header('Cache-Control', 'private, max-age=3600');
    return c.body(new Uint8Array(photo.bytes));
  };
  return new Hono<AdminEnv>()
    .get('/reports', validate('query', QueueQuery), async (c) => {
      const q = c.req.valid('query');
      const page = await staffQueue(sql, c.var.municipality.id, c.var.staff, {
        ...q,
        q: q.q?.trim() || undefined,
        sort: q.sort ?? 'newest',
        limit: q.limit ?? 50,
      });
      return c.json(page);
    })
    .get('/catalog', async (c) => c.json(await staffCatalog(sql, c.var.municipality.id)))
    .get('/stats', validate('query', StatsQuery), async (c) => {
      // A long read: on the reporting pool, never taking the connections filings need.
      return c.json(await statistics(reportingSql ?? sql, c.var.municipality.id, c.var.staff, c.req.valid('query')));
    })
    .get('/reports.csv', validate('query', CsvQuery), async (c) => {
      const { contacts = false, ...q } = c.req.valid('query');
      if (contacts) mayExportContacts(c.var.staff);
      const filters = { ...q, q: q.q?.trim() || undefined, sort: q.sort ?? 'newest' } as const;
      const rows = await staffQueueAll(sql, c.var.municipality.id, c.var.staff, filters);
      if (contacts) await recordContactExport(sql, logger, c.var.municipality.id, c.var.staff, filters, rows.length);
      const day = new Date().toISOString().slice(0, 10);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="segnalazioni-${c.var.municipality.slug}-${day}.csv"`);
      c.header('Cache-Control', 'private, no-store');
      return c.body(queueCsv(rows, { contacts }));
    })
    .get('/reports.geojson', validate('query', QueueQuery), async (c) => {
      const q = c.req.valid('query');
      const rows = await staffQueueAll(sql, c.var.municipality.id, c.var.staff, { ...q, q: q.q?.trim() || undefined, sort: q.sort ?? 'newest' });
      const day = new Date().toISOString().slice(0, 10);
      c.header('Content-Disposition', `attachment; filename="segnalazioni-${c.var.municipality.slug}-${day}.geojson"`);
      c.header('Cache-Control', 'private, no-store');
      return c.json(queueGeoJson(rows), 200, { 'Content-Type': 'application/geo+json; charset=utf-8' });
    })
    .get('/reports/:reference', async (c) => {
      return c.json(await staffReportDetail(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference'))));
    })
    .post('/reports/:reference/status', jsonBodyLimit, validate('json', StatusBody), async (c) => {
      const body = c.req.valid('json');
      return c.json(await changeStatus(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference')), body));
    })
    .post('/reports/:reference/replies', jsonBodyLimit, validate('json', ReplyBody), async (c) => {
      const { message, internal } = c.req.valid('json');
      return c.json(await addReply(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference')), message, internal), 201);
    })
    .post('/reports/:reference/assign', jsonBodyLimit, validate('json', AssignBody), async (c) => {
      return c.json(await reassign(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference')), c.req.valid('json')));
    })
    .post('/reports/:reference/assignee', jsonBodyLimit, validate('json', AssigneeBody), async (c) => {
      return c.json(await setAssignee(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference')), c.req.valid('json')));
    })
    .post('/reports/bulk', jsonBodyLimit, validate('json', BulkBody), async (c) => {
      const { reports, action } = c.req.valid('json');
      return c.json(await bulkAction(sql, c.var.municipality, c.var.staff, reports, action));
    })
    .post('/reports/:reference/photos/:photo', jsonBodyLimit, validate('json', z.object({ hidden: z.boolean() })), async (c) => {
      const photo = c.req.param('photo');
      if (!isPhotoId(photo)) throw notFound('Photo');
      const { hidden } = c.req.valid('json');
      return c.json(await setPhotoHidden(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference')), photo, hidden));
    })
    // A citizen's message held for moderation, published by staff (issue 13 §1).
    .post('/reports/:reference/events/:event/publish', async (c) => {
      const event = c.req.param('event');
      if (!/^\d{1,18}$/.test(event)) throw notFound('Message');
      return c.json(await publishCitizenMessage(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference')), event));
    })
    .get('/photos/:id', (c) => servePhoto(c, false))
    .get('/photos/:id/thumbnail', (c) => servePhoto(c, true))
    .post('/reports/:reference/merge', jsonBodyLimit, validate('json', MergeBody), async (c) => {
      const { into, version: v } = c.req.valid('json');
      return c.json(await mergeInto(sql, c.var.municipality, c.var.staff, reference(c.req.param('reference')), into, v));
    });
}
