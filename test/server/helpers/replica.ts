import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from './local-services.ts';

const run = promisify(execFile);

/** Where Debian keeps the PostgreSQL 15 server programs; PG_BIN names another folder. */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PROGRAMS = ['initdb', 'pg_ctl', 'pg_basebackup'] as const;
const bin = (program: (typeof PROGRAMS)[number]) => join(PG_BIN, program);

/**
 * Why a primary with a streaming replica cannot be made here, or undefined when it can: the server
 * programs must be installed, and PostgreSQL refuses to run as root, so root needs the `postgres`
 * user to run them as.
 */
export function replicaUnavailable(): string | undefined {
  const missing = PROGRAMS.filter((p) => !existsSync(bin(p)));
  if (missing.length) return `the PostgreSQL server programs are not in ${PG_BIN} (missing ${missing.join(', ')}; PG_BIN names another folder)`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root without a postgres user to run the PostgreSQL programs as';
    }
  }
  return undefined;
}

export interface ReplicaPair {
  /** The temporary folder: `primary/` and `replica/` are the two data folders. */
  dataDir: string;
  /** The primary's `postgres` database. */
  primaryUrl: string;
  /** The same database on the streaming replica (read-only, hot standby). */
  replicaUrl: string;
  /** Stops replaying WAL on the replica: it keeps answering reads, as of the moment it paused. */
  pauseReplay(): Promise<void>;
  /** Replays again, and waits until the replica has everything the primary wrote so far. */
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary wrote so far. */
  caughtUp(): Promise<void>;
  /** Stops the replica's server (the primary runs on). */
  stopReplica(): Promise<void>;
  /** Stops both servers and removes their folder; safe to call at any point, and twice. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL primary and a streaming replica of it, each on a free port of 127.0.0.1 with trust
 * authentication, in a temporary folder: initdb, `wal_level = replica` and a replication line in
 * pg_hba.conf, then `pg_basebackup -R -X stream` for the replica (README, "Read replicas"). Returns
 * when the replica answers queries. On failure it cleans up before throwing.
 */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const root = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'segnala-replica-'));
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  // The programs run as `postgres` when we are root: the folder must be theirs.
  const asPostgres = (program: (typeof PROGRAMS)[number], args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', bin(program), ...args]) : run(bin(program), args);
  const pgCtl = (dataDir: string, ...args: string[]) => asPostgres('pg_ctl', ['-D', dataDir, '-l', `${dataDir}.log`, ...args]);
  const started: string[] = [];
  const clients: postgres.Sql[] = [];
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(clients.map((c) => c.end({ timeout: 1 }).catch(() => {})));
    // Immediate: these clusters are thrown away, nothing needs a clean checkpoint.
    for (const dataDir of started.reverse()) await pgCtl(dataDir, '-m', 'immediate', 'stop').catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };

  try {
    if (root) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      await chown(dir, uid, gid);
      await chmod(dir, 0o700);
    }
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    await asPostgres('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--locale=C.UTF-8', '-E', 'UTF8']);
    await appendFile(
      join(primaryDir, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        // Test clusters: durability is not what is tested, and fsync costs seconds on a busy disk.
        'fsync = off',
        'max_connections = 100',
        '',
      ].join('\n'),
    );
    await appendFile(join(primaryDir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    await pgCtl(primaryDir, '-w', 'start');
    started.push(primaryDir);

    await asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream']);
    // The copy has the primary's settings; a later `port` line wins.
    await appendFile(join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`);
    await pgCtl(replicaDir, '-w', 'start');
    started.push(replicaDir);

    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
    const primary = postgres(primaryUrl, { max: 1, onnotice: () => {} });
    const replica = postgres(replicaUrl, { max: 1, onnotice: () => {} });
    clients.push(primary, replica);
    const [{ standby }] = await replica<{ standby: boolean }[]>`SELECT pg_is_in_recovery() AS standby`;
    if (!standby) throw new Error('the replica is not in recovery: pg_basebackup -R did not make a standby');

    const caughtUp = async () => {
      const [{ lsn }] = await primary<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`;
      // Caught up when the replica has replayed up to where the primary was just now.
      for (let i = 0; ; i++) {
        const [{ behind }] = await replica<{ behind: boolean }[]>`
          SELECT coalesce(pg_last_wal_replay_lsn() < ${lsn}::pg_lsn, true) AS behind`;
        if (!behind) return;
        if (i >= 600) throw new Error(`the replica did not catch up with ${lsn} in 30 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    return {
      dataDir: dir,
      primaryUrl,
      replicaUrl,
      async pauseReplay() {
        await replica`SELECT pg_wal_replay_pause()`;
      },
      async resumeReplay() {
        await replica`SELECT pg_wal_replay_resume()`;
        await caughtUp();
      },
      caughtUp,
      async stopReplica() {
        await replica.end({ timeout: 1 });
        await pgCtl(replicaDir, '-m', 'fast', 'stop');
        started.splice(started.indexOf(replicaDir), 1);
      },
      stop,
    };
  } catch (err) {
    const logs = await Promise.all([primaryDir, replicaDir].map((d) => readFile(`${d}.log`, 'utf8').catch(() => '')));
    await stop();
    throw new Error(`could not start a primary and its replica: ${(err as Error).message}\n${logs.join('\n')}`);
  }
}
