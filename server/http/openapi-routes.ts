import { z } from 'zod';
import { CitizenMessageSchema } from '../routes/citizen-messages.ts';
import { ConfigAnswer } from '../routes/config.ts';
import { Open311Answers } from '../open311/answers.ts';
import { SubscriptionAnswers } from '../routes/street-subscriptions.ts';
import { CitizenMessageResult, CitizenReplyContext } from '../services/citizen-messages.ts';
import { BodyLinkContext, BodyUpdateResult, Forwarded } from '../services/outside-bodies.ts';
import { AnswerResult, LinkAnswerPreview, TrackingQuestion } from '../services/resolution-checks.ts';
import { RatingView } from '../services/service-ratings.ts';
import { IdempotencyKey, NewReportSchema } from '../routes/filing.ts';
import { StaffFiled } from '../routes/admin-filing.ts';
import { RetryQueued } from '../routes/admin-failed-mail.ts';
import { SettingsAnswers } from '../routes/admin-settings.ts';
import { ResetSent } from '../routes/admin-staff-security.ts';
import { Created, SettingsView } from '../services/settings.ts';
import { StaffCatalog } from '../services/catalog.ts';
import { OfficesAnswer } from '../routes/admin-planning-offices.ts';
import { PlacesAnswers } from '../routes/admin-planning-places.ts';
import { BacklogAnswer } from '../services/planning/backlog.ts';
import { CellReportsPage, DensityAnswer } from '../services/planning/density.ts';
import { Stats } from '../services/stats.ts';
import { PublishedMessage } from '../services/citizen-messages.ts';
import { TextEdited } from '../services/report-moderation.ts';
import { BulkAnswer } from '../services/staff-bulk-actions.ts';
import { ActionAnswers } from '../services/staff-report-actions.ts';
import { ClusterAnswer } from '../services/clusters.ts';
import { FailedMail } from '../services/failed-mail.ts';
import { OutsideBody } from '../services/outside-bodies.ts';
import { PasswordResetAccount } from '../services/password-reset.ts';
import { ResponseTemplate } from '../services/response-templates.ts';
import { LoginChallenge, OpenedSession, StaffUser } from '../services/staff-auth.ts';
import { QueuePage } from '../services/staff-queue.ts';
import { StaffReportDetail } from '../services/staff-report-detail.ts';
import { StaffSession } from '../services/staff-sessions.ts';
import { OwnTotpState, StaffTotpState, TotpSetup } from '../services/staff-totp.ts';
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

const jpeg = (description: string) => ({ description, media: { 'image/jpeg': { type: 'string' as const, format: 'binary' } } });

// --- Open311 GeoReport v2 (routes/open311.ts): the format is the path's suffix, `.json` or `.xml`.

const format = z.enum(['json', 'xml']).describe('The answer format: json, or xml as GeoReport v2 has it first');
/** A JSON answer and its XML form (same elements, the specification's root). */
const open311 = (schema: z.ZodType, description: string) => ({ description, media: { 'application/json': schema, 'text/xml': { type: 'string' as const } } });
const open311Errors = {
  '4XX': open311(Open311Answers.errors, 'Refused: a request GeoReport v2 cannot take, or no such jurisdiction, service or request'),
  '5XX': open311(Open311Answers.errors, 'Failed on the server'),
};
const jurisdiction = z.string().max(200).optional().describe('Accepted and ignored: the path names the municipality');
const RequestsQuery = z.object({
  jurisdiction_id: jurisdiction,
  service_request_id: z.string().optional().describe('Comma-separated request ids: overrides every other filter'),
  service_code: z.string().optional().describe('Comma-separated service codes'),
  status: z.string().optional().describe('open, closed, or both comma-separated'),
  start_date: z.string().optional().describe('W3C date-time: requests filed since then (at most 90 days before end_date)'),
  end_date: z.string().optional().describe('W3C date-time'),
});
const Open311Filing = {
  type: 'object',
  required: ['api_key', 'service_code', 'description'],
  properties: Object.fromEntries(
    [
      ['api_key', 'The key the municipality gave the partner (in the body, never the URL)'],
      ['jurisdiction_id', 'Accepted and ignored'],
      ['service_code', 'A service_code of services.{format}'],
      ['lat', 'Latitude (WGS 84); lat and long, or address_string'],
      ['long', 'Longitude (WGS 84)'],
      ['address_string', 'A street and civic number'],
      ['address_id', "The street's national code"],
      ['description', 'What is wrong'],
      ['email', "The citizen's e-mail, for updates (never published)"],
      ['first_name', "The citizen's name (never published)"],
      ['last_name', "The citizen's surname (never published)"],
      ['phone', "The citizen's phone (never published)"],
      ['media_url', 'A photo on the partner\'s server'],
    ].map(([name, description]) => [name, { type: 'string', description }]),
  ),
  patternProperties: { '^attribute\\[[^\\]]{1,40}\\]$': { type: 'string', description: 'The answer to a service attribute (the category\'s questions)' } },
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
  [`POST ${V1}/track/:key/messages`]: {
    summary: 'The reporter adds information (JSON, or a form with photos), by tracking code',
    params: { key: z.string().describe("The reporter's tracking code") },
    body: { json: CitizenMessageSchema, multipart: withPhotos('message', 'The message') },
    answers: { 201: CitizenMessageResult },
  },
  [`GET ${V1}/citizen-replies/:key`]: { summary: "The office's question, from the link in its mail", answers: { 200: CitizenReplyContext } },
  [`POST ${V1}/citizen-replies/:key/messages`]: {
    summary: "The reporter answers the office's question, from the link in its mail",
    body: { json: CitizenMessageSchema, multipart: withPhotos('message', 'The message') },
    answers: { 201: CitizenMessageResult },
  },
  [`GET ${V1}/body-links/:token`]: { summary: "A forwarded report, for the outside body, from its mail's link", answers: { 200: BodyLinkContext } },
  [`POST ${V1}/body-links/:token/updates`]: { summary: "The outside body's update for the citizens", answers: { 201: BodyUpdateResult } },
  [`GET ${V1}/resolution-checks/link`]: { summary: '"Is it really fixed?": what a mailed answer link will record', answers: { 200: LinkAnswerPreview } },
  [`POST ${V1}/resolution-checks/link`]: { summary: '"Is it really fixed?": record a mailed answer link', answers: { 200: AnswerResult } },
  [`GET ${V1}/resolution-checks/track/:code`]: { summary: '"Is it really fixed?" for the reporter', answers: { 200: TrackingQuestion } },
  [`POST ${V1}/resolution-checks/track/:code`]: { summary: '"Is it really fixed?": the reporter answers', answers: { 200: AnswerResult } },
  [`GET ${V1}/ratings/track/:code`]: { summary: "The reporter's rating of the service", answers: { 200: RatingView } },
  [`POST ${V1}/ratings/track/:code`]: { summary: 'The reporter rates the service', answers: { 200: RatingView } },
  [`POST ${V1}/street-subscriptions`]: { summary: 'Follow a street: a confirmation mail follows', answers: { 202: SubscriptionAnswers.asked } },
  [`POST ${V1}/street-subscriptions/confirm`]: { summary: "Confirm following a street, with the mail's token", answers: { 200: SubscriptionAnswers.confirmed } },
  [`POST ${V1}/street-subscriptions/unsubscribe`]: { summary: 'Stop following, with a digest\'s token', answers: { 200: SubscriptionAnswers.stopped } },
  [`POST ${V1}/street-subscriptions/one-click-unsubscribe`]: {
    summary: "A digest's List-Unsubscribe URL (RFC 8058)",
    answers: { 200: SubscriptionAnswers.stopped },
  },
  [`GET ${V1}/photos/:id`]: { summary: 'A public photo', answers: { 200: jpeg('The photo') } },
  [`GET ${V1}/photos/:id/thumbnail`]: { summary: "A public photo's thumbnail", answers: { 200: jpeg('The thumbnail') } },
  [`GET ${V1}/open-data/segnalazioni.csv`]: {
    summary: 'The open dataset, CSV (304 when the ETag matches)',
    answers: { 200: { description: 'The reports as open data', media: { 'text/csv': { type: 'string' } } }, 304: null },
  },
  [`GET ${V1}/open-data/segnalazioni.geojson`]: {
    summary: 'The open dataset, GeoJSON (304 when the ETag matches)',
    answers: { 200: { description: 'The reports as a GeoJSON FeatureCollection', media: { 'application/geo+json': { type: 'string' } } }, 304: null },
  },
  [`GET ${V1}/open-data/catalogo.rdf`]: {
    summary: "The dataset's DCAT-AP_IT metadata (304 when the ETag matches)",
    answers: { 200: { description: 'DCAT-AP_IT RDF/XML', media: { 'application/rdf+xml': { type: 'string' } } }, 304: null },
  },
  // The staff API (routes/admin*.ts): a bearer session from POST /admin/login, but for the login
  // and password-reset routes themselves.
  [`POST ${V1}/admin/login`]: {
    summary: 'Log in: a session, or (two-step login) a challenge for the code',
    answers: { 200: z.union([OpenedSession, LoginChallenge]) },
  },
  [`POST ${V1}/admin/login/totp`]: { summary: "Log in, second step: the app's code", answers: { 200: OpenedSession } },
  [`POST ${V1}/admin/login/totp/setup`]: { summary: 'Set up two-step login during the login, when required', answers: { 200: TotpSetup } },
  [`POST ${V1}/admin/password-reset/check`]: { summary: 'Whose password a reset link sets', answers: { 200: PasswordResetAccount } },
  [`GET ${V1}/admin/me`]: { summary: 'The logged-in account', answers: { 200: z.object({ user: StaffUser }) } },
  [`GET ${V1}/admin/me/sessions`]: { summary: "One's own sessions", answers: { 200: z.object({ sessions: z.array(StaffSession) }) } },
  [`POST ${V1}/admin/me/sessions/close-others`]: { summary: "Close one's other sessions", answers: { 200: z.object({ closed: z.number().int() }) } },
  [`GET ${V1}/admin/me/totp`]: { summary: "One's own two-step login", answers: { 200: OwnTotpState } },
  [`POST ${V1}/admin/me/totp/setup`]: { summary: 'Start setting up two-step login: the secret, shown once', answers: { 200: TotpSetup } },
  [`GET ${V1}/admin/reports`]: { summary: 'The queue, a page at a time', answers: { 200: QueuePage } },
  [`POST ${V1}/admin/reports`]: {
    summary: "File a report for a citizen (a call, a mail, the front desk)",
    headers: idempotencyKey,
    answers: { 201: StaffFiled },
  },
  [`POST ${V1}/admin/reports/:reference/status`]: { summary: 'Change the status (with a public message)', answers: { 200: ActionAnswers.status } },
  [`POST ${V1}/admin/reports/:reference/replies`]: { summary: 'A public reply, or an internal note', answers: { 201: ActionAnswers.version } },
  [`POST ${V1}/admin/reports/:reference/assign`]: { summary: 'Move to another office or category', answers: { 200: ActionAnswers.move } },
  [`POST ${V1}/admin/reports/:reference/assignee`]: { summary: 'Give to a member of the office, or back to the office', answers: { 200: ActionAnswers.assignee } },
  [`POST ${V1}/admin/reports/bulk`]: { summary: 'One action on up to 200 reports, all or nothing', answers: { 200: BulkAnswer } },
  [`POST ${V1}/admin/reports/:reference/photos/:photo`]: { summary: 'Hide or show a photo', answers: { 200: ActionAnswers.version } },
  [`POST ${V1}/admin/reports/:reference/events/:event/publish`]: { summary: "Publish a citizen's message", answers: { 200: PublishedMessage } },
  [`POST ${V1}/admin/reports/:reference/merge`]: { summary: 'Merge into another report (a duplicate)', answers: { 200: ActionAnswers.merge } },
  [`POST ${V1}/admin/reports/:reference/text`]: { summary: 'Edit the public title and description (the original kept for staff)', answers: { 200: TextEdited } },
  [`POST ${V1}/admin/reports/:reference/forward`]: { summary: 'Forward to an outside body', answers: { 200: Forwarded } },
  [`GET ${V1}/admin/settings`]: { summary: "The municipality's settings, offices, categories and accounts (admins)", answers: { 200: SettingsView } },
  [`PATCH ${V1}/admin/settings`]: { summary: "Change the municipality's settings (admins)", answers: { 200: SettingsView } },
  [`GET ${V1}/admin/settings-changes`]: { summary: 'Who changed which setting, latest first (admins)', answers: { 200: SettingsAnswers.changes } },
  [`POST ${V1}/admin/departments`]: { summary: 'Add an office (admins)', answers: { 201: Created } },
  [`POST ${V1}/admin/categories`]: { summary: 'Add a category (admins)', answers: { 201: Created } },
  [`POST ${V1}/admin/staff`]: { summary: 'Add a staff account (admins)', answers: { 201: Created } },
  [`PATCH ${V1}/admin/staff/:id`]: { summary: 'Change a staff account (admins)', answers: { 200: Created } },
  [`POST ${V1}/admin/open311-key`]: { summary: 'A new Open311 key, replacing the old one (admins)', answers: { 201: SettingsAnswers.open311Key } },
  [`POST ${V1}/admin/staff/:id/password-reset`]: { summary: "Mail an account a link to set a new password (admins)", answers: { 202: ResetSent } },
  [`POST ${V1}/admin/failed-mails/:id/retry`]: { summary: 'Send a failed mail again', answers: { 200: RetryQueued } },
  [`GET ${V1}/admin/stats`]: { summary: 'Statistics of the reports staff may see', answers: { 200: Stats } },
  [`GET ${V1}/admin/planning/density`]: { summary: 'Planning: reports per cell of a map view', answers: { 200: DensityAnswer } },
  [`GET ${V1}/admin/planning/density/reports`]: { summary: "Planning: one cell's reports, a page at a time", answers: { 200: CellReportsPage } },
  [`GET ${V1}/admin/planning/offices`]: { summary: 'Planning: promises kept per office and month', answers: { 200: OfficesAnswer } },
  [`GET ${V1}/admin/planning/backlog`]: { summary: 'Planning: open reports per office by age', answers: { 200: BacklogAnswer } },
  [`GET ${V1}/admin/planning/recurrences`]: { summary: 'Planning: places where the same fault keeps coming back', answers: { 200: PlacesAnswers.recurrences } },
  [`GET ${V1}/admin/planning/streets`]: { summary: 'Planning: streets by reports, open, overdue, time to resolve', answers: { 200: PlacesAnswers.streets } },
  [`GET ${V1}/admin/catalog`]: { summary: 'Offices, categories (retired too) and active staff', answers: { 200: StaffCatalog } },
  [`GET ${V1}/admin/reports/:reference`]: { summary: 'A report as staff see it', answers: { 200: StaffReportDetail } },
  [`GET ${V1}/admin/staff/security`]: { summary: "Every account's two-step login (admins)", answers: { 200: z.object({ staff: z.array(StaffTotpState) }) } },
  [`GET ${V1}/admin/failed-mails`]: { summary: 'Mail that could not be delivered', answers: { 200: z.object({ mails: z.array(FailedMail) }) } },
  [`GET ${V1}/admin/templates`]: { summary: 'Response templates', answers: { 200: z.object({ templates: z.array(ResponseTemplate) }) } },
  [`POST ${V1}/admin/templates`]: { summary: 'Add a response template (admins)', answers: { 201: ResponseTemplate } },
  [`PATCH ${V1}/admin/templates/:id`]: { summary: 'Change a response template (admins)', answers: { 200: ResponseTemplate } },
  [`GET ${V1}/admin/bodies`]: { summary: 'Outside bodies', answers: { 200: z.object({ bodies: z.array(OutsideBody) }) } },
  [`POST ${V1}/admin/bodies`]: { summary: 'Add an outside body (admins)', answers: { 201: OutsideBody } },
  [`PATCH ${V1}/admin/bodies/:id`]: { summary: 'Change an outside body (admins)', answers: { 200: OutsideBody } },
  [`POST ${V1}/admin/me/password`]: { summary: 'Change one\'s own password (ends the other sessions)', answers: { 204: null } },
  [`DELETE ${V1}/admin/me/sessions/:id`]: { summary: 'Close one of one\'s own sessions', answers: { 204: null } },
  [`POST ${V1}/admin/me/totp/confirm`]: { summary: 'Confirm two-step login with a code of the app', answers: { 204: null } },
  [`POST ${V1}/admin/me/totp/disable`]: { summary: 'Turn two-step login off (password or a code)', answers: { 204: null } },
  [`POST ${V1}/admin/logout`]: { summary: 'End this session', answers: { 204: null } },
  [`POST ${V1}/admin/password-reset`]: { summary: 'Set a new password with a reset link\'s token', answers: { 204: null } },
  [`PATCH ${V1}/admin/departments/:id`]: { summary: 'Change an office (admins)', answers: { 204: null } },
  [`PATCH ${V1}/admin/categories/:id`]: { summary: 'Change a category (admins)', answers: { 204: null } },
  [`POST ${V1}/admin/staff/:id/totp-required`]: { summary: 'Require two-step login of an account (admins)', answers: { 204: null } },
  [`DELETE ${V1}/admin/staff/:id/totp`]: { summary: "Remove an account's two-step login, for a lost phone (admins)", answers: { 204: null } },
  [`DELETE ${V1}/admin/templates/:id`]: { summary: 'Delete a response template (admins)', answers: { 204: null } },
  [`GET ${V1}/admin/photos/:id`]: { summary: 'A photo, hidden ones included', answers: { 200: jpeg('The photo') } },
  [`GET ${V1}/admin/photos/:id/thumbnail`]: { summary: "A photo's thumbnail, hidden ones included", answers: { 200: jpeg('The thumbnail') } },
  [`GET ${V1}/admin/reports.csv`]: {
    summary: 'The queue as CSV (contacts only when asked, and recorded)',
    answers: { 200: { description: 'UTF-8 CSV with a byte-order mark', media: { 'text/csv': { type: 'string' } } } },
  },
  [`GET ${V1}/admin/reports.geojson`]: {
    summary: 'The queue as GeoJSON',
    answers: { 200: { description: 'A FeatureCollection of the reports with a place', media: { 'application/geo+json': { type: 'string' } } } },
  },
  [`GET ${V1}/admin/planning/streets.csv`]: {
    summary: 'The streets of the planning view, as CSV',
    answers: { 200: { description: 'UTF-8 CSV', media: { 'text/csv': { type: 'string' } } } },
  },
  [`GET ${V1}/stats`]: { summary: 'Public statistics (where the municipality publishes open data)', answers: { 200: PublicStats } },
  'GET /open311/v2/:municipality/:file': {
    expand: {
      'discovery.:format': {
        summary: 'GeoReport v2 service discovery',
        params: { format },
        query: z.object({ jurisdiction_id: jurisdiction }),
        answers: { 200: open311(Open311Answers.discovery, 'The endpoint, its formats and contact'), ...open311Errors },
      },
      'services.:format': {
        summary: 'The services (categories) one can file',
        params: { format },
        query: z.object({ jurisdiction_id: jurisdiction }),
        answers: { 200: open311(Open311Answers.services, 'The active services'), ...open311Errors },
      },
      'requests.:format': {
        summary: 'Service requests (public reports), by ids or by service, status and dates',
        params: { format },
        query: RequestsQuery,
        answers: { 200: open311(Open311Answers.requests, 'The requests, newest first (at most 1000)'), ...open311Errors },
      },
      'servicerequestupdates.:format': {
        summary: "FixMyStreet's extension: public updates of requests between two dates",
        params: { format },
        query: z.object({ jurisdiction_id: jurisdiction, start_date: RequestsQuery.shape.start_date, end_date: RequestsQuery.shape.end_date }),
        answers: { 200: open311(Open311Answers.updates, 'The updates'), ...open311Errors },
      },
    },
  },
  'GET /open311/v2/:municipality/services/:file': {
    expand: {
      ':service_code.:format': {
        summary: "A service's definition: its attributes (the category's notice and questions)",
        params: { format },
        query: z.object({ jurisdiction_id: jurisdiction }),
        answers: { 200: open311(Open311Answers.serviceDefinition, 'The definition'), ...open311Errors },
      },
    },
  },
  'GET /open311/v2/:municipality/requests/:file': {
    expand: {
      ':service_request_id.:format': {
        summary: 'One service request',
        params: { format },
        query: z.object({ jurisdiction_id: jurisdiction }),
        answers: { 200: open311(Open311Answers.requests, 'A list of the one request'), ...open311Errors },
      },
    },
  },
  'GET /open311/v2/:municipality/tokens/:file': {
    expand: {
      ':token.:format': {
        summary: 'Always 404: requests here are realtime and get their id at once',
        params: { format },
        answers: { 404: open311(Open311Answers.errors, 'No tokens here') },
      },
    },
  },
  'POST /open311/v2/:municipality/:file': {
    expand: {
      'requests.:format': {
        summary: 'File a service request (form fields, with the api_key)',
        params: { format },
        body: { form: Open311Filing, multipart: Open311Filing },
        answers: {
          201: open311(Open311Answers.filed, 'The new request, with its id'),
          ...open311Errors,
          403: open311(Open311Answers.errors, 'No api_key, or a wrong one'),
        },
      },
    },
  },
  'GET /metrics': {
    summary: 'Prometheus metrics (only when METRICS_TOKEN is set)',
    security: 'metricsToken',
    answers: { 200: { description: 'The Prometheus text format', media: { 'text/plain': { type: 'string' } } } },
  },
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
