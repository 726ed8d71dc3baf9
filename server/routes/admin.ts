import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import { rateLimits } from '../http/limits.ts';
import { clientAddress } from '../http/rate-limit.ts';
import { validate } from '../http/validate.ts';
import { authenticate, changeOwnPassword, login, logout } from '../services/staff-auth.ts';
import { closeOtherSessions, closeOwnSession, listOwnSessions } from '../services/staff-sessions.ts';
import { checkPasswordReset, completePasswordReset } from '../services/password-reset.ts';
import { adminStaffSecurityRoutes } from './admin-staff-security.ts';
import { confirmOwnTotp, disableOwnTotp, loginTotpSetup, loginWithCode, ownTotpState, setUpOwnTotp } from '../services/staff-totp.ts';
import { adminReportRoutes } from './admin-reports.ts';
import { adminSettingsRoutes } from './admin-settings.ts';
import { adminPlanningRoutes } from './admin-planning.ts';
import { adminFailedMailRoutes } from './admin-failed-mail.ts';
import { adminTemplateRoutes } from './admin-templates.ts';
import { adminFilingRoutes } from './admin-filing.ts';
import { adminModerationRoutes } from './admin-moderation.ts';
import { adminBodyRoutes } from './admin-bodies.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import type { AdminEnv, Deps, MunicipalityEnv } from './types.ts';

const PasswordChange = z.object({
  // As long as the login takes, so a wrong one is told as such, not as a malformed request.
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(10, 'must be at least 10 characters').max(200),
});

const ResetCheck = z.object({ token: z.string().min(1).max(200) });
const ResetUse = ResetCheck.extend({ newPassword: PasswordChange.shape.newPassword });

/** A code of the authenticator app: six digits (spaces, as some apps show them, are dropped). */
const code = z.string().trim().min(6, 'must be the 6 digits of the app').max(20);
const CodeBody = z.object({ code });
const ChallengeOnly = z.object({ challenge: z.string().min(20).max(100) });
const ChallengeCode = ChallengeOnly.extend({ code });
/** Turning two-step login off: the password or a current code. */
const TotpOff = z
  .object({ password: z.string().min(1).max(1000).optional(), code: code.optional() })
  .refine((b) => b.password !== undefined || b.code !== undefined, { message: 'give the password or a code', path: ['password'] });

const LoginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1000),
});

/** Staff API under /api/v1/{municipality}/admin: login, then a bearer token on every call. */
export function adminRoutes(deps: Deps) {
  const { sql } = deps;
  const limits = rateLimits(deps);
  const authed = new Hono<AdminEnv>()
    .use(async (c, next) => {
      const header = c.req.header('Authorization') ?? '';
      // The scheme's name is case-insensitive (RFC 9110, 11.1): `bearer` is as good as `Bearer`.
      const m = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(header);
      if (!m) throw new ApiError(401, 'unauthorized', 'Log in first: this needs a staff session');
      c.set('staff', await authenticate(sql, c.var.municipality.id, m[1]));
      c.set('sessionToken', m[1]);
      c.header('Cache-Control', 'private, no-store');
      await next();
    })
    .get('/me', (c) => c.json({ user: c.var.staff }))
    // One's own password (README, staff API): the current one is checked within the login's limits.
    .post('/me/password', limits.login, jsonBodyLimit, validate('json', PasswordChange), async (c) => {
      await changeOwnPassword(sql, c.var.staff, c.var.sessionToken, c.req.valid('json'), clientAddress(c, deps.trustProxy));
      return c.body(null, 204);
    })
    // One's own sessions (README, staff API): the current one flagged; another account's id is a 404.
    .get('/me/sessions', async (c) => c.json({ sessions: await listOwnSessions(sql, c.var.staff, c.var.sessionToken) }))
    .delete('/me/sessions/:id', async (c) => {
      await closeOwnSession(sql, c.var.staff, c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/me/sessions/close-others', async (c) => c.json({ closed: await closeOtherSessions(sql, c.var.staff, c.var.sessionToken) }))
    // One's own two-step login (README, "Two-step login"): codes checked within the login's limits.
    .get('/me/totp', async (c) => c.json(await ownTotpState(sql, c.var.staff)))
    .post('/me/totp/setup', async (c) => c.json(await setUpOwnTotp(sql, deps.secretKey, c.var.staff, c.var.municipality.name)))
    .post('/me/totp/confirm', limits.login, jsonBodyLimit, validate('json', CodeBody), async (c) => {
      await confirmOwnTotp(sql, deps.secretKey, c.var.staff, c.req.valid('json').code, clientAddress(c, deps.trustProxy));
      return c.body(null, 204);
    })
    .post('/me/totp/disable', limits.login, jsonBodyLimit, validate('json', TotpOff), async (c) => {
      await disableOwnTotp(sql, deps.secretKey, c.var.staff, c.req.valid('json'), clientAddress(c, deps.trustProxy));
      return c.body(null, 204);
    })
    .post('/logout', async (c) => {
      await logout(sql, c.var.sessionToken);
      return c.body(null, 204);
    })
    .route('/', adminReportRoutes(deps))
    .route('/', adminFilingRoutes(deps))
    .route('/reports', adminModerationRoutes(deps))
    .route('/', adminSettingsRoutes(deps))
    .route('/', adminStaffSecurityRoutes(deps))
    .route('/failed-mails', adminFailedMailRoutes(deps))
    .route('/templates', adminTemplateRoutes(deps))
    .route('/', adminBodyRoutes(deps))
    // Long reads on their own pool: planning never takes the connections filings need.
    .route('/planning', adminPlanningRoutes({ ...deps, sql: deps.reportingSql ?? deps.sql }));

  return new Hono<MunicipalityEnv>()
    .post('/login', limits.login, jsonBodyLimit, validate('json', LoginBody), async (c) => {
      const { email, password } = c.req.valid('json');
      const device = { clientAddress: clientAddress(c, deps.trustProxy), userAgent: c.req.header('User-Agent') };
      return c.json(await login(sql, c.var.municipality.id, email, password, device));
    })
    // The second step for an account with two-step login: the code, or enrolling first when required.
    .post('/login/totp', limits.login, jsonBodyLimit, validate('json', ChallengeCode), async (c) => {
      const { challenge, code } = c.req.valid('json');
      return c.json(await loginWithCode(sql, deps.secretKey, c.var.municipality.id, challenge, code, clientAddress(c, deps.trustProxy)));
    })
    .post('/login/totp/setup', limits.login, jsonBodyLimit, validate('json', ChallengeOnly), async (c) => {
      return c.json(await loginTotpSetup(sql, deps.secretKey, c.var.municipality, c.req.valid('json').challenge));
    })
    // The page of a reset link (README, "Staff and the demo accounts"): whose account, then the new
    // password. Limited like the login; a used, expired or changed token is a 400 on `token`.
    .post('/password-reset/check', limits.login, jsonBodyLimit, validate('json', ResetCheck), async (c) => {
      return c.json(await checkPasswordReset(sql, deps.secretKey, c.var.municipality.id, c.req.valid('json').token));
    })
    .post('/password-reset', limits.login, jsonBodyLimit, validate('json', ResetUse), async (c) => {
      const { token, newPassword } = c.req.valid('json');
      await completePasswordReset(sql, deps.secretKey, c.var.municipality.id, token, newPassword);
      return c.body(null, 204);
    })
    .route('/', authed);
}
