import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { formTokens, startServer } from './helpers/server-process.ts';

let dataDir: string;
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'segnala-shutdown-'));
});
after(() => rm(dataDir, { recursive: true, force: true }));

test('SIGTERM: a filing in flight finishes, new connections are refused, the process exits cleanly', async () => {
  // The embedded database: no DATABASE_URL, whatever the suite's mode (this is about the process).
  const server = await startServer({ DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: '' });
  const api = `${server.url}/api/v1/seravezza`;
  const config = (await (await fetch(`${api}/config`)).json()) as { categories: { id: number }[] };
  const body = JSON.stringify({
    categoryId: config.categories[0].id,
    title: 'Inviata durante lo spegnimento',
    details: 'Il corpo di questa richiesta arriva a metà, poi il server riceve SIGTERM.',
    location: { lat: 43.995, lon: 10.227 },
    privacyAccepted: true,
    antiSpam: { token: (await formTokens(api, 1))[0] },
  });

  // A slow client: headers and half the body, then the signal, then the rest.
  const url = new URL(`${api}/reports`);
  const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d)).on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 40));
  await new Promise((r) => setTimeout(r, 200));
  server.child.kill('SIGTERM');

  // A new connection is refused once the process has taken the signal; on a busy machine that may
  // take more than a moment, so ask until it is, each time on a connection of its own (fetch would
  // reuse a kept-alive one, which is not a new connection), well within the server's 10 s grace.
  const deadline = Date.now() + 5_000;
  let refused = false;
  while (!refused && Date.now() < deadline) {
    refused = await newConnectionRefused(`${server.url}/healthz`);
    if (!refused) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(refused, 'a new connection is refused once stopping');
  req.end(body.slice(40));
  const { status, text } = await answer;
  assert.equal(status, 201, text);
  const [code] = await once(server.child, 'exit');
  assert.equal(code, 0);
  assert.match(server.output(), /"msg":"stopped"/);

  // And the report it acknowledged is there.
  const again = await startServer({ DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: '' });
  try {
    const tracked = await fetch(`${again.url}/api/v1/seravezza/track/${JSON.parse(text).trackingCode}`);
    assert.equal(tracked.status, 200);
  } finally {
    await again.stop();
  }
});

/** Whether a request on a fresh TCP connection (no keep-alive agent) is refused. */
function newConnectionRefused(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, headers: { Connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(false));
    });
    req.on('error', () => resolve(true));
    req.end();
  });
}
