/**
 * Shared pieces of the benchmark scripts: the database URL of a benchmark database, the secret key
 * the seed and the servers agree on, the machine's description, and small helpers.
 */
import { createServer } from 'node:net';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../server/demo/random.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** The server this machine runs (TOOLCHAIN.md); benchmark databases are named segnala_bench_*. */
export const PG_SERVER_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The key the seed hashes tracking codes and supporter tokens with, and the servers are started
 * with: both must agree, or the seeded tracking codes would be unusable. Not a secret (bench data).
 */
export const BENCH_SECRET_KEY = process.env.SECRET_KEY ?? 'segnala-bench-secret-key-not-for-production-0001';

/** `100000` → `100k`, `1000000` → `1m`: the suffix of the benchmark database of that size. */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

/** The URL of database `name` on the benchmark server. */
export function databaseUrl(name: string): string {
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const benchDatabaseName = (reports: number) => `segnala_bench_${sizeLabel(reports)}`;

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Reads `--name value` and `--flag` options. */
export function parseArgs(argv: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [name, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) out.set(name, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.set(name, argv[++i]);
    else out.set(name, true);
  }
  return out;
}

export function intOption(args: Map<string, string | true>, name: string, fallback: number): number {
  const v = args.get(name);
  if (v === undefined) return fallback;
  const n = Number(String(v).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}

function firstLine(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return null;
  }
}

export interface MachineInfo {
  cpuModel: string;
  nproc: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  os: string;
  chromium?: string | null;
  loadavg: number[];
}

/** What the figures were measured on, for BENCHMARKS.md. */
export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    nproc: Number(firstLine('nproc', [])) || cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: firstLine('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']) ?? process.platform,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export const load1 = () => Math.round(loadavg()[0] * 100) / 100;

export async function writeResult(name: string, data: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${name}`;
  await writeFile(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds with one decimal, from a performance.now() start. */
export const secondsSince = (start: number) => Math.round((performance.now() - start) / 100) / 10;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A small seeded generator (the demo's mulberry32), so that runs and targets get the same sequence of requests. */
export const rng = mulberry32;

/** A map view of `width`×`height` px at `zoom` around a point, as Leaflet's getBounds() gives it: `west,south,east,north`. */
export function viewAround(lon: number, lat: number, zoom: number, width = 800, height = 500): string {
  const degPerPx = 360 / (256 * 2 ** zoom);
  const dLon = (width / 2) * degPerPx;
  const dLat = (height / 2) * degPerPx * Math.cos((lat * Math.PI) / 180);
  const f = (x: number) => x.toFixed(6);
  return `${f(lon - dLon)},${f(lat - dLat)},${f(lon + dLon)},${f(lat + dLat)}`;
}

/** A loopback port nobody listens on right now, for a server a benchmark starts itself. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A server process of a benchmark run. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The last 20 000 characters it wrote. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a Node process (`node --import tsx script`) on a free port and waits until `probe` answers 200. */
export async function startServer(name: string, script: string, env: Record<string, string>, probe: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(url + probe).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer ${probe} in time:\n${out}`);
    }
    await sleep(200);
  }
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(12_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
