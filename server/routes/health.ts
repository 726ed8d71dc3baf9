import { Hono } from 'hono';
import type { Deps } from './types.ts';

/** Probes for a load balancer or orchestrator. */
export function healthRoutes({ sql }: Deps) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        await Promise.race([
          sql`SELECT 1`,
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
        ]);
        return c.json({ status: 'ok', database: 'ok' });
      } catch {
        return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
      }
    });
}
