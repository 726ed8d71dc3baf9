import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { TEXT_MAX } from '../domain/formats.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { notFound } from '../http/errors.ts';
import { id, text } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import { createBody, forwardReport, listBodies, updateBody } from '../services/outside-bodies.ts';
import type { ChangeBy } from '../services/settings-log.ts';
import { requireAdmin } from '../services/settings.ts';
import { isReference } from './reports.ts';
import type { AdminEnv, Deps } from './types.ts';

const BodyFields = z.object({
  name: text(2, 200),
  email: z.email('must be an e-mail address').max(TEXT_MAX.email),
  active: z.boolean().optional(),
});

const ForwardBody = z.object({
  bodyId: id,
  /** For the body: what the clerk wants it to know (in its mail and the staff history, never public). */
  message: text(1, TEXT_MAX.staffMessage).optional(),
  version: z.number().int().min(1),
});

const changeBy = (c: { var: AdminEnv['Variables'] }): ChangeBy => ({ municipalityId: c.var.municipality.id, staffUserId: c.var.staff.id });

const bodyId = (raw: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw notFound('Body');
  return Number(raw);
};

/**
 * `/admin/bodies`: the outside bodies reports are forwarded to (README "Outside bodies"). Every
 * staff member reads them (they pick one to forward to); only admins write them. And
 * `POST /admin/reports/{reference}/forward`, for a clerk of the report's offices or an admin.
 * Authentication is checked by the parent router.
 */
export function adminBodyRoutes({ sql }: Deps) {
  const adminOnly = createMiddleware<AdminEnv>(async (c, next) => {
    requireAdmin(c.var.staff.role);
    await next();
  });
  return new Hono<AdminEnv>()
    .get('/bodies', async (c) => c.json({ bodies: await listBodies(sql, c.var.municipality.id) }))
    .post('/bodies', adminOnly, jsonBodyLimit, validate('json', BodyFields), async (c) => c.json(await createBody(sql, changeBy(c), c.req.valid('json')), 201))
    .patch('/bodies/:id', adminOnly, jsonBodyLimit, validate('json', BodyFields.partial()), async (c) =>
      c.json(await updateBody(sql, changeBy(c), bodyId(c.req.param('id')), c.req.valid('json'))),
    )
    .post('/reports/:reference/forward', jsonBodyLimit, validate('json', ForwardBody), async (c) => {
      const reference = c.req.param('reference');
      if (!isReference(reference)) throw notFound('Report');
      return c.json(await forwardReport(sql, c.var.municipality, c.var.staff, reference, c.req.valid('json')));
    });
}
