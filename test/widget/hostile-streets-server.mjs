// A second Segnala server, only for the injection tests: the demo data plus street names an
// attacker (or a careless data file) could put in the municipal street list. Street names reach
// Segnala only through the ANNCSU importer, so this runs the real path: seed the demo, stop,
// `npm run import` a crafted odonimi CSV, start again. Its own DATA_DIR (and, with DATABASE_URL
// set, its own fresh PostgreSQL database): the shared demo server's streets stay as the other
// suites expect them.
//
// Started on demand, once, by the browser command `segnala-hostile-streets-server` (payload: the
// street names to import, mixed case so the importer keeps them as written); see executeCommand.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from './free-port.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from './scratch-database.mjs';

export const HOSTILE_STREETS_COMMAND = 'segnala-hostile-streets-server';

/** National codes of the crafted streets: far from the real ones of Seravezza (319xxx). */
const FIRST_CODE = 990001;

const csvField = (s) => `"${String(s).replace(/"/g, '""')}"`;

/** The onData "odonimi" extraction format, as in /work/shared/data/seravezza-odonimi.csv. */
export function odonimiCsv(names) {
  const header = 'Progressivo_nazionale,Codice_comunale,DUG,DUF,Denominazione_lingua1,Denominazione_lingua2,codice_belfiore,codice_regione';
  const rows = names.map((name, i) => [FIRST_CODE + i, '""', 'VIA', csvField(name), '""', '""', 'I622', '09'].join(','));
  return `${[header, ...rows].join('\n')}\n`;
}

/** Runs a node script of the project to its end; resolves with its output, rejects on a non-zero exit. */
function runNode(root, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

/** @param {{ root: string }} options the project folder */
export function hostileStreetsServerPlugin({ root }) {
  let started;
  let child;
  let dataDir;
  let database;

  const stopChild = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
  };

  async function startServer(env, url) {
    child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the hostile-streets server exited with code ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/api/v1/seravezza/config`)).ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error('the hostile-streets server did not become ready in 90 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function start(names) {
    dataDir = await mkdtemp(join(tmpdir(), 'segnala-hostile-streets-'));
    database = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: '1',
      RATE_LIMIT_FACTOR: '100',
      LOG_LEVEL: 'warn',
      // The demo seed needs an empty database: a new one on DATABASE_URL's server, or the embedded one in dataDir.
      DATABASE_URL: database?.url ?? '',
      ...(database && { SECRET_KEY: randomBytes(32).toString('hex') }),
    };
    process.once('exit', () => child?.exitCode === null && child.kill('SIGTERM'));
    // 1. The demo municipality, its offices, categories and real streets.
    await startServer(env, api);
    // 2. The embedded database opens in one process only: stop, import, start again (the same
    //    steps on PostgreSQL, where they are merely unnecessary).
    await stopChild();
    const file = join(dataDir, 'hostile-odonimi.csv');
    await writeFile(file, odonimiCsv(names), 'utf8');
    const output = await runNode(root, ['server/import/cli.ts', 'streets', '--municipality', 'seravezza', file], env);
    await startServer(env, api);
    return { api, import: output };
  }

  return {
    name: 'segnala-hostile-streets-server',
    // Starting takes longer than web-test-runner waits for a command's answer (20 s): the first call
    // starts it, each call answers `{ ready: false }` until it is up, then `{ ready: true, api, import }`.
    async executeCommand({ command, payload }) {
      if (command !== HOSTILE_STREETS_COMMAND) return undefined;
      if (!started) {
        started = { ready: false };
        start(payload?.names ?? []).then(
          (up) => (started = { ready: true, ...up }),
          (err) => (started = { ready: false, error: String(err?.stack ?? err) }),
        );
      }
      if (started.error) throw new Error(started.error);
      return started;
    },
    async serverStop() {
      await stopChild();
      await database?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
