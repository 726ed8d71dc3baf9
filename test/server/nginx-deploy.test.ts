import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { MAX_PHOTOS, MAX_PHOTO_BYTES } from '../../server/domain/formats.ts';
import { type ServerProcess, isolatedServerEnv, startServer } from './helpers/server-process.ts';
import { NGINX, freePort, waitForPort } from './helpers/local-services.ts';

/**
 * The nginx configuration the README ships (deploy/nginx.conf), run by a real nginx in front of a
 * real server (issue 16 §6): TLS with a certificate made here, the redirect from plain HTTP, client
 * addresses, body limits, compression and the widget's headers, as a client sees them through it.
 * The file is changed only by the substitutions in `forTest` (ports, certificate, log folder,
 * upstream), each of which must match, so a change to the shipped file is tested or fails here.
 * nginx comes from Debian's packages (.ci/run installs nginx-light).
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED = join(root, 'deploy/nginx.conf');
const WIDGET = join(root, 'dist/widget');
const HOST = 'segnala.example.org';

/** Replaces `from` in `text`, which must occur exactly `times` times. */
function substitute(text: string, from: string | RegExp, to: string, times: number): string {
  const pattern = typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : from;
  const found = text.match(pattern)?.length ?? 0;
  assert.equal(found, times, `deploy/nginx.conf: expected ${times} × ${pattern}, found ${found}; update this test with the file`);
  return text.replace(pattern, to);
}

interface Ports {
  http: number;
  https: number;
  upstream: string;
}

/** The shipped file, with only what a test on one machine must change. */
function forTest(shipped: string, dir: string, ports: Ports): string {
  let conf = shipped;
  // Free ports on loopback, IPv4 only (the machine may have no IPv6).
  conf = substitute(conf, /^\s*listen \[::\]:\d+[^;]*;\n/gm, '', 2);
  conf = substitute(conf, 'listen 80;', `listen 127.0.0.1:${ports.http};`, 1);
  conf = substitute(conf, 'listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`, 1);
  conf = substitute(conf, `/etc/letsencrypt/live/${HOST}/fullchain.pem`, join(dir, 'cert.pem'), 1);
  conf = substitute(conf, `/etc/letsencrypt/live/${HOST}/privkey.pem`, join(dir, 'key.pem'), 1);
  conf = substitute(conf, '/var/log/nginx/', `${dir}/`, 2);
  conf = substitute(conf, 'server 127.0.0.1:8080;', `server ${ports.upstream};`, 1);
  return conf;
}

/** What Debian's /etc/nginx/nginx.conf gives around conf.d/*.conf, in a folder of the test's own. */
function mainConfig(dir: string): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  default_type application/octet-stream;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  include ${dir}/segnala.conf;
}
`;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let caCert: string;
let nginxDir: string;
let ports: Ports;

/** One request through nginx, from a chosen loopback address, over HTTPS unless `plain`. */
function request(
  path: string,
  opts: { from?: string; method?: string; headers?: Record<string, string>; body?: Buffer; plain?: boolean } = {},
): Promise<Answer> {
  const common = {
    host: '127.0.0.1',
    path,
    method: opts.method ?? 'GET',
    localAddress: opts.from ?? '127.0.0.1',
    headers: { Host: HOST, ...(opts.body ? { 'Content-Length': String(opts.body.length) } : {}), ...opts.headers },
    agent: false as const,
  };
  return new Promise((resolve, reject) => {
    const onAnswer = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    };
    const req = opts.plain
      ? http.request({ ...common, port: ports.http }, onAnswer)
      : // The certificate is for segnala.example.org: checked as a browser would, by name.
        https.request({ ...common, port: ports.https, ca: caCert, servername: HOST }, onAnswer);
    req.on('error', reject);
    req.end(opts.body);
  });
}

const json = (a: Answer) => JSON.parse(a.body.toString('utf8'));

describe('deploy/nginx.conf in front of the server', { skip: NGINX ? false : 'nginx is not installed: `apt-get install -y nginx-light` (.ci/run installs it)' }, () => {
  let server: ServerProcess;
  let cleanup: () => Promise<void>;
  let nginx: ChildProcess;
  const errorLog = () => readFile(join(nginxDir, 'error.log'), 'utf8').catch(() => '');

  before(async () => {
    assert.ok(existsSync(join(WIDGET, 'segnala-widget.js')), 'dist/widget/ is missing: run `npm run build` first (.ci/run does)');
    const isolated = await isolatedServerEnv('nginx_deploy');
    cleanup = isolated.cleanup;
    // 0.05 × the defaults: 3 tracking lookups and 3 filings per client address.
    server = await startServer({ ...isolated.env, TRUST_PROXY: '1', RATE_LIMIT_FACTOR: '0.05' });

    nginxDir = await mkdtemp(join(tmpdir(), 'segnala-nginx-deploy-'));
    // nginx's workers run as `nobody` and keep uploads in body/ here: they must enter the folder.
    await chmod(nginxDir, 0o755);
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${HOST}`,
      '-addext', `subjectAltName=DNS:${HOST}`,
      '-keyout', join(nginxDir, 'key.pem'), '-out', join(nginxDir, 'cert.pem'),
    ], { stdio: 'ignore' });
    caCert = await readFile(join(nginxDir, 'cert.pem'), 'utf8');
    ports = { http: await freePort(), https: await freePort(), upstream: new URL(server.url).host };
    await writeFile(join(nginxDir, 'segnala.conf'), forTest(await readFile(SHIPPED, 'utf8'), nginxDir, ports));
    await writeFile(join(nginxDir, 'nginx.conf'), mainConfig(nginxDir));

    const args = ['-p', nginxDir, '-e', join(nginxDir, 'error.log'), '-c', join(nginxDir, 'nginx.conf')];
    // What an IT person runs after copying the file: it must pass without a warning.
    const checked = execFileSync(NGINX!, ['-t', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.doesNotMatch(checked + (await errorLog()), /\[(warn|emerg)\]/);
    nginx = spawn(NGINX!, args, { stdio: 'ignore' });
    await waitForPort(ports.https, nginx, errorLog);
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      nginx.kill('SIGTERM');
      await once(nginx, 'exit');
    }
    await server?.stop();
    await cleanup?.();
    if (nginxDir) await rm(nginxDir, { recursive: true, force: true });
  });

  test('plain HTTP is sent to HTTPS with the same path; HTTPS answers carry HSTS', async () => {
    const plain = await request('/api/v1/seravezza/config?lang=en', { plain: true });
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, `https://${HOST}/api/v1/seravezza/config?lang=en`);
    const secure = await request('/api/v1/seravezza/config');
    assert.equal(secure.status, 200);
    assert.equal(json(secure).municipality.slug, 'seravezza');
    assert.equal(secure.headers['strict-transport-security'], 'max-age=31536000');
  });

  test('a client rotating a forged X-Forwarded-For is counted by the address nginx saw', async () => {
    const track = (from: string, i: number, headers: Record<string, string> = {}) =>
      request(`/api/v1/seravezza/track/ZZZZ-ZZZZ-${String(i).padStart(2, '0')}`, { from, headers });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await track('127.0.0.2', i, { 'X-Forwarded-For': `198.51.100.${i + 1}` })).status);
    assert.deepEqual(statuses, [404, 404, 404, 429, 429]);
    // Another client naming the limited address in its own header keeps its own allowance.
    assert.equal((await track('127.0.0.3', 10, { 'X-Forwarded-For': '127.0.0.2' })).status, 404);
    assert.equal((await track('127.0.0.2', 11)).status, 429);
  });

  /**
   * The access log once it has a line matching `line`: nginx writes a request's line after it has
   * sent the answer, so a client can read the log before the line is there (seen in CI).
   */
  async function accessLogWith(line: RegExp): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const log = await readFile(join(nginxDir, 'segnala.access.log'), 'utf8');
      if (line.test(log) || Date.now() > deadline) return log;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test('the access log masks tracking codes and leaves out query strings', async () => {
    await request('/api/v1/seravezza/track/QQQQ-WWWW-77?lang=en', { from: '127.0.0.4' });
    await request('/api/v1/seravezza/streets?q=via-del-secret', { from: '127.0.0.4' });
    const log = await accessLogWith(/^127\.0\.0\.4 .*"GET \/api\/v1\/seravezza\/streets" /m);
    assert.match(log, /"GET \/api\/v1\/seravezza\/track\/\*\*\*" 404 /);
    assert.match(log, /"GET \/api\/v1\/seravezza\/streets" 200 /);
    assert.doesNotMatch(log, /QQQQ|ZZZZ|via-del-secret/);
  });

  test('the answer’s X-Request-Id is the id that ends nginx’s log line for the request', async () => {
    const res = await request('/api/v1/seravezza/config', { from: '127.0.0.8' });
    const id = res.headers['x-request-id'];
    assert.match(String(id), /^[0-9a-f]{32}$/, 'nginx’s $request_id, passed on by proxy_set_header and kept by the server');
    const line = new RegExp(`^127\\.0\\.0\\.8 .*"GET /api/v1/seravezza/config" 200 .* ${id}$`, 'm');
    assert.match(await accessLogWith(line), line);
  });

  test('a JSON body over 64 KB gets the server’s own 413 through nginx', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'x'.repeat(100 * 1024) }));
    const res = await request('/api/v1/seravezza/reports', {
      from: '127.0.0.5',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    assert.equal(res.status, 413);
    assert.equal(json(res).error.code, 'payload_too_large');
    assert.match(json(res).error.message, /larger than 64 KB/);
  });

  test('client_max_body_size lets through every upload the server accepts', async () => {
    // The server's limit for a filing with photos (server/routes/filing.ts): the photos and 1 MB of form.
    const serverLimit = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;
    const m = /client_max_body_size (\d+)m;/.exec(await readFile(SHIPPED, 'utf8'));
    assert.ok(m, 'client_max_body_size in megabytes');
    const nginxLimit = Number(m[1]) * 1024 * 1024;
    assert.ok(nginxLimit >= serverLimit, `nginx refuses bodies over ${nginxLimit}, the server accepts up to ${serverLimit}`);
  });

  const multipart = (size: number) => ({
    method: 'POST',
    headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
    body: Buffer.alloc(size),
  });

  test('an upload over the server’s photo limit but under nginx’s gets the server’s 413', async () => {
    const res = await request('/api/v1/seravezza/reports', { from: '127.0.0.6', ...multipart(31.5 * 1024 * 1024) });
    assert.equal(res.status, 413, res.body.toString());
    assert.equal(json(res).error.code, 'payload_too_large');
    assert.match(json(res).error.message, /At most 3 photos of 10 MB each/);
  });

  test('an upload over 32 MB is refused by nginx with the same JSON shape, readable cross-origin', async () => {
    const res = await request('/api/v1/seravezza/reports', {
      from: '127.0.0.7',
      ...multipart(40 * 1024 * 1024),
      headers: { ...multipart(0).headers, Origin: 'https://www.comune.example.it' },
    });
    assert.equal(res.status, 413);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(json(res).error.code, 'payload_too_large');
    assert.match(json(res).error.message, /larger than 32 MB/);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    // nginx answered, from the Content-Length, without passing the body on.
    assert.match(await errorLog(), /client intended to send too large body/);
  });

  /** The largest chunk, so that it is surely over gzip_min_length. */
  const largestChunk = () =>
    readdirSync(join(WIDGET, 'chunks'))
      .filter((f) => f.endsWith('.js'))
      .sort((a, b) => statSync(join(WIDGET, 'chunks', b)).size - statSync(join(WIDGET, 'chunks', a)).size)[0];

  test('widget files keep the server’s Cache-Control and CORS headers through nginx', async () => {
    const chunk = await request(`/widget/chunks/${largestChunk()}`);
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers['cache-control'], 'public, max-age=31536000, immutable');
    const entry = await request('/widget/segnala-widget.js');
    assert.equal(entry.status, 200);
    assert.equal(entry.headers['cache-control'], 'public, max-age=300');
    for (const res of [chunk, entry]) {
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('JavaScript and JSON are gzipped for clients that ask, and the same bytes arrive', async () => {
    const name = largestChunk();
    const original = await readFile(join(WIDGET, 'chunks', name));
    const zipped = await request(`/widget/chunks/${name}`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(String(zipped.headers.vary), /Accept-Encoding/);
    assert.ok(zipped.body.length < original.length / 2, `${zipped.body.length} bytes gzipped of ${original.length}`);
    assert.deepEqual(gunzipSync(zipped.body), original);
    // Still immutable when compressed.
    assert.equal(zipped.headers['cache-control'], 'public, max-age=31536000, immutable');

    const plain = await request(`/widget/chunks/${name}`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, original);

    // The list of reports: the demo's first page is well over gzip_min_length (1 KB).
    const reports = await request('/api/v1/seravezza/reports', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(reports.status, 200);
    assert.equal(reports.headers['content-encoding'], 'gzip');
    assert.ok(JSON.parse(gunzipSync(reports.body).toString('utf8')).reports.length > 0);
  });
});
