import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `server/index.ts` as `npm start` does (node --import tsx, not npx, so the PID is the
 * server's own) on a free port, and waits for its "listening" log line.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    // "listening" is logged at info level: that is what tells the server is up.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a server behind: a live child keeps the test process from ever exiting.
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

/** Runs the server to completion (for start-up errors): exit code and output. */
export async function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const [code] = await once(child, 'exit');
  return { code: code as number | null, output: out };
}

/**
 * The environment for server processes of one test file: a fresh DATA_DIR with the demo on, and
 * with DATABASE_URL set a fresh database on that server (same SECRET_KEY for every process).
 * `cleanup` drops both.
 */
export async function isolatedServerEnv(label: string): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), `segnala-${label}-`));
  let env: Record<string, string> = { DATA_DIR: dataDir, DEMO: '1' };
  let dropDatabase = async () => {};
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `segnala_${label}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    // One process, as on the embedded database: WORKERS would default to the core count, doubling
    // every server test's processes on a 2-core CI machine. workers.test.ts sets WORKERS itself.
    env = { ...env, DATABASE_URL: dbUrl.toString(), SECRET_KEY: randomBytes(24).toString('hex'), WORKERS: '1' };
    dropDatabase = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  return {
    env,
    async cleanup() {
      await dropDatabase();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Form tokens from a running server (its municipalities check filings for spam, the demo too),
 * fetched as the widget does and held past the minimum fill time, ready to file with.
 */
export async function formTokens(api: string, n: number): Promise<string[]> {
  const tokens: string[] = [];
  let minSeconds = 0;
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${api}/form-token`);
    if (!res.ok) throw new Error(`GET /form-token: ${res.status}`);
    const body = (await res.json()) as { token: string; minSeconds: number };
    tokens.push(body.token);
    minSeconds = body.minSeconds;
  }
  await new Promise((r) => setTimeout(r, minSeconds * 1000 + 100));
  return tokens;
}
