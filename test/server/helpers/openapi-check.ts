import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createApp } from '../../../server/app.ts';
import { createLogger } from '../../../server/log.ts';

/**
 * Checks the server's real answers against its own OpenAPI document (GET /api/openapi.json):
 * helpers/app.ts runs every JSON answer a server test receives through `checkAnswer`, unless
 * OPENAPI_CHECK=0. A mismatch fails the test that made the request, naming route, status and field.
 */

// ajv-formats is CommonJS: its default export arrives wrapped under tsx.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }> }>> };

let loaded: { doc: Doc; ajv: Ajv2020; matchers: { path: string; regex: RegExp; literals: number }[] } | undefined;
const validators = new Map<string, ValidateFunction | null>();

/** The document as the server serves it (an app with no database: building it reads none). */
export async function openApiDocumentForTests(): Promise<Doc & Record<string, unknown>> {
  const app = createApp({ sql: {} as never, secretKey: Buffer.alloc(32), logger: createLogger('error', () => {}) });
  return (await (await app.request('/api/openapi.json')).json()) as Doc & Record<string, unknown>;
}

async function load() {
  if (loaded) return loaded;
  const doc = await openApiDocumentForTests();
  // strict off: the document has OpenAPI's own keywords around its schemas.
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi');
  const matchers = Object.keys(doc.paths).map((path) => ({
    path,
    regex: new RegExp(`^${path.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literals: path.replace(/\{[^}]+\}/g, '').length,
  }));
  loaded = { doc, ajv, matchers };
  return loaded;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The documented path a request path falls under: the most literal one, as the router prefers. */
export async function documentedPath(path: string): Promise<string | undefined> {
  const { matchers } = await load();
  return matchers.filter((m) => m.regex.test(path)).sort((a, b) => b.literals - a.literals)[0]?.path;
}

/**
 * Throws when a JSON answer does not match the document's schema for its route and status (or the
 * status's range, `4XX`, or `default`). Answers of routes or statuses without a schema pass:
 * test/server/openapi.test.ts lists those routes.
 */
export async function checkAnswer(method: string, url: string, status: number, contentType: string | null, body: unknown): Promise<void> {
  if (!contentType || !/^application\/(.+\+)?json/i.test(contentType)) return;
  const { doc, ajv } = await load();
  const path = new URL(url, 'http://x').pathname;
  const documented = await documentedPath(path);
  const operation = documented ? doc.paths[documented][method.toLowerCase()] : undefined;
  // A refusal of a route the app does not have (the catch-all 404s) has no operation to compare with.
  if (!operation && status >= 400) return;
  if (!documented) throw new Error(`OpenAPI: ${method} ${path} answered ${status}, but the document has no such path`);
  if (!operation) throw new Error(`OpenAPI: ${method} ${documented} answered ${status}, but the document has no such operation`);
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in operation.responses);
  if (!key) throw new Error(`OpenAPI: ${method} ${documented} answered ${status}, which the document does not list`);
  const id = `${method} ${documented} ${key}`;
  let validate = validators.get(id);
  if (validate === undefined) {
    const response = operation.responses[key];
    const ref = response.$ref
      ? `openapi${response.$ref}/content/application~1json/schema`
      : response.content?.['application/json']?.schema !== undefined
        ? `openapi#/${pointer('paths', documented, method.toLowerCase(), 'responses', key, 'content', 'application/json', 'schema')}`
        : undefined;
    validate = ref ? ajv.compile({ $ref: ref }) : null;
    validators.set(id, validate);
  }
  if (validate && !validate(body)) {
    const errors = validate.errors!.map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');
    throw new Error(`OpenAPI: the answer of ${method} ${path} (${status}) does not match ${documented}: ${errors}\n${JSON.stringify(body).slice(0, 600)}`);
  }
}
