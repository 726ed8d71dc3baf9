import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { isolatedServerEnv, startServer } from './helpers/server-process.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

let env: Record<string, string>;
let cleanup = async () => {};
before(async () => {
  const isolated = await isolatedServerEnv('cli');
  env = { ...isolated.env, DEMO: '0' };
  cleanup = isolated.cleanup;
});
after(() => cleanup());

const admin = (args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { cwd: root, env: { ...process.env, ...env, ...extra } }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

test('an operator creates a municipality and its first administrator, who can then log in', async () => {
  const created = await admin(['municipality', 'add', '--slug', 'pietrasanta', '--name', 'Comune di Pietrasanta', '--center', '43.959,10.227', '--bounds', '43.90,10.18,44.00,10.30', '--origin', 'https://www.comune.pietrasanta.lu.it']);
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, /Created Comune di Pietrasanta/);
  const again = await admin(['municipality', 'add', '--slug', 'pietrasanta', '--name', 'Doppione', '--center', '43.9,10.2']);
  assert.equal(again.code, 1);
  assert.match(again.err, /already exists/);

  const staff = await admin(['staff', 'add', '-m', 'pietrasanta', '--email', 'Sistemi@Pietrasanta.example', '--name', 'Ufficio Sistemi'], { SEGNALA_PASSWORD: 'una-password-robusta' });
  assert.equal(staff.code, 0, staff.err);
  assert.doesNotMatch(staff.out, /una-password-robusta/, 'a given password is not echoed');
  const generated = await admin(['staff', 'add', '-m', 'pietrasanta', '--email', 'vice@pietrasanta.example', '--name', 'Vice', '--role', 'staff']);
  const password = /Password \(shown once[^:]*\): (\S+)/.exec(generated.out)?.[1];
  assert.ok(password && password.length >= 10, generated.out);

  const list = await admin(['municipality', 'list']);
  assert.match(list.out, /pietrasanta\tComune di Pietrasanta\t2 staff\t0 reports/);
  // The street list goes into the same database the server opens (embedded: DATA_DIR/pgdata).
  const imported = await run(process.execPath, ['--import', 'tsx', 'server/import/cli.ts', 'streets', '-m', 'pietrasanta', 'test/fixtures/streets/STRAD_I622.csv'], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  assert.match(imported.stdout, /new streets: +\d+/);

  const server = await startServer(env);
  try {
    const api = `${server.url}/api/v1/pietrasanta`;
    const login = async (email: string, pw: string) =>
      (await fetch(`${api}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: pw }) })).status;
    assert.equal(await login('sistemi@pietrasanta.example', 'una-password-robusta'), 200);
    assert.equal(await login('vice@pietrasanta.example', password!), 200);
    const config = (await (await fetch(`${api}/config`)).json()) as { municipality: { name: string }; map: { bounds: { south: number; east: number } } };
    assert.equal(config.municipality.name, 'Comune di Pietrasanta');
    assert.deepEqual([config.map.bounds.south, config.map.bounds.east], [43.9, 10.3]);
    const streets = (await (await fetch(`${api}/streets/summary`)).json()) as { streets: unknown[] };
    assert.ok(streets.streets.length > 0, 'the server sees the imported streets');
  } finally {
    await server.stop();
  }
});

test('wrong arguments are explained, with exit code 1 and nothing written', async () => {
  const bad = await admin(['municipality', 'add', '--slug', 'Con Spazi', '--name', 'X', '--center', 'nord']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--slug must be lower case/);
  assert.match(bad.err, /--center must be 2 comma-separated numbers/);
  const unknown = await admin(['staff', 'add', '-m', 'nowhere', '--email', 'a@b.it', '--name', 'Anna']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /Unknown municipality "nowhere"/);
  assert.equal((await admin(['frobnicate'])).code, 1);
  const list = await admin(['municipality', 'list']);
  assert.doesNotMatch(list.out, /Con Spazi|nowhere/);
});
