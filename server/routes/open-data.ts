import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { ApiError } from '../http/errors.ts';
import { catalogueRdf, type OpenDataUrls } from '../services/open-data/dcat.ts';
import {
  createEditions,
  type Edition,
  editionStream,
  type OpenDataFormat,
  type Publication,
  readPublication,
  romeDay,
} from '../services/open-data/dataset.ts';
import { OPEN_DATA_LICENCES } from '../services/open-data/licences.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/**
 * Seconds a client or proxy may keep a file of the open data. The dataset changes once a day;
 * turning open data off stops this server at once, and copies kept elsewhere within this time.
 */
export const OPEN_DATA_MAX_AGE_SECONDS = 600;

/** The stable file names under /api/v1/{municipality}/open-data/ (README, "Open data"). */
export const OPEN_DATA_FILES = { csv: 'segnalazioni.csv', geojson: 'segnalazioni.geojson' } as const;
export const OPEN_DATA_CATALOGUE = 'catalogo.rdf';

const CONTENT_TYPES: Record<OpenDataFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/** The files' public addresses: from PUBLIC_URL where set (behind a proxy), else where the request came. */
function urlsOf(c: Context<MunicipalityEnv>, publicUrl: string | undefined): OpenDataUrls {
  const origin = publicUrl ? publicUrl.replace(/\/+$/, '') : new URL(c.req.url).origin;
  const base = `${origin}/api/v1/${c.var.municipality.slug}/open-data/`;
  return {
    catalogue: base + OPEN_DATA_CATALOGUE,
    files: { csv: base + OPEN_DATA_FILES.csv, geojson: base + OPEN_DATA_FILES.geojson },
  };
}

/** Whether the client's copy (If-None-Match) is this one. */
function fresh(c: Context, etag: string): boolean {
  const sent = c.req.header('If-None-Match');
  if (!sent) return false;
  return sent.trim() === '*' || sent.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * The open dataset and its DCAT-AP_IT metadata (README, "Open data"): public, read by anyone
 * (the municipality API's CORS for reads), 404 `open_data_off` unless the municipality publishes.
 * The setting is read from the database on every request, not from the cached municipality, so
 * turning it off in the console stops every process at once.
 */
export function openDataRoutes(deps: Deps) {
  const now = deps.now ?? Date.now;
  const editions = createEditions({ sql: deps.sql, logger: deps.logger });

  /** The publication and today's edition, or 404 when the municipality does not publish. */
  async function today(c: Context<MunicipalityEnv>): Promise<{ p: Publication; e: Edition }> {
    const p = await readPublication(deps.sql, c.var.municipality.id);
    if (!p?.openData) throw new ApiError(404, 'open_data_off', 'This municipality does not publish its reports as open data');
    return { p, e: await editions.edition(p, romeDay(now())) };
  }

  function headers(c: Context, p: Publication, etag: string, lastModified: Date, urls: OpenDataUrls) {
    c.header('ETag', etag);
    c.header('Last-Modified', lastModified.toUTCString());
    c.header('Cache-Control', `public, max-age=${OPEN_DATA_MAX_AGE_SECONDS}`);
    c.header('Link', `<${OPEN_DATA_LICENCES[p.licence].url}>; rel="license", <${urls.catalogue}>; rel="describedby"; type="application/rdf+xml"`);
  }

  const file = (format: OpenDataFormat) => async (c: Context<MunicipalityEnv>) => {
    const { p, e } = await today(c);
    // Stored gzipped: sent so to clients that take it (nearly all), unzipped for the others. Each
    // representation has its own ETag, as HTTP wants of strong validators.
    const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
    const etag = gzip ? e.etags[format].replace(/"$/, '-gz"') : e.etags[format];
    headers(c, p, etag, e.builtAt, urlsOf(c, deps.publicUrl));
    c.header('Vary', 'Accept-Encoding');
    if (fresh(c, etag)) return c.body(null, 304);
    c.header('Content-Type', CONTENT_TYPES[format]);
    if (gzip) c.header('Content-Encoding', 'gzip');
    c.header('Content-Length', String(gzip ? e.byteSizes[`${format}_gzip`] : e.byteSizes[format]));
    c.header('Content-Disposition', `inline; filename="segnalazioni-${p.slug}-${e.day}.${format}"`);
    return c.body(editionStream(deps.sql, p.municipalityId, e, format, gzip), 200);
  };

  return new Hono<MunicipalityEnv>()
    .get(`/${OPEN_DATA_FILES.csv}`, file('csv'))
    .get(`/${OPEN_DATA_FILES.geojson}`, file('geojson'))
    .get(`/${OPEN_DATA_CATALOGUE}`, async (c) => {
      const { p, e } = await today(c);
      const urls = urlsOf(c, deps.publicUrl);
      const rdf = catalogueRdf(p, e, urls);
      const etag = `"${createHash('sha256').update(rdf).digest('hex').slice(0, 20)}"`;
      headers(c, p, etag, e.builtAt, urls);
      if (fresh(c, etag)) return c.body(null, 304);
      c.header('Content-Type', 'application/rdf+xml; charset=utf-8');
      return c.body(rdf, 200);
    });
}
