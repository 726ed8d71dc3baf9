import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { ApiError } from './errors.ts';

/**
 * Prometheus metrics (README, "Metrics"). Two kinds, kept apart:
 * - this process's own (requests, latency, pools, Node's process metrics), which with several
 *   workers the primary adds up across them (prom-client's AggregatorRegistry.aggregate, see
 *   server/cluster.ts);
 * - the deployment's state read from the database at scrape time (mail outbox, reports, database
 *   connections): the same whichever process reads it, so it is read once per scrape by the
 *   process answering, never added up across workers.
 */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

export interface ProcessMetrics {
  registry: Registry;
  /** Counts and times every request by method, route pattern and status. */
  middleware: MiddlewareHandler;
}

/** Latency buckets in seconds: from a cached read (a few ms) to a large export (tens of seconds). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createProcessMetrics(o: {
  /** The process's database pools by name, for their configured size. */
  pools: Record<string, Sql | undefined>;
  /** This worker's slot (1…WORKERS); 1 for a single process. */
  worker: number;
}): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'segnala_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'segnala_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (until the answer starts), by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  // Only a worker label, no route: enough to see that the operating system spreads connections
  // over the workers, without multiplying the per-route series by the number of workers.
  const perWorker = new Counter({
    name: 'segnala_worker_http_requests_total',
    help: 'HTTP requests answered by each server process (its slot, 1…WORKERS).',
    labelNames: ['worker'] as const,
    registers: [registry],
  });
  const poolMax = new Gauge({
    name: 'segnala_db_pool_max_connections',
    help: 'Connections each database pool may open (summed over the workers).',
    labelNames: ['pool'] as const,
    registers: [registry],
  });
  for (const [pool, sql] of Object.entries(o.pools)) if (sql) poolMax.set({ pool }, Number(sql.options.max));
  const inFlight = new Gauge({
    name: 'segnala_http_requests_in_flight',
    help: 'HTTP requests being answered now.',
    registers: [registry],
  });
  const worker = String(o.worker);

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    inFlight.inc();
    try {
      await next();
    } finally {
      inFlight.dec();
      // The pattern ('/api/v1/:municipality/track/:code'), never the path itself: tracking codes and
      // link tokens are in paths, and every distinct path would be a series of its own. After
      // next(), routePath(c) is the pattern of the handler that answered; a request no route took
      // (404) ends on a catch-all middleware, named plainly instead.
      const pattern = routePath(c);
      const route = isCatchAll(pattern) ? 'unmatched' : pattern;
      const labels = { method: normalMethod(c.req.method), route, status: String(c.res.status) };
      requests.inc(labels);
      latency.observe(labels, (performance.now() - started) / 1000);
      perWorker.inc({ worker });
    }
  };
  return { registry, middleware };
}

const isCatchAll = (pattern: string) => pattern === '' || pattern === '*' || pattern === '/*';

/** A client may send any method name: only the standard ones are labels, the rest are 'other'. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const normalMethod = (m: string) => (METHODS.has(m) ? m : 'other');

/** The sum of several processes' metrics, as one Prometheus text. */
export async function aggregateSnapshots(snapshots: MetricsSnapshot[]): Promise<string> {
  return AggregatorRegistry.aggregate(snapshots).metrics();
}

/**
 * The deployment's state, read from the database when scraped. Reports are counted per
 * municipality over the report table (an index-only count on report_status), cheap enough for a
 * scrape every 15 s or more at a million reports.
 */
export function createDatabaseMetrics(o: { sql: Sql; kind: 'postgres' | 'pglite'; logger: Logger; replicaSql?: Sql }) {
  const registry = new Registry();
  const up = new Gauge({ name: 'segnala_database_up', help: '1 if the database answered this scrape, else 0.', registers: [registry] });
  const pending = new Gauge({ name: 'segnala_mail_outbox_pending', help: 'Mails waiting to be sent (including those being retried).', registers: [registry] });
  const retrying = new Gauge({ name: 'segnala_mail_outbox_retrying', help: 'Mails waiting after at least one failed try.', registers: [registry] });
  const failed = new Gauge({
    name: 'segnala_mail_outbox_failed',
    help: 'Mails set aside as failed, no longer tried (staff see them under failed mail; erased with contact data).',
    registers: [registry],
  });
  const oldest = new Gauge({ name: 'segnala_mail_outbox_oldest_pending_seconds', help: 'Age of the oldest mail still waiting, 0 if none.', registers: [registry] });
  const reports = new Counter({
    name: 'segnala_reports_filed_total',
    help: 'Reports filed, by municipality (every channel; read from the database).',
    labelNames: ['municipality'] as const,
    registers: [registry],
  });
  const connections = new Gauge({
    name: 'segnala_db_connections',
    help: "Connections of Segnala's processes to the database, by pool (application_name) and state (busy = running a query or inside a transaction). PostgreSQL only.",
    labelNames: ['application', 'state'] as const,
    registers: [registry],
  });

  // With DATABASE_READ_URL: whether the replica answers, and how far its replay is behind the
  // primary. Measured in bytes of WAL, not seconds: the time since the last replayed transaction
  // grows while nobody writes, which would look like lag on a quiet night.
  const replicaUp = o.replicaSql
    ? new Gauge({ name: 'segnala_replica_up', help: '1 if the read replica (DATABASE_READ_URL) answered this scrape, else 0.', registers: [registry] })
    : undefined;
  const replicaLag = o.replicaSql
    ? new Gauge({
        name: 'segnala_replica_lag_bytes',
        help: "Bytes of the primary's write-ahead log the read replica has not replayed yet; public pages show changes only once it is 0.",
        registers: [registry],
      })
    : undefined;

  /** The replica's replay distance from the primary, or undefined when it does not answer. */
  async function replicaBehind(replicaSql: Sql): Promise<number | undefined> {
    try {
      const [primary] = await o.sql<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`;
      const [replica] = await replicaSql<{ behind: number | null }[]>`
        SELECT greatest(pg_wal_lsn_diff(${primary.lsn}::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8 AS behind`;
      // Null: the server at DATABASE_READ_URL is not replaying anything (not a standby).
      return replica.behind ?? undefined;
    } catch {
      return undefined;
    }
  }

  async function read() {
    const [mail] = await o.sql<{ pending: number; retrying: number; oldest: number }[]>`
      SELECT count(*)::int AS pending, (count(*) FILTER (WHERE last_error IS NOT NULL))::int AS retrying,
             coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
      FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`;
    const [gaveUp] = await o.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox WHERE failed_at IS NOT NULL`;
    const filed = await o.sql<{ slug: string; n: number }[]>`
      SELECT m.slug, (SELECT count(*) FROM report r WHERE r.municipality_id = m.id)::int AS n FROM municipality m ORDER BY m.slug`;
    // pg_stat_activity shows every process of this database, so it is the whole deployment's use
    // (this scrape's own connection included, as active).
    const activity = (sql: Sql) => sql<{ application: string; state: string; n: number }[]>`
      SELECT application_name AS application, coalesce(state, 'unknown') AS state, count(*)::int AS n
      FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE 'segnala%'
      GROUP BY 1, 2`;
    // The replica's own connections (segnala-replica) are seen on the replica; one that is down
    // shows none, without failing the scrape (http/public-reads.ts serves from the primary then).
    const pools =
      o.kind === 'postgres' ? [...(await activity(o.sql)), ...(o.replicaSql ? await activity(o.replicaSql).catch(() => []) : [])] : [];
    pending.set(mail.pending);
    retrying.set(mail.retrying);
    oldest.set(Math.round(mail.oldest));
    failed.set(gaveUp.n);
    reports.reset();
    for (const r of filed) reports.inc({ municipality: r.slug }, r.n);
    if (o.replicaSql && o.kind === 'postgres') {
      const behind = await replicaBehind(o.replicaSql);
      replicaUp!.set(behind === undefined ? 0 : 1);
      // NaN (prom-client writes "Nan", which Prometheus reads as NaN: unknown) rather than 0: a replica that does not answer is not caught up.
      replicaLag!.set(behind ?? Number.NaN);
    }
    connections.reset();
    for (const p of pools) connections.inc({ application: p.application, state: p.state === 'idle' ? 'idle' : 'busy' }, p.n);
  }

  return {
    registry,
    /** The text of these metrics, read now; if the database does not answer, segnala_database_up 0 alone. */
    async text(): Promise<string> {
      try {
        await read();
        up.set(1);
        return registry.metrics();
      } catch (err) {
        o.logger.warn('metrics: database not read', { error: String((err as Error).message ?? err) });
        up.set(0);
        return (await registry.getSingleMetricAsString('segnala_database_up')) + '\n';
      }
    },
  };
}

/**
 * GET /metrics. Off (404, as if absent) unless a token is configured; with one, only
 * `Authorization: Bearer <token>` reads it (401 otherwise). The token is compared in constant time:
 * both sides are hashed first, so neither its content nor its length shows in the timing.
 */
export function metricsRoutes(o: { token?: string; processText(): Promise<string>; databaseText(): Promise<string> }) {
  const expected = o.token ? digest(o.token) : undefined;
  return new Hono().get('/metrics', async (c) => {
    if (!expected) throw new ApiError(404, 'not_found', 'No such endpoint');
    const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new ApiError(401, 'unauthorized', 'A valid bearer token is needed for /metrics');
    }
    const [own, database] = await Promise.all([
      // With several workers the figures come from the primary (server/cluster.ts); if it does not
      // answer, the scrape fails as a whole rather than report one worker as the deployment.
      o.processText().catch(() => {
        throw new ApiError(503, 'unavailable', 'The metrics could not be gathered; try again', { retryAfterSeconds: 5 });
      }),
      o.databaseText(),
    ]);
    c.header('Cache-Control', 'no-store');
    return c.body(`${own.trimEnd()}\n${database}`, 200, { 'Content-Type': Registry.PROMETHEUS_CONTENT_TYPE });
  });
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** What createApp mounts: the counting middleware and GET /metrics. */
export interface MetricsEndpoint {
  middleware: MiddlewareHandler;
  routes: ReturnType<typeof metricsRoutes>;
}
