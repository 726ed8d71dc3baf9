import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { QuestionsInput } from '../domain/category-questions.ts';
import { notFound } from '../http/errors.ts';
import { optionalEmail, queryInt, text } from '../http/schemas.ts';
import { validate } from '../http/validate.ts';
import {
  createCategory,
  createDepartment,
  readSettings,
  requireAdmin,
  rotateOpen311Key,
  saveStaffUser,
  updateCategory,
  updateDepartment,
  updateMunicipality,
} from '../services/settings.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { type ChangeBy, SettingsChange, readSettingsChanges } from '../services/settings-log.ts';
import { OPEN_DATA_LICENCE_IDS } from '../services/open-data/licences.ts';
import type { AdminEnv, Deps } from './types.ts';

/** An embedding origin: scheme, host and port, nothing else ("*" allows any). */
const origin = z.string().refine((s) => s === '*' || /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(s), 'must be an origin like https://www.comune.example.it');
const nullableEmail = z.union([z.null(), optionalEmail]);
const days = z.number().int().min(1).max(3650);

const MunicipalityBody = z.object({
  name: text(2, 200).optional(),
  publishOnArrival: z.boolean().optional(),
  allowedOrigins: z.array(origin).max(50).optional(),
  contactEmail: nullableEmail.optional(),
  privacyUrl: z.union([z.null(), z.string().max(500).refine((s) => /^(https?:\/\/|\/)/.test(s), 'must be a URL or a path')]).optional(),
  spamCheck: z.enum(['off', 'form', 'pow'], 'must be off, form or pow').optional(),
  formMinSeconds: z.number().int().min(0).max(600).optional(),
  // Is it really fixed?: supporters whose "not fixed" reopens a report, and the days to answer
  reopenSupporters: z.number().int().min(1).max(100).optional(),
  reopenWindowDays: z.number().int().min(1).max(365).optional(),
  // Open data (README, "Open data"): off by default; the licence by its SPDX id; the code of the
  // administration in the Indice PA (lower case, as www.indicepa.gov.it writes it: c_i662).
  openData: z.boolean().optional(),
  openDataLicence: z.enum(OPEN_DATA_LICENCE_IDS, `must be one of ${OPEN_DATA_LICENCE_IDS.join(', ')}`).optional(),
  ipaCode: z.union([z.null(), z.string().trim().toLowerCase().regex(/^[a-z0-9_]{1,30}$/, 'must be a code of the Indice PA, like c_i662')]).optional(),
});

const DepartmentBody = z.object({ name: text(2, 200), email: nullableEmail.optional() });
const CategoryBody = z.object({
  name: text(2, 200),
  description: z.union([z.null(), text(1, 1000)]).optional(),
  departmentId: z.number().int().positive(),
  daysToAccept: days.optional(),
  daysToResolve: days.optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
  /** Is it really fixed?: whether "not fixed" may reopen a report of this category. */
  reopenAllowed: z.boolean().optional(),
  /** Issue 15 §4: the questions asked when filing (the whole list, in order), and the notice shown before. */
  questions: QuestionsInput.optional(),
  notice: z.union([z.null(), text(1, 1000)]).optional(),
  noticeBlocks: z.boolean().optional(),
});
const password = z.string().min(10, 'must be at least 10 characters').max(200);
const departmentIds = z.array(z.number().int().positive()).max(100);
const StaffFields = z.object({
  email: z.email('must be an e-mail address').max(254),
  name: text(2, 200),
  role: z.enum(['admin', 'staff']),
  departmentIds,
  password,
  active: z.boolean().optional(),
});
/** A new account: no offices unless named. */
const StaffBody = StaffFields.extend({ departmentIds: departmentIds.default([]) });
/**
 * A change names only what changes. Built from the fields without the default: zod 4 applies a
 * default even inside .partial(), and the console's deactivate/reactivate, which sends only
 * `active`, emptied the clerk's offices.
 */
const StaffPatch = StaffFields.partial();

/** Who changes the settings, for their record (services/settings-log.ts). */
const changeBy = (c: { var: AdminEnv['Variables'] }): ChangeBy => ({ municipalityId: c.var.municipality.id, staffUserId: c.var.staff.id });

/** A page of the settings' record: the latest first, `before` the last id of the previous page. */
const ChangesQuery = z.object({
  limit: queryInt(1, 200).optional(),
  before: queryInt(1, 2 ** 53 - 1).optional(),
});

const idParam = (raw: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw notFound('Item');
  return Number(raw);
};

/** Answers built here (the others come from services/settings.ts), for GET /api/openapi.json. */
export const SettingsAnswers = {
  changes: z.object({ changes: z.array(SettingsChange), nextBefore: z.number().int().nullable() }),
  /** The new Open311 key, shown this once, and the endpoint partners call. */
  open311Key: z.object({ apiKey: z.string(), endpoint: z.string() }),
};

/** Admin-only: the municipality's settings, offices, categories and staff accounts. */
export function adminSettingsRoutes({ sql, municipalities }: Deps) {
  // Checked per route, not as a catch-all middleware, so it never shadows other staff routes.
  const adminOnly = createMiddleware<AdminEnv>(async (c, next) => {
    requireAdmin(c.var.staff.role);
    await next();
  });
  return new Hono<AdminEnv>()
    .get('/settings', adminOnly, async (c) => c.json(await readSettings(sql, c.var.municipality.id)))
    // Who changed what (README "Changes to the settings"): admins only, as the changes themselves.
    .get('/settings-changes', adminOnly, validate('query', ChangesQuery), async (c) => {
      const q = c.req.valid('query');
      const limit = q.limit ?? 50;
      const changes = await readSettingsChanges(sql, c.var.municipality.id, { limit, before: q.before });
      return c.json({ changes, nextBefore: changes.length === limit ? changes[changes.length - 1].id : null } satisfies z.infer<typeof SettingsAnswers.changes>);
    })
    .patch('/settings', adminOnly, jsonBodyLimit, validate('json', MunicipalityBody), async (c) => {
      await updateMunicipality(sql, changeBy(c), c.req.valid('json'));
      municipalities?.forget(c.var.municipality.slug);
      return c.json(await readSettings(sql, c.var.municipality.id));
    })
    .post('/departments', adminOnly, jsonBodyLimit, validate('json', DepartmentBody), async (c) => {
      return c.json(await createDepartment(sql, changeBy(c), c.req.valid('json')), 201);
    })
    .patch('/departments/:id', adminOnly, jsonBodyLimit, validate('json', DepartmentBody.partial()), async (c) => {
      await updateDepartment(sql, changeBy(c), idParam(c.req.param('id')), c.req.valid('json'));
      return c.body(null, 204);
    })
    .post('/categories', adminOnly, jsonBodyLimit, validate('json', CategoryBody), async (c) => {
      return c.json(await createCategory(sql, changeBy(c), c.req.valid('json')), 201);
    })
    .patch('/categories/:id', adminOnly, jsonBodyLimit, validate('json', CategoryBody.partial()), async (c) => {
      await updateCategory(sql, changeBy(c), idParam(c.req.param('id')), c.req.valid('json'));
      return c.body(null, 204);
    })
    .post('/staff', adminOnly, jsonBodyLimit, validate('json', StaffBody), async (c) => {
      return c.json(await saveStaffUser(sql, changeBy(c), undefined, c.req.valid('json')), 201);
    })
    .patch('/staff/:id', adminOnly, jsonBodyLimit, validate('json', StaffPatch), async (c) => {
      return c.json(await saveStaffUser(sql, changeBy(c), idParam(c.req.param('id')), c.req.valid('json')));
    })
    // The Open311 key partners file with (README, "Open311 for partners"): shown once, only its hash
    // kept; a new one replaces the old at once, which is also how a leaked key is withdrawn.
    .post('/open311-key', adminOnly, async (c) => {
      const m = c.var.municipality;
      const apiKey = await rotateOpen311Key(sql, changeBy(c));
      return c.json({ apiKey, endpoint: `${new URL(c.req.url).origin}/open311/v2/${m.slug}/` } satisfies z.infer<typeof SettingsAnswers.open311Key>, 201);
    });
}
