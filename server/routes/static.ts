import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

export interface StaticDirs {
  /** Built widget bundles (Vite's output), served at /widget/. */
  widget: string;
  /** Demo pages, served at /demo/. */
  demo: string;
}

/** Only page assets leave the demo folder: its seed scripts and data stay private. */
const DEMO_ASSET = /\.(html|css|js|mjs|svg|png|jpe?g|webp|ico|woff2?)$/;

export function staticRoutes(dirs: StaticDirs) {
  return new Hono()
    .get('/', (c) => c.redirect('/demo/'))
    .get('/demo', (c) => c.redirect('/demo/'))
    .use('/widget/*', async (c, next) => {
      await next();
      // Bundle names are stable (sites link to them), so caches must revalidate soon.
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=300');
    })
    .use('/widget/*', serveStatic({ root: dirs.widget, rewriteRequestPath: (p) => p.replace(/^\/widget/, '') }))
    .use('/demo/*', async (c, next) => {
      const path = c.req.path;
      if (!path.endsWith('/') && !DEMO_ASSET.test(path)) return c.notFound();
      return next();
    })
    .use('/demo/*', serveStatic({ root: dirs.demo, rewriteRequestPath: (p) => p.replace(/^\/demo/, '') }));
}
