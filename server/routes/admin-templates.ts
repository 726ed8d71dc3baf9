import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { TEMPLATE_BODY_MAX, TEMPLATE_PLACEHOLDERS, TEMPLATE_TITLE_MAX, unknownPlaceholders } from '../domain/response-templates.ts';
import { REPORT_STATUSES } from '../domain/status.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { notFound } from '../http/errors.ts';
import { id, text } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from '../services/response-templates.ts';
import type { ChangeBy } from '../services/settings-log.ts';
import { requireAdmin } from '../services/settings.ts';
import type { AdminEnv, Deps } from './types.ts';

/** The statuses a template may be for: those a status change can carry a message to (not a merge). */
const TEMPLATE_STATUSES = REPORT_STATUSES.filter((s) => s !== 'duplicate') as Exclude<(typeof REPORT_STATUSES)[number], 'duplicate'>[];

const TemplateFields = z.object({
  title: text(2, TEMPLATE_TITLE_MAX),
  // The message names what is wrong and what would be right: the console shows it at the field.
  body: text(1, TEMPLATE_BODY_MAX).superRefine((s, ctx) => {
    const unknown = unknownPlaceholders(s);
    if (unknown.length) {
      const known = TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
      ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}: use ${known}` });
    }
  }),
  categoryId: z.union([z.null(), id]).optional(),
  status: z.union([z.null(), z.enum(TEMPLATE_STATUSES, `must be one of ${TEMPLATE_STATUSES.join(', ')}`)]).optional(),
});

const changeBy = (c: { var: AdminEnv['Variables'] }): ChangeBy => ({ municipalityId: c.var.municipality.id, staffUserId: c.var.staff.id });

const templateId = (raw: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw notFound('Template');
  return Number(raw);
};

/**
 * `/admin/templates`: response templates (README "Response templates"). Every staff member reads
 * them (they pick one to fill a message); only admins write them.
 */
export function adminTemplateRoutes({ sql }: Deps) {
  const adminOnly = createMiddleware<AdminEnv>(async (c, next) => {
    requireAdmin(c.var.staff.role);
    await next();
  });
  return new Hono<AdminEnv>()
    .get('/', async (c) => c.json({ templates: await listTemplates(sql, c.var.municipality.id) }))
    .post('/', adminOnly, jsonBodyLimit, validate('json', TemplateFields), async (c) => {
      return c.json(await createTemplate(sql, changeBy(c), c.req.valid('json')), 201);
    })
    .patch('/:id', adminOnly, jsonBodyLimit, validate('json', TemplateFields.partial()), async (c) => {
      return c.json(await updateTemplate(sql, changeBy(c), templateId(c.req.param('id')), c.req.valid('json')));
    })
    .delete('/:id', adminOnly, async (c) => {
      await deleteTemplate(sql, changeBy(c), templateId(c.req.param('id')));
      return c.body(null, 204);
    });
}
