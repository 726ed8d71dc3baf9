import { type Context, Hono } from 'hono';
import { notFound } from '../http/errors.ts';
import { publicPhoto } from '../services/photos.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

export const isPhotoId = (s: string) => /^[A-Za-z0-9_-]{16}$/.test(s);

/** Photos for the public, at stable URLs with long caching (a photo never changes, only hides). */
export function photoRoutes({ sql }: Deps) {
  const serve = (thumbnail: boolean) => async (c: Context<MunicipalityEnv>) => {
    const id = c.req.param('id') ?? '';
    const bytes = isPhotoId(id) ? await publicPhoto(sql, c.var.municipality.id, id, thumbnail) : undefined;
    if (!bytes) throw notFound('Photo');
    // Short enough that a photo hidden by moderation leaves shared caches within the hour.
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Content-Type', 'image/jpeg');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(new Uint8Array(bytes));
  };
  return new Hono<MunicipalityEnv>().get('/:id', serve(false)).get('/:id/thumbnail', serve(true));
}
