import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApp } from '../../server/app.ts';
import { appOperations } from '../../server/http/openapi.ts';
import { createLogger } from '../../server/log.ts';
import { checkAnswer, openApiDocumentForTests } from './helpers/openapi-check.ts';

/**
 * The OpenAPI document (GET /api/openapi.json, README "OpenAPI"). Building it reads no database,
 * so the app here has none. That real answers match it is checked by every server test through
 * helpers/app.ts (helpers/openapi-check.ts).
 */

const app = (publicUrl?: string) => createApp({ sql: {} as never, secretKey: Buffer.alloc(32), logger: createLogger('error', () => {}), publicUrl });

type Operation = { security?: unknown[]; parameters?: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, { schema?: unknown }> }>; tags: string[] };

function operations(doc: Awaited<ReturnType<typeof openApiDocumentForTests>>): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [method.toUpperCase(), path, op as unknown as Operation] as [string, string, Operation]));
}

/**
 * Routes whose successful answer the document does not describe (server/http/openapi-routes.ts
 * has no entry): each would be a gap an integrator meets. None now; a new route must come with
 * its answers, or be named here.
 */
const UNDESCRIBED: string[] = [];

describe('GET /api/openapi.json', () => {
  test('is a valid OpenAPI 3.1 document, readable from any page and cacheable', async () => {
    const res = await app().request('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
    assert.match(res.headers.get('Cache-Control') ?? '', /public, max-age=\d+/);
    const doc = await res.json();
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc);
    assert.deepEqual(result.errors, undefined, JSON.stringify(result.errors, null, 1)?.slice(0, 3000));
    assert.equal(result.valid, true);
  });

  test('names PUBLIC_URL as its server when set, else the server it is read from', async () => {
    const behindProxy = await (await app('https://segnala.provincia.example').request('/api/openapi.json')).json();
    assert.deepEqual(behindProxy.servers, [{ url: 'https://segnala.provincia.example' }]);
    const direct = await (await app().request('/api/openapi.json')).json();
    assert.deepEqual(direct.servers, [{ url: '/' }]);
  });

  test('lists every route the app answers, and nothing the app does not answer', async () => {
    const doc = await openApiDocumentForTests();
    const honoRoutes = appOperations(app()).map((r) => ({ key: `${r.method} ${r.path}`, regex: new RegExp(`^${r.path.replace(/[.]/g, '\\.').replace(/:[A-Za-z_]\w*(\{[^}]*\})?/g, '[^/]+')}$`), method: r.method }));
    assert.ok(honoRoutes.length > 100, `the app lists ${honoRoutes.length} routes`);
    const documented = operations(doc).map(([method, path]) => ({ method, path, sample: path.replace(/\{format\}/g, 'json').replace(/\{[^}]+\}/g, 'x1') }));
    const served = (d: { method: string; sample: string }) => honoRoutes.filter((r) => r.method === d.method && r.regex.test(d.sample));
    const missing = honoRoutes.filter((r) => !documented.some((d) => d.method === r.method && served(d).includes(r)));
    assert.deepEqual(missing.map((r) => r.key), [], 'routes the app answers that the document lacks');
    const unknown = documented.filter((d) => served(d).length === 0);
    assert.deepEqual(unknown.map((d) => `${d.method} ${d.path}`), [], 'operations in the document that no route answers');
  });

  test('takes requests from the schemas the server validates with', async () => {
    const doc = await openApiDocumentForTests();
    const list = doc.paths['/api/v1/{municipality}/reports'].get as unknown as Operation;
    const bbox = list.parameters!.find((p) => p.name === 'bbox' && p.in === 'query');
    assert.ok(bbox, 'the list takes bbox');
    assert.equal(bbox.required, false);
    const clusters = doc.paths['/api/v1/{municipality}/reports/clusters'].get as unknown as Operation;
    assert.equal(clusters.parameters!.find((p) => p.name === 'zoom')?.required, true);
    const support = doc.paths['/api/v1/{municipality}/reports/{reference}/supports'].post as unknown as Operation;
    const body = support.requestBody!.content['application/json'] as { schema: { required: string[]; properties: Record<string, unknown> } };
    assert.deepEqual(body.schema.required, ['supporterToken']);
    assert.ok('email' in body.schema.properties);
    const filing = doc.paths['/api/v1/{municipality}/reports'].post as unknown as Operation;
    assert.ok(filing.requestBody!.content['application/json'] && filing.requestBody!.content['multipart/form-data'], 'a filing is JSON or a form with photos');
    assert.ok(filing.parameters!.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'));
  });

  test('asks for a staff session exactly where the server does, and groups routes by audience', async () => {
    const doc = await openApiDocumentForTests();
    const ops = operations(doc);
    const login = ops.find(([m, p]) => m === 'POST' && p === '/api/v1/{municipality}/admin/login')![2];
    assert.equal(login.security, undefined, 'logging in needs no session');
    assert.equal(login.tags[0], 'staff');
    for (const [method, path, op] of ops.filter(([, p]) => p.includes('/admin/') && !/\/admin\/(login|password-reset)/.test(p))) {
      assert.deepEqual(op.security, [{ staffSession: [] }], `${method} ${path} needs a session`);
    }
    for (const [method, path, op] of ops.filter(([, p]) => !p.includes('/admin/'))) {
      assert.equal(op.security, undefined, `${method} ${path} is public`);
      assert.equal(op.tags[0], path.startsWith('/open311/') ? 'Open311' : path.startsWith('/api/v1/') ? 'public' : 'operations', `${method} ${path}`);
    }
    assert.equal(doc.components && (doc.components as { securitySchemes: Record<string, { scheme: string }> }).securitySchemes.staffSession.scheme, 'bearer');
  });

  test('describes the successful answers of every route but the listed gaps', async () => {
    const doc = await openApiDocumentForTests();
    const undescribed = operations(doc)
      // The generator's placeholder for a route with no answer registered (server/http/openapi.ts).
      .filter(([, , op]) => '2XX' in op.responses)
      .map(([m, p]) => `${m} ${p}`);
    assert.deepEqual(undescribed, UNDESCRIBED);
  });
});

describe('the answer check of the server tests', () => {
  test('refuses an answer that does not match the document, naming the field', async () => {
    await checkAnswer('GET', '/healthz', 200, 'application/json', { status: 'ok' });
    await assert.rejects(checkAnswer('GET', '/healthz', 200, 'application/json', { status: 'fine' }), /healthz.*\/status/);
    await assert.rejects(checkAnswer('GET', '/api/v1/x/reports/SEG-1', 404, 'application/json', { error: { code: 'not_found' } }), /message/);
    await assert.rejects(checkAnswer('GET', '/no/such/path', 200, 'application/json', {}), /no such path/);
  });
});
