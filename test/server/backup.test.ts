import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { DATABASE_NAME, MANIFEST_NAME, SECRET_KEY_NAME, digest, tarChunks, untar } from '../../server/cli/backup-file.ts';
import { formTokens, startServer } from './helpers/server-process.ts';

/**
 * `npm run backup` / `npm run restore` on the embedded database, with real server processes. The
 * embedded database is what these commands are for, so this file runs it in both suite modes:
 * DATABASE_URL is blanked for every process it starts.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

let tmp: string;
let env: Record<string, string>;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'segnala-backup-'));
  env = { DATA_DIR: join(tmp, 'data'), DEMO: '1', DATABASE_URL: '', SECRET_KEY: '', RATE_LIMIT_FACTOR: '1000' };
});
after(() => rm(tmp, { recursive: true, force: true }));

/** `npm run backup|restore -- …` as the operator types it (the script line of package.json). */
const cli = (args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', ...args], { cwd: root, env: { ...process.env, ...env, ...extra } }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

interface Filed {
  reference: string;
  trackingCode: string;
}

async function fileReports(api: string, n: number, title: string): Promise<Filed[]> {
  const config = (await (await fetch(`${api}/config`)).json()) as { categories: { id: number }[] };
  const street = ((await (await fetch(`${api}/streets?q=aurelia`)).json()) as { streets: { id: number }[] }).streets[0];
  const tokens = await formTokens(api, n);
  const filed: Filed[] = [];
  for (const [i, token] of tokens.entries()) {
    const res = await fetch(`${api}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        categoryId: config.categories[0].id,
        title: `${title} ${i + 1}`,
        details: 'Segnalazione del test dei backup.',
        streetId: street.id,
        contact: { email: 'backup@example.org' },
        privacyAccepted: true,
        antiSpam: { token },
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    filed.push((await res.json()) as Filed);
  }
  return filed;
}

const support = async (api: string, reference: string, supporterToken: string) => {
  const res = await fetch(`${api}/reports/${reference}/supports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ supporterToken }),
  });
  assert.ok(res.status === 200 || res.status === 201, `Mi associo: ${res.status}`);
  return (await res.json()) as { supportCount: number; created: boolean };
};

const track = (api: string, code: string) => fetch(`${api}/track/${code}`);

/** Every file and folder under DATA_DIR with its size and modification time: "nothing changed" means this is equal. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return Promise.all(
    entries.sort().map(async (name) => {
      const s = await stat(join(dir, name));
      return `${name} ${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`;
    }),
  );
}

let demoRef: string;
const earlier: Filed[] = [];
let backupFile: string;
let supportsAtBackup: number;

test('a restore brings back the state of the backup: later reports gone, earlier ones and their tracking codes working', async () => {
  const first = await startServer(env);
  const api = `${first.url}/api/v1/seravezza`;
  try {
    earlier.push(...(await fileReports(api, 2, 'Prima del backup')));
    // An open demo report: Mi associo is for reports still in hand.
    const demo = (await (await fetch(`${api}/reports?limit=1`)).json()) as { reports: { reference: string }[] };
    assert.ok(demo.reports[0], 'the demo has an open public report');
    demoRef = demo.reports[0].reference;
    supportsAtBackup = (await support(api, demoRef, 'sostenitore-prima-del-backup')).supportCount;
  } finally {
    await first.stop();
  }

  backupFile = join(tmp, 'segnala.tar');
  const made = await cli(['backup', '--out', backupFile]);
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, new RegExp(`Backup written to ${backupFile}`));
  assert.equal((await stat(backupFile)).mode & 0o777, 0o600, 'only its owner can read a file of personal data');
  const inside = untar(await readFile(backupFile));
  assert.deepEqual([...inside.keys()], [MANIFEST_NAME, SECRET_KEY_NAME, DATABASE_NAME]);
  assert.deepEqual(inside.get(SECRET_KEY_NAME), await readFile(join(env.DATA_DIR, 'secret.key')));
  const manifest = JSON.parse(inside.get(MANIFEST_NAME)!.toString()) as { latestMigration: string; segnalaVersion: string };
  const migrations = (await readdir(join(root, 'server/db/migrations'))).filter((f) => f.endsWith('.sql')).sort();
  assert.equal(manifest.latestMigration, migrations.at(-1));
  const again = await cli(['backup', '--out', backupFile]);
  assert.equal(again.code, 1, 'a backup never overwrites a file');
  assert.match(again.err, /already exists/);

  // A nightly job names only the folder: a dated file lands in it.
  const nightly = await mkdtemp(join(tmp, 'nightly-'));
  const dated = await cli(['backup', '--out', nightly]);
  assert.equal(dated.code, 0, dated.err);
  const [name, ...others] = await readdir(nightly);
  assert.match(name, /^segnala-backup-\d{8}-\d{6}\.tar$/);
  assert.deepEqual(others, []);
  assert.equal(untar(await readFile(join(nightly, name))).get(SECRET_KEY_NAME)?.toString(), inside.get(SECRET_KEY_NAME)?.toString());

  const second = await startServer(env);
  let later: Filed[];
  try {
    const api2 = `${second.url}/api/v1/seravezza`;
    later = await fileReports(api2, 1, 'Dopo il backup');
    assert.equal((await support(api2, demoRef, 'sostenitore-dopo-il-backup')).supportCount, supportsAtBackup + 1);
  } finally {
    await second.stop();
  }

  const restored = await cli(['restore', backupFile]);
  assert.equal(restored.code, 0, restored.err);
  const aside = /The data that was there is in (\S+):/.exec(restored.out)?.[1];
  assert.ok(aside, restored.out);
  assert.deepEqual((await readdir(aside)).sort(), ['pgdata', 'secret.key'], 'the replaced data is kept, not deleted');

  const third = await startServer(env);
  try {
    const api3 = `${third.url}/api/v1/seravezza`;
    for (const filed of earlier) {
      const res = await track(api3, filed.trackingCode);
      assert.equal(res.status, 200, `${filed.reference} from before the backup`);
      assert.equal(((await res.json()) as { reference: string }).reference, filed.reference);
    }
    assert.equal((await track(api3, later[0].trackingCode)).status, 404, 'a report filed after the backup is gone');
    assert.equal((await fetch(`${api3}/reports/${later[0].reference}`)).status, 404);
    // The supporter from before the backup is recognised (same key, same row); the later one is gone.
    const again = await support(api3, demoRef, 'sostenitore-prima-del-backup');
    assert.deepEqual(again, { supportCount: supportsAtBackup, created: false });
  } finally {
    await third.stop();
  }
});

test('while the server runs, backup and restore refuse with a clear message and write nothing; after it crashed, a backup works', async () => {
  const server = await startServer(env);
  try {
    // The running server itself writes to its database files, so only what a restore would move
    // or add is compared: DATA_DIR's own entries and the key.
    const topLevel = async () => [(await readdir(env.DATA_DIR)).sort(), await readFile(join(env.DATA_DIR, 'secret.key'), 'utf8')];
    const before = await topLevel();
    const out = join(tmp, 'while-running.tar');
    const folder = await mkdtemp(join(tmp, 'nightly-'));
    const made = await cli(['backup', '--out', out]);
    assert.equal(made.code, 1);
    assert.match(made.err, new RegExp(`in use by process ${server.child.pid}`));
    assert.match(made.err, /stop it, run npm run backup, then start it again/);
    assert.equal(existsSync(out) || existsSync(`${out}.partial`), false, 'no file written');
    const intoFolder = await cli(['backup', '--out', folder]);
    assert.equal(intoFolder.code, 1);
    assert.deepEqual(await readdir(folder), [], 'nothing written in the folder either');

    const restored = await cli(['restore', backupFile]);
    assert.equal(restored.code, 1);
    assert.match(restored.err, new RegExp(`in use by process ${server.child.pid}`));
    assert.deepEqual(await topLevel(), before);
    // The server never noticed.
    assert.equal((await track(`${server.url}/api/v1/seravezza`, earlier[0].trackingCode)).status, 200);

    // A server that crashes leaves its lock behind; the next backup must not need a hand to clear it.
    server.child.kill('SIGKILL');
    await once(server.child, 'exit');
    assert.equal((await readFile(join(env.DATA_DIR, 'pgdata.lock'), 'utf8')).trim(), String(server.child.pid));
    const afterCrash = await cli(['backup', '--out', out]);
    assert.equal(afterCrash.code, 0, afterCrash.err);
    assert.equal(existsSync(join(env.DATA_DIR, 'pgdata.lock')), false, 'the dead server’s lock was taken over, then released');
  } finally {
    // stop() waits for an exit that a killed process has already made (its exitCode stays null).
    if (server.child.signalCode === null) await server.stop();
  }
});

/** A backup file written by hand: a manifest of our choosing over these bytes. */
async function craftedBackup(name: string, database: Buffer, latestMigration: string): Promise<string> {
  const manifest = {
    format: 'segnala-backup',
    formatVersion: 1,
    segnalaVersion: '9.9.9',
    createdAt: new Date().toISOString(),
    latestMigration,
    files: { [DATABASE_NAME]: digest(database) },
  };
  const path = join(tmp, name);
  await writeFile(path, Buffer.concat(tarChunks([{ name: MANIFEST_NAME, data: Buffer.from(JSON.stringify(manifest)) }, { name: DATABASE_NAME, data: database }], new Date())));
  return path;
}

test('a damaged, foreign or newer file is refused and changes nothing', async () => {
  const good = await readFile(backupFile);
  const damaged = Buffer.from(good);
  damaged[Math.floor(good.length / 2)] ^= 0xff;
  const migrations = (await readdir(join(root, 'server/db/migrations'))).filter((f) => f.endsWith('.sql')).sort();
  const cases: [string, string, RegExp][] = [
    ['cut short', join(tmp, 'cut.tar'), /cut short/],
    ['one byte changed', join(tmp, 'damaged.tar'), /pgdata\.tar\.gz is damaged/],
    ['gzip-compressed', join(tmp, 'backup.tar.gz'), /gzip-compressed/],
    ['not a tar', join(tmp, 'notes.txt'), /not a tar file|ends in the middle/],
    ['a tar of something else', join(tmp, 'other.tar'), /has no segnala-backup\.json/],
    ['random bytes for a database', await craftedBackup('garbage.tar', randomBytes(100_000), migrations.at(-1)!), /pgdata\.tar\.gz is not a copy of a database/],
    [
      'a database PGlite cannot open',
      await craftedBackup('broken-db.tar', gzipSync(Buffer.concat(tarChunks([{ name: 'PG_VERSION', data: Buffer.from('17\n') }], new Date()))), migrations.at(-1)!),
      /its database does not open/,
    ],
    ['from a newer Segnala', await craftedBackup('future.tar', randomBytes(10), '9999_future.sql'), /made by a newer Segnala.*9999_future\.sql/s],
  ];
  await writeFile(cases[0][1], good.subarray(0, good.length - 5000));
  await writeFile(cases[1][1], damaged);
  await writeFile(cases[2][1], gzipSync(good));
  await writeFile(cases[3][1], 'Appunti del servizio informatico.\n'.repeat(100));
  await writeFile(cases[4][1], Buffer.concat(tarChunks([{ name: 'appunti.txt', data: Buffer.from('niente') }], new Date())));

  const before = await snapshot(env.DATA_DIR);
  for (const [what, file, why] of cases) {
    const restored = await cli(['restore', file]);
    assert.equal(restored.code, 1, `${what}: ${restored.out}`);
    assert.match(restored.err, why, what);
    assert.match(restored.err, /Nothing was changed/, what);
    assert.deepEqual(await snapshot(env.DATA_DIR), before, `${what}: DATA_DIR is untouched`);
  }
});

test('with DATABASE_URL set both commands point to PostgreSQL’s own tools; with no database nothing is written', async () => {
  for (const args of [['backup', '--out', join(tmp, 'pg.tar')], ['restore', backupFile]]) {
    const answer = await cli(args, { DATABASE_URL: 'postgres://segnala@db.example.internal:5432/segnala' });
    assert.equal(answer.code, 1);
    assert.match(answer.err, /pg_dump/);
    assert.match(answer.err, /README\.md, "Backups"/);
  }
  assert.equal(existsSync(join(tmp, 'pg.tar')), false);

  const empty = join(tmp, 'empty-data');
  const none = await cli(['backup', '--out', join(tmp, 'none.tar')], { DATA_DIR: empty });
  assert.equal(none.code, 1);
  assert.match(none.err, /no embedded database/);
  assert.equal(existsSync(empty) || existsSync(join(tmp, 'none.tar')), false, 'no empty database created, no file');
});
