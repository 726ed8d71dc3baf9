import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { onePerDeployment, startCluster, workerMetrics, workerSlot } from './cluster.ts';
import { connectDatabase, type Database, embeddedDataDir } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { type Env, EnvError, parseEnv } from './env.ts';
import { createDatabaseMetrics, createProcessMetrics, metricsRoutes } from './http/metrics.ts';
import { scaledLimits } from './http/rate-limit.ts';
import { createLogger, type Logger } from './log.ts';
import { loadSecretKey } from './secret-key.ts';
import { purgeContactData } from './services/retention.ts';
import { forgetExpiredFormTokens } from './services/spam-check.ts';
import { createStreetMail, purgeUnconfirmedSubscriptions } from './services/street-subscriptions.ts';
import { createMailSender, logTransport } from './mail/sender.ts';
import { smtpTransport } from './mail/smtp.ts';
import { seedDemoIfEmpty } from './demo/seed.ts';
import { createOpenDataJob } from './services/open-data/daily-job.ts';

/**
 * Serves the app: the only module that reads the environment, listens, and handles signals. With
 * WORKERS above 1 this process is the primary of a node:cluster (server/cluster.ts): it prepares
 * the database once, then forks the workers, each of which runs `serveProcess`.
 */
async function main() {
  let env: Env;
  try {
    env = parseEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\nSee README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const workers = env.WORKERS ?? (env.DATABASE_URL ? availableParallelism() : 1);
  if (cluster.isWorker) return serveProcess(env, logger, { worker: workerSlot(process.env) });
  if (workers === 1) return serveProcess(env, logger, await prepareDatabase(env, logger));

  // The primary: migrations, the key and the demo once, before any worker serves.
  const prepared = await prepareDatabase(env, logger);
  await prepared.db.close();
  const workersCluster = startCluster({
    workers,
    logger,
    onListening: (address) =>
      logger.info('listening', { url: `http://${listeningHost(address.address)}:${address.port}`, demo: env.DEMO, workers }),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, workers });
    void workersCluster.stop().then((code) => {
      logger.info('stopped');
      process.exit(code);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

const listeningHost = (address: string) => (address === '0.0.0.0' || address === '::' ? 'localhost' : address.includes(':') ? `[${address}]` : address);

const connectOptions = (env: Env) => ({
  databaseUrl: env.DATABASE_URL,
  readDatabaseUrl: env.DATABASE_READ_URL,
  dataDir: embeddedDataDir(env.DATA_DIR),
  publicQueryTimeoutMs: env.PUBLIC_QUERY_TIMEOUT_MS,
  reportingConnections: env.REPORTING_CONNECTIONS,
});

/** Connects, migrates, loads (or makes) the secret key and seeds the demo: what one process does once. */
async function prepareDatabase(env: Env, logger: Logger): Promise<{ db: Database; secretKey: Buffer }> {
  const db = await connectDatabase(connectOptions(env));
  logger.info('database connected', { kind: db.kind });
  const applied = await migrate(db.sql);
  if (applied.length) logger.info('migrations applied', { applied });
  const secretKey = await loadSecretKey(
    { secretKey: env.SECRET_KEY, dataDir: env.DATA_DIR, sharedDatabase: db.kind === 'postgres' },
    logger,
  );
  if (env.DEMO) {
    const seeded = await seedDemoIfEmpty(db.sql, secretKey);
    if (seeded) logger.info('demo data seeded', seeded);
  }
  return { db, secretKey };
}

/**
 * One server process: the app on PORT and, if this process holds them, the background jobs. A
 * worker of a cluster connects with its own pools to a database its primary prepared.
 */
async function serveProcess(env: Env, logger: Logger, given: { db: Database; secretKey: Buffer } | { worker: number }) {
  const worker = 'worker' in given ? given.worker : undefined;
  let db: Database;
  let secretKey: Buffer;
  if ('db' in given) ({ db, secretKey } = given);
  else {
    db = await connectDatabase(connectOptions(env));
    // The primary made the key file if there was none; this reads the same one.
    secretKey = await loadSecretKey({ secretKey: env.SECRET_KEY, dataDir: env.DATA_DIR, sharedDatabase: true }, silentLogger);
  }

  // Background jobs run in one process of the deployment (server/cluster.ts, onePerDeployment).
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const jobs = onePerDeployment({
    databaseUrl: db.kind === 'postgres' ? env.DATABASE_URL : undefined,
    logger,
    who: worker === undefined ? undefined : { worker },
    start: () => startBackgroundJobs(env, logger, db, secretKey, publicUrl),
  });

  // Metrics: this process's own, added up across the workers by the primary (server/cluster.ts).
  const processMetrics = createProcessMetrics({
    pools: { main: db.sql, public: db.publicSql, reporting: db.reportingSql, replica: db.replicaSql },
    worker: worker ?? 1,
  });
  const processText = worker === undefined ? () => processMetrics.registry.metrics() : workerMetrics(processMetrics.registry);
  const databaseMetrics = createDatabaseMetrics({ sql: db.reportingSql ?? db.sql, replicaSql: db.replicaSql, kind: db.kind, logger });

  const app = createApp(
    {
      sql: db.sql,
      publicSql: db.publicSql,
      reportingSql: db.reportingSql,
      replicaSql: db.replicaSql,
      publicUrl: env.PUBLIC_URL,
      secretKey,
      logger,
      rateLimits: scaledLimits(env.RATE_LIMIT_FACTOR),
      trustProxy: env.TRUST_PROXY,
      clusterCacheSeconds: env.CLUSTER_CACHE_SECONDS,
      municipalityCacheSeconds: env.MUNICIPALITY_CACHE_SECONDS,
      metrics: {
        middleware: processMetrics.middleware,
        routes: metricsRoutes({ token: env.METRICS_TOKEN, processText, databaseText: () => databaseMetrics.text() }),
      },
    },
    {
      widget: fileURLToPath(new URL('../dist/widget/', import.meta.url)),
      demo: fileURLToPath(new URL('../demo/', import.meta.url)),
    },
  );
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    // A worker says so for itself; the primary says "listening" once all of them do.
    if (worker !== undefined) logger.info('worker listening', { worker, pid: process.pid });
    else logger.info('listening', { url: `http://${listeningHost(info.address)}:${info.port}`, demo: env.DEMO });
  });

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the database, exit.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, ...(worker === undefined ? {} : { worker }) });
    const force = setTimeout(() => {
      logger.warn('requests still running after 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      await jobs.stop();
      await db.close().catch((err) => logger.error('closing the database failed', { error: String(err) }));
      logger.info('stopped', worker === undefined ? {} : { worker });
      process.exit(0);
    });
    // Idle keep-alive connections would otherwise hold close() open.
    if ('closeIdleConnections' in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A worker whose primary is gone (killed) would serve nobody: it stops too.
  if (worker !== undefined) process.on('disconnect', () => stop('primary gone'));
}

/** The mail sender, street mail, open-data job and retention sweeps; `stop` waits for rounds in progress. */
function startBackgroundJobs(env: Env, logger: Logger, db: Database, secretKey: Buffer, publicUrl: string) {
  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : logTransport(logger);
  const mailSender = createMailSender({ sql: db.sql, secretKey, logger, transport, from: env.MAIL_FROM, publicUrl });
  mailSender.start();
  // Follow a street: confirmation links and the daily digests (services/street-subscriptions.ts).
  const streetMail = createStreetMail({ sql: db.sql, secretKey, logger, transport, from: env.MAIL_FROM, publicUrl });
  streetMail.start();
  // Open data: each publishing municipality's edition of the day, built soon after midnight (Rome).
  const openData = createOpenDataJob({ sql: db.sql, logger });
  openData.start(5 * 60_000);
  // Retention (GDPR), hourly. The UPDATEs are idempotent, so a round that overlaps another
  // process's (while the jobs change hands) is harmless.
  let purging: Promise<unknown> | undefined;
  const purge = () =>
    (purging = Promise.all([
      purgeContactData(db.sql, env.CONTACT_RETENTION_DAYS).then(
        (n) => (n.reports || n.supports || n.mails) && logger.info('contact data purged', { ...n }),
      ),
      forgetExpiredFormTokens(db.sql),
      purgeUnconfirmedSubscriptions(db.sql).then((n) => n && logger.info('unconfirmed street subscriptions deleted', { count: n })),
    ]).catch((err) => logger.error('purge failed', { error: String(err) })));
  const purgeTimer = setInterval(purge, 3600_000);
  purgeTimer.unref();
  void purge();
  return {
    async stop() {
      clearInterval(purgeTimer);
      await Promise.all([mailSender.stop(), streetMail.stop(), openData.stop(), purging]);
    },
  };
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

main().catch((err) => {
  process.stderr.write(`Segnala could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
