import cluster, { type Worker } from 'node:cluster';
import { Counter, Gauge, Registry } from 'prom-client';
import postgres from 'postgres';
import { aggregateSnapshots, type MetricsSnapshot } from './http/metrics.ts';
import type { Logger } from './log.ts';

/**
 * Several server processes on one port (README, "Several processes: WORKERS"), with node:cluster:
 * the primary forks the workers, restarts one that dies and stops them all on SIGTERM; the
 * operating system's listening socket stays with the primary, which hands each new connection to
 * a worker in turn. Each worker is a whole server (its own database pools, its own app); what must
 * happen once per deployment — background jobs — is decided through the database
 * (`onePerDeployment`), which also holds when several machines share one PostgreSQL.
 *
 * Only server/index.ts reads the environment and handles signals; it calls in here.
 */

/** The environment variable by which the primary tells a worker its slot (1…WORKERS). */
const SLOT_VARIABLE = 'SEGNALA_WORKER_SLOT';

/** This worker's slot, from the environment its primary forked it with (1 for a single process). */
export function workerSlot(env: Record<string, string | undefined>): number {
  const slot = Number(env[SLOT_VARIABLE]);
  return cluster.isWorker && Number.isInteger(slot) && slot > 0 ? slot : 1;
}

/** A worker that lived less than this is restarted after a growing pause, not in a tight loop. */
const SHORT_LIFE_MS = 30_000;
const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 60_000;
/** A worker's own shutdown gives its requests 10 s (server/index.ts); after this the primary kills it. */
const STOP_GRACE_MS = 15_000;
/** How long a scrape waits for a worker's figures; a worker that is stuck is left out of that scrape. */
const SNAPSHOT_TIMEOUT_MS = 3000;

type Message =
  | { type: 'segnala:metrics'; id: number; text?: string; error?: string }
  | { type: 'segnala:snapshot'; id: number; metrics?: MetricsSnapshot };

export interface ClusterOptions {
  workers: number;
  logger: Logger;
  /** Called once every worker listens, with the address they share. */
  onListening(address: { address: string; port: number }): void;
}

/**
 * The primary: forks `workers` processes (this same program, with the same Node flags) and keeps
 * them running. Returns `stop`, which asks each worker to shut down gracefully (SIGTERM) and
 * resolves with the exit code the primary should end with.
 */
export function startCluster(o: ClusterOptions) {
  const bySlot = new Map<number, Worker>();
  const listening = new Set<number>();
  const restartDelay = new Map<number, number>();
  const startedAt = new Map<number, number>();
  let announced = false;
  let stopping = false;
  let failedExit = false;

  // The primary's own figures, added to the workers' in /metrics.
  const registry = new Registry();
  const restarts = new Counter({
    name: 'segnala_worker_restarts_total',
    help: 'Server processes restarted by the primary after they ended unexpectedly.',
    registers: [registry],
  });
  new Gauge({
    name: 'segnala_workers',
    help: 'Server processes running and listening.',
    registers: [registry],
    collect() {
      this.set(listening.size);
    },
  });

  function fork(slot: number) {
    const worker = cluster.fork({ [SLOT_VARIABLE]: String(slot) });
    bySlot.set(slot, worker);
    startedAt.set(slot, Date.now());
    worker.on('message', (m: Message) => {
      if (m?.type === 'segnala:metrics') void answerMetrics(worker, m.id);
    });
    worker.on('listening', (address) => {
      listening.add(slot);
      if (!announced && listening.size === o.workers) {
        announced = true;
        o.onListening({ address: address.address ?? '0.0.0.0', port: address.port });
      }
    });
    worker.on('exit', (code, signal) => {
      listening.delete(slot);
      if (bySlot.get(slot) === worker) bySlot.delete(slot);
      if (stopping) {
        if (code !== 0) failedExit = true;
        return;
      }
      const lived = Date.now() - (startedAt.get(slot) ?? 0);
      // Dying soon after each start (a bad setting, a database that refuses) doubles the pause;
      // a worker that ran a while before it died starts the count again.
      if (lived >= SHORT_LIFE_MS) restartDelay.delete(slot);
      const delay = Math.min((restartDelay.get(slot) ?? FIRST_RESTART_DELAY_MS / 2) * 2, MAX_RESTART_DELAY_MS);
      restartDelay.set(slot, delay);
      o.logger.error('worker ended; restarting it', { worker: slot, code, signal, restartInSeconds: delay / 1000 });
      restarts.inc();
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, delay).unref();
    });
  }

  let snapshotIds = 0;
  const pendingSnapshots = new Map<number, (m: MetricsSnapshot | undefined) => void>();
  cluster.on('message', (_worker, m: Message) => {
    if (m?.type === 'segnala:snapshot') pendingSnapshots.get(m.id)?.(m.metrics);
  });

  function snapshotOf(worker: Worker): Promise<MetricsSnapshot | undefined> {
    const id = ++snapshotIds;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), SNAPSHOT_TIMEOUT_MS);
      function finish(m: MetricsSnapshot | undefined) {
        clearTimeout(timer);
        pendingSnapshots.delete(id);
        resolve(m);
      }
      pendingSnapshots.set(id, finish);
      try {
        worker.send({ type: 'segnala:snapshot', id } satisfies Message);
      } catch {
        finish(undefined);
      }
    });
  }

  /** The whole deployment's process metrics: every listening worker's, added up, and the primary's. */
  async function answerMetrics(asking: Worker, id: number) {
    try {
      const ready = [...bySlot.entries()].filter(([slot, w]) => listening.has(slot) && w.isConnected()).map(([, w]) => w);
      const snapshots = (await Promise.all(ready.map(snapshotOf))).filter((s): s is MetricsSnapshot => s !== undefined);
      const text = await aggregateSnapshots([...snapshots, await registry.getMetricsAsJSON()]);
      if (asking.isConnected()) asking.send({ type: 'segnala:metrics', id, text } satisfies Message);
    } catch (err) {
      if (asking.isConnected()) asking.send({ type: 'segnala:metrics', id, error: String(err) } satisfies Message);
    }
  }

  for (let slot = 1; slot <= o.workers; slot++) fork(slot);

  return {
    /** Asks every worker to finish its requests and stop; resolves with the primary's exit code. */
    async stop(): Promise<number> {
      stopping = true;
      const alive = [...bySlot.values()].filter((w) => !w.isDead());
      const exits = alive.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
      for (const w of alive) w.process.kill('SIGTERM');
      const forced = setTimeout(() => {
        o.logger.warn('workers still running after 15 s; killing them');
        for (const w of alive) if (!w.isDead()) w.process.kill('SIGKILL');
      }, STOP_GRACE_MS);
      forced.unref();
      await Promise.all(exits);
      clearTimeout(forced);
      return failedExit ? 1 : 0;
    },
  };
}

/**
 * In a worker: answers the primary's requests for this process's figures, and returns how to ask
 * the primary for the whole deployment's (what GET /metrics serves, whichever worker it reaches).
 */
export function workerMetrics(registry: Registry): () => Promise<string> {
  let ids = 0;
  const waiting = new Map<number, { resolve(text: string): void; reject(err: Error): void }>();
  process.on('message', (m: Message) => {
    if (m?.type === 'segnala:snapshot') {
      void registry.getMetricsAsJSON().then((metrics) => process.send?.({ type: 'segnala:snapshot', id: m.id, metrics } satisfies Message));
    } else if (m?.type === 'segnala:metrics') {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined || m.text === undefined) w?.reject(new Error(m.error ?? 'no metrics'));
      else w?.resolve(m.text);
    }
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = ++ids;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the primary did not answer with the metrics'));
      }, SNAPSHOT_TIMEOUT_MS * 2);
      waiting.set(id, {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (err) => (clearTimeout(timer), reject(err)),
      });
      process.send!({ type: 'segnala:metrics', id } satisfies Message);
    });
}

/** pg_advisory_lock(BACKGROUND_JOBS_LOCK, 0): held by the one process running the background jobs. */
const BACKGROUND_JOBS_LOCK = 4_242_020;
/** How often a process without the jobs tries to take them, and the one with them checks it still may. */
const LEADER_CHECK_MS = 10_000;

export interface Stoppable {
  stop(): Promise<unknown>;
}

/**
 * Runs `start()`'s jobs in one process of the deployment at a time. On PostgreSQL the process that
 * holds a session advisory lock runs them, on a connection of its own kept for that (a pool of one,
 * application_name segnala-jobs); the lock goes with the connection, so when that process ends —
 * stopped, crashed, killed — or its connection breaks, another one (or the same, on a new
 * connection) takes the jobs over within LEADER_CHECK_MS. The jobs claim their rows themselves
 * (FOR UPDATE SKIP LOCKED and leases in mail/sender.ts and street-subscriptions.ts, an advisory
 * lock per edition in open-data/dataset.ts, idempotent UPDATEs in retention.ts), so even the
 * moment when a connection was lost and two processes believe they have the jobs sends nothing
 * twice: the lock saves the work of N processes polling, it is not what keeps mail single.
 *
 * Not postgres.js's sql.reserve(): a reserved connection whose server process was terminated
 * crashed the whole process on its next query (postgres 3.4.9, connection.js nextWrite on a null
 * socket; found by workers.test.ts). A pool of one reconnects by itself, and the check below then
 * finds the lock gone.
 *
 * The embedded database belongs to one process: there the jobs simply run.
 */
export function onePerDeployment(o: {
  /** PostgreSQL's URL; unset for the embedded database. */
  databaseUrl?: string;
  logger: Logger;
  start(): Stoppable;
  /** Which process this is, in its log lines (a worker's slot). */
  who?: Record<string, unknown>;
  checkEveryMs?: number;
}): Stoppable {
  if (!o.databaseUrl) {
    const jobs = o.start();
    return { stop: () => jobs.stop() };
  }
  const lockSql = postgres(o.databaseUrl, {
    max: 1,
    // The lock lives as long as the connection: postgres.js would otherwise renew it every 30–60 min.
    max_lifetime: null,
    idle_timeout: 0,
    connect_timeout: 5,
    onnotice: () => {},
    connection: { application_name: 'segnala-jobs' },
  });
  let jobs: Stoppable | undefined;
  let stopped = false;
  let checking: Promise<void> | undefined;
  const lockHeld = async () => {
    const [row] = await lockSql<{ held: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
          AND classid = ${BACKGROUND_JOBS_LOCK} AND objid = 0 AND objsubid = 2) AS held`;
    return row.held;
  };

  async function check() {
    if (jobs) {
      // Still ours? A connection that broke and was opened again no longer holds the lock.
      if (await lockHeld().catch(() => false)) return;
      o.logger.warn('background jobs: lock lost, stopping them here', o.who);
      const was = jobs;
      jobs = undefined;
      await was.stop();
    }
    const [got] = await lockSql<{ locked: boolean }[]>`SELECT pg_try_advisory_lock(${BACKGROUND_JOBS_LOCK}, 0) AS locked`;
    if (!got.locked) return;
    if (stopped) {
      await lockSql`SELECT pg_advisory_unlock(${BACKGROUND_JOBS_LOCK}, 0)`;
      return;
    }
    jobs = o.start();
    o.logger.info('background jobs running in this process', o.who);
  }

  const tick = () => {
    if (stopped || checking) return;
    checking = check()
      .catch((err) => o.logger.warn('background jobs: lock not checked', { ...o.who, error: String((err as Error).message ?? err) }))
      .finally(() => (checking = undefined));
  };
  tick();
  const timer = setInterval(tick, o.checkEveryMs ?? LEADER_CHECK_MS);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await checking;
      await jobs?.stop();
      jobs = undefined;
      // Closing the connection lets go of the lock at once: another process need not wait.
      await lockSql.end({ timeout: 5 });
    },
  };
}
