import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { connectDatabase, embeddedDataDir } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { EnvError, parseEnv } from './env.ts';
import { scaledLimits } from './http/rate-limit.ts';
import { createLogger } from './log.ts';
import { loadSecretKey } from './secret-key.ts';
import { purgeContactData } from './services/retention.ts';
import { forgetExpiredFormTokens } from './services/spam-check.ts';
import { createStreetMail, purgeUnconfirmedSubscriptions } from './services/street-subscriptions.ts';
import { createMailSender, logTransport } from './mail/sender.ts';
import { smtpTransport } from './mail/smtp.ts';
import { seedDemoIfEmpty } from './demo/seed.ts';
import { createOpenDataJob } from './services/open-data/daily-job.ts';

/** Serves the app: the only module that reads the environment, listens, and handles signals. */
async function main() {
  let env;
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
  const db = await connectDatabase({
    databaseUrl: env.DATABASE_URL,
    readDatabaseUrl: env.DATABASE_READ_URL,
    dataDir: embeddedDataDir(env.DATA_DIR),
    publicQueryTimeoutMs: env.PUBLIC_QUERY_TIMEOUT_MS,
    reportingConnections: env.REPORTING_CONNECTIONS,
  });
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

  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : logTransport(logger);
  const mailSender = createMailSender({
    sql: db.sql,
    secretKey,
    logger,
    transport,
    from: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  });
  mailSender.start();
  // Follow a street: confirmation links and the daily digests (services/street-subscriptions.ts).
  const streetMail = createStreetMail({
    sql: db.sql,
    secretKey,
    logger,
    transport,
    from: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  });
  streetMail.start();
  // Open data: each publishing municipality's edition of the day, built soon after midnight (Rome).
  const openData = createOpenDataJob({ sql: db.sql, logger });
  openData.start(5 * 60_000);
  // Retention (GDPR): every process sweeps hourly; the UPDATEs are idempotent, so overlaps are harmless.
  const purge = () =>
    Promise.all([
      purgeContactData(db.sql, env.CONTACT_RETENTION_DAYS).then(
        (n) => (n.reports || n.supports || n.mails) && logger.info('contact data purged', { ...n }),
      ),
      forgetExpiredFormTokens(db.sql),
      purgeUnconfirmedSubscriptions(db.sql).then((n) => n && logger.info('unconfirmed street subscriptions deleted', { count: n })),
    ]).catch((err) => logger.error('purge failed', { error: String(err) }));
  const purgeTimer = setInterval(purge, 3600_000);
  purgeTimer.unref();
  void purge();

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
    },
    {
      widget: fileURLToPath(new URL('../dist/widget/', import.meta.url)),
      demo: fileURLToPath(new URL('../demo/', import.meta.url)),
    },
  );
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    logger.info('listening', { url: `http://${info.address === '0.0.0.0' ? 'localhost' : info.address}:${info.port}`, demo: env.DEMO });
  });

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the database, exit.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.warn('requests still running after 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      clearInterval(purgeTimer);
      await mailSender.stop();
      await streetMail.stop();
      await openData.stop();
      await db.close().catch((err) => logger.error('closing the database failed', { error: String(err) }));
      logger.info('stopped');
      process.exit(0);
    });
    // Idle keep-alive connections would otherwise hold close() open.
    if ('closeIdleConnections' in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Segnala could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
