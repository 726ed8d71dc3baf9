import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';
import { REPORT_STATUSES, type ReportStatus, isOpen } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { pausedUpdate } from './citizen-messages.ts';
import type { Municipality } from './municipality.ts';
import { enqueueReportUpdate } from './outbox.ts';
import { enqueueResolutionChecks } from './resolution-checks.ts';
import { type ChangeBy, recordSettingsChange } from './settings-log.ts';
import { readLink, signLink } from './signed-links.ts';
import type { StaffUser } from './staff-auth.ts';
import { checkVersion, bump } from './staff-report-actions.ts';
import { findForStaff } from './staff-report-detail.ts';

/**
 * Outside bodies (issue 15 §5, README "Outside bodies"): a report that belongs to someone else — the
 * water or gas company, the Province for a provincial road — is forwarded to it. The body gets a
 * mail with the report and a signed `body_update` link (signed when the mail is sent, like the
 * citizen's links); on the page it opens, without an account, the body posts updates and messages
 * that the public history shows, attributed to it.
 *
 * The link names the report and the body. It works while the report is still forwarded to that
 * body (`report.forwarded_body_id`) and the body is active: forwarding to another body, or an
 * admin retiring the body, ends it at once. Every refusal says the same thing (404, or 410 once
 * expired), never which check failed.
 */

/** How long a body's link works: a utility's planning of a dig takes weeks. */
export const BODY_LINK_DAYS = 90;

export const OutsideBody = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  createdAt: z.date(),
});
export type OutsideBody = z.infer<typeof OutsideBody>;

const bodyColumns = (sql: Sql | Tx) => sql`id, name, email, active, created_at AS "createdAt"`;

export async function listBodies(sql: Sql, municipalityId: number): Promise<OutsideBody[]> {
  return sql<OutsideBody[]>`
    SELECT ${bodyColumns(sql)} FROM outside_body WHERE municipality_id = ${municipalityId} ORDER BY active DESC, lower(name), id`;
}

const nameTaken = () => invalidRequest([{ field: 'name', message: 'another body has this name' }]);

export async function createBody(sql: Sql, by: ChangeBy, input: { name: string; email: string; active?: boolean }): Promise<OutsideBody> {
  return sql.begin(async (tx) => {
    const [row] = await tx<OutsideBody[]>`
      INSERT INTO outside_body (municipality_id, name, email, active)
      VALUES (${by.municipalityId}, ${input.name}, ${input.email}, ${input.active ?? true})
      ON CONFLICT (municipality_id, name) DO NOTHING
      RETURNING ${bodyColumns(tx)}`;
    if (!row) throw nameTaken();
    await recordSettingsChange(tx, by, 'body', row.id, 'created', { name: row.name, email: row.email, active: row.active });
    return row;
  });
}

export async function updateBody(
  sql: Sql,
  by: ChangeBy,
  id: number,
  input: { name?: string; email?: string; active?: boolean },
): Promise<OutsideBody> {
  return sql.begin(async (tx) => {
    const [before] = await tx<OutsideBody[]>`
      SELECT ${bodyColumns(tx)} FROM outside_body WHERE municipality_id = ${by.municipalityId} AND id = ${id} FOR UPDATE`;
    if (!before) throw notFound('Body');
    if (input.name !== undefined && input.name !== before.name) {
      const [taken] = await tx`SELECT 1 FROM outside_body WHERE municipality_id = ${by.municipalityId} AND name = ${input.name} AND id <> ${id}`;
      if (taken) throw nameTaken();
    }
    const [row] = await tx<OutsideBody[]>`
      UPDATE outside_body SET name = ${input.name ?? before.name}, email = ${input.email ?? before.email}, active = ${input.active ?? before.active}
      WHERE id = ${id} RETURNING ${bodyColumns(tx)}`;
    const changed = Object.fromEntries(
      (['name', 'email', 'active'] as const).filter((k) => input[k] !== undefined && input[k] !== before[k]).map((k) => [k, input[k]]),
    );
    if (Object.keys(changed).length) await recordSettingsChange(tx, by, 'body', id, 'changed', changed);
    return row;
  });
}

/** What a report's forward and a body's updates keep in `report_event.data`. */
interface BodyEventData {
  body: string;
  bodyId: number;
  /** forward: the clerk's words to the body (staff and the body only, never public). */
  note?: string;
  from?: string;
  expectedAt?: Date;
}

/**
 * Forwards a report to an outside body: one transaction, the report locked and its version checked;
 * a public `forward` event, the report marked, the body's mail (with its link) and the followers'.
 */
/** A report forwarded (forwardReport): its new version and the body that has it now. */
export const Forwarded = z.object({ version: z.number().int(), forwardedTo: z.object({ id: z.number().int(), name: z.string() }) });

export async function forwardReport(
  sql: Sql,
  m: Municipality,
  user: StaffUser,
  reference: string,
  input: { bodyId: number; message?: string; version: number },
): Promise<z.infer<typeof Forwarded>> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    checkVersion(r, input.version);
    const [body] = await tx<{ id: number; name: string; email: string }[]>`
      SELECT id, name, email FROM outside_body WHERE municipality_id = ${m.id} AND id = ${input.bodyId} AND active`;
    if (!body) throw invalidRequest([{ field: 'bodyId', message: 'not an active outside body of this municipality' }]);
    if (r.status === 'hidden' || r.status === 'duplicate') {
      throw new ApiError(409, 'report_closed', 'A hidden or merged report is not forwarded');
    }
    await tx`UPDATE report SET forwarded_body_id = ${body.id}, forwarded_at = now() WHERE id = ${r.id}`;
    const data: BodyEventData = { body: body.name, bodyId: body.id, ...(input.message ? { note: input.message } : {}) };
    await tx`
      INSERT INTO report_event (municipality_id, report_id, type, public, staff_user_id, data)
      VALUES (${m.id}, ${r.id}, 'forward', true, ${user.id}, ${tx.json(data as never)})`;
    await tx`
      INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
      VALUES (${m.id}, ${r.id}, 'body_forward', ${body.email}, ${tx.json({ bodyName: body.name, bodyId: body.id, ...(input.message ? { message: input.message } : {}) })})`;
    // The followers learn who now handles it; the mail names the body (the admin's words), nothing else.
    if (r.published) await enqueueReportUpdate(tx, m.id, r.id, { forwardedTo: body.name });
    return { version: await bump(tx, r.id), forwardedTo: { id: body.id, name: body.name } };
  });
}

/** The body's link for an outbox row, signed when the mail is sent (the outbox keeps no token). */
export function bodyMailLink(
  key: Buffer,
  row: { municipality_id: number; report_id: string; data: { bodyId?: number } },
  reportUrl: string | null,
  now = Date.now(),
): string | null {
  if (!reportUrl || typeof row.data.bodyId !== 'number') return null;
  const token = signLink(key, {
    purpose: 'body_update',
    municipalityId: row.municipality_id,
    subject: String(row.report_id),
    expiresAt: now + BODY_LINK_DAYS * 24 * 3600 * 1000,
    extra: { b: row.data.bodyId },
  });
  return `${reportUrl.split('#')[0]}#segnala/link/body_update/${token}`;
}

/** One answer for every link that does not work (forged, cut, of another report, superseded, retired body). */
export const bodyLinkRefused = () => new ApiError(404, 'link_not_valid', 'This link does not work. Ask the municipality for a new one.');

interface BodyTarget {
  id: string;
  reference: string;
  status: ReportStatus;
  published: boolean;
  department_id: number;
  accepted_at: Date | null;
  body_id: number;
  body_name: string;
}

/** The report and body of a link, the report locked when asked; 404 (or 410, expired) otherwise. */
async function byBodyLink(tx: Sql | Tx, key: Buffer, municipalityId: number, token: string, lock: boolean): Promise<BodyTarget> {
  let subject: string;
  let bodyId: unknown;
  try {
    const claims = readLink(key, token, 'body_update', municipalityId);
    subject = claims.subject;
    bodyId = claims.extra?.b;
  } catch (err) {
    if (err instanceof ApiError && err.status === 410) throw err;
    throw bodyLinkRefused();
  }
  if (!/^\d{1,18}$/.test(subject) || typeof bodyId !== 'number') throw bodyLinkRefused();
  const [r] = await tx<BodyTarget[]>`
    SELECT r.id, r.reference, r.status, r.published, r.department_id, r.accepted_at, b.id AS body_id, b.name AS body_name
    FROM report r JOIN outside_body b ON b.municipality_id = r.municipality_id AND b.id = r.forwarded_body_id
    WHERE r.municipality_id = ${municipalityId} AND r.id = ${subject} AND r.forwarded_body_id = ${bodyId} AND b.active
      AND r.status NOT IN ('hidden', 'duplicate')
    ${lock ? tx`FOR UPDATE OF r` : tx``}`;
  if (!r) throw bodyLinkRefused();
  return r;
}

/** A public event as the body's page and the public detail show it: who wrote it, when a body did. */
export const BodyEventView = z.object({
  type: z.enum(REPORT_EVENT_TYPES),
  status: z.enum(REPORT_STATUSES).optional(),
  message: z.string().optional(),
  body: z.string().optional(),
  at: z.date(),
});
export type BodyEventView = z.infer<typeof BodyEventView>;

/** The report as the body's page shows it (bodyLinkContext). */
export const BodyLinkContext = z.object({
  reference: z.string(),
  body: z.object({ name: z.string() }),
  municipality: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  place: z.string().nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  status: z.enum(REPORT_STATUSES),
  expectedAt: z.date().nullable(),
  createdAt: z.date(),
  events: z.array(BodyEventView),
});

/** The answer to a body's update (addBodyUpdate). */
export const BodyUpdateResult = z.object({ reference: z.string(), status: z.enum(REPORT_STATUSES) });

/** The report as the body needs it: what, where, how it stands, its public history. Never the reporter's contact. */
export async function bodyLinkContext(sql: Sql, key: Buffer, m: Municipality, token: string): Promise<z.infer<typeof BodyLinkContext>> {
  const r = await byBodyLink(sql, key, m.id, token, false);
  const [row] = await sql<{ title: string; details: string; category: string; street: string | null; civic: string | null; lat: number | null; lon: number | null; expected_at: Date | null; created_at: Date }[]>`
    SELECT r.title, r.details, c.name AS category, s.name AS street, r.civic, r.location[1] AS lat, r.location[0] AS lon,
           r.expected_at, r.created_at
    FROM report r JOIN category c ON c.id = r.category_id LEFT JOIN street s ON s.id = r.street_id
    WHERE r.id = ${r.id}`;
  const events = await sql<{ type: ReportEventType; status: ReportStatus | null; message: string | null; body: string | null; at: Date }[]>`
    SELECT type, status, message, data->>'body' AS body, created_at AS at FROM report_event
    WHERE report_id = ${r.id} AND public ORDER BY created_at, id`;
  return {
    reference: r.reference,
    body: { name: r.body_name },
    municipality: m.name,
    title: row.title,
    description: row.details,
    category: row.category,
    place: [row.street, row.civic].filter(Boolean).join(', ') || null,
    location: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
    status: r.status,
    expectedAt: row.expected_at,
    createdAt: row.created_at,
    events: events.map(publicEventView),
  };
}

export const publicEventView = (e: { type: ReportEventType; status: ReportStatus | null; message: string | null; body: string | null; at: Date }): BodyEventView => ({
  type: e.type,
  ...(e.status ? { status: e.status } : {}),
  ...(e.message ? { message: e.message } : {}),
  ...(e.body ? { body: e.body } : {}),
  at: e.at,
});

import { BODY_STATUSES, type BodyStatus } from '../domain/body-statuses.ts';
import { REPORT_EVENT_TYPES, type ReportEventType } from '../domain/report-events.ts';
export { BODY_STATUSES, type BodyStatus };

/**
 * A body's update through its link: a public `body_update` event with its message, and the status
 * when given (a public `status` event of its own, attributed to the body, with the rules of a
 * staff change: taken in charge, closed on resolved with the "is it really fixed?" question, the
 * clock of a wait for the citizen stopped). The followers and the office are told. Two updates at
 * once wait for each other on the report's lock and are both recorded.
 */
export async function addBodyUpdate(
  sql: Sql,
  key: Buffer,
  m: Municipality,
  token: string,
  input: { status?: BodyStatus; expectedAt?: Date; message: string },
): Promise<z.infer<typeof BodyUpdateResult>> {
  if (input.status === 'scheduled' && !input.expectedAt) {
    throw invalidRequest([{ field: 'expectedAt', message: 'the expected date is required for scheduled' }]);
  }
  return sql.begin(async (tx) => {
    const r = await byBodyLink(tx, key, m.id, token, true);
    if (r.status === 'rejected') throw new ApiError(409, 'report_closed', 'The municipality has closed this report');
    const base = { body: r.body_name, bodyId: r.body_id };
    const next = input.status && input.status !== r.status ? input.status : undefined;
    if (next) {
      await tx`
        UPDATE report SET status = ${next}, published = true,
          accepted_at = coalesce(accepted_at, now()),
          expected_at = ${next === 'scheduled' ? input.expectedAt! : tx`expected_at`},
          closed_at = ${isOpen(next) ? null : tx`now()`},
          ${pausedUpdate(tx, next)}
        WHERE id = ${r.id}`;
      const data: BodyEventData = { ...base, from: r.status, ...(next === 'scheduled' ? { expectedAt: input.expectedAt } : {}) };
      await tx`
        INSERT INTO report_event (municipality_id, report_id, type, status, public, data)
        VALUES (${m.id}, ${r.id}, 'status', ${next}, true, ${tx.json(data as never)})`;
    } else if (input.status === 'scheduled' && r.status === 'scheduled') {
      // A new date for a scheduled report: the date changes, the status stays.
      await tx`UPDATE report SET expected_at = ${input.expectedAt!} WHERE id = ${r.id}`;
    }
    await tx`
      INSERT INTO report_event (municipality_id, report_id, type, message, public, data)
      VALUES (${m.id}, ${r.id}, 'body_update', ${input.message}, true, ${tx.json(base)})`;
    const published = r.published || next !== undefined;
    if (published) await enqueueReportUpdate(tx, m.id, r.id, { ...(next ? { status: next } : {}), message: input.message, bodyName: r.body_name });
    if (published && next === 'resolved') await enqueueResolutionChecks(tx, m.id, r.id);
    // The office in charge reads it too, at its own address.
    await tx`
      INSERT INTO outbox (municipality_id, report_id, kind, recipient, data)
      SELECT ${m.id}, ${r.id}, 'body_update_notice', d.email,
             ${tx.json({ bodyName: r.body_name, message: input.message, ...(next ? { status: next } : {}) })}
      FROM department d WHERE d.id = ${r.department_id} AND d.email IS NOT NULL AND d.email <> ''`;
    // Staff holding the report open see that it changed (their next action is refused as stale).
    await bump(tx, r.id);
    return { reference: r.reference, status: next ?? r.status };
  });
}
