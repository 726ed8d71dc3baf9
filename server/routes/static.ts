import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { setOnAnswer } from '../http/answer-headers.ts';

export interface StaticDirs {
  /** Built widget bundles (Vite's output), served at /widget/. */
  widget: string;
  /** Demo pages, served at /demo/. */
  demo: string;
}

/**
 * The demo and console pages' policy: scripts and styles only from this server (no inline code,
 * so an injected tag runs nothing), map tiles from OpenStreetMap, API calls to this origin only,
 * no framing by other sites. Shadow DOM styles are constructed stylesheets, which 'self' allows.
 */
export const DEMO_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https://tile.openstreetmap.org https://*.tile.openstreetmap.org",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Only page assets leave the demo folder: its seed scripts and data stay private. */
const DEMO_ASSET = /\.(html|css|js|mjs|svg|png|jpe?g|webp|ico|woff2?)$/;

export function staticRoutes(dirs: StaticDirs) {
  return new Hono()
    .get('/', (c) => c.redirect('/demo/'))
    .get('/demo', (c) => c.redirect('/demo/'))
    .use('/widget/*', async (c, next) => {
      await next();
      // Bundle names are stable (sites link to them), so caches must revalidate soon; chunks
      // (dist/widget/chunks/, see vite.config.ts) carry their content's hash and never change.
      if (c.res.ok) setOnAnswer(c, 'Cache-Control', c.req.path.startsWith('/widget/chunks/') ? IMMUTABLE : 'public, max-age=300');
      setOnAnswer(c, 'X-Content-Type-Options', 'nosniff');
      // Municipal sites on other origins load the bundle with <script type="module">.
      setOnAnswer(c, 'Access-Control-Allow-Origin', '*');
      setOnAnswer(c, 'Cross-Origin-Resource-Policy', 'cross-origin');
      // TypeScript declarations for sites (README, "Embedding the widget"): text to read or save, not
      // the video that the `.ts` extension means to MIME tables.
      if (c.res.ok && c.req.path.endsWith('.d.ts')) setOnAnswer(c, 'Content-Type', 'text/plain; charset=utf-8');
    })
    .use('/widget/*', serveStatic({ root: dirs.widget, rewriteRequestPath: (p) => p.replace(/^\/widget/, '') }))
    .use('/demo/*', async (c, next) => {
      const path = c.req.path;
      if (!path.endsWith('/') && !DEMO_ASSET.test(path)) return c.notFound();
      await next();
      setOnAnswer(c, 'Content-Security-Policy', DEMO_PAGE_CSP);
      // What frame-ancestors says, for browsers that do not know it (clickjacking of the console).
      setOnAnswer(c, 'X-Frame-Options', 'SAMEORIGIN');
      setOnAnswer(c, 'X-Content-Type-Options', 'nosniff');
      setOnAnswer(c, 'Referrer-Policy', 'strict-origin-when-cross-origin');
    })
    .use('/demo/*', serveStatic({ root: dirs.demo, rewriteRequestPath: (p) => p.replace(/^\/demo/, '') }));
}
