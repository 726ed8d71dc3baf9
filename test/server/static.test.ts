import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { openTestDatabase } from './helpers/database.ts';
import type { Database } from '../../server/db/connect.ts';

let db: Database;
let widgetDir: string;
let app: ReturnType<typeof createApp>;
before(async () => {
  db = await openTestDatabase();
  // The bundle's content does not matter here (the browser tests run the real one): how it is served does.
  widgetDir = await mkdtemp(join(tmpdir(), 'segnala-static-'));
  await writeFile(join(widgetDir, 'segnala-widget.js'), 'export {};\n');
  app = createApp(
    { sql: db.sql, secretKey: Buffer.alloc(32), logger: createLogger('silent') },
    { widget: widgetDir, demo: fileURLToPath(new URL('../../demo/', import.meta.url)) },
  );
});
after(async () => {
  await db.close();
  await rm(widgetDir, { recursive: true, force: true });
});

test('the widget bundle can be loaded as a module script by a municipal site on another origin', async () => {
  const res = await app.request('/widget/segnala-widget.js', { headers: { Origin: 'https://www.comune.example.it' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type')!, /javascript/);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*', 'module scripts are fetched with CORS');
  assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
  assert.match(res.headers.get('Cache-Control')!, /max-age=/);
});

test('demo pages are served under a strict CSP with framing refused to other sites; the demo seed and data are not served', async () => {
  const page = await app.request('/demo/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /segnala-widget/);
  const csp = page.headers.get('Content-Security-Policy')!;
  assert.match(csp, /frame-ancestors 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/, 'no inline or eval scripts');
  assert.match(csp, /object-src 'none'/);
  assert.equal(page.headers.get('X-Content-Type-Options'), 'nosniff');
  // Map tile servers (OpenStreetMap's policy) need the page's origin in Referer.
  assert.equal(page.headers.get('Referrer-Policy'), 'strict-origin-when-cross-origin');
  for (const path of ['/demo/seed.ts', '/demo/data/seravezza-odonimi.csv', '/demo/../package.json']) {
    assert.equal((await app.request(path)).status, 404, path);
  }
  assert.equal((await app.request('/')).headers.get('Location'), '/demo/');
});

test('the console and the demo pages refuse framing by other sites in older browsers too (X-Frame-Options)', async () => {
  for (const path of ['/demo/', '/demo/admin.html', '/demo/strada.html', '/demo/privacy.html']) {
    const page = await app.request(path);
    assert.equal(page.status, 200, path);
    assert.match(page.headers.get('Content-Security-Policy')!, /frame-ancestors 'self'/, path);
    assert.equal(page.headers.get('X-Frame-Options'), 'SAMEORIGIN', path);
  }
});
