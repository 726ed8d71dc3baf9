import { Hono } from 'hono';
import { z } from 'zod';
import { queryInt } from '../http/schemas.ts';
import { type JsonText, answerJson, toJsonText } from '../http/json-text.ts';
import { ResponseCache } from '../http/response-cache.ts';
import { publicReads } from '../http/public-reads.ts';
import { validate } from '../http/validate.ts';
import { type ClusterAnswer, MAX_ZOOM, clusterGrid, clusterReports } from '../services/clusters.ts';
import { Bbox, ListQuery, statusesFor } from './reports.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/**
 * A few seconds: a new or changed report reaches the map that late at most, while a crowd of
 * people looking at the same town costs one query per view and period instead of one each.
 */
export const DEFAULT_CLUSTER_CACHE_SECONDS = 15;

/** The public list's filters, plus the view: its bbox (required) and the map's zoom. */
const ClusterQuery = ListQuery.pick({ status: true, category: true, street: true, q: true }).extend({
  bbox: Bbox,
  zoom: queryInt(0, MAX_ZOOM),
});

/** `GET /reports/clusters`: the public reports of a map view, grouped in cells (services/clusters.ts). */
export function clusterRoutes(deps: Deps) {
  // On the replica (http/public-reads.ts): the map's cells are already reused for seconds.
  const reads = publicReads(deps, 'replica');
  // Per process, so several processes on one database may answer a few seconds apart: accepted.
  const cache = new ResponseCache<JsonText<ClusterAnswer>>({ ttlSeconds: deps.clusterCacheSeconds ?? DEFAULT_CLUSTER_CACHE_SECONDS, now: deps.now });
  return new Hono<MunicipalityEnv>().get('/', validate('query', ClusterQuery), async (c) => {
    const q = c.req.valid('query');
    const grid = clusterGrid(q.bbox, q.zoom);
    const filters = {
      statuses: statusesFor(q.status ?? 'open'),
      categoryId: q.category,
      streetId: q.street,
      q: q.q,
    };
    const municipalityId = c.var.municipality.id;
    // Everything the answer depends on, with the snapped grid rather than the raw bbox, so that
    // views a little apart share the entry.
    const key = JSON.stringify([municipalityId, q.zoom, grid.level, grid.x0, grid.y0, grid.x1, grid.y1, filters]);
    // A text of at least three letters (ListQuery): the cache keyed by it holds what the trigram
    // index found, not what a scan of every report did.
    const body = await reads(c, (sql) =>
      cache.get(key, async () => toJsonText(await clusterReports(sql, municipalityId, grid, q.zoom, filters))),
    );
    // Browsers and proxies may reuse it as long as this process does.
    c.header('Cache-Control', cache.ttlSeconds > 0 ? `public, max-age=${cache.ttlSeconds}` : 'no-store');
    return answerJson(c, body);
  });
}
