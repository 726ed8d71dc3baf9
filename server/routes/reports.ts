import { Hono } from 'hono';
import { z } from 'zod';
import { CLOSED_STATUSES, OPEN_STATUSES, REPORT_STATUSES, type ReportStatus, STATUS_INFO } from '../domain/status.ts';
import { REFERENCE_FORMAT, TEXT_MAX } from '../domain/formats.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { queryInt, queryNumber } from '../http/schemas.ts';
import { rateLimits } from '../http/limits.ts';
import { clientAddress } from '../http/rate-limit.ts';
import { ResponseCache } from '../http/response-cache.ts';
import { invalidRequest, validate } from '../http/validate.ts';
import { checkAntiSpam } from '../services/spam-check.ts';
import { getPublicReport } from '../services/report-detail.ts';
import { fileReport } from '../services/report-filing.ts';
import { filingPromise } from '../services/report-promise.ts';
import { countPublicReports, listPublicReports, viewShare } from '../services/report-list.ts';
import { nearbyOpenReports } from '../services/report-nearby.ts';
import { searchTextProblem } from '../services/report-search.ts';
import { answerJson } from '../http/json-text.ts';
import { publicReads } from '../http/public-reads.ts';
import { IdempotencyKey, filingBodyLimit, processPhotos, readFiling, scopedIdempotencyKey } from './filing.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const PUBLIC_STATUSES = REPORT_STATUSES.filter((s) => STATUS_INFO[s].public);
/**
 * `status=` of the public list and map: a group (the words of the staff queue) or one status.
 * `active` is the word the public API used for `open` until December 2026, still understood.
 */
export const STATUS_FILTERS = ['open', 'closed', 'all', ...PUBLIC_STATUSES] as const;
const STATUS_FILTER_ALIASES = ['active'] as const;

export function statusesFor(filter: (typeof STATUS_FILTERS)[number] | (typeof STATUS_FILTER_ALIASES)[number]): readonly ReportStatus[] {
  if (filter === 'open' || filter === 'active') return OPEN_STATUSES;
  if (filter === 'closed') return CLOSED_STATUSES;
  if (filter === 'all') return PUBLIC_STATUSES;
  return [filter];
}

/** `bbox=west,south,east,north`, as Leaflet's `getBounds().toBBoxString()` writes it. */
export const Bbox = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim());
    const n = parts.map(Number);
    if (parts.length !== 4 || parts.some((p) => p === '') || n.some((x) => !Number.isFinite(x))) {
      ctx.addIssue({ code: 'custom', message: 'must be four numbers: west,south,east,north' });
      return z.NEVER;
    }
    const [west, south, east, north] = n;
    if (west > east || south > north || south < -90 || north > 90 || west < -180 || east > 180) {
      ctx.addIssue({ code: 'custom', message: 'must be west,south,east,north with west ≤ east and south ≤ north' });
      return z.NEVER;
    }
    return { west, south, east, north };
  });

/**
 * `q`: a text search, trimmed; empty means none. Shorter than a trigram it is refused
 * (searchTextProblem): the index could not serve it, and every report would be read.
 */
export const SearchText = z
  .string()
  .max(TEXT_MAX.search, `must be at most ${TEXT_MAX.search} characters`)
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const problem = s ? searchTextProblem(s) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => s || undefined);

export const ListQuery = z.object({
  status: z.enum([...STATUS_FILTERS, ...STATUS_FILTER_ALIASES], `must be one of ${STATUS_FILTERS.join(', ')}`).optional(),
  category: queryInt(1, 2_147_483_647).optional(),
  street: queryInt(1, 2_147_483_647).optional(),
  q: SearchText.optional(),
  bbox: Bbox.optional(),
  cursor: z.string().max(100).optional(),
  limit: queryInt(1, 200).optional(),
});

const NearbyQuery = z.object({
  lat: queryNumber(-90, 90),
  lon: queryNumber(-180, 180),
  category: queryInt(1, 2_147_483_647).optional(),
  /** Metres. */
  radius: queryInt(10, 2000).optional(),
  limit: queryInt(1, 50).optional(),
});

const REPORT_COUNT_CACHE_SECONDS = 60;

export const isReference = (s: string) => REFERENCE_FORMAT.test(s);

export function reportRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  // Reads with a time bound (http/public-reads.ts); the filing below writes through sql. The list,
  // map and nearby reports may come from the replica: a report a moment late in a list is one
  // nobody reading it has just filed (the reporter has the tracking page, on the primary). A
  // report's page too, but when the replica says 404 the primary is asked (askPrimaryIf).
  const reads = publicReads(deps, 'replica');
  const limits = rateLimits(deps);
  // A minute-old count is plenty to guess how busy a map view is (listPublicReports).
  const reportCounts = new ResponseCache({ ttlSeconds: REPORT_COUNT_CACHE_SECONDS, maxEntries: 1000, now: deps.now });
  return new Hono<MunicipalityEnv>()
    .get('/', validate('query', ListQuery), async (c) => {
      const q = c.req.valid('query');
      const m = c.var.municipality;
      const statuses = statusesFor(q.status ?? 'open');
      const json = await reads(c, async (sql) => {
        let expectedInView: number | undefined;
        if (q.bbox && m.bounds) {
          const count = await reportCounts.get(`${m.id}:${statuses.join()}`, async () => String(await countPublicReports(sql, m.id, statuses)));
          expectedInView = Number(count) * viewShare(q.bbox, m.bounds);
        }
        return listPublicReports(sql, secretKey, m.id, {
          statuses,
          categoryId: q.category,
          streetId: q.street,
          q: q.q,
          bbox: q.bbox,
          cursor: q.cursor,
          limit: q.limit ?? 50,
          expectedInView,
        });
      });
      return answerJson(c, json);
    })
    .get('/nearby', validate('query', NearbyQuery), async (c) => {
      const q = c.req.valid('query');
      const reports = await reads(c, (sql) =>
        nearbyOpenReports(sql, c.var.municipality.id, { lat: q.lat, lon: q.lon }, q.radius ?? 250, q.category, q.limit ?? 10),
      );
      return c.json({ reports });
    })
    .get('/:reference', async (c) => {
      const reference = c.req.param('reference');
      if (!isReference(reference)) throw notFound('Report');
      // Not on a lagging replica yet, the report its reporter or the office has just published
      // (a link shared at once, the reporter's "see it on the map") is on the primary: a 404 only
      // when the primary says so.
      const onPrimaryIfMissing = { askPrimaryIf: (err: unknown) => err instanceof ApiError && err.status === 404 };
      return c.json(await reads(c, (sql) => getPublicReport(sql, c.var.municipality, reference), onPrimaryIfMissing));
    })
    .post('/', limits.file, filingBodyLimit, async (c) => {
      const key = IdempotencyKey.safeParse(c.req.header('Idempotency-Key'));
      if (!key.success) throw invalidRequest([{ field: 'Idempotency-Key', message: key.error.issues[0].message }]);
      const { input, files } = await readFiling(c.req.raw);
      const { antiSpam, ...report } = input;
      // Spam is turned away before any photo is decoded.
      const formTokenId = await checkAntiSpam(secretKey, c.var.municipality, antiSpam);
      const photos = await processPhotos(files);
      const idempotencyKey = scopedIdempotencyKey(secretKey, clientAddress(c, deps.trustProxy), key.data);
      // Only a filing that can be written counts against the municipality's limit (not the junk above); a replay is none.
      const filed = await limits.fileInMunicipality.around(
        c.var.municipality.id,
        () => fileReport(sql, secretKey, c.var.municipality, report, idempotencyKey, photos, formTokenId),
        (f) => !f.replayed,
      );
      if (filed.replayed) c.header('Idempotent-Replayed', 'true');
      const { replayed: _, ...body } = filed;
      // The office's promise: by when it takes the report in charge and resolves it.
      return c.json({ ...body, promise: await filingPromise(sql, c.var.municipality.id, filed.reference) }, 201);
    });
}
