import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { CLOSED_STATUSES, OPEN_STATUSES, REPORT_STATUSES, type ReportStatus, STATUS_INFO } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { LatLonSchema, id, optionalEmail, optionalText, queryInt, queryNumber, text } from '../http/schemas.ts';
import { rateLimits } from '../http/limits.ts';
import { ResponseCache } from '../http/response-cache.ts';
import { fieldErrors, invalidRequest, validate } from '../http/validate.ts';
import { MAX_PHOTOS, MAX_PHOTO_BYTES, type ProcessedPhoto, processPhoto } from '../services/photos.ts';
import { checkAntiSpam } from '../services/spam-check.ts';
import { countPublicReports, fileReport, getPublicReport, listPublicReports, nearbyOpenReports, viewShare } from '../services/reports.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

const PUBLIC_STATUSES = REPORT_STATUSES.filter((s) => STATUS_INFO[s].public);
export const STATUS_FILTERS = ['active', 'closed', 'all', ...PUBLIC_STATUSES] as const;

export function statusesFor(filter: (typeof STATUS_FILTERS)[number]): readonly ReportStatus[] {
  if (filter === 'active') return OPEN_STATUSES;
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

export const ListQuery = z.object({
  status: z.enum(STATUS_FILTERS, `must be one of ${STATUS_FILTERS.join(', ')}`).optional(),
  category: queryInt(1, 2_147_483_647).optional(),
  street: queryInt(1, 2_147_483_647).optional(),
  q: z.string().max(200, 'must be at most 200 characters').optional(),
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

export const NewReportSchema = z
  .object({
    categoryId: id,
    title: text(3, 150),
    details: text(1, 5000),
    streetId: id.optional(),
    civic: optionalText(100),
    location: LatLonSchema.optional(),
    contact: z
      .object({
        name: optionalText(200),
        email: optionalEmail,
        phone: z.preprocess(
          (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
          z
            .string()
            .trim()
            .regex(/^\+?[0-9][0-9 ()./-]{4,24}$/, 'must be a phone number')
            .optional(),
        ),
      })
      .optional(),
    privacyAccepted: z.literal(true, 'the privacy notice must be accepted'),
    /** The widget's spam-check fields (services/spam-check.ts); API clients of a municipality with checks off may omit them. */
    antiSpam: z
      .object({
        token: z.string().max(1000).optional(),
        website: z.string().max(1000).optional(),
        altcha: z.string().max(10_000).optional(),
      })
      .optional(),
  })
  .refine((r) => r.streetId !== undefined || r.location !== undefined, {
    message: 'give a street from the list or a point on the map',
    path: ['streetId'],
  });

const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{8,200}$/, 'must be 8 to 200 visible ASCII characters')
  .optional();

/** Filing bodies are small JSON; photos (multipart) get their own limit. */
const JSON_BODY_LIMIT = 64 * 1024;

/** JSON filings are small; with photos, three of at most 10 MB each and the form around them. */
const MULTIPART_BODY_LIMIT = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;
const multipartBodyLimit = bodyLimit({
  maxSize: MULTIPART_BODY_LIMIT,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `At most ${MAX_PHOTOS} photos of ${MAX_PHOTO_BYTES / 1024 / 1024} MB each`);
  },
});
const filingBodyLimit = createMiddleware((c, next) =>
  /^multipart\//i.test(c.req.header('Content-Type') ?? '') ? multipartBodyLimit(c, next) : jsonBodyLimit(c, next),
);

export const jsonBodyLimit = bodyLimit({
  maxSize: JSON_BODY_LIMIT,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `The request body is larger than ${JSON_BODY_LIMIT / 1024} KB`);
  },
});

const REPORT_COUNT_CACHE_SECONDS = 60;

export const isReference = (s: string) => /^\d{4}-\d{6}$/.test(s);

export function reportRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  const limits = rateLimits(deps);
  // A minute-old count is plenty to guess how busy a map view is (listPublicReports).
  const reportCounts = new ResponseCache({ ttlSeconds: REPORT_COUNT_CACHE_SECONDS, maxEntries: 1000, now: deps.now });
  return new Hono<MunicipalityEnv>()
    .get('/', validate('query', ListQuery), async (c) => {
      const q = c.req.valid('query');
      const m = c.var.municipality;
      const statuses = statusesFor(q.status ?? 'active');
      let expectedInView: number | undefined;
      if (q.bbox && m.bounds) {
        const count = await reportCounts.get(`${m.id}:${statuses.join()}`, async () => String(await countPublicReports(sql, m.id, statuses)));
        expectedInView = Number(count) * viewShare(q.bbox, m.bounds);
      }
      const json = await listPublicReports(sql, m.id, {
        statuses,
        categoryId: q.category,
        streetId: q.street,
        q: q.q?.trim() || undefined,
        bbox: q.bbox,
        cursor: q.cursor,
        limit: q.limit ?? 50,
        expectedInView,
      });
      return c.body(json, 200, { 'Content-Type': 'application/json' });
    })
    .get('/nearby', validate('query', NearbyQuery), async (c) => {
      const q = c.req.valid('query');
      const reports = await nearbyOpenReports(
        sql,
        c.var.municipality.id,
        { lat: q.lat, lon: q.lon },
        q.radius ?? 250,
        q.category,
        q.limit ?? 10,
      );
      return c.json({ reports });
    })
    .get('/:reference', async (c) => {
      const reference = c.req.param('reference');
      if (!isReference(reference)) throw notFound('Report');
      return c.json(await getPublicReport(sql, c.var.municipality, reference));
    })
    .post('/', limits.file, filingBodyLimit, async (c) => {
      const key = IdempotencyKey.safeParse(c.req.header('Idempotency-Key'));
      if (!key.success) throw invalidRequest([{ field: 'Idempotency-Key', message: key.error.issues[0].message }]);
      const { input, files } = await readFiling(c.req.raw);
      const { antiSpam, ...report } = input;
      // Spam is turned away before any photo is decoded.
      const formTokenId = await checkAntiSpam(secretKey, c.var.municipality, antiSpam);
      const photos = await processPhotos(files);
      const filed = await fileReport(sql, secretKey, c.var.municipality, report, key.data, photos, formTokenId);
      if (filed.replayed) c.header('Idempotent-Replayed', 'true');
      const { replayed: _, ...body } = filed;
      return c.json(body, 201);
    });
}

/**
 * A filing is JSON, or multipart/form-data with the same JSON in a `report` field and up to three
 * `photos` files (DESIGN.md). Either way the report is validated before any photo is processed,
 * and nothing is written until all of it is good.
 */
async function readFiling(req: Request): Promise<{ input: z.infer<typeof NewReportSchema>; files: File[] }> {
  const type = req.headers.get('Content-Type') ?? '';
  let raw: unknown;
  let files: File[] = [];
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw invalidRequest([{ field: '(body)', message: 'malformed multipart/form-data' }]);
    }
    const report = form.get('report');
    if (typeof report !== 'string') throw invalidRequest([{ field: 'report', message: 'the report JSON is missing' }]);
    raw = parseJson(report, 'report');
    const all = form.getAll('photos');
    if (all.some((f) => typeof f === 'string')) throw invalidRequest([{ field: 'photos', message: 'must be files' }]);
    files = all as File[];
    if (files.length > MAX_PHOTOS) throw invalidRequest([{ field: 'photos', message: `at most ${MAX_PHOTOS} photos` }]);
  } else if (/^application\/json/i.test(type)) {
    raw = parseJson(await req.text(), '(body)');
  } else {
    throw new ApiError(415, 'unsupported_media_type', 'Send the report as application/json or multipart/form-data');
  }
  const parsed = NewReportSchema.safeParse(raw);
  if (!parsed.success) throw invalidRequest(fieldErrors(parsed.error));
  for (const [i, file] of files.entries()) {
    if (file.size > MAX_PHOTO_BYTES) {
      throw new ApiError(413, 'payload_too_large', `photos.${i}: a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, {
        fields: [{ field: `photos.${i}`, message: 'too large' }],
      });
    }
  }
  return { input: parsed.data, files };
}

async function processPhotos(files: File[]): Promise<ProcessedPhoto[]> {
  const photos: ProcessedPhoto[] = [];
  for (const [i, file] of files.entries()) photos.push(await processPhoto(Buffer.from(await file.arrayBuffer()), `photos.${i}`));
  return photos;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest([{ field, message: 'malformed JSON' }]);
  }
}
