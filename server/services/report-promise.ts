import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../db/connect.ts';
import { z } from 'zod';
import { PROMISE_STATES, promiseState } from '../domain/promise.ts';
import type { ReportStatus } from '../domain/status.ts';
import { dueSql } from './staff-queue.ts';
import { trackingHash } from './tracking-code.ts';

/**
 * The office's promise to the reporter (README, "HTTP API"): by when the report is to be taken in
 * charge and resolved — the staff queue's own due dates (staff-queue.ts dueSql), so the widget and
 * the console agree — and, once it is under way, whether each is kept.
 */
export const ReportPromise = z.object({
  acceptBy: z.date(),
  resolveBy: z.date(),
  accept: z.enum(PROMISE_STATES),
  resolve: z.enum(PROMISE_STATES),
});
export type ReportPromise = z.infer<typeof ReportPromise>;

/** What the tracking page adds to the report (trackingExtras). */
export const TrackingExtras = z.object({ promise: ReportPromise.nullable(), personalDataHeld: z.boolean() });

/** The promise made when a report is filed (filingPromise): the two dates. */
export const FilingPromise = ReportPromise.pick({ acceptBy: true, resolveBy: true }).nullable();

/** Closed without being fixed: no promise left to show. */
const NO_PROMISE: readonly ReportStatus[] = ['rejected', 'duplicate', 'hidden'];

interface PromiseRow {
  status: ReportStatus;
  accept_by: Date;
  resolve_by: Date;
  accepted_at: Date | null;
  closed_at: Date | null;
  contact_held: boolean;
  now: Date;
}

async function loadPromise(sql: Sql, where: PendingQuery<Row[]>): Promise<PromiseRow | undefined> {
  const [row] = await sql<PromiseRow[]>`
    SELECT r.status, ${dueSql(sql, 'accept')} AS accept_by, ${dueSql(sql, 'resolve')} AS resolve_by,
           r.accepted_at, r.closed_at, now() AS now,
           (r.contact_name IS NOT NULL OR r.contact_email IS NOT NULL OR r.contact_phone IS NOT NULL) AS contact_held
    FROM report r JOIN category c ON c.id = r.category_id
    WHERE ${where}`;
  return row;
}

function toPromise(r: PromiseRow): ReportPromise | null {
  if (NO_PROMISE.includes(r.status)) return null;
  return {
    acceptBy: r.accept_by,
    resolveBy: r.resolve_by,
    // Closing a report also ends the wait for someone to take it in charge.
    accept: promiseState(r.accept_by, r.accepted_at ?? r.closed_at, r.now),
    resolve: promiseState(r.resolve_by, r.closed_at, r.now),
  };
}

/**
 * What the tracking page adds to the report: the promise, and whether the reporter's name, e-mail
 * or phone is still held (`personalDataHeld`, true or false only: never the data; no public answer
 * names a contact field, test/server/privacy.test.ts), so that the page offers to erase them.
 */
export async function trackingExtras(
  sql: Sql,
  key: Buffer,
  municipalityId: number,
  rawCode: string,
): Promise<z.infer<typeof TrackingExtras>> {
  const row = await loadPromise(sql, sql`r.municipality_id = ${municipalityId} AND r.tracking_hash = ${trackingHash(key, rawCode)}`);
  return { promise: row ? toPromise(row) : null, personalDataHeld: row?.contact_held ?? false };
}

/** The promise made when a report is filed: the two dates. */
export async function filingPromise(sql: Sql, municipalityId: number, reference: string): Promise<z.infer<typeof FilingPromise>> {
  const row = await loadPromise(sql, sql`r.municipality_id = ${municipalityId} AND r.reference = ${reference}`);
  return row ? { acceptBy: row.accept_by, resolveBy: row.resolve_by } : null;
}
