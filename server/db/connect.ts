import { link, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type Sql = postgres.Sql<{}>;
/** The `sql` of a transaction (`sql.begin(async (tx) => …)`). */
export type Tx = postgres.TransactionSql<{}>;

export interface Database {
  sql: Sql;
  /**
   * A real PostgreSQL with `publicQueryTimeoutMs`: a second pool whose connections cut off any
   * statement after that long (statement_timeout), for the public API's reads. The embedded PGlite
   * has none: it does not enforce statement_timeout (PGlite 0.5, checked), and serves one connection.
   */
  publicSql?: Sql;
  /**
   * A real PostgreSQL: a small pool of its own for the long reads of planning, statistics and
   * exports, so that however many staff plan at once they queue among themselves and never take
   * the connections filings and the console's daily work need. The embedded PGlite has one
   * connection for everything.
   */
  reportingSql?: Sql;
  /**
   * With DATABASE_READ_URL: a pool on the streaming replica for the public reads that may lag the
   * primary by a moment (http/public-reads.ts says which), cut off after `publicQueryTimeoutMs` like
   * `publicSql`. Absent: every read goes to the primary.
   */
  replicaSql?: Sql;
  /** `postgres` for a real server, `pglite` for the embedded one. */
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
  /** Embedded database only: the Unix socket it is served on, in a folder for this user only. */
  socketPath?: string;
  /** Embedded database only: a gzipped copy of its files. */
  dumpDataDir?: () => Promise<Blob>;
}

/** Where the embedded database keeps its files inside DATA_DIR (the secret key sits beside it). */
export const embeddedDataDir = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}/pgdata`;

export interface ConnectOptions {
  /** A real PostgreSQL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** A PostgreSQL streaming replica of `databaseUrl` (DATABASE_READ_URL), for public reads only. */
  readDatabaseUrl?: string;
  /** Folder for the embedded database's files; absent means in memory (tests). */
  dataDir?: string;
  /** Largest number of pooled connections to a real PostgreSQL. */
  maxConnections?: number;
  /** Start the embedded database from a dump (tests: a migrated template is faster than initdb). */
  loadDataDir?: Blob;
  /** A real PostgreSQL only: open `publicSql`, whose statements are cut off after this many milliseconds. */
  publicQueryTimeoutMs?: number;
  /** A real PostgreSQL only: connections of `reportingSql` (default 3). */
  reportingConnections?: number;
}

const sharedOptions = {
  // Notices (e.g. "extension already exists") are not worth a log line each.
  onnotice: () => {},
  // Dates as ISO strings in JSON; postgres.js gives Date objects, which serialise the same way.
  connection: { application_name: 'segnala', TimeZone: 'UTC' },
} as const;

/**
 * Opens the database. Both modes are reached through postgres.js, so there is one data-access path:
 * the embedded PGlite is served in-process on a loopback port by pglite-socket.
 */
export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) {
    const sql = postgres(options.databaseUrl, {
      ...sharedOptions,
      max: options.maxConnections ?? 10,
      connect_timeout: 5,
    });
    // Its own connections, set once when they open: no statement per request, and staff work,
    // exports and migrations on `sql` keep no limit. postgres.js opens connections as needed.
    const publicSql = options.publicQueryTimeoutMs
      ? postgres(options.databaseUrl, {
          ...sharedOptions,
          connection: { ...sharedOptions.connection, statement_timeout: options.publicQueryTimeoutMs },
          max: options.maxConnections ?? 10,
          connect_timeout: 5,
        })
      : undefined;
    const reportingSql = postgres(options.databaseUrl, {
      ...sharedOptions,
      connection: { ...sharedOptions.connection, application_name: 'segnala-reporting' },
      max: options.reportingConnections ?? 3,
      connect_timeout: 5,
    });
    // The replica gets the public pool's size and time bound: it carries the same reads, moved. A
    // short connect_timeout, because a replica that does not answer is skipped for the primary
    // (http/public-reads.ts) and every read waiting on it would wait this long first.
    const replicaSql = options.readDatabaseUrl
      ? postgres(options.readDatabaseUrl, {
          ...sharedOptions,
          connection: {
            ...sharedOptions.connection,
            application_name: 'segnala-replica',
            ...(options.publicQueryTimeoutMs ? { statement_timeout: options.publicQueryTimeoutMs } : {}),
          },
          max: options.maxConnections ?? 10,
          connect_timeout: 2,
        })
      : undefined;
    return {
      sql,
      publicSql,
      reportingSql,
      replicaSql,
      kind: 'postgres',
      close: async () => {
        await Promise.all([
          sql.end({ timeout: 5 }),
          publicSql?.end({ timeout: 5 }),
          reportingSql.end({ timeout: 5 }),
          replicaSql?.end({ timeout: 5 }),
        ]);
      },
    };
  }

  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const unlock = options.dataDir ? await lockEmbeddedDataDir(options.dataDir) : async () => {};
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { pg_trgm },
  }).catch(async (err) => {
    await unlock();
    throw err;
  });
  // PGlite has no passwords: on a loopback port any local user or process could read and change the
  // whole database. A Unix socket in a folder only this process's user can enter (mkdtemp makes it
  // 0700) keeps everyone else out, and its path stays short whatever DATA_DIR is.
  const socketDir = await mkdtemp(join(tmpdir(), 'segnala-db-'));
  const socketPath = join(socketDir, '.s.PGSQL.5432');
  const server = new PGLiteSocketServer({ db: pglite, path: socketPath });
  await server.start();
  // PGlite is single-connection: one pooled connection, so transactions never interleave.
  const sql = postgres({
    ...sharedOptions,
    path: socketPath,
    database: 'postgres',
    username: 'postgres',
    max: 1,
  });
  return {
    sql,
    kind: 'pglite',
    socketPath,
    dumpDataDir: () => pglite.dumpDataDir('gzip') as Promise<Blob>,
    async close() {
      await sql.end({ timeout: 5 });
      await server.stop();
      await pglite.close();
      await rm(socketDir, { recursive: true, force: true });
      await unlock();
    },
  };
}

/** Another live process holds the embedded database's folder (see lockEmbeddedDataDir). */
export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(`The embedded database in ${folder} is in use by process ${pid} (${lockFile}).`);
  }
}

/**
 * Two PGlite instances on one folder corrupt it, and PGlite's own postmaster.pid cannot tell a
 * running server from a crashed one (it always holds -42). This file beside the folder holds the
 * opener's real process id: while that process lives every other opener (the server, npm run
 * admin/import/backup/restore) is refused; a dead one's file is taken over. Returns the release.
 */
export async function lockEmbeddedDataDir(folder: string): Promise<() => Promise<void>> {
  const lockFile = `${folder.replace(/\/+$/, '')}.lock`;
  // Written whole under a name of its own, then linked into place: link() fails if the lock
  // exists, and nobody ever reads a lock file that is still empty.
  const mine = `${lockFile}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`, { mode: 0o600 });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // A file system without hard links (some network shares) gets a plain exclusive create.
      await link(mine, lockFile).catch((err) =>
        (err as NodeJS.ErrnoException).code === 'EEXIST' ? Promise.reject(err) : writeFile(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 }),
      );
      await rm(mine, { force: true });
      return () => rm(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        await rm(mine, { force: true });
        throw err;
      }
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processIsAlive(owner)) {
      await rm(mine, { force: true });
      throw new EmbeddedDatabaseInUse(folder, owner, lockFile);
    }
    await rm(lockFile, { force: true });
  }
  await rm(mine, { force: true });
  throw new Error(`Could not take ${lockFile}: other processes keep taking it`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
