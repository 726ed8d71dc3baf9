import { randomBytes } from 'node:crypto';
import { createApp } from '../../../server/app.ts';
import type { Database } from '../../../server/db/connect.ts';
import { type RateLimits, scaledLimits } from '../../../server/http/rate-limit.ts';
import { createLogger } from '../../../server/log.ts';
import { openTestDatabase } from './database.ts';
import { checkAnswer } from './openapi-check.ts';
import { createTestMunicipality, type TestMunicipality } from './fixtures.ts';

export interface TestApp {
  /** The app itself, for Hono's typed test client (`testClient(t.app)`). */
  app: ReturnType<typeof createApp>;
  db: Database;
  m: TestMunicipality;
  secretKey: Buffer;
  /** Log lines the app wrote, to check what never reaches a log. */
  logLines: string[];
  /** A request to the app (no port), JSON in and out. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** Limits no functional test reaches; the rate-limit tests pass their own. */
export const TEST_RATE_LIMITS = scaledLimits(10_000);

export async function startTestApp(
  opts: { publishOnArrival?: boolean; rateLimits?: RateLimits } & Parameters<typeof createTestMunicipality>[1] = {},
): Promise<TestApp> {
  const db = await openTestDatabase();
  const m = await createTestMunicipality(db.sql, opts);
  const secretKey = randomBytes(32);
  const logLines: string[] = [];
  const logger = createLogger('debug', (line) => logLines.push(line));
  const app = createApp({ sql: db.sql, secretKey, logger, rateLimits: opts.rateLimits ?? TEST_RATE_LIMITS });
  return {
    app,
    db,
    m,
    secretKey,
    logLines,
    async call(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
      }
      const res = await app.request(path, init);
      // ignoreBOM keeps a byte-order mark in the text (the CSV export must have one).
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      // Every JSON answer must match the OpenAPI document (GET /api/openapi.json): OPENAPI_CHECK=0 turns it off.
      if (process.env.OPENAPI_CHECK !== '0') await checkAnswer(method, path, res.status, res.headers.get('Content-Type'), parsed);
      return { status: res.status, body: parsed, headers: res.headers };
    },
    close: () => db.close(),
  };
}

/** A valid filing body for the test municipality; override what a test is about. */
export function reportBody(m: TestMunicipality, over: Record<string, unknown> = {}) {
  return {
    categoryId: m.categories.lighting,
    title: 'Lampione spento',
    details: 'Il lampione davanti al civico 3 è spento da una settimana.',
    streetId: m.streets.gasperi,
    civic: '3',
    location: { lat: 43.9953, lon: 10.2276 },
    contact: { name: 'Maria Rossi', email: 'maria.rossi@example.org', phone: '+39 333 1234567' },
    privacyAccepted: true,
    ...over,
  };
}
