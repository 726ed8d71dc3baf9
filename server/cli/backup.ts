import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { EmbeddedDatabaseInUse, connectDatabase, embeddedDataDir, lockEmbeddedDataDir, type Database } from '../db/connect.ts';
import { EnvError, parseEnv } from '../env.ts';
import {
  DATABASE_NAME,
  MANIFEST_NAME,
  Manifest,
  NotABackup,
  SECRET_KEY_NAME,
  digest,
  tarChunks,
  untar,
} from './backup-file.ts';
import { UsageError, runCli } from './database.ts';

/**
 * `npm run backup -- [--out FILE]` and `npm run restore -- FILE`: the embedded database and the
 * secret key of DATA_DIR in one file, and back (README, "Backups"). The embedded database opens in
 * one process only (server/db/connect.ts, lockEmbeddedDataDir), so both refuse while the server
 * runs: stopping it for the few seconds a copy takes is the consistent way.
 */
const USAGE = `Usage:
  npm run backup -- [--out FILE|FOLDER]
                                     copy the embedded database and the secret key into one file
                                     (default: segnala-backup-<date>-<time>.tar, here or in FOLDER)
  npm run restore -- FILE            put a backup in place; the current data is moved aside, never deleted

Both work on the embedded database in DATA_DIR (default ./data) and need the Segnala server stopped.
With DATABASE_URL set, back up PostgreSQL with its own tools: see README.md, "Backups".`;

const POSTGRES_ANSWER = `DATABASE_URL is set: this server's data is in PostgreSQL, which is backed up with PostgreSQL's own
tools (pg_dump and pg_restore, or continuous archiving for point-in-time recovery).
See README.md, "Backups". Keep SECRET_KEY with every copy: without it tracking codes stop working.`;

const migrationsDir = new URL('../db/migrations/', import.meta.url);

function environment() {
  try {
    return parseEnv();
  } catch (err) {
    if (err instanceof EnvError) throw new UsageError(`${err.message}\nSee README.md, "Configuration".`);
    throw err;
  }
}

function stopServerFirst(err: EmbeddedDatabaseInUse, what: string): UsageError {
  return new UsageError(
    `${err.message}\n` +
      `A Segnala server (or another command) has it open: stop it, ${what}, then start it again.\n` +
      'Nothing was written.',
  );
}

/**
 * File names on the command line are the operator's, relative to the shell's folder: npm runs
 * scripts in the project's root and says where it was called from in INIT_CWD. DATA_DIR stays
 * relative to the root, as for the server.
 */
const invokedFrom = process.env.INIT_CWD ?? process.cwd();

/** parseArgs' own complaint (an unknown option, a missing value), with the usage. */
function args<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
}

/** 20261207-214500, in UTC: sorts by time and is safe in a file name. */
const stamp = (at: Date) => at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

async function segnalaVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function backup(argv: string[]): Promise<number> {
  const { values } = args(() => parseArgs({ args: argv, options: { out: { type: 'string' }, help: { type: 'boolean' } } }));
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env = environment();
  if (env.DATABASE_URL) throw new UsageError(POSTGRES_ANSWER);
  const dataDir = resolve(env.DATA_DIR);
  const folder = embeddedDataDir(dataDir);
  // Opening a missing folder would create an empty database and back that up.
  if (!existsSync(join(folder, 'PG_VERSION'))) {
    throw new UsageError(`There is no embedded database in ${folder}: nothing to back up.\nIs DATA_DIR right? It is ${dataDir}.`);
  }
  const createdAt = new Date();
  const defaultName = `segnala-backup-${stamp(createdAt)}.tar`;
  let out = resolve(invokedFrom, values.out ?? defaultName);
  // A folder gets a dated file inside it: a nightly job can name just the folder.
  if (values.out && (await stat(out).catch(() => undefined))?.isDirectory()) out = join(out, defaultName);
  if (existsSync(out)) throw new UsageError(`${out} already exists: choose another --out (a backup never overwrites a file).`);

  let db: Database;
  try {
    db = await connectDatabase({ dataDir: folder });
  } catch (err) {
    if (err instanceof EmbeddedDatabaseInUse) throw stopServerFirst(err, 'run npm run backup');
    throw err;
  }
  let latestMigration: string | undefined;
  let database: Buffer;
  try {
    const [latest] = await db.sql<{ name: string }[]>`SELECT max(name) AS name FROM schema_migration`.catch(() => []);
    latestMigration = latest?.name ?? undefined;
    // PGlite's own copy of its files, taken with no statement running: what loadDataDir reads back.
    database = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
  } finally {
    await db.close();
  }
  if (!latestMigration) throw new UsageError(`The database in ${folder} is not a Segnala database (it has no schema_migration). Nothing was written.`);

  const secretKey = await readIfPresent(join(dataDir, SECRET_KEY_NAME));
  const manifest: Manifest = {
    format: 'segnala-backup',
    formatVersion: 1,
    segnalaVersion: await segnalaVersion(),
    createdAt: createdAt.toISOString(),
    latestMigration,
    files: { [DATABASE_NAME]: digest(database), ...(secretKey ? { [SECRET_KEY_NAME]: digest(secretKey) } : {}) },
  };
  const entries = [
    { name: MANIFEST_NAME, data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') },
    ...(secretKey ? [{ name: SECRET_KEY_NAME, data: secretKey }] : []),
    { name: DATABASE_NAME, data: database },
  ];
  // Written aside, flushed, then renamed: an interrupted backup never leaves a file that looks whole.
  // 0600: it holds citizens' personal data and the key to their tracking codes.
  const partial = `${out}.partial`;
  const file = await open(partial, 'wx', 0o600);
  try {
    for (const chunk of tarChunks(entries, createdAt)) await file.write(chunk);
    await file.sync();
  } catch (err) {
    await file.close();
    await rm(partial, { force: true });
    throw err;
  }
  await file.close();
  await rename(partial, out);

  const mb = (database.byteLength / 1024 / 1024).toFixed(1);
  process.stdout.write(`Backup written to ${out}\n  database: ${folder} (${mb} MB compressed, last migration ${latestMigration})\n`);
  if (secretKey) process.stdout.write(`  secret key: ${join(dataDir, SECRET_KEY_NAME)}\n`);
  process.stdout.write('Keep it where only administrators can read it: it holds personal data and the secret key.\n');
  if (env.SECRET_KEY) {
    process.stderr.write(
      'SECRET_KEY is set: the server uses it, and it is not in this file. Keep SECRET_KEY with the backup:\n' +
        'without the same key, restored tracking codes and supporter links stop working.\n',
    );
  }
  return 0;
}

interface CheckedBackup {
  manifest: Manifest;
  database: Buffer;
  secretKey?: Buffer;
}

/** Reads and checks a backup file, changing nothing: every refusal says why. */
async function readBackup(path: string): Promise<CheckedBackup> {
  let archive: Buffer;
  try {
    archive = await readFile(path);
  } catch (err) {
    throw new UsageError(`Cannot read ${path}: ${(err as Error).message}`);
  }
  const refuse = (why: string) => new UsageError(`${path} is not a usable Segnala backup: ${why}.\nNothing was changed.`);
  let files: Map<string, Buffer>;
  try {
    files = untar(archive);
  } catch (err) {
    if (err instanceof NotABackup) {
      // Someone compressed the file for storage.
      throw refuse(archive[0] === 0x1f && archive[1] === 0x8b ? 'it is gzip-compressed: decompress it first (gunzip)' : err.message);
    }
    throw err;
  }
  const manifestText = files.get(MANIFEST_NAME);
  if (!manifestText) throw refuse(`it has no ${MANIFEST_NAME}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText.toString('utf8'));
  } catch {
    throw refuse(`its ${MANIFEST_NAME} is not JSON`);
  }
  const checked = Manifest.safeParse(parsed);
  if (!checked.success) throw refuse(`its ${MANIFEST_NAME} is not one Segnala writes (${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const manifest = checked.data;
  for (const [name, expected] of Object.entries(manifest.files)) {
    if (!expected) continue;
    const data = files.get(name);
    if (!data) throw refuse(`${name} is missing`);
    const actual = digest(data);
    if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) throw refuse(`${name} is damaged (its checksum differs from the manifest's)`);
  }
  const known = (await readdir(migrationsDir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  if (!known.includes(manifest.latestMigration)) {
    throw new UsageError(
      manifest.latestMigration > known[known.length - 1]
        ? `${path} was made by a newer Segnala (${manifest.segnalaVersion}, migration ${manifest.latestMigration}); this one knows migrations up to ${known[known.length - 1]}.\n` +
          'Upgrade Segnala first, then restore. Nothing was changed.'
        : `${path} names a migration this Segnala does not have (${manifest.latestMigration}): it was made by another program. Nothing was changed.`,
    );
  }
  // PGlite reports a broken archive as an uncaught error that ends the process (0.5, tried), so
  // the database's archive is unpacked and checked here; PGlite gets the plain tar.
  let database: Buffer;
  try {
    database = gunzipSync(files.get(DATABASE_NAME)!);
    const names = [...untar(database).keys()].map((name) => name.replace(/^\/+/, ''));
    if (!names.includes('PG_VERSION')) throw new NotABackup('no PG_VERSION');
  } catch (err) {
    throw refuse(`its ${DATABASE_NAME} is not a copy of a database (${(err as Error).message})`);
  }
  return { manifest, database, secretKey: manifest.files[SECRET_KEY_NAME] ? files.get(SECRET_KEY_NAME) : undefined };
}

async function restore(argv: string[]): Promise<number> {
  const { values, positionals } = args(() => parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean' } } }));
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Name one backup file.\n\n${USAGE}`);
  const env = environment();
  if (env.DATABASE_URL) throw new UsageError(POSTGRES_ANSWER);
  const path = resolve(invokedFrom, positionals[0]);
  const { manifest, database, secretKey } = await readBackup(path);

  const dataDir = resolve(env.DATA_DIR);
  const folder = embeddedDataDir(dataDir);
  await mkdir(dataDir, { recursive: true });
  let unlock: () => Promise<void>;
  try {
    // Held to the end, so no server opens the folder while it is being swapped.
    unlock = await lockEmbeddedDataDir(folder);
  } catch (err) {
    if (err instanceof EmbeddedDatabaseInUse) throw stopServerFirst(err, 'run npm run restore');
    throw err;
  }
  const now = new Date();
  const staging = `${folder}.restoring-${stamp(now)}`;
  let aside: string | undefined;
  try {
    // Unpacked and opened beside the current data first: a copy PGlite cannot open, or whose
    // migrations are not the manifest's, is refused with the current data untouched.
    await rm(staging, { recursive: true, force: true });
    try {
      const db = await connectDatabase({ dataDir: staging, loadDataDir: new Blob([database as Uint8Array<ArrayBuffer>]) });
      try {
        const [latest] = await db.sql<{ name: string | null }[]>`SELECT max(name) AS name FROM schema_migration`;
        if (latest?.name !== manifest.latestMigration) throw new Error(`its last migration is ${latest?.name}, the manifest says ${manifest.latestMigration}`);
      } finally {
        await db.close();
      }
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      throw new UsageError(`${path} is not a usable Segnala backup: its database does not open (${(err as Error).message}).\nNothing was changed.`);
    }

    const currentKey = join(dataDir, SECRET_KEY_NAME);
    if (existsSync(folder) || existsSync(currentKey)) {
      aside = join(dataDir, `before-restore-${stamp(now)}`);
      await mkdir(aside, { mode: 0o700 });
      if (existsSync(folder)) await rename(folder, join(aside, 'pgdata'));
      if (existsSync(currentKey)) await rename(currentKey, join(aside, SECRET_KEY_NAME));
    }
    await rename(staging, folder);
    if (secretKey) await writeFile(currentKey, secretKey, { mode: 0o600, flag: 'wx' });
  } finally {
    await unlock();
  }

  process.stdout.write(
    `Restored the backup of ${manifest.createdAt} (Segnala ${manifest.segnalaVersion}, last migration ${manifest.latestMigration}) into ${dataDir}.\n`,
  );
  process.stdout.write(
    aside
      ? `The data that was there is in ${aside}: delete it yourself once the restored server works.\n`
      : 'There was no data there before.\n',
  );
  if (!secretKey) {
    process.stderr.write(
      'This backup holds no secret key (SECRET_KEY was set when it was made): start the server with that same\n' +
        'SECRET_KEY, or restored tracking codes and supporter links stop working.\n',
    );
  } else if (env.SECRET_KEY) {
    process.stderr.write(
      `SECRET_KEY is set: the server will use it, not the restored ${SECRET_KEY_NAME}. Unset it unless it is the key\n` +
        'the backup was made with, or restored tracking codes and supporter links stop working.\n',
    );
  }
  process.stdout.write('Start the server: it applies any newer migrations of this Segnala at start.\n');
  return 0;
}

runCli(
  async (argv) => {
    const [command, ...rest] = argv;
    if (command === 'backup') return backup(rest);
    if (command === 'restore') return restore(rest);
    throw new UsageError(USAGE);
  },
  process.argv[2] === 'restore' ? 'Restore failed' : 'Backup failed',
);
