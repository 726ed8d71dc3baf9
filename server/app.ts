import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { setOnAnswer } from './http/answer-headers.ts';
import { ApiError, errorHandler } from './http/errors.ts';
import { openApiRoute } from './http/openapi.ts';
import type { MetricsEndpoint } from './http/metrics.ts';
import { requestLog, withRequestId } from './http/request-log.ts';
import { ResponseCache } from './http/response-cache.ts';
import { adminRoutes } from './routes/admin.ts';
import { bodyLinkRoutes } from './routes/body-links.ts';
import { citizenReplyRoutes, citizenTrackRoutes } from './routes/citizen-messages.ts';
import { clusterRoutes } from './routes/clusters.ts';
import { configRoutes } from './routes/config.ts';
import { formTokenRoutes } from './routes/form-token.ts';
import { photoRoutes } from './routes/photos.ts';
import { publicStatsRoutes } from './routes/public-stats.ts';
import { healthRoutes } from './routes/health.ts';
import { open311Routes } from './routes/open311.ts';
import { openDataRoutes } from './routes/open-data.ts';
import { type StaticDirs, staticRoutes } from './routes/static.ts';
import { reportRoutes } from './routes/reports.ts';
import { ratingRoutes } from './routes/ratings.ts';
import { resolutionCheckRoutes } from './routes/resolution-checks.ts';
import { streetRoutes } from './routes/streets.ts';
import { streetSubscriptionRoutes } from './routes/street-subscriptions.ts';
import { supportRoutes } from './routes/supports.ts';
import { trackRoutes } from './routes/track.ts';
import type { Deps, MunicipalityEnv } from './routes/types.ts';
import { type Municipality, requireMunicipality } from './services/municipality.ts';

export type { Deps } from './routes/types.ts';

/** Writes come from the municipality's own sites, or from pages this server serves itself (the console). */
function mayWrite(m: Municipality, origin: string, host: string | undefined): boolean {
  if (m.allowedOrigins.includes('*') || m.allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The public API of one municipality, mounted under /api/v1/{municipality}. */
function municipalityApi(deps: Deps) {
  // CORS for writes: only from the municipality's own sites.
  const writeCors = cors({
    origin: (origin, c) => (mayWrite(c.get('municipality') as Municipality, origin, c.req.header('Host')) ? origin : null),
    allowHeaders: ['Content-Type', 'Idempotency-Key', 'Authorization'],
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  });
  return new Hono<MunicipalityEnv>()
    .use(async (c, next) => {
      const slug = c.req.param('municipality') ?? '';
      const { municipalities } = deps;
      const municipality = municipalities
        ? (JSON.parse(await municipalities.get(slug, async () => JSON.stringify(await requireMunicipality(deps.sql, slug)))) as Municipality)
        : await requireMunicipality(deps.sql, slug);
      c.set('municipality', municipality);
      await next();
    })
    .use(async (c, next) => {
      // Reading public data is open to any page: one header, set on the answer as built (see
      // `setOnAnswer`). Writes and their preflights go through Hono's CORS, for the municipality's sites.
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return writeCors(c, next);
      await next();
      setOnAnswer(c, 'Access-Control-Allow-Origin', '*');
    })
    .use(async (c, next) => {
      // CORS only keeps a page from reading the answer; a browser that cached an earlier preflight
      // (up to maxAge) still sends the write. So the server itself turns away writes from pages of
      // sites that are not (or no longer) allowed. Requests without Origin are not from a web page.
      const origin = c.req.header('Origin');
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
      if (write && origin && !mayWrite(c.get('municipality'), origin, c.req.header('Host'))) {
        throw new ApiError(403, 'origin_not_allowed', `Pages of ${origin} may not send data to this municipality's service`);
      }
      await next();
    })
    .route('/config', configRoutes(deps))
    .route('/form-token', formTokenRoutes(deps))
    .route('/streets', streetRoutes(deps))
    // Before /reports, whose /:reference would otherwise take `clusters` for a reference.
    .route('/reports/clusters', clusterRoutes(deps))
    .route('/reports', reportRoutes(deps))
    .route('/reports', supportRoutes(deps))
    .route('/track', trackRoutes(deps))
    // The citizen adds information, the office asks for it
    .route('/track', citizenTrackRoutes(deps))
    .route('/citizen-replies', citizenReplyRoutes(deps))
    .route('/body-links', bodyLinkRoutes(deps))
    // "Is it really fixed?" and the rating of the service
    .route('/resolution-checks', resolutionCheckRoutes(deps))
    .route('/ratings', ratingRoutes(deps))
    // Follow a street
    .route('/street-subscriptions', streetSubscriptionRoutes(deps))
    .route('/photos', photoRoutes(deps))
    // The public statistics, where the municipality publishes open data
    .route('/stats', publicStatsRoutes(deps))
    // The open dataset and its DCAT-AP_IT metadata (README, "Open data")
    .route('/open-data', openDataRoutes(deps))
    .route('/admin', adminRoutes(deps));
}

/**
 * Builds the whole HTTP app without listening: the server and the tests share it. `staticDirs`
 * adds the widget bundles and demo pages (the API alone needs neither).
 */
export function createApp({ metrics, ...given }: Deps & { metrics?: MetricsEndpoint }, staticDirs?: StaticDirs) {
  // Lines logged while answering a request carry its id (http/request-log.ts).
  const appDeps: Deps = { ...given, logger: withRequestId(given.logger) };
  const deps: Deps = appDeps.municipalityCacheSeconds
    ? { ...appDeps, municipalities: new ResponseCache({ ttlSeconds: appDeps.municipalityCacheSeconds, maxEntries: 1000, now: appDeps.now }) }
    : appDeps;
  // GET /api/openapi.json describes the whole app, so it is told the app once built (below).
  const openApi = openApiRoute({ publicUrl: deps.publicUrl });
  const api = new Hono()
    .use(requestLog(deps.logger, { trustProxy: deps.trustProxy }))
    .use(metrics?.middleware ?? ((_c, next) => next()))
    .use(async (c, next) => {
      await next();
      // Nothing is to be sniffed into another type, and no API URL (tracking codes live in paths)
      // leaks through Referer. Pages set their own policy: map tile servers want to see the origin.
      // Cross-origin reads stay allowed: municipal sites show these photos.
      setOnAnswer(c, 'X-Content-Type-Options', 'nosniff');
      if (!c.res.headers.has('Referrer-Policy')) setOnAnswer(c, 'Referrer-Policy', 'no-referrer');
    })
    .route('/', healthRoutes(deps))
    // GET /metrics for Prometheus (http/metrics.ts): no CORS, no rate limit, its own bearer token.
    .route('/', metrics?.routes ?? new Hono())
    .route('/api/v1/:municipality', municipalityApi(deps))
    .route('/open311/v2/:municipality', open311Routes(deps))
    .get('/api/openapi.json', (c) => openApi.handler(c));
  const app = staticDirs ? api.route('/', staticRoutes(staticDirs)) : api;
  openApi.describe(app);
  app.notFound(() => {
    throw new ApiError(404, 'not_found', 'No such endpoint');
  });
  app.onError(errorHandler(deps.logger));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
