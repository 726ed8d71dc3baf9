import { Hono } from 'hono';
import { z } from 'zod';
import { STAFF_CHANNELS } from '../domain/report-channel.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { invalidRequest, validate } from '../http/validate.ts';
import { FiledReport, fileReport } from '../services/report-filing.ts';
import { FilingPromise, filingPromise } from '../services/report-promise.ts';
import { IdempotencyKey, placeGiven, reportFields, scopedIdempotencyKey } from './filing.ts';
import type { AdminEnv, Deps } from './types.ts';

/**
 * A report staff file on a citizen's behalf (issue 15 §3): what the citizen said, how it came
 * (`channel`) and their contact if they gave one. The citizen's fields and checks
 * (routes/filing.ts); no privacy checkbox (the clerk informs the citizen and takes the consent) and
 * no spam check or proof of work.
 */
/** The answer: the citizen's reference and tracking code to read out, and the office's promise. */
export const StaffFiled = FiledReport.omit({ replayed: true }).extend({
  channel: z.enum(STAFF_CHANNELS),
  /** Whether a receipt with the tracking code goes to the citizen's e-mail (not past an address's daily receipts). */
  receiptQueued: z.boolean(),
  promise: FilingPromise,
});

export const StaffFilingSchema = z
  .object({
    ...reportFields,
    channel: z.enum(STAFF_CHANNELS, { message: `must be one of ${STAFF_CHANNELS.join(', ')}` }),
  })
  .refine(...placeGiven);

/**
 * `POST /admin/reports`. Any staff member files in any active category of the municipality: the
 * report goes to that category's office, as a citizen's would, whether or not the clerk works
 * there (the front desk takes calls for every office). Behind the staff login, so no per-client
 * filing limit; the reference, the tracking code (to read out), the events and the mails are the
 * citizen filing's (services/report-filing.ts).
 */
export function adminFilingRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  return new Hono<AdminEnv>().post('/reports', jsonBodyLimit, validate('json', StaffFilingSchema), async (c) => {
    const key = IdempotencyKey.safeParse(c.req.header('Idempotency-Key'));
    if (!key.success) throw invalidRequest([{ field: 'Idempotency-Key', message: key.error.issues[0].message }]);
    const staff = c.var.staff;
    // A retry of the same clerk's filing finds its report; the same key from anyone else files anew.
    const idempotencyKey = scopedIdempotencyKey(secretKey, `staff:${staff.id}`, key.data);
    const filed = await fileReport(
      sql,
      secretKey,
      c.var.municipality,
      { ...c.req.valid('json'), privacyAccepted: true },
      idempotencyKey,
      [],
      undefined,
      { staffUserId: staff.id },
    );
    if (filed.replayed) c.header('Idempotent-Replayed', 'true');
    const { replayed: _, ...body } = filed;
    const [{ queued }] = await sql<{ queued: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM outbox o JOIN report r ON r.id = o.report_id
        WHERE r.municipality_id = ${c.var.municipality.id} AND r.reference = ${filed.reference} AND o.kind = 'receipt'
      ) AS queued`;
    return c.json(
      {
        ...body,
        channel: c.req.valid('json').channel,
        receiptQueued: queued,
        promise: await filingPromise(sql, c.var.municipality.id, filed.reference),
      } satisfies z.infer<typeof StaffFiled>,
      201,
    );
  });
}
