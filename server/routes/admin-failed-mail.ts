import { z } from 'zod';
import { Hono } from 'hono';
import { notFound } from '../http/errors.ts';
import { listFailedMail, retryFailedMail } from '../services/failed-mail.ts';
import type { AdminEnv, Deps } from './types.ts';

/** `/admin/failed-mails`: the notification e-mails set aside after their last try, and sending one again. */
/** A failed mail put back in the queue. */
export const RetryQueued = z.object({ id: z.string(), queued: z.literal(true) });

export function adminFailedMailRoutes({ sql }: Deps) {
  return new Hono<AdminEnv>()
    .get('/', async (c) => c.json({ mails: await listFailedMail(sql, c.var.municipality.id, c.var.staff) }))
    .post('/:id/retry', async (c) => {
      const id = c.req.param('id');
      if (!/^\d{1,18}$/.test(id)) throw notFound('Failed mail');
      await retryFailedMail(sql, c.var.municipality.id, c.var.staff, id);
      return c.json({ id, queued: true as const } satisfies z.infer<typeof RetryQueued>);
    });
}
