import { Hono } from 'hono';
import { REPORT_STATUSES, STATUS_INFO } from '../domain/status.ts';
import { z } from 'zod';
import { CategoryInfo, activeCategories, departments } from '../services/municipality.ts';
import { publishesOpenData } from '../services/open-data/selection.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const LatLon = z.object({ lat: z.number(), lon: z.number() });

/** What a widget needs to draw itself: the municipality, its map, categories, offices, statuses. */
export const ConfigAnswer = z.object({
  municipality: z.object({ slug: z.string(), name: z.string(), istatCode: z.string().nullable(), publishOnArrival: z.boolean(), demo: z.boolean() }),
  map: z.object({
    center: LatLon,
    zoom: z.number().int(),
    bounds: z.object({ south: z.number(), west: z.number(), north: z.number(), east: z.number() }).nullable(),
    tileUrl: z.string(),
    tileAttribution: z.string(),
  }),
  categories: z.array(CategoryInfo),
  departments: z.array(z.object({ id: z.number().int(), name: z.string() })),
  statuses: z.array(
    z.object({
      id: z.enum(REPORT_STATUSES),
      label: z.string(),
      labels: z.object({ it: z.string(), en: z.string() }),
      group: z.enum(['open', 'closed', 'moderation']),
      public: z.boolean(),
    }),
  ),
  privacyUrl: z.string().nullable(),
  /** Whether `GET /stats` answers (the municipality publishes open data): the widget's statistics tab. */
  publicStats: z.boolean(),
});

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
      publicStats: openData,
    } satisfies z.input<typeof ConfigAnswer>);
  });
}
