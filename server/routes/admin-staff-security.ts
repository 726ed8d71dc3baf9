import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { notFound } from '../http/errors.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { validate } from '../http/validate.ts';
import { sendPasswordReset } from '../services/password-reset.ts';
import { requireAdmin } from '../services/settings.ts';
import { removeTotp, setTotpRequired, staffTotpStates } from '../services/staff-totp.ts';
import type { AdminEnv, Deps } from './types.ts';

const ResetBody = z.object({
  /** The console's page (without its hash) where the link opens the console. */
  pageUrl: z.string().min(8).max(2000),
});

const RequiredBody = z.object({ required: z.boolean() });

const changeBy = (c: { var: AdminEnv['Variables'] }) => ({ municipalityId: c.var.municipality.id, staffUserId: c.var.staff.id });

const idParam = (raw: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw notFound('Staff account');
  return Number(raw);
};

/** This server's own origins: the one the request came to, and PUBLIC_URL's behind a proxy. */
/** A reset link mailed: to which address (the account's own), valid until when. */
export const ResetSent = z.object({ sentTo: z.string(), expiresAt: z.date() });

export function ownOrigins(requestUrl: string, publicUrl: string | undefined): string[] {
  const origins = [new URL(requestUrl).origin];
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  return origins;
}

/** Admin-only care of colleagues' accounts (issue 15 §6): the reset link; two-step login required or removed. */
export function adminStaffSecurityRoutes({ sql, publicUrl }: Deps) {
  const adminOnly = createMiddleware<AdminEnv>(async (c, next) => {
    requireAdmin(c.var.staff.role);
    await next();
  });
  return new Hono<AdminEnv>()
    // A link to set a new password, mailed to the account's own address (README, staff API).
    .post('/staff/:id/password-reset', adminOnly, jsonBodyLimit, validate('json', ResetBody), async (c) => {
      const m = c.var.municipality;
      const sent = await sendPasswordReset(sql, changeBy(c), idParam(c.req.param('id')), {
        pageUrl: c.req.valid('json').pageUrl,
        allowedOrigins: [...m.allowedOrigins, ...ownOrigins(c.req.url, publicUrl)],
      });
      return c.json({ sentTo: sent.email, expiresAt: sent.expiresAt } satisfies z.infer<typeof ResetSent>, 202);
    })
    // Two-step login of the accounts (README, "Two-step login"): who has it, who must; a lost phone.
    .get('/staff/security', adminOnly, async (c) => c.json({ staff: await staffTotpStates(sql, c.var.municipality.id) }))
    .post('/staff/:id/totp-required', adminOnly, jsonBodyLimit, validate('json', RequiredBody), async (c) => {
      await setTotpRequired(sql, changeBy(c), idParam(c.req.param('id')), c.req.valid('json').required);
      return c.body(null, 204);
    })
    .delete('/staff/:id/totp', adminOnly, async (c) => {
      await removeTotp(sql, changeBy(c), idParam(c.req.param('id')));
      return c.body(null, 204);
    });
}
