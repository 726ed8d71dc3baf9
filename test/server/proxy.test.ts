import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { scaledLimits } from '../../server/http/rate-limit.ts';
import { createLogger } from '../../server/log.ts';
import { startTestApp } from './helpers/app.ts';
import { type ServerProcess, isolatedServerEnv, startServer } from './helpers/server-process.ts';
import { NGINX, freePort, waitForPort } from './helpers/local-services.ts';

/**
 * A real server behind a real nginx, which appends the address it saw to X-Forwarded-For
 * (issue 11, item 4): a client that writes its own X-Forwarded-For, and rotates it, must still be
 * counted by the address nginx saw. Clients come from distinct loopback addresses (127.0.0.2, …).
 * nginx comes from Debian's packages; .ci/run installs it.
 */

/** One request from a chosen loopback address, through whatever listens on `port`. */
function request(port: number, from: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, localAddress: from, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: ServerProcess;
let cleanup: () => Promise<void>;
let nginx: ChildProcess;
let nginxDir: string;
let proxyPort: number;

before(async () => {
  assert.ok(NGINX, 'nginx is not installed: `apt-get install -y nginx-light` (.ci/run installs it)');
  const isolated = await isolatedServerEnv('proxy');
  cleanup = isolated.cleanup;
  // 0.05 × the defaults: 3 tracking lookups per client address in 10 minutes.
  server = await startServer({ ...isolated.env, TRUST_PROXY: '1', RATE_LIMIT_FACTOR: '0.05' });
  const upstream = new URL(server.url);

  nginxDir = await mkdtemp(join(tmpdir(), 'segnala-nginx-'));
  proxyPort = await freePort();
  // The lines the README gives for nginx, in a config of its own, in the foreground.
  await writeFile(
    join(nginxDir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${nginxDir}/body;
  proxy_temp_path ${nginxDir}/proxy;
  server {
    listen 127.0.0.1:${proxyPort};
    location / {
      proxy_pass http://${upstream.host};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`,
  );
  nginx = spawn(NGINX!, ['-p', nginxDir, '-e', join(nginxDir, 'error.log'), '-c', join(nginxDir, 'nginx.conf')], { stdio: 'ignore' });
  await waitForPort(proxyPort, nginx, () => readFile(join(nginxDir, 'error.log'), 'utf8').catch(() => ''));
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

describe('behind nginx (TRUST_PROXY=1)', () => {
  const track = (from: string, i: number, headers: Record<string, string> = {}) =>
    request(proxyPort, from, `/api/v1/seravezza/track/ZZZZ-ZZZZ-${String(i).padStart(2, '0')}`, headers);

  test('a client rotating a forged X-Forwarded-For is still counted by the address nginx saw', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await track('127.0.0.2', i, { 'X-Forwarded-For': `198.51.100.${i + 1}` })).status);
    assert.deepEqual(statuses, [404, 404, 404, 429, 429, 429]);
  });

  test('another client, even one naming the limited address in its header, has its own allowance', async () => {
    const other = await track('127.0.0.3', 0, { 'X-Forwarded-For': '127.0.0.2' });
    assert.equal(other.status, 404, other.body);
    // And the limited client is limited whether or not it writes the header.
    assert.equal((await track('127.0.0.2', 9)).status, 429);
  });
});

describe('the multipart part count, on a real socket', () => {
  test('half a million empty parts are refused without holding up health checks', async () => {
    const body = Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n'.repeat(530_000) + '--x--\r\n');
    const upload = fetch(`${server.url}/api/v1/seravezza/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body,
    });
    let done = false;
    const answered = upload.then(async (res) => {
      done = true;
      return { status: res.status, body: (await res.json()) as { error: { message: string } } };
    });
    // A load balancer's probe, every 50 ms while the upload is read and refused.
    let slowest = 0;
    while (!done) {
      const started = performance.now();
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
    const refused = await answered;
    assert.equal(refused.status, 413);
    assert.match(refused.body.error.message, /at most \d+ parts/);
    // Parsing the parts used to hold every request for 1.3 s (5 s on this project's machines).
    assert.ok(slowest < 2000, `a health check waited ${Math.round(slowest)} ms`);
  });
});

describe('TRUST_PROXY with a chain of proxies', () => {
  test('TRUST_PROXY=2: the entry the outer proxy appended counts, whatever the client wrote before it', async () => {
    const t = await startTestApp();
    try {
      const rateLimits = { ...scaledLimits(1000), trackPerClient: { max: 2, windowSeconds: 600 } };
      const app = createApp({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('silent'), rateLimits, trustProxy: 2 });
      // Client → outer proxy (appends the client's address) → inner proxy (appends the outer's) → server.
      const track = async (i: number, forwardedFor: string) =>
        (await app.request(`/api/v1/${t.m.slug}/track/ZZZZ-ZZZZ-${String(i).padStart(2, '0')}`, { headers: { 'X-Forwarded-For': forwardedFor } })).status;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await track(i, `198.51.100.${i}, 203.0.113.7, 10.0.0.5`));
      assert.deepEqual(statuses, [404, 404, 429, 429]);
      assert.equal(await track(5, '203.0.113.7, 203.0.113.8, 10.0.0.5'), 404, 'another client, though it names the first');
      // Past only the inner proxy (one entry): the address that proxy saw.
      assert.equal(await track(6, '203.0.113.7'), 429);
    } finally {
      await t.close();
    }
  });
});
