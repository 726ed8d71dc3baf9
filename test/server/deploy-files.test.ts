import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parseEnv } from '../../server/env.ts';
import { type TestApp, startTestApp } from './helpers/app.ts';

/**
 * The Dockerfile, compose.yaml and systemd unit the README ships (issue 16 §6), checked against the
 * code they start. No Docker engine runs on the project's machines (docker build cannot run here),
 * so what can be checked without one is: the command, port, data folder and health check match
 * package.json, server/env.ts and the routes; every setting they pass is one the server reads (a
 * misspelt one would be ignored without a word); the image leaves out this machine's
 * node_modules and data. The unit is checked by `systemd-analyze verify` where it exists.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFile(join(root, path), 'utf8');

/** The variables server/env.ts reads: the keys of its schema. */
async function serverVariables(): Promise<Set<string>> {
  const source = await read('server/env.ts');
  const schema = source.slice(source.indexOf('z.object({'), source.indexOf('});', source.indexOf('z.object({')));
  const names = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*): /gm)].map((m) => m[1]);
  assert.ok(names.includes('DATABASE_URL') && names.includes('TRUST_PROXY'), 'the schema was read');
  return new Set(names);
}

/** Instructions of the runtime stage (after the last FROM), joined across continuation lines. */
function finalStage(dockerfile: string): string[] {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim());
  const from = lines.findLastIndex((l) => l.startsWith('FROM '));
  return lines.slice(from).filter((l) => l && !l.startsWith('#'));
}

const instruction = (stage: string[], name: string) => stage.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));

/** ENV A=1 B=2 → { A: '1', B: '2' } (values without spaces, as written here). */
function dockerEnv(stage: string[]): Record<string, string> {
  return Object.fromEntries(instruction(stage, 'ENV').flatMap((l) => l.split(/\s+/).map((kv) => kv.split('=') as [string, string])));
}

/** The `environment:` mapping of one service in compose.yaml (block style, as written there). */
function composeEnvironment(yaml: string, service: string): Record<string, string> {
  const start = yaml.search(new RegExp(`^ {2}${service}:$`, 'm'));
  assert.ok(start >= 0, `service ${service} in compose.yaml`);
  const block = yaml.slice(start).split('\n').slice(1);
  const end = block.findIndex((l) => /^ {2}\S/.test(l) || /^\S/.test(l));
  const lines = block.slice(0, end < 0 ? undefined : end);
  const envAt = lines.findIndex((l) => /^ {4}environment:$/.test(l));
  assert.ok(envAt >= 0, `${service} has an environment`);
  const env: Record<string, string> = {};
  for (const line of lines.slice(envAt + 1)) {
    if (/^ {4}\S/.test(line)) break;
    const m = /^ {6}([A-Z][A-Z0-9_]*): (.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/** Compose's ${VAR}, ${VAR:-default} and ${VAR:?message}, from the given .env values. */
function interpolate(value: string, dotEnv: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (dotEnv[name]) return dotEnv[name];
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

/** KEY=value lines of an env file, commented ones included when `commented`. */
function envFileKeys(text: string, commented: boolean): Record<string, string> {
  const pattern = commented ? /^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm : /^([A-Z][A-Z0-9_]*)=(.*)$/gm;
  return Object.fromEntries([...text.matchAll(pattern)].map((m) => [m[1], m[2]]));
}

describe('Dockerfile', () => {
  let stage: string[];
  let t: TestApp;
  before(async () => {
    stage = finalStage(await read('Dockerfile'));
    t = await startTestApp();
  });
  after(() => t?.close());

  test('runs what `npm start` runs, on a Node the package supports', async () => {
    const pkg = JSON.parse(await read('package.json'));
    const cmd = JSON.parse(instruction(stage, 'CMD')[0]) as string[];
    assert.deepEqual(cmd, pkg.scripts.start.split(' '));
    const from = /^FROM node:(\d+)-/.exec(stage[0]);
    assert.ok(from, stage[0]);
    // engines lists the supported lines as ^20.19.0 || ^22.12.0 || >=24.0.0 (or similar).
    const lines = String(pkg.engines.node).split('||').map((r) => /(\^|>=)\s*(\d+)/.exec(r.trim())!);
    assert.ok(
      lines.some(([, op, major]) => (op === '^' ? Number(major) === Number(from[1]) : Number(from[1]) >= Number(major))),
      `node:${from[1]} is not in engines ${pkg.engines.node}`,
    );
  });

  test('its settings are the server’s, its port is the one it exposes, its data folder a volume', async () => {
    const env = dockerEnv(stage);
    const known = await serverVariables();
    for (const name of Object.keys(env)) assert.ok(known.has(name), `${name} is not read by server/env.ts`);
    const parsed = parseEnv(env);
    assert.deepEqual(instruction(stage, 'EXPOSE'), [String(parsed.PORT)]);
    assert.deepEqual(instruction(stage, 'VOLUME'), [JSON.stringify([parsed.DATA_DIR])]);
    assert.equal(parsed.HOST, '0.0.0.0', 'reachable from outside the container');
    assert.deepEqual(instruction(stage, 'USER'), ['node'], 'not root');
  });

  test('its health check asks a route the server answers 200', async () => {
    const check = instruction(stage, 'HEALTHCHECK')[0];
    const path = /'(\/[a-z]+)'\)/.exec(check)?.[1];
    assert.ok(path, check);
    const res = await t.app.request(path);
    assert.equal(res.status, 200);
  });

  test('.dockerignore keeps this machine’s packages and data out, and what the build needs in', async () => {
    const ignored = (await read('.dockerignore')).split('\n').map((l) => l.trim().replace(/\/$/, '')).filter((l) => l && !l.startsWith('#'));
    for (const path of ['node_modules', 'data', '.git', '.env']) assert.ok(ignored.includes(path), `${path} is not ignored`);
    for (const path of ['server', 'widget', 'demo', 'package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'custom-elements.json']) {
      assert.ok(!ignored.includes(path), `${path} is ignored but the image needs it`);
    }
  });
});

describe('compose.yaml', () => {
  test('passes the server only settings it reads, valid with the example .env filled in', async () => {
    const yaml = await read('compose.yaml');
    const example = envFileKeys(await read('deploy/compose.env.example'), false);
    const dotEnv = { ...example, POSTGRES_PASSWORD: 'a1b2c3d4', SECRET_KEY: 'f'.repeat(64) };
    const app = composeEnvironment(yaml, 'app');
    const known = await serverVariables();
    for (const name of Object.keys(app)) assert.ok(known.has(name), `${name} is not read by server/env.ts`);
    const env = Object.fromEntries(Object.entries(app).map(([k, v]) => [k, interpolate(v, dotEnv)]));
    const parsed = parseEnv(env);
    assert.equal(parsed.DATABASE_URL, 'postgres://segnala:a1b2c3d4@db:5432/segnala');
    assert.equal(parsed.TRUST_PROXY, 1);
    // The database the URL names is the one the db service creates.
    const db = composeEnvironment(yaml, 'db');
    assert.equal(`${db.POSTGRES_USER}/${db.POSTGRES_DB}`, 'segnala/segnala');
    // Without a secret key compose refuses to start, rather than the app generating one per container.
    assert.throws(() => interpolate(app.SECRET_KEY, { ...dotEnv, SECRET_KEY: '' }), /SECRET_KEY/);
    // The app's port only on this machine's loopback, for the proxy in front.
    assert.match(yaml, /- "127\.0\.0\.1:8080:8080"/);
  });
});

describe('deploy/segnala.service and deploy/segnala.env.example', () => {
  test('the environment file and the unit name only settings the server reads, and they parse', async () => {
    const known = await serverVariables();
    const unit = await read('deploy/segnala.service');
    const example = envFileKeys(await read('deploy/segnala.env.example'), true);
    const fromUnit = Object.fromEntries([...unit.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    for (const name of [...Object.keys(example), ...Object.keys(fromUnit)]) assert.ok(known.has(name), `${name} is not read by server/env.ts`);
    const filled = Object.fromEntries(Object.entries(envFileKeys(await read('deploy/segnala.env.example'), false)).map(([k, v]) => [k, v || 'x'.repeat(64)]));
    const parsed = parseEnv({ ...fromUnit, ...filled });
    assert.equal(parsed.HOST, '127.0.0.1');
    assert.equal(parsed.TRUST_PROXY, 1);
    const pkg = JSON.parse(await read('package.json'));
    assert.equal(/^ExecStart=\/usr\/bin\/(.*)$/m.exec(unit)?.[1], pkg.scripts.start);
  });

  const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find(existsSync);
  test(
    'systemd-analyze verify accepts the unit without a warning',
    { skip: !analyze ? 'systemd-analyze is not installed' : !existsSync('/usr/bin/node') ? 'no /usr/bin/node, which the unit runs' : false },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'segnala-unit-'));
      try {
        await writeFile(join(dir, 'segnala.service'), await read('deploy/segnala.service'));
        // It prints unknown or misspelt options and bad values on stderr, and still exits 0.
        const run = spawnSync(analyze!, ['verify', join(dir, 'segnala.service')], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stderr + run.stdout, '');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
