/**
 * The database limit of each endpoint: a minimal node:http server that issues the same SQL as the
 * real endpoint, through postgres.js with the same pool size, and answers the rows as JSON. No
 * Hono, no zod, no middleware, no mapping of rows: what the real server adds on top of this is its
 * HTTP, validation and JSON overhead. It answers on the same paths as the API, so the load test
 * sends both the very same requests.
 *
 *   PORT=9001 DATABASE_URL=… SECRET_KEY=… node --import tsx bench/servers/raw.ts
 *
 * Reads copy the statements of server/services (the municipality lookup of every request, then
 * the endpoint's queries): keep them in step; bench/load.ts checks at start that both servers
 * return the same reports. Writes and the clusters query call the services' own functions, whose
 * multi-statement transactions (and the clusters query, still evolving) would drift if copied:
 * they are postgres.js tagged templates with no more than a few lines of JavaScript around them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { hit } from '../../server/http/rate-limit.ts';
import { OPEN_STATUSES, CLOSED_STATUSES, REPORT_STATUSES, STATUS_INFO, type ReportStatus } from '../../server/domain/status.ts';
import { type Bounds, requireMunicipality } from '../../server/services/municipality.ts';
import { fileReport } from '../../server/services/report-filing.ts';
import { countPublicReports, NEWEST_LOOKED_THROUGH, viewShare } from '../../server/services/report-list.ts';
import { summaryJson } from '../../server/services/report-shapes.ts';
import { addSupport } from '../../server/services/supports.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const key = Buffer.from(process.env.SECRET_KEY ?? '', 'utf8');
/** The real server's pool: connectDatabase's default (server/db/connect.ts). */
const pool = Number(process.env.RAW_POOL ?? 10);
const sql = postgres(url, { max: pool, onnotice: () => {}, connection: { application_name: 'segnala-bench-raw', TimeZone: 'UTC' } });

const NO_LIMIT = { max: 1e12, windowSeconds: 3600 };
const PUBLIC_STATUSES = REPORT_STATUSES.filter((s) => STATUS_INFO[s].public);
const statusesFor = (f: string | null): readonly ReportStatus[] =>
  !f || f === 'active' ? OPEN_STATUSES : f === 'closed' ? CLOSED_STATUSES : f === 'all' ? PUBLIC_STATUSES : [f as ReportStatus];

interface ClustersModule {
  clusterGrid(bbox: { west: number; south: number; east: number; north: number }, zoom: number): unknown;
  clusterReports(sql: unknown, municipalityId: number, grid: unknown, zoom: number, f: { statuses: readonly ReportStatus[] }): Promise<unknown>;
}
/** The clusters service, when this checkout has it (it is loaded by name so that the bench typechecks without it). */
const clustersPath = '../../server/services/' + 'clusters.ts';
const clusters: ClustersModule | undefined = await import(clustersPath).catch(() => undefined);

/**
 * RAW_MUNICIPALITY_CACHE=1 keeps the lookup in memory: what caching it in the server would save
 * (a measurement for BENCHMARKS.md, not the server's behaviour).
 */
interface MunicipalityRow extends Bounds {
  id: number;
}
const municipalityCache = process.env.RAW_MUNICIPALITY_CACHE === '1' ? new Map<string, MunicipalityRow>() : undefined;

/** services/municipality.ts findMunicipality: what the municipality middleware runs on every request. */
async function municipality(slug: string) {
  const cached = municipalityCache?.get(slug);
  if (cached) return cached;
  const [row] = await sql<MunicipalityRow[]>`
    SELECT id, slug, name, istat_code, map_zoom, tile_url, tile_attribution, privacy_url,
           publish_on_arrival, allowed_origins, is_demo, spam_check, form_min_seconds,
           map_center[0] AS center_lon, map_center[1] AS center_lat,
           (map_bounds[1])[1] AS south, (map_bounds[1])[0] AS west,
           (map_bounds[0])[1] AS north, (map_bounds[0])[0] AS east
    FROM municipality WHERE slug = ${slug}`;
  if (row) municipalityCache?.set(slug, row);
  return row;
}

const summaryColumns = () => sql`
    r.id, r.reference, r.title, r.status, r.category_id, r.street_id, s.name AS street_name, r.civic,
    r.location[0] AS lon, r.location[1] AS lat, r.created_at, r.support_count`;

const reportCounts = new Map<string, { value: number; expires: number }>();

/**
 * routes/reports.ts and services/report-list.ts listPublicReports, with the filters the load test uses (status, bbox, limit):
 * the newest reports of the view first, then the view itself when they do not fill the page; each
 * report serialised by PostgreSQL (summaryJson) and the page sent as it comes.
 */
async function list(m: MunicipalityRow, q: URLSearchParams): Promise<string> {
  const mId = m.id;
  const bbox = q.get('bbox')?.split(',').map(Number);
  const limit = Number(q.get('limit') ?? 50);
  const statusList = statusesFor(q.get('status'));
  const statuses = sql(statusList as ReportStatus[]);
  const inBox = bbox ? sql`AND r.location[0] BETWEEN ${bbox[0]} AND ${bbox[2]} AND r.location[1] BETWEEN ${bbox[1]} AND ${bbox[3]}` : sql``;
  // The route's guess of how busy the view is, from a count kept a minute.
  let walk = !!bbox;
  if (bbox && m.west !== null) {
    const key = `${mId}:${statusList.join()}`;
    let count = reportCounts.get(key);
    if (!count || count.expires < Date.now()) {
      count = { value: await countPublicReports(sql, mId, statusList), expires: Date.now() + 60_000 };
      reportCounts.set(key, count);
    }
    walk = count.value * viewShare({ west: bbox[0], south: bbox[1], east: bbox[2], north: bbox[3] }, m) > limit;
  }
  let rows = walk
    ? await sql<{ summary: string }[]>`
        SELECT r.id, ${summaryJson(sql)}
        FROM (
          SELECT r.id, r.reference, r.title, r.status, r.category_id, r.street_id, r.civic, r.location,
                 r.created_at, r.support_count, r.search_text
          FROM report r
          WHERE r.municipality_id = ${mId} AND r.published
          ORDER BY r.created_at DESC, r.id DESC
          LIMIT ${sql.unsafe(String(NEWEST_LOOKED_THROUGH))}) r
        LEFT JOIN street s ON s.id = r.street_id
        WHERE true AND r.status IN ${statuses} ${inBox}
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT ${limit + 1}`
    : [];
  if (rows.length <= limit) {
    rows = await sql<{ summary: string }[]>`
      WITH page AS (
        SELECT r.id, r.created_at FROM report r
        WHERE r.municipality_id = ${mId} AND r.published AND r.status IN ${statuses} ${inBox}
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT ${limit + 1})
      SELECT r.id, ${summaryJson(sql)}
      FROM page JOIN report r ON r.id = page.id LEFT JOIN street s ON s.id = r.street_id
      ORDER BY page.created_at DESC, page.id DESC`;
  }
  return `{"reports":[${rows.slice(0, limit).map((r) => r.summary).join(',')}],"more":${rows.length > limit}}`;
}

/** services/report-detail.ts getPublicReport: loadDetail, publicEvents, photosOf. */
async function detail(mId: number, reference: string) {
  const [row] = await sql<{ id: string }[]>`
    SELECT ${summaryColumns()}, r.details, r.department_id, r.updated_at, r.accepted_at,
           r.expected_at, r.closed_at, r.published, d.reference AS duplicate_of_reference
    FROM report r
    LEFT JOIN street s ON s.id = r.street_id
    LEFT JOIN report d ON d.id = r.duplicate_of
    WHERE r.municipality_id = ${mId} AND r.reference = ${reference} AND r.published AND r.status <> 'hidden'`;
  if (!row) return undefined;
  const events = await sql`
    SELECT type, status, message, created_at AS at FROM report_event
    WHERE report_id = ${row.id} AND public
    ORDER BY created_at, id`;
  const photos = await sql`
    SELECT public_id, width, height, hidden FROM photo
    WHERE report_id = ${row.id} AND NOT hidden
    ORDER BY position`;
  return { ...row, events, photos };
}

/** services/streets.ts searchStreets (a non-empty query). */
function streets(mId: number, q: string, limit: number) {
  const query = q.trim();
  return sql`
    WITH f AS (SELECT fold_text(${query}) AS q),
    q AS (SELECT f.q, replace(replace(replace(f.q, '!', '!!'), '%', '!%'), '_', '!_') AS qe FROM f)
    SELECT id, name, type, locality
    FROM street, q
    WHERE municipality_id = ${mId}
      AND (search_name LIKE '%' || q.qe || '%' ESCAPE '!' OR word_similarity(q.q, search_name) >= ${0.45})
    ORDER BY
      (search_name LIKE q.qe || '%' ESCAPE '!' OR fold_text(base_name) LIKE q.qe || '%' ESCAPE '!') DESC,
      ((' ' || search_name) LIKE '% ' || q.qe || '%' ESCAPE '!') DESC,
      word_similarity(q.q, search_name) DESC,
      length(name), name
    LIMIT ${limit}`;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, data: unknown) {
  sendJson(res, status, JSON.stringify(data));
}

function sendJson(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const u = new URL(req.url ?? '/', 'http://raw');
  const m = /^\/api\/v1\/([^/]+)\/(reports|streets)(?:\/([^/]+))?(?:\/(supports))?\/?$/.exec(u.pathname);
  if (!m) return send(res, 404, { error: 'no route' });
  const [, slug, resource, sub, supports] = m;
  const client = `${req.socket.remoteAddress}`;
  if (req.method === 'GET') {
    const muni = await municipality(slug);
    if (!muni) return send(res, 404, { error: 'municipality' });
    if (resource === 'streets' && !sub) return send(res, 200, { streets: await streets(muni.id, u.searchParams.get('q') ?? '', Number(u.searchParams.get('limit') ?? 10)) });
    if (resource === 'reports' && !sub) return sendJson(res, 200, await list(muni, u.searchParams));
    if (resource === 'reports' && sub === 'clusters' && clusters) {
      const [west, south, east, north] = (u.searchParams.get('bbox') ?? '').split(',').map(Number);
      const zoom = Number(u.searchParams.get('zoom'));
      const grid = clusters.clusterGrid({ west, south, east, north }, zoom);
      return send(res, 200, await clusters.clusterReports(sql, muni.id, grid, zoom, { statuses: statusesFor(u.searchParams.get('status')) }));
    }
    if (resource === 'reports' && sub) {
      const found = await detail(muni.id, sub);
      return found ? send(res, 200, found) : send(res, 404, { error: 'report' });
    }
  }
  if (req.method === 'POST' && resource === 'reports') {
    // The writes need the whole Municipality (publishing rule, bounds, spam check): the service's own lookup.
    const muni = await requireMunicipality(sql, slug);
    const input = (await body(req)) as Record<string, unknown>;
    if (!sub) {
      await hit(sql, `file:${muni.id}:${client}`, NO_LIMIT);
      await hit(sql, `file:${muni.id}:*`, NO_LIMIT);
      const { antiSpam: _, ...report } = input;
      // The form token's single use is recorded in the filing's transaction; its HMAC check is not SQL.
      const tokenId = (muni as { spamCheck?: string }).spamCheck === 'off' ? undefined : randomBytes(12).toString('base64url');
      // Called loosely typed: the form-token argument (spam check) is newer than the rest of the signature.
      const file = fileReport as unknown as (...args: unknown[]) => Promise<unknown>;
      const filed = await file(sql, key, muni, report, req.headers['idempotency-key'], [], tokenId);
      return send(res, 201, filed);
    }
    if (supports) {
      await hit(sql, `support:${muni.id}:${client}`, NO_LIMIT);
      const result = await addSupport(sql, key, muni.id, sub, String(input.supporterToken), undefined);
      return send(res, result.created ? 201 : 200, result);
    }
  }
  send(res, 404, { error: 'no route' });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    const status = (err as { status?: number }).status ?? 500;
    send(res, status, { error: String((err as Error).message ?? err) });
  });
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});
