import { z } from 'zod';
import { IdempotencyKey, NewReportSchema } from '../routes/filing.ts';
import type { RouteEntry } from './openapi.ts';

/**
 * The answers of each route, by `METHOD <Hono path>` as `app.routes` lists it, for the OpenAPI
 * document (server/http/openapi.ts). The schemas live next to the code that builds each answer,
 * which takes its type from them; this map only says which route answers what.
 */

/** A body with photos: the JSON as `jsonField`, up to three `photos` (routes/filing.ts, readBodyWithPhotos). */
const withPhotos = (jsonField: string, description: string) => ({
  type: 'object',
  required: [jsonField],
  properties: {
    [jsonField]: { type: 'string', description },
    photos: { type: 'array', maxItems: 3, items: { type: 'string', contentMediaType: 'image/*' }, description: 'JPEG, PNG or WebP photos, at most 10 MB each' },
  },
});

const idempotencyKey = {
  'Idempotency-Key': {
    schema: IdempotencyKey,
    description: 'Any unique text of yours: sending the same filing again with it answers the first filing instead of filing twice',
  },
};

const Health = z.object({ status: z.literal('ok') });
const Readiness = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unreachable']) });

export const ROUTE_DOCS: Record<string, RouteEntry> = {
  'GET /healthz': { summary: 'Liveness probe', answers: { 200: Health } },
  'GET /readyz': { summary: 'Readiness probe: the database answers', answers: { 200: Readiness, 503: Readiness } },
  'POST /api/v1/:municipality/reports': {
    summary: 'File a report (JSON, or a form with photos)',
    headers: idempotencyKey,
    body: { json: NewReportSchema, multipart: withPhotos('report', 'The same JSON as the application/json body') },
  },
  'GET /api/openapi.json': {
    summary: 'This document',
    answers: { 200: { description: 'The OpenAPI 3.1 document', media: { 'application/json': { type: 'string' } } } },
  },
};
