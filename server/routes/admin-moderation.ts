import { Hono } from 'hono';
import { z } from 'zod';
import { EDIT_REASON_MAX } from '../domain/report-text-edit.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { notFound } from '../http/errors.ts';
import { text } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { editReportText } from '../services/report-moderation.ts';
import { reportFields } from './filing.ts';
import { isReference } from './reports.ts';
import type { AdminEnv, Deps } from './types.ts';

/** The new words (the filing's limits), at least one of them, and why: the reason is required. */
const TextEditBody = z
  .object({
    title: reportFields.title.optional(),
    details: reportFields.details.optional(),
    reason: text(1, EDIT_REASON_MAX),
    version: z.number().int().min(1),
  })
  .refine((b) => b.title !== undefined || b.details !== undefined, { message: 'give a new title or description', path: ['title'] });

/**
 * `/admin/reports/{reference}/text`: moderation edits of a report's public title and description
 * (services/report-moderation.ts). Authentication is checked by the parent router.
 */
export function adminModerationRoutes({ sql }: Deps) {
  return new Hono<AdminEnv>().post('/:reference/text', jsonBodyLimit, validate('json', TextEditBody), async (c) => {
    const reference = c.req.param('reference');
    if (!isReference(reference)) throw notFound('Report');
    return c.json(await editReportText(sql, c.var.municipality, c.var.staff, reference, c.req.valid('json')));
  });
}
