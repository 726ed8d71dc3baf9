import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { ROUTE_DOCS } from './openapi-routes.ts';
import { type ValidationMeta, validationMeta } from './validate.ts';

/**
 * The OpenAPI 3.1 document of the HTTP API (README, "OpenAPI"), served at GET /api/openapi.json.
 * Nothing in it is written twice: the routes come from the app itself (`app.routes`), requests from
 * the zod schemas `validate()` checks them with, and answers from zod schemas defined next to the
 * code that builds them (whose types come from them) and listed per route in ./openapi-routes.ts.
 * A route added without a description still appears, with a generic answer, and the test
 * (test/server/openapi.test.ts) names it.
 */

/** An answer that is not (only) JSON: its media types, each with a schema when there is one. */
export interface MediaAnswer {
  description?: string;
  media: Record<string, z.ZodType | { type: 'string'; format?: string } | null>;
}

/** JSON answers by status (a schema, `null` for no body), or answers in other media types. */
export type Answers = Partial<Record<number | '4XX' | '5XX', z.ZodType | null | MediaAnswer>>;

export interface RouteDoc {
  summary?: string;
  description?: string;
  answers?: Answers;
  /** A body read without `validate()` (photos and all): JSON, and multipart with the same JSON in one field. */
  body?: { json?: z.ZodType; multipart?: Record<string, unknown>; form?: z.ZodType | Record<string, unknown> };
  /** Request headers the route reads itself (Idempotency-Key). */
  headers?: Record<string, { schema: z.ZodType; description: string }>;
  /** Query parameters the route reads itself. */
  query?: z.ZodObject;
  /** Path parameters the route checks itself: otherwise they are described as plain strings. */
  params?: Record<string, z.ZodType>;
  /** A security scheme of components.securitySchemes the route asks for (staff routes get theirs from the app). */
  security?: 'metricsToken';
}

/** A route's description: `{ expand }` documents one Hono route as several paths (Open311's `/:file`). */
export type RouteEntry = RouteDoc | { expand: Record<string, RouteDoc> };

/** The one error body of the API (server/http/errors.ts). */
export const ErrorAnswer = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // Answer types hold the Dates the code builds; JSON carries them as ISO 8601 texts.
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as JsonSchema;
  if (rest.$defs) {
    // `#/$defs/…` would point at the document's root inside OpenAPI: keep such schemas whole instead.
    throw new Error('OpenAPI: a schema with $defs (a recursive schema?) needs its references moved to components');
  }
  return rest;
}

/** `/reports/:reference{[A-Z0-9-]+}` → `/reports/{reference}` and its parameter names. */
export function openApiPath(honoPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = honoPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?\??/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

/** Routes that serve files or redirect to them (server/routes/static.ts): not API operations. */
export function isStaticRoute(method: string, path: string): boolean {
  return path.includes('*') || ((path === '/' || path === '/demo') && method === 'GET');
}

/** The operations the app answers: one per method and Hono path, middleware (`ALL`) and preflights left out. */
export function appOperations(app: Hono<any, any, any>): { method: string; path: string; handlers: unknown[]; index: number }[] {
  const operations = new Map<string, { method: string; path: string; handlers: unknown[]; index: number }>();
  app.routes.forEach((r, index) => {
    if (r.method === 'ALL' || r.method === 'OPTIONS' || isStaticRoute(r.method, r.path)) return;
    const key = `${r.method} ${r.path}`;
    const op = operations.get(key) ?? { method: r.method, path: r.path, handlers: [], index };
    op.handlers.push(r.handler);
    operations.set(key, op);
  });
  return [...operations.values()];
}

const PARAM_DESCRIPTIONS: Record<string, string> = {
  municipality: "The municipality's slug, as in its widget's `municipality` attribute",
  reference: "A report's public reference, like `SEG-2026-000123`",
  code: "The reporter's tracking code (letters and digits, dashes optional)",
};

function tagOf(path: string): string {
  if (path.startsWith('/open311/')) return 'Open311';
  if (path.includes('/admin/') || path.endsWith('/admin')) return 'staff';
  if (path.startsWith('/api/v1/')) return 'public';
  return 'operations';
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\/\{municipality\}/, '')
    .replace(/^\/open311\/v2\/\{municipality\}/, '/open311')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)));
  return method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

const errorRef = { $ref: '#/components/responses/Error' };

function answerObject(status: string, answer: z.ZodType | null | MediaAnswer): JsonSchema {
  const description =
    answer && 'media' in answer && answer.description ? answer.description : status === '204' ? 'No content' : status === '304' ? 'Not modified' : status.startsWith('2') ? 'Success' : 'Answer';
  if (answer === null) return { description };
  if ('media' in answer) {
    const content: JsonSchema = {};
    for (const [media, schema] of Object.entries(answer.media)) {
      content[media] = schema === null ? {} : { schema: schema instanceof z.ZodType ? jsonSchema(schema, 'output') : schema };
    }
    return { description, content };
  }
  return { description, content: { 'application/json': { schema: jsonSchema(answer, 'output') } } };
}

function parametersOf(
  pathParams: string[],
  validations: ValidationMeta[],
  doc: RouteDoc | undefined,
): { parameters: JsonSchema[]; body?: JsonSchema } {
  const parameters: JsonSchema[] = pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    ...(PARAM_DESCRIPTIONS[name] ? { description: PARAM_DESCRIPTIONS[name] } : {}),
    schema: doc?.params?.[name] ? jsonSchema(doc.params[name], 'input') : { type: 'string' },
  }));
  const queries = validations.filter((v) => v.target === 'query').map((v) => v.schema);
  if (doc?.query) queries.push(doc.query);
  for (const query of queries) {
    const shape = (query as z.ZodObject).shape ?? {};
    for (const [name, field] of Object.entries(shape) as [string, z.ZodType][]) {
      const schema = jsonSchema(field, 'input');
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: 'query',
        required: !field.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  for (const [name, header] of Object.entries(doc?.headers ?? {})) {
    parameters.push({
      name,
      in: 'header',
      required: !header.schema.safeParse(undefined).success,
      description: header.description,
      schema: jsonSchema(header.schema, 'input'),
    });
  }
  const content: JsonSchema = {};
  const json = validations.find((v) => v.target === 'json')?.schema ?? doc?.body?.json;
  if (json) content['application/json'] = { schema: jsonSchema(json, 'input') };
  if (doc?.body?.multipart) content['multipart/form-data'] = { schema: doc.body.multipart };
  const form = validations.find((v) => v.target === 'form')?.schema ?? doc?.body?.form;
  if (form) content['application/x-www-form-urlencoded'] = { schema: form instanceof z.ZodType ? jsonSchema(form, 'input') : form };
  return { parameters, ...(Object.keys(content).length ? { body: { required: true, content } } : {}) };
}

export interface OpenApiOptions {
  /** PUBLIC_URL: the server's address as its clients see it; absent, the document's own origin. */
  publicUrl?: string;
}

/** The OpenAPI 3.1 document of `app`'s operations. */
export function openApiDocument(app: Hono<any, any, any>, opts: OpenApiOptions = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  // Staff routes sit behind the bearer check (server/routes/admin.ts), a middleware registered
  // after the login routes: those before it need no session, those after it do.
  const staffGate = app.routes.findIndex((r) => r.method === 'ALL' && /\/admin\/\*$/.test(r.path));
  for (const op of appOperations(app)) {
    const validations = op.handlers.flatMap((h) => validationMeta.get(h as object) ?? []);
    const entry: RouteEntry | undefined = ROUTE_DOCS[`${op.method} ${op.path}`];
    const expansions: [string, RouteDoc][] = entry && 'expand' in entry ? Object.entries(entry.expand) : [[op.path, entry ?? {}]];
    for (const [honoPath, doc] of expansions) {
      const fullHonoPath = honoPath.startsWith('/') ? honoPath : op.path.replace(/[^/]+$/, honoPath);
      const { path, params } = openApiPath(fullHonoPath);
      const tag = tagOf(path);
      const staff = tag === 'staff' && staffGate >= 0 && op.index > staffGate;
      const { parameters, body } = parametersOf(params, validations, doc);
      const responses: JsonSchema = {};
      for (const [status, answer] of Object.entries(doc.answers ?? {})) responses[status] = answerObject(status, answer!);
      if (!doc.answers) {
        // Not described yet: the route is listed, its answer is not (the test names such routes).
        responses['2XX'] = { description: 'Success (answer not described yet)' };
      }
      if (tag !== 'Open311') {
        responses['4XX'] ??= errorRef;
        responses['5XX'] ??= errorRef;
      }
      const method = op.method.toLowerCase();
      (paths[path] ??= {})[method] = {
        operationId: operationId(method, path),
        tags: [tag],
        ...(doc.summary ? { summary: doc.summary } : {}),
        ...(doc.description ? { description: doc.description } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(body ? { requestBody: body } : {}),
        responses,
        ...(staff ? { security: [{ staffSession: [] }] } : doc.security ? { security: [{ [doc.security]: [] }] } : {}),
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Segnala API',
      version: pkg.version,
      description:
        "Citizens' reports of faults to their municipality: the public API (under /api/v1/{municipality}), the staff API (/admin under it, with a session from POST /admin/login) and Open311 GeoReport v2 (under /open311/v2/{municipality}). The README's \"HTTP API\" section explains each route.",
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: opts.publicUrl ? opts.publicUrl.replace(/\/+$/, '') : '/' }],
    tags: [
      { name: 'public', description: 'What citizens and municipal sites use: no account' },
      { name: 'staff', description: "The municipality's offices: a bearer session from POST /admin/login" },
      { name: 'Open311', description: 'GeoReport v2 for partners (FixMyStreet and others); answers in XML or JSON by suffix' },
      { name: 'operations', description: 'Probes and metrics for the people who run the server' },
    ],
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorAnswer, 'output') },
      responses: {
        Error: {
          description: 'The request was refused (4xx) or failed (5xx); `details.fields` names the fields at fault',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      securitySchemes: {
        staffSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'The `token` that POST /api/v1/{municipality}/admin/login answers, as `Authorization: Bearer <token>`',
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'METRICS_TOKEN, as `Authorization: Bearer <token>` (GET /metrics)',
        },
      },
    },
  };
}

/**
 * GET /api/openapi.json: built on first request (every route is registered by then) and kept for
 * the process's life. Readable from any page, like the other public reads.
 */
export function openApiRoute(opts: OpenApiOptions) {
  let app: Hono<any, any, any> | undefined;
  let text: string | undefined;
  return {
    /** Names the app to describe, once it is whole. */
    describe(whole: Hono<any, any, any>) {
      app = whole;
    },
    handler(c: Context) {
      text ??= JSON.stringify(openApiDocument(app!, opts));
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cache-Control', 'public, max-age=3600');
      c.header('Content-Type', 'application/json; charset=UTF-8');
      return c.body(text);
    },
  };
}
