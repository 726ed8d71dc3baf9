import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  widgetDir = await mkdtemp(join(tmpdir(), 'segnala-chunks-'));
  await writeFile(join(widgetDir, 'segnala-widget.js'), 'export {};\n');
  await mkdir(join(widgetDir, 'chunks'));
  await writeFile(join(widgetDir, 'chunks', 'new-report-view-AbC123xy.js'), 'export {};\n');
  app = createApp(
    { sql: db.sql, secretKey: Buffer.alloc(32), logger: createLogger('silent') },
    { widget: widgetDir, demo: fileURLToPath(new URL('../../demo/', import.meta.url)) },
  );
});
after(async () => {
  await db.close();
  await rm(widgetDir, { recursive: true, force: true });
});

const SITE = { headers: { Origin: 'https://www.comune.example.it' } };

test('a widget chunk is cached for a year as immutable, with the CORS and CORP headers of the entry', async () => {
  const res = await app.request('/widget/chunks/new-report-view-AbC123xy.js', SITE);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type')!, /javascript/);
  assert.equal(res.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
  assert.equal(res.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
  assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
});

test('the entry keeps its short cache (its name is stable); a missing chunk is a 404 nobody caches for a year', async () => {
  const entry = await app.request('/widget/segnala-widget.js', SITE);
  assert.equal(entry.headers.get('Cache-Control'), 'public, max-age=300');
  assert.equal(entry.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
  const missing = await app.request('/widget/chunks/gone-00000000.js', SITE);
  assert.equal(missing.status, 404);
  assert.doesNotMatch(missing.headers.get('Cache-Control') ?? '', /immutable/);
  assert.equal(missing.headers.get('Access-Control-Allow-Origin'), '*', 'the page can read why its chunk failed');
});
