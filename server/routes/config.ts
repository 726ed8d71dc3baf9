import { Hono } from 'hono';
import { REPORT_STATUSES, STATUS_INFO } from '../domain/status.ts';
import { activeCategories, departments } from '../services/municipality.ts';
import { publishesOpenData } from '../services/open-data/selection.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/** What a widget needs to draw itself: the municipality, its map, categories, offices, statuses. */
export function configRoutes({ sql }: Deps) {
  return new Hono<MunicipalityEnv>().get('/', async (c) => {
    const m = c.var.municipality;
    const [categories, departmentList, openData] = await Promise.all([activeCategories(sql, m.id), departments(sql, m.id), publishesOpenData(sql, m.id)]);
    c.header('Cache-Control', 'public, max-age=60');
    return c.json({
      municipality: {
        slug: m.slug,
        name: m.name,
        istatCode: m.istatCode,
        publishOnArrival: m.publishOnArrival,
        demo: m.isDemo,
      },
      map: {
        center: m.center,
        zoom: m.zoom,
        bounds: m.bounds,
        tileUrl: m.tileUrl,
        tileAttribution: m.tileAttribution,
      },
      categories,
      departments: departmentList,
      statuses: REPORT_STATUSES.filter((s) => STATUS_INFO[s].public).map((s) => STATUS_INFO[s]),
      privacyUrl: m.privacyUrl,
      /** Whether `GET /stats` answers (the municipality publishes open data): the widget's statistics tab. */
      publicStats: openData,
    });
  });
}
