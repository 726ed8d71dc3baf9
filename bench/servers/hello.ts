/**
 * The upper limit of HTTP on this machine: a bare Hono "hello" route on @hono/node-server, started
 * with the same Node flags as the real server (`node --import tsx`). No database, no middleware.
 *
 *   PORT=9000 node --import tsx bench/servers/hello.ts
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/hello', (c) => c.json({ hello: 'world' }));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
