import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, errorHandler } from '../http/errors.ts';
import { readMultipartForm } from '../http/multipart.ts';
import {
  discovery,
  filedRequest,
  requestUpdate,
  service,
  serviceDefinition,
  serviceRequest,
} from '../open311/answers.ts';
import { dateWindow } from '../open311/dates.ts';
import { Open311Error } from '../open311/errors.ts';
import { type Format, elements, formatOfPath, respond, respondError, splitFormat } from '../open311/format.ts';
import { type Open311Status, statusesOf } from '../open311/status.ts';
import { findMunicipality } from '../services/municipality.ts';
import {
  MAX_REQUESTS,
  activeServices,
  categoryIdOf,
  contactEmailOf,
  fileOpen311Request,
  findRequests,
  findUpdates,
  type Open311Filing,
} from '../services/open311.ts';
import { isOpen311Key } from '../services/open311-keys.ts';
import type { ReportStatus } from '../domain/status.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/**
 * Open311 GeoReport v2 under /open311/v2/{municipality}/ (http://wiki.open311.org/GeoReport_v2),
 * with FixMyStreet's `servicerequestupdates` extension. The format is the path's suffix (.xml or
 * .json); errors come in the specification's shape and in the format asked, never in our API's.
 *
 * `jurisdiction_id` is accepted on every call and ignored: the path already names the
 * municipality, and FixMyStreet sends whatever its body is configured with.
 */

/** Filings are small forms; GeoReport v2 caps the description at 4000 characters. */
const FORM_LIMIT = 64 * 1024;
/** GeoReport v2's dozen fields and some attributes: room for them, not for a thousand empty parts. */
const MULTIPART_LIMITS = { maxParts: 50, maxHeaderBytes: 2048 };

/** `name.fmt` of a path segment, or a 404 naming the formats there are. */
function fileOf(file: string): { name: string; format: Format } {
  const split = splitFormat(file);
  if (!split) throw new Open311Error(404, `Unknown format in "${file}": add .xml or .json`);
  return split;
}

/** A comma-separated list, which GeoReport v2 also allows to be repeated (`?status=open&status=closed`). */
function listParam(c: Context, name: string): string[] | undefined {
  const values = (c.req.queries(name) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
}

async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('Content-Type') ?? '';
  try {
    if (/^multipart\/form-data/i.test(type)) {
      const form = await readMultipartForm(c.req.raw, MULTIPART_LIMITS);
      const params = new URLSearchParams();
      for (const [k, v] of form) if (typeof v === 'string') params.append(k, v);
      return params;
    }
    // application/x-www-form-urlencoded, as the specification says; a missing type is read the same.
    return new URLSearchParams(await c.req.text());
  } catch (err) {
    if (err instanceof ApiError) throw err; // past the multipart limits: 413
    throw new Open311Error(400, 'The request body is not a readable form (send application/x-www-form-urlencoded)');
  }
}

const FILING_FIELDS = [
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'description',
  'email',
  'first_name',
  'last_name',
  'phone',
  'media_url',
] as const satisfies readonly (keyof Open311Filing)[];

export function open311Routes({ sql, secretKey, logger }: Deps) {
  const generalError = errorHandler(logger);
  const app = new Hono<MunicipalityEnv>();

  // Every failure answers in the specification's error shape and in the format the path asked for.
  app.onError(async (err, c) => {
    const format = formatOfPath(c.req.path);
    if (err instanceof Open311Error) return respondError(c, format, err.status, [err.description]);
    if (err instanceof ApiError && err.status < 500) return respondError(c, format, err.status, [err.message]);
    // Anything else (database errors from odd input included) goes through the API's handler, which
    // knows which are the client's fault and logs the rest; only its shape is changed here.
    const general = generalError(err, c);
    const body = (await general.json()) as { error: { message: string } };
    const retryAfter = general.headers.get('Retry-After');
    if (retryAfter) c.header('Retry-After', retryAfter);
    return respondError(c, format, general.status as ContentfulStatusCode, [body.error.message]);
  });

  const photoBase = (c: Context) => `${new URL(c.req.url).origin}/api/v1/${c.var.municipality.slug}/photos`;

  return app
    // Public data, readable from any page; filing needs the key, whoever the caller.
    .use(cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 }))
    .use(async (c, next) => {
      const slug = c.req.param('municipality') ?? '';
      const municipality = await findMunicipality(sql, slug);
      if (!municipality) throw new Open311Error(404, `jurisdiction not found: no municipality "${slug}" here`);
      c.set('municipality', municipality);
      await next();
    })
    .get('/:file', async (c) => {
      const { name, format } = fileOf(c.req.param('file'));
      const m = c.var.municipality;
      switch (name) {
        case 'discovery': {
          const origin = new URL(c.req.url).origin;
          const email = await contactEmailOf(sql, m.id);
          const contact = email ? `${m.name} — ${email}` : m.name;
          return respond(c, format, 'discovery', discovery(`${origin}/open311/v2/${m.slug}`, contact));
        }
        case 'services':
          return respond(c, format, 'services', elements('service', (await activeServices(sql, m.id)).map(service)));
        case 'requests':
          return respond(c, format, 'service_requests', elements('request', (await queryRequests(c)).map((r) => serviceRequest(r, photoBase(c)))));
        case 'servicerequestupdates': {
          const { from, to } = dateWindow(c.req.query('start_date'), c.req.query('end_date'));
          const updates = await findUpdates(sql, m.id, from, to, MAX_REQUESTS);
          // FixMyStreet's own name for the root; it reads only the request_update elements.
          return respond(c, format, 'service_requests_updates', elements('request_update', updates.map(requestUpdate)));
        }
        default:
          throw new Open311Error(404, `No such Open311 resource: ${name}`);
      }
    })
    .get('/services/:file', async (c) => {
      const { name: code, format } = fileOf(c.req.param('file'));
      const categoryId = categoryIdOf(code);
      const [found] = categoryId === undefined ? [] : await activeServices(sql, c.var.municipality.id, categoryId);
      if (!found) throw new Open311Error(404, `service_code ${code} not found`);
      return respond(c, format, 'service_definition', serviceDefinition(found));
    })
    .get('/requests/:file', async (c) => {
      const { name: reference, format } = fileOf(c.req.param('file'));
      const [found] = await findRequests(sql, c.var.municipality.id, { references: [reference], limit: 1 });
      if (!found) throw new Open311Error(404, `service_request_id ${reference} not found`);
      return respond(c, format, 'service_requests', elements('request', [serviceRequest(found, photoBase(c))]));
    })
    .get('/tokens/:file', (c) => {
      fileOf(c.req.param('file'));
      throw new Open311Error(404, 'token not found: requests here are realtime and get their service_request_id at once');
    })
    .post(
      '/:file',
      bodyLimit({
        maxSize: FORM_LIMIT,
        onError: () => {
          throw new Open311Error(400, `The request body is larger than ${FORM_LIMIT / 1024} KB`);
        },
      }),
      async (c) => {
        const { name, format } = fileOf(c.req.param('file'));
        if (name !== 'requests') throw new Open311Error(404, `No such Open311 resource to post to: ${name}`);
        // The key goes in the form body, as GeoReport v2 says. In the URL it would be written down by
        // every proxy and server log on the way, so it is refused there even when right (README,
        // "Open311 for partners"), and not checked: this answer says nothing about the key.
        if (c.req.query('api_key') !== undefined) {
          throw new Open311Error(400, 'Send api_key in the form body, not in the URL: URLs are kept in server and proxy logs');
        }
        const form = await readForm(c);
        const m = c.var.municipality;
        const apiKey = form.get('api_key');
        if (!apiKey) throw new Open311Error(403, 'api_key was not provided');
        if (!(await isOpen311Key(sql, m.id, apiKey))) throw new Open311Error(403, 'Invalid api_key');
        const filing: Open311Filing = Object.fromEntries(
          FILING_FIELDS.flatMap((k) => (form.has(k) ? [[k, form.get(k)!]] : [])),
        );
        // Service attributes, `attribute[code]=value` (the category's questions, serviceDefinition).
        const attributes = [...form.keys()].flatMap((k) => {
          const code = /^attribute\[([^\]]{1,40})\]$/.exec(k)?.[1];
          return code === undefined ? [] : [[code, form.get(k)!] as const];
        });
        if (attributes.length) filing.attributes = Object.fromEntries(attributes);
        const filed = await fileOpen311Request(sql, secretKey, m, filing);
        return respond(c, format, 'service_requests', elements('request', [filedRequest(filed.reference, filed.notice)]), 201);
      },
    )
    .all('*', () => {
      throw new Open311Error(404, 'No such Open311 resource');
    });

  /** GET requests: by ids (which override every other filter), or by service, status and date. */
  async function queryRequests(c: Context<MunicipalityEnv>) {
    const m = c.var.municipality;
    const references = listParam(c, 'service_request_id');
    if (references) return findRequests(sql, m.id, { references: references.slice(0, MAX_REQUESTS), limit: MAX_REQUESTS });
    const codes = listParam(c, 'service_code');
    const statuses = listParam(c, 'status');
    for (const s of statuses ?? []) {
      if (s !== 'open' && s !== 'closed') throw new Open311Error(400, `status must be open or closed, not "${s}"`);
    }
    const { from, to } = dateWindow(c.req.query('start_date'), c.req.query('end_date'));
    const categoryIds = codes?.map(categoryIdOf).filter((id): id is number => id !== undefined);
    // Codes given, none of them ours: nothing can match.
    if (codes && !categoryIds!.length) return [];
    return findRequests(sql, m.id, {
      categoryIds,
      statuses: statuses && [...new Set((statuses as Open311Status[]).flatMap((s): readonly ReportStatus[] => statusesOf(s)))],
      from,
      to,
      limit: MAX_REQUESTS,
    });
  }
}
