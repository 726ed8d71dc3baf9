import { z } from 'zod';
import { ConfigAnswer } from '../routes/config.ts';
import { IdempotencyKey, NewReportSchema } from '../routes/filing.ts';
import { ClusterAnswer } from '../services/clusters.ts';
import { PublicStats } from '../services/public-stats.ts';
import { PublicReportDetail, TrackedReport } from '../services/report-detail.ts';
import { FiledReport } from '../services/report-filing.ts';
import { FilingPromise, TrackingExtras } from '../services/report-promise.ts';
import { ReportList, ReportSummary } from '../services/report-shapes.ts';
import { FormToken } from '../services/spam-check.ts';
import { NearestStreet, StreetSummary, StreetWithCount } from '../services/streets.ts';
import { SupportResult } from '../services/supports.ts';
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

const V1 = '/api/v1/:municipality';

export const ROUTE_DOCS: Record<string, RouteEntry> = {
  // The public API (routes/*.ts mounted in app.ts)
  [`GET ${V1}/config`]: { summary: "The widget's configuration: municipality, map, categories, offices, statuses", answers: { 200: ConfigAnswer } },
  [`GET ${V1}/form-token`]: { summary: 'A single-use token (and ALTCHA challenge) for one filing form', answers: { 200: FormToken } },
  [`GET ${V1}/streets`]: { summary: 'Streets by name, for an autocomplete', answers: { 200: z.object({ streets: z.array(StreetSummary) }) } },
  [`GET ${V1}/streets/nearest`]: { summary: 'The street at a point', answers: { 200: z.object({ street: NearestStreet.nullable() }) } },
  [`GET ${V1}/streets/summary`]: { summary: 'Every street with its open reports', answers: { 200: z.object({ streets: z.array(StreetWithCount) }) } },
  [`GET ${V1}/streets/:id`]: { summary: 'One street with its open reports', answers: { 200: z.object({ street: StreetWithCount }) } },
  [`GET ${V1}/reports/clusters`]: { summary: 'The public reports of a map view, grouped in cells', answers: { 200: ClusterAnswer } },
  [`GET ${V1}/reports`]: { summary: 'The public list of reports, a page at a time', answers: { 200: ReportList } },
  [`GET ${V1}/reports/nearby`]: {
    summary: 'Open reports near a point (similar reports before filing)',
    answers: { 200: z.object({ reports: z.array(ReportSummary.extend({ distanceMeters: z.number() })) }) },
  },
  [`GET ${V1}/reports/:reference`]: { summary: "A report's public page", answers: { 200: PublicReportDetail } },
  [`POST ${V1}/reports/:reference/supports`]: {
    summary: 'Mi associo: support a report (201 the first time, 200 again)',
    answers: { 200: SupportResult, 201: SupportResult },
  },
  [`GET ${V1}/track/:code`]: { summary: "The reporter's view by tracking code", answers: { 200: TrackedReport.extend(TrackingExtras.shape) } },
  [`DELETE ${V1}/track/:code/contact`]: { summary: "Erase the reporter's name, e-mail and phone", answers: { 204: null } },
  [`GET ${V1}/stats`]: { summary: 'Public statistics (where the municipality publishes open data)', answers: { 200: PublicStats } },
  'GET /healthz': { summary: 'Liveness probe', answers: { 200: Health } },
  'GET /readyz': { summary: 'Readiness probe: the database answers', answers: { 200: Readiness, 503: Readiness } },
  [`POST ${V1}/reports`]: {
    summary: 'File a report (JSON, or a form with photos)',
    headers: idempotencyKey,
    body: { json: NewReportSchema, multipart: withPhotos('report', 'The same JSON as the application/json body') },
    answers: { 201: FiledReport.omit({ replayed: true }).extend({ promise: FilingPromise }) },
  },
  'GET /api/openapi.json': {
    summary: 'This document',
    answers: { 200: { description: 'The OpenAPI 3.1 document', media: { 'application/json': { type: 'string' } } } },
  },
};
