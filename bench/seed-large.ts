/**
 * Fills a municipality with many reports for the benchmarks, on a real PostgreSQL.
 *
 *   npm run bench:seed -- --reports 100000 [--municipality seravezza] [--database-url URL] [--fresh]
 *
 * Without --database-url it uses DATABASE_URL, else the database segnala_bench_<size> on the
 * local server (created when missing; --fresh drops it first, only for segnala_bench_* names).
 * Not for the embedded PGlite: it serves one connection, and is not what a deployment that needs
 * these numbers runs.
 *
 * It starts from the normal schema (the server's migrations) and the Seravezza demo (its 302 real
 * streets, offices, 14 categories, ~150 reports). A --municipality other than one that exists is
 * created as a copy of Seravezza's offices, categories and streets, moved east on the map so that
 * municipalities do not overlap. Then it adds N reports with set-based SQL in one transaction:
 * streets drawn with Zipf-like weights, categories with the demo's weights, created over the last
 * two years (more in recent months), and a status that follows from the report's age and its
 * category's target days (most older ones closed, a backlog left open), with the history the
 * detail view shows (created, taken in charge, replies, work, closing, merges), supporters, and
 * tracking codes and supporter hashes made as the server makes them (same key as the load test).
 *
 * Over 400 lines as one file: a command nothing imports, most of it the SQL of that one
 * transaction, read top to bottom in the order it runs.
 */
import { createHash } from 'node:crypto';
import postgres from 'postgres';
import { migrate } from '../server/db/migrate.ts';
import { deriveTrackingCode, trackingHash } from '../server/services/tracking-code.ts';
import { TIME_ZONE } from '../server/domain/time-zone.ts';
import { createMunicipality, findMunicipality } from '../server/services/municipality.ts';
import { seedDemoIfEmpty } from '../server/demo/seed.ts';
import {
  ACCEPT_REPLIES,
  CATEGORY_TEXTS,
  FOLLOW_UP_REPLIES,
  HIDDEN_REPORTS,
  INTERNAL_NOTES,
  LANDMARKS,
  PROGRESS_MESSAGES,
  SCHEDULED_MESSAGES,
  SINCE,
} from '../server/demo/report-templates.ts';
import { DEMO_CATEGORIES, DEMO_DEPARTMENTS, DEMO_MUNICIPALITY, DEMO_REPORTERS } from '../server/demo/seed-data.ts';
import {
  BENCH_SECRET_KEY,
  PG_SERVER_URL,
  benchDatabaseName,
  databaseNameOf,
  databaseUrl,
  intOption,
  load1,
  machineInfo,
  parseArgs,
  secondsSince,
  writeResult,
} from './common.ts';

type Sql = postgres.Sql<{}>;

const USAGE = `usage: npm run bench:seed -- --reports N [--municipality slug] [--database-url URL] [--fresh] [--seed 0.42]`;

/** Days of history the reports are spread over. */
const HISTORY_DAYS = 730;

/** The key's HMAC pads (RFC 2104), so that PostgreSQL's sha256() computes HMAC-SHA256 exactly as node:crypto does. */
function hmacPads(key: Buffer): { ipad: Buffer; opad: Buffer } {
  const short = key.length > 64 ? createHash('sha256').update(key).digest() : key;
  const k = Buffer.concat([short, Buffer.alloc(64 - short.length)]);
  return { ipad: Buffer.from(k.map((b) => b ^ 0x36)), opad: Buffer.from(k.map((b) => b ^ 0x5c)) };
}

async function ensureDatabase(url: string, fresh: boolean): Promise<void> {
  const name = databaseNameOf(url);
  const admin = postgres({ ...connectionOf(url), database: 'postgres', max: 1, onnotice: () => {} });
  try {
    if (fresh) {
      if (!name.startsWith('segnala_bench_')) throw new Error(`--fresh drops only segnala_bench_* databases, not ${name}`);
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

function connectionOf(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    username: decodeURIComponent(u.username || 'postgres'),
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

/** The municipality to fill: an existing one, or a copy of Seravezza's catalogue and streets. */
async function municipalityFor(sql: Sql, slug: string): Promise<{ id: number; created: boolean }> {
  const [found] = await sql<{ id: number }[]>`SELECT id FROM municipality WHERE slug = ${slug}`;
  if (found) return { id: found.id, created: false };
  return sql.begin(async (tx) => {
    const source = await findMunicipality(tx, DEMO_MUNICIPALITY.slug);
    if (!source?.bounds) throw new Error('the Seravezza demo is missing: it is the template of new municipalities');
    const [{ n }] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM municipality`;
    // Each copy sits 0.2° further east: its streets and reports never share a bounding box with another's.
    const dx = 0.2 * n;
    const { south, west, north, east } = source.bounds;
    const id = await createMunicipality(tx, {
      slug,
      name: `Comune di ${slug.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase())} (benchmark)`,
      center: { lon: source.center.lon + dx, lat: source.center.lat },
      zoom: source.zoom,
      bounds: { south, north, west: west + dx, east: east + dx },
      privacyUrl: source.privacyUrl,
      publishOnArrival: source.publishOnArrival,
      allowedOrigins: source.allowedOrigins,
      contactEmail: DEMO_MUNICIPALITY.contactEmail,
      widgetPageUrl: '/demo/',
    });
    await tx`
      INSERT INTO department (municipality_id, name, email)
      SELECT ${id}, name, email FROM department WHERE municipality_id = ${source.id}`;
    await tx`
      INSERT INTO category (municipality_id, department_id, name, description, days_to_accept, days_to_resolve, active, sort_order)
      SELECT ${id}, nd.id, c.name, c.description, c.days_to_accept, c.days_to_resolve, c.active, c.sort_order
      FROM category c JOIN department od ON od.id = c.department_id
      JOIN department nd ON nd.municipality_id = ${id} AND nd.name = od.name
      WHERE c.municipality_id = ${source.id}`;
    await tx`
      INSERT INTO street (municipality_id, national_code, municipal_code, type, base_name, name, locality, alt_name)
      SELECT ${id}, national_code, municipal_code, type, base_name, name, locality, alt_name
      FROM street WHERE municipality_id = ${source.id}`;
    await tx`
      INSERT INTO street_point (municipality_id, street_id, location, source, civic, source_key)
      SELECT ${id}, ns.id, point(sp.location[0] + ${dx}, sp.location[1]), sp.source, sp.civic, sp.source_key
      FROM street_point sp JOIN street os ON os.id = sp.street_id
      JOIN street ns ON ns.municipality_id = ${id} AND ns.national_code = os.national_code
      WHERE sp.municipality_id = ${source.id}`;
    return { id, created: true };
  });
}

/** The words of the reports and of the offices' answers, per category and case, as temp tables. */
async function loadVocabulary(tx: postgres.TransactionSql<{}>, municipalityId: number) {
  const categories = await tx<{ id: number; name: string; department_id: number; department_name: string; days_to_accept: number; days_to_resolve: number }[]>`
    SELECT c.id, c.name, c.department_id, d.name AS department_name, c.days_to_accept, c.days_to_resolve
    FROM category c JOIN department d ON d.id = c.department_id
    WHERE c.municipality_id = ${municipalityId} AND c.active ORDER BY c.id`;
  if (categories.length === 0) throw new Error('the municipality has no active category');
  await tx`CREATE TEMP TABLE b_cat (
    category_id integer PRIMARY KEY, department_id integer, days_to_accept float8, days_to_resolve float8,
    weight float8, is_taxes boolean, signature text, work text, accept text[], progress text[], rejected text[], ncases integer) ON COMMIT DROP`;
  await tx`CREATE TEMP TABLE b_case (
    category_id integer, case_no integer, title text, details text[], work text, resolved text[], rejected text[],
    PRIMARY KEY (category_id, case_no)) ON COMMIT DROP`;
  const catRows: Record<string, unknown>[] = [];
  const caseRows: Record<string, unknown>[] = [];
  for (const c of categories) {
    // Seravezza's categories (and copies of them) carry the demo's words; any other category gets the "other" ones.
    const demo = DEMO_CATEGORIES.find((d) => d.name === c.name);
    const texts = CATEGORY_TEXTS[demo?.key ?? 'other'];
    const department = DEMO_DEPARTMENTS.find((d) => d.name === c.department_name);
    catRows.push({
      category_id: c.id,
      department_id: c.department_id,
      days_to_accept: c.days_to_accept,
      days_to_resolve: c.days_to_resolve,
      weight: demo?.weight ?? 2,
      is_taxes: demo?.key === 'taxes',
      signature: department?.signature ?? c.department_name,
      work: texts.work,
      accept: texts.accept ?? ACCEPT_REPLIES,
      progress: texts.progress ?? PROGRESS_MESSAGES,
      rejected: texts.rejected,
      ncases: texts.cases.length,
    });
    texts.cases.forEach((k, i) =>
      caseRows.push({
        category_id: c.id,
        case_no: i,
        title: k.title,
        details: k.details,
        work: k.work ?? texts.work,
        resolved: k.resolved,
        rejected: k.rejected ?? texts.rejected,
      }),
    );
  }
  await tx`INSERT INTO b_cat ${tx(catRows as never)}`;
  await tx`INSERT INTO b_case ${tx(caseRows as never)}`;
  await tx`CREATE TEMP TABLE b_words (
    since text[], landmarks text[], scheduled text[], follow_up text[], notes text[], hidden_titles text[],
    hidden_details text[], hidden_reasons text[], reporter_names text[], reporter_emails text[], reporter_phones text[],
    weekdays text[], months text[], ipad bytea, opad bytea) ON COMMIT DROP`;
  await tx`CREATE TEMP TABLE b_lottery (kind text, slot integer, id integer, PRIMARY KEY (kind, slot)) ON COMMIT DROP`;
}

/**
 * A lottery: ids repeated in proportion to their weight, so that a uniform draw picks an id as often
 * as its weight says with one array subscript (a join on cumulative ranges is far slower).
 */
function lottery(weights: { id: number; weight: number }[], size = 20_000): number[] {
  const total = weights.reduce((s, w) => s + w.weight, 0);
  const out: number[] = [];
  let acc = 0;
  for (const w of weights) {
    acc += w.weight;
    while (out.length < Math.round((acc / total) * size)) out.push(w.id);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) {
    console.log(USAGE);
    return;
  }
  const reports = intOption(args, 'reports', 100_000);
  const slug = String(args.get('municipality') ?? DEMO_MUNICIPALITY.slug);
  const seed = Number(args.get('seed') ?? 0.42);
  const url = String(args.get('database-url') ?? process.env.DATABASE_URL ?? databaseUrl(benchDatabaseName(reports)));
  if (url.startsWith(PG_SERVER_URL) && databaseNameOf(url) === 'postgres') throw new Error('refusing to fill the postgres database');
  const key = Buffer.from(BENCH_SECRET_KEY, 'utf8');
  const timings: Record<string, number> = {};
  const started = performance.now();
  let t = performance.now();
  const step = (name: string) => {
    timings[name] = secondsSince(t);
    console.log(`  ${name}: ${timings[name]} s`);
    t = performance.now();
  };

  console.log(`Seeding ${reports} reports into ${slug} at ${url.replace(/\/\/[^@]*@/, '//')} (load ${load1()})`);
  await ensureDatabase(url, args.has('fresh'));
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'segnala-bench-seed', TimeZone: 'UTC' } });
  try {
    await sql`SET temp_buffers = '1GB'`;
    await migrate(sql);
    const demo = await seedDemoIfEmpty(sql, key);
    if (demo) console.log(`  demo seeded: ${JSON.stringify(demo)}`);
    const m = await municipalityFor(sql, slug);
    if (m.created) console.log(`  municipality ${slug} created (copy of Seravezza's catalogue and streets)`);
    step('schema, demo and municipality');

    await sql.begin(async (tx) => {
      await tx`SET LOCAL synchronous_commit = off`;
      await tx`SET LOCAL maintenance_work_mem = '1GB'`;
      await tx`SET LOCAL work_mem = '256MB'`;
      await tx`SELECT setseed(${seed})`;
      await loadVocabulary(tx, m.id);

      const streets = await tx<{ id: number; type: string; points: number }[]>`
        SELECT s.id, s.type, count(sp.id)::int AS points FROM street s
        LEFT JOIN street_point sp ON sp.street_id = s.id
        WHERE s.municipality_id = ${m.id} GROUP BY s.id ORDER BY s.national_code`;
      if (!streets.some((s) => s.points > 0)) throw new Error('the municipality has no street points to place reports near');
      // Zipf-like: a few main roads draw most reports, lanes in the hills few. The rank is a
      // fixed shuffle of the street list, so the same streets are busy on every run.
      const ranked = streets
        .filter((s) => s.points > 0)
        .map((s) => ({ s, r: Math.sin(s.id * 12.9898) * 43758.5453 }))
        .map((x) => ({ ...x, r: x.r - Math.floor(x.r) }))
        .sort((a, b) => a.r - b.r)
        .map(({ s }, rank) => ({ id: s.id, weight: (s.type === 'TRAVERSA' ? 0.6 : 1) / (rank + 3) ** 0.9 }));
      const cats = await tx<{ category_id: number; weight: number }[]>`SELECT category_id, weight FROM b_cat`;
      const pads = hmacPads(key);
      await tx`
        INSERT INTO b_words VALUES (
          ${SINCE as string[]}, ${LANDMARKS as string[]}, ${SCHEDULED_MESSAGES as string[]}, ${FOLLOW_UP_REPLIES as string[]},
          ${INTERNAL_NOTES as string[]}, ${HIDDEN_REPORTS.map((h) => h.title)}, ${HIDDEN_REPORTS.map((h) => h.details)},
          ${HIDDEN_REPORTS.map((h) => h.reason)}, ${DEMO_REPORTERS.map((r) => r.name)}, ${DEMO_REPORTERS.map((r) => r.email)},
          ${DEMO_REPORTERS.map((r) => r.phone ?? '')},
          ${['lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica']},
          ${['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre']},
          ${pads.ipad}, ${pads.opad})`;
      const lots = [
        ...lottery(ranked).map((id, slot) => ({ kind: 'street', slot, id })),
        ...lottery(cats.map((c) => ({ id: c.category_id, weight: c.weight }))).map((id, slot) => ({ kind: 'category', slot, id })),
      ];
      for (let i = 0; i < lots.length; i += 5000) await tx`INSERT INTO b_lottery ${tx(lots.slice(i, i + 5000))}`;
      const [{ streetSlots, categorySlots }] = await tx<{ streetSlots: number; categorySlots: number }[]>`
        SELECT count(*) FILTER (WHERE kind = 'street')::int AS "streetSlots", count(*) FILTER (WHERE kind = 'category')::int AS "categorySlots"
        FROM b_lottery`;
      await tx`CREATE TEMP TABLE b_point ON COMMIT DROP AS
        SELECT street_id, (row_number() OVER (PARTITION BY street_id ORDER BY id) - 1)::int AS k,
               location[0] AS lon, location[1] AS lat, count(*) OVER (PARTITION BY street_id)::int AS n
        FROM street_point WHERE municipality_id = ${m.id}`;
      await tx`CREATE INDEX ON b_point (street_id, k)`;
      await tx.unsafe(`
        CREATE FUNCTION pg_temp.b_hmac(ipad bytea, opad bytea, msg bytea) RETURNS bytea
        LANGUAGE sql IMMUTABLE AS $$ SELECT sha256(opad || sha256(ipad || msg)) $$;
        -- deriveTrackingCode: 56 bits of the MAC, 50 kept, as 10 Crockford base32 characters.
        CREATE FUNCTION pg_temp.b_code(mac bytea) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
          SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ',
                   (((('x' || encode(substring(mac FROM 1 FOR 7), 'hex'))::bit(56)::bigint >> 6) >> (5 * (9 - i))) & 31)::int + 1, 1),
                 '' ORDER BY i)
          FROM generate_series(0, 9) i $$;
        -- "giovedì 26 novembre", as the demo writes dates in the offices' replies.
        CREATE FUNCTION pg_temp.b_date(t timestamptz, weekdays text[], months text[]) RETURNS text
        LANGUAGE sql STABLE AS $$
          SELECT weekdays[extract(isodow FROM t AT TIME ZONE '${TIME_ZONE}')::int] || ' ' ||
                 extract(day FROM t AT TIME ZONE '${TIME_ZONE}')::int || ' ' || months[extract(month FROM t AT TIME ZONE '${TIME_ZONE}')::int] $$;
        CREATE FUNCTION pg_temp.b_cap(t text) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$ SELECT upper(left(t, 1)) || substr(t, 2) $$;
      `);
      step('vocabulary');

      // 1. Who, where, when, and what will become of each report.
      await tx`
        CREATE TEMP TABLE b_slots ON COMMIT DROP AS
        SELECT i, floor(random() * ${streetSlots})::int AS street_slot, floor(random() * ${categorySlots})::int AS category_slot,
               -- Half spread evenly over the two years, half growing towards today (the service catches on).
               greatest(0.01, ${HISTORY_DAYS} * (1 - CASE WHEN random() < 0.5 THEN random() ELSE sqrt(random()) END)) AS age,
               random() AS u_fate, random() AS u_case, random() AS u_point, random() AS u_text, random() AS u_civic,
               random() AS u_a, random() AS u_b, random() AS u_c, random() AS u_d, random() AS u_e, random() AS u_f,
               random() AS u_g, random() AS u_h, random() AS u_sup, random() AS u_sup2, random() AS u_pool,
               random() AS u_jr, random() AS u_ja, random() AS u_contact, random() AS u_r1, random() AS u_r2,
               random() AS u_r3, random() AS u_r4, random() AS u_r5
        FROM generate_series(1, ${reports}) i`;
      await tx`
        CREATE TEMP TABLE b_draw ON COMMIT DROP AS
        SELECT ls.id AS street_id, lc.id AS category_id, d.*
        FROM b_slots d
        JOIN b_lottery ls ON ls.kind = 'street' AND ls.slot = d.street_slot
        JOIN b_lottery lc ON lc.kind = 'category' AND lc.slot = d.category_slot`;
      step('draw');

      // 2. The timeline each report follows (days after filing), and where it stands today.
      await tx`
        CREATE TEMP TABLE b_fate ON COMMIT DROP AS
        SELECT d.*, c.department_id, c.days_to_accept AS da, c.days_to_resolve AS dr, c.is_taxes, c.signature,
               floor(d.u_case * c.ncases)::int AS case_no,
               CASE WHEN u_fate < 0.005 THEN 'hidden'
                    WHEN u_fate < 0.045 THEN 'backlog'     -- never closed: the open tail of old reports
                    WHEN u_fate < 0.105 THEN 'duplicate'
                    WHEN u_fate < 0.185 THEN 'rejected'
                    ELSE 'resolved' END AS fate,
               -- Taken in charge within the target days, late one time in eight.
               c.days_to_accept * CASE WHEN u_a < 0.12 THEN 1.1 + 1.4 * u_b ELSE 0.05 + 0.85 * u_b END AS d_accept
        FROM b_draw d JOIN b_cat c USING (category_id)`;
      await tx`
        CREATE TEMP TABLE b_line ON COMMIT DROP AS
        SELECT f.*,
               CASE fate
                 WHEN 'resolved' THEN d_accept + 0.2 + (0.2 + 0.8 * u_c) * dr * CASE WHEN u_d < 0.15 THEN 1.2 + 0.8 * u_e ELSE 1 END
                 WHEN 'rejected' THEN 0.1 + u_c * (da * 1.5 + 2)
                 WHEN 'duplicate' THEN 0.05 + 2 * u_c
                 WHEN 'hidden' THEN 0.05 + 0.95 * u_c
               END AS d_close,
               fate IN ('resolved', 'backlog') AND u_f < 0.5 AS has_progress,
               fate IN ('resolved', 'backlog') AND u_f > 0.3 AS has_schedule
        FROM b_fate f`;
      await tx`
        CREATE TEMP TABLE b_when ON COMMIT DROP AS
        SELECT l.*,
               d_progress + CASE WHEN has_progress THEN 0.1 ELSE 0 END
                 + u_h * CASE WHEN fate = 'backlog' THEN greatest(1, dr * 0.6) ELSE (coalesce(d_close, 0) - d_progress) * 0.5 END AS d_schedule
        FROM (SELECT b.*,
                     CASE WHEN fate = 'backlog' THEN d_accept + 0.5 + u_g * greatest(1, dr * 0.4)
                          WHEN fate = 'resolved' THEN d_accept + (d_close - d_accept) * (0.2 + 0.3 * u_g)
                          ELSE d_accept END AS d_progress,
                     fate IN ('resolved', 'backlog') OR (fate = 'rejected' AND u_f < 0.5 AND d_accept < d_close) AS will_accept
              FROM b_line b) l`;
      await tx`
        CREATE TEMP TABLE b_state ON COMMIT DROP AS
        SELECT w.*,
               CASE
                 WHEN fate = 'hidden' THEN 'hidden'
                 WHEN fate IN ('resolved', 'rejected', 'duplicate') AND age >= d_close THEN fate
                 WHEN has_schedule AND age >= d_schedule THEN 'scheduled'
                 WHEN has_progress AND age >= d_progress THEN 'in_progress'
                 WHEN will_accept AND age >= d_accept THEN 'accepted'
                 ELSE 'submitted'
               END AS status
        FROM b_when w`;
      step('timelines');

      // 3. Ids and references in filing order; a duplicate points at the last report of its street and category before it.
      const [{ seq }] = await tx<{ seq: string }[]>`SELECT pg_get_serial_sequence('report', 'id') AS seq`;
      await tx`
        CREATE TEMP TABLE b_plan ON COMMIT DROP AS
        SELECT nextval(${seq}::regclass) AS id, o.*
        FROM (SELECT s.*, now() - s.age * interval '1 day' AS created_at,
                     extract(year FROM (now() - s.age * interval '1 day') AT TIME ZONE ${TIME_ZONE})::int AS year
              FROM b_state s ORDER BY s.age DESC) o`;
      await tx`
        CREATE TEMP TABLE b_ref ON COMMIT DROP AS
        SELECT x.id, x.year || '-' || lpad((coalesce(rc.last_number, 0) + x.n)::text, 6, '0') AS reference,
               coalesce(rc.last_number, 0) + x.n AS number,
               CASE WHEN x.status = 'duplicate' THEN x.prev END AS duplicate_of
        FROM (SELECT id, year, status, row_number() OVER (PARTITION BY year ORDER BY id) AS n,
                     lag(id) OVER (PARTITION BY street_id, category_id ORDER BY id) AS prev
              FROM b_plan) x
        LEFT JOIN reference_counter rc ON rc.municipality_id = ${m.id} AND rc.year = x.year`;
      const [{ top }] = await tx<{ top: number }[]>`SELECT coalesce(max(number), 0)::int AS top FROM b_ref`;
      if (top > 999_999) throw new Error('more than 999 999 reports in one year: references have six digits');
      step('ids and references');

      // 4. Every date of each report's history (clamped to the past), its supporters and its version.
      await tx`
        CREATE TEMP TABLE b_final ON COMMIT DROP AS
        WITH t AS (
          SELECT p.*, r.reference, r.duplicate_of,
                 -- The first report of its street and category cannot be a duplicate: it is declined instead.
                 CASE WHEN p.status = 'duplicate' AND r.duplicate_of IS NULL THEN 'rejected' ELSE p.status END AS st,
                 now() - interval '1 minute' AS latest
          FROM b_plan p JOIN b_ref r USING (id)
        ), d AS (
          SELECT t.*,
                 CASE WHEN st IN ('accepted', 'in_progress', 'scheduled', 'resolved')
                        OR (st = 'rejected' AND will_accept AND age >= d_accept)
                      THEN least(created_at + d_accept * interval '1 day', latest) END AS accepted_at,
                 CASE WHEN has_progress AND age >= d_progress AND st IN ('in_progress', 'scheduled', 'resolved')
                      THEN least(created_at + d_progress * interval '1 day', latest) END AS progress_at,
                 CASE WHEN has_schedule AND age >= d_schedule AND st IN ('scheduled', 'resolved')
                      THEN least(created_at + d_schedule * interval '1 day', latest) END AS schedule_at,
                 CASE WHEN st IN ('resolved', 'rejected', 'duplicate') OR st = 'hidden'
                      THEN least(created_at + least(d_close, age * 0.9) * interval '1 day', latest) END AS closed_or_hidden_at
          FROM t
        ), e AS (
          SELECT d.*,
                 CASE WHEN st = 'hidden' THEN NULL ELSE closed_or_hidden_at END AS closed_at,
                 CASE
                   WHEN st = 'scheduled' THEN date_trunc('day', schedule_at + (2 + 23 * u_d) * interval '1 day') + interval '7 hours'
                   WHEN st = 'resolved' AND schedule_at IS NOT NULL THEN closed_or_hidden_at
                   WHEN st IN ('resolved', 'accepted', 'in_progress') THEN created_at + dr * interval '1 day'
                 END AS expected_at,
                 CASE WHEN accepted_at IS NOT NULL AND u_r1 < 0.65
                      THEN least(accepted_at + (5 + 85 * u_r2) * interval '1 minute', latest) END AS accept_reply_at,
                 CASE WHEN accepted_at IS NOT NULL AND u_r3 < 0.25
                      THEN least(accepted_at + (30 + 270 * u_r2) * interval '1 minute', latest) END AS note_at,
                 greatest(created_at, accepted_at, progress_at, schedule_at) AS last_step
          FROM d
        ), f AS (
          SELECT e.*,
                 -- A report that waits long gets a word from the office.
                 CASE WHEN st IN ('accepted', 'in_progress', 'scheduled') AND age > dr * 0.6
                        AND last_step < latest - interval '12 hours' AND u_r4 < 0.6
                      THEN last_step + interval '5 hours' + (latest - last_step - interval '8 hours') * u_r5 END AS follow_up_at,
                 -- Mi associo: many on open reports, some on resolved ones, few on declined ones.
                 CASE
                   WHEN st IN ('submitted', 'accepted', 'in_progress', 'scheduled') THEN
                     CASE WHEN u_sup < 0.30 THEN 0 WHEN u_sup < 0.65 THEN 1 + floor(u_sup2 * 3)
                          WHEN u_sup < 0.90 THEN 4 + floor(u_sup2 * 5) ELSE 9 + floor(u_sup2 * 7) END
                   WHEN st = 'resolved' THEN
                     CASE WHEN u_sup < 0.50 THEN 0 WHEN u_sup < 0.85 THEN 1 + floor(u_sup2 * 4) ELSE 5 + floor(u_sup2 * 6) END
                   WHEN st = 'rejected' THEN CASE WHEN u_sup < 0.3 THEN 1 + floor(u_sup2 * 2) ELSE 0 END
                   ELSE 0
                 END::int AS wanted_supports
          FROM e
        )
        SELECT f.*,
               CASE WHEN coalesce(closed_at, latest) - created_at > interval '31 minutes' THEN wanted_supports ELSE 0 END AS supports,
               greatest(created_at, accepted_at, progress_at, schedule_at, closed_or_hidden_at, accept_reply_at, note_at, follow_up_at) AS updated_at,
               1 + (accepted_at IS NOT NULL)::int + (progress_at IS NOT NULL)::int + (schedule_at IS NOT NULL)::int
                 + (closed_or_hidden_at IS NOT NULL)::int + (accept_reply_at IS NOT NULL)::int + (note_at IS NOT NULL)::int
                 + (follow_up_at IS NOT NULL)::int AS version,
               floor(u_point * pt.n)::int AS point_k
        FROM f JOIN (SELECT street_id, max(n) AS n FROM b_point GROUP BY street_id) pt USING (street_id)`;
      step('histories');

      // Bulk loading: the report tables' secondary indexes are dropped and built again at the end
      // (same definitions), much faster than maintaining them row by row. Constraint indexes stay.
      const indexes = await tx<{ name: string; def: string }[]>`
        SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename IN ('report', 'report_event', 'support')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`;
      for (const ix of indexes) await tx.unsafe(`DROP INDEX "${ix.name}"`);

      // 5. The reports.
      await tx`
        INSERT INTO report (id, municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id, status,
                            published, title, details, street_id, civic, location, contact_name, contact_email, contact_phone,
                            support_count, duplicate_of, version, status_before_hidden, created_at, updated_at,
                            accepted_at, expected_at, closed_at)
        OVERRIDING SYSTEM VALUE
        SELECT p.id, ${m.id}, p.reference,
               pg_temp.b_hmac(w.ipad, w.opad, convert_to('segnala:tracking-lookup:', 'UTF8') ||
                 convert_to(pg_temp.b_code(pg_temp.b_hmac(w.ipad, w.opad, convert_to('segnala:tracking-code:', 'UTF8') || p.salt)), 'UTF8')),
               p.salt, p.category_id, p.department_id, p.st, p.st <> 'hidden',
               CASE WHEN p.st = 'hidden' THEN w.hidden_titles[1 + (p.i % array_length(w.hidden_titles, 1))] ELSE k.title END,
               pg_temp.b_cap(replace(replace(
                 CASE WHEN p.st = 'hidden' THEN w.hidden_details[1 + (p.i % array_length(w.hidden_details, 1))]
                      ELSE k.details[1 + floor(p.u_text * array_length(k.details, 1))::int] END,
                 '{presso}', p.presso), '{since}', w.since[1 + floor(p.u_r4 * array_length(w.since, 1))::int])),
               p.street_id, p.civic,
               -- Within 60 m of one of the street's known points.
               point(pt.lon + 60 * sqrt(p.u_jr) * cos(2 * pi() * p.u_ja) / (111320 * cos(radians(pt.lat))),
                     pt.lat + 60 * sqrt(p.u_jr) * sin(2 * pi() * p.u_ja) / 111320),
               -- A third leave a contact; it is erased 180 days after closing (CONTACT_RETENTION_DAYS), as the server does.
               CASE WHEN p.has_contact THEN w.reporter_names[p.who] END,
               CASE WHEN p.has_contact THEN w.reporter_emails[p.who] END,
               CASE WHEN p.has_contact THEN nullif(w.reporter_phones[p.who], '') END,
               p.supports, p.duplicate_of, p.version,
               CASE WHEN p.st = 'hidden' THEN 'submitted' END,
               p.created_at, p.updated_at, p.accepted_at, p.expected_at, p.closed_at
        FROM (
          SELECT b.*,
                 decode(md5(b.i::text || ':' || random()::text || ':' || random()::text), 'hex') AS salt,
                 CASE WHEN b.is_taxes OR b.u_civic < 0.6 THEN ceil(power(b.u_civic, 1.8) * 140 + 1)::int::text
                      ELSE lw.landmarks[1 + (b.i % array_length(lw.landmarks, 1))] END AS civic,
                 CASE WHEN b.is_taxes THEN 'al civico ' || ceil(power(b.u_civic, 1.8) * 140 + 1)::int
                      WHEN b.u_civic < 0.6 THEN 'all’altezza del civico ' || ceil(power(b.u_civic, 1.8) * 140 + 1)::int
                      ELSE lw.landmarks[1 + (b.i % array_length(lw.landmarks, 1))] END AS presso,
                 b.u_contact < 0.35 AND (b.closed_at IS NULL OR b.closed_at > now() - interval '180 days') AS has_contact,
                 1 + (b.i % array_length(lw.reporter_names, 1)) AS who
          FROM b_final b CROSS JOIN b_words lw
        ) p
        CROSS JOIN b_words w
        JOIN b_case k ON k.category_id = p.category_id AND k.case_no = p.case_no
        JOIN b_point pt ON pt.street_id = p.street_id AND pt.k = p.point_k
        ORDER BY p.id`;
      step('reports');

      // 6. Their public history and the offices' internal notes, as the detail view and the console read them.
      await tx`
        INSERT INTO report_event (municipality_id, report_id, type, status, message, public, created_at, data)
        SELECT ${m.id}, p.id, e.type, e.status, e.message, e.public, e.at, e.data
        FROM (SELECT b.*, k.work, k.resolved, k.rejected AS case_rejected, c.accept, c.progress,
                     o.reference AS original_reference
              FROM b_final b
              JOIN b_case k ON k.category_id = b.category_id AND k.case_no = b.case_no
              JOIN b_cat c ON c.category_id = b.category_id
              LEFT JOIN b_ref o ON o.id = b.duplicate_of) p
        CROSS JOIN b_words w
        CROSS JOIN LATERAL (VALUES
          ('created', 'submitted', NULL, true, p.created_at, NULL::jsonb),
          ('status', 'accepted', NULL, true, p.accepted_at, jsonb_build_object('from', 'submitted')),
          ('reply', NULL,
           pg_temp.b_cap(replace(p.accept[1 + floor(p.u_r5 * array_length(p.accept, 1))::int], '{date}',
             pg_temp.b_date(p.accepted_at + least(p.dr, 7) * interval '1 day', w.weekdays, w.months))) || ' — ' || p.signature,
           true, p.accept_reply_at, NULL),
          ('note', NULL, w.notes[1 + floor(p.u_r1 * array_length(w.notes, 1))::int], false, p.note_at, NULL),
          ('status', 'in_progress',
           pg_temp.b_cap(replace(p.progress[1 + floor(p.u_r2 * array_length(p.progress, 1))::int], '{work}', p.work)),
           true, p.progress_at, jsonb_build_object('from', 'accepted')),
          ('status', 'scheduled',
           pg_temp.b_cap(replace(replace(w.scheduled[1 + floor(p.u_r3 * array_length(w.scheduled, 1))::int], '{work}', p.work),
             '{date}', coalesce(pg_temp.b_date(p.expected_at, w.weekdays, w.months), ''))),
           true, p.schedule_at,
           jsonb_build_object('from', CASE WHEN p.progress_at IS NULL THEN 'accepted' ELSE 'in_progress' END,
                              'expectedAt', to_char(p.expected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
          ('status', p.st,
           CASE p.st WHEN 'resolved' THEN p.resolved[1 + floor(p.u_r3 * array_length(p.resolved, 1))::int]
                     WHEN 'rejected' THEN p.case_rejected[1 + floor(p.u_r3 * array_length(p.case_rejected, 1))::int] END,
           true, CASE WHEN p.st IN ('resolved', 'rejected') THEN p.closed_at END,
           jsonb_build_object('from', CASE WHEN p.schedule_at IS NOT NULL THEN 'scheduled' WHEN p.progress_at IS NOT NULL THEN 'in_progress'
                                           WHEN p.accepted_at IS NOT NULL THEN 'accepted' ELSE 'submitted' END)),
          ('merge', 'duplicate',
           'Lo stesso problema è già stato segnalato con la ' || p.original_reference ||
           ': abbiamo unito le due segnalazioni. Potete seguire l’avanzamento su quella, e associarvi.',
           true, CASE WHEN p.st = 'duplicate' THEN p.closed_at END, jsonb_build_object('into', p.original_reference)),
          -- Moderation and its reason stay internal, as when staff hide a report in the console.
          ('status', 'hidden', w.hidden_reasons[1 + (p.i % array_length(w.hidden_reasons, 1))], false,
           CASE WHEN p.st = 'hidden' THEN p.closed_or_hidden_at END, jsonb_build_object('from', 'submitted')),
          ('reply', NULL, w.follow_up[1 + floor(p.u_r2 * array_length(w.follow_up, 1))::int] || ' — ' || p.signature,
           true, p.follow_up_at, NULL)
        ) AS e (type, status, message, public, at, data)
        WHERE e.at IS NOT NULL
        -- In time order, as a live system appends them: a report's events lie on several pages.
        ORDER BY e.at`;
      // The report a duplicate joined records the merge too (internal).
      await tx`
        INSERT INTO report_event (municipality_id, report_id, type, message, public, created_at, data)
        SELECT ${m.id}, b.duplicate_of, 'merge',
               'Unita a questa la segnalazione ' || b.reference || ', che descriveva lo stesso problema.', false, b.closed_at,
               jsonb_build_object('from', b.reference)
        FROM b_final b WHERE b.st = 'duplicate'`;
      step('events');

      // 7. Mi associo: supporters drawn from a pool of people, so one person joins several reports.
      const pool = Math.max(1000, Math.floor(reports / 2));
      await tx`
        INSERT INTO support (municipality_id, report_id, supporter_hash, email, created_at)
        SELECT ${m.id}, b.id,
               pg_temp.b_hmac(w.ipad, w.opad, convert_to('segnala:supporter:segnala-bench-supporter-' || s.person, 'UTF8')),
               CASE WHEN (s.person % 10) = 0 AND (b.closed_at IS NULL OR b.closed_at > now() - interval '180 days')
                    THEN 'sostenitore.' || s.person || '@example.org' END,
               b.created_at + interval '30 minutes'
                 + (coalesce(b.closed_at, b.latest) - b.created_at - interval '31 minutes') * ((j - 0.5) / b.supports)
        FROM b_final b CROSS JOIN b_words w
        CROSS JOIN LATERAL (SELECT j, 1 + ((floor(b.u_pool * ${pool})::int + j) % ${pool}) AS person
                            FROM generate_series(1, b.supports) j) s
        WHERE b.supports > 0
        ORDER BY 5`;
      step('supports');

      for (const ix of indexes) await tx.unsafe(ix.def);
      step(`indexes rebuilt (${indexes.length})`);

      // The next report filed gets the next number of its year.
      await tx`
        INSERT INTO reference_counter (municipality_id, year, last_number)
        SELECT ${m.id}, p.year, max(r.number) FROM b_plan p JOIN b_ref r USING (id) GROUP BY p.year
        ON CONFLICT (municipality_id, year) DO UPDATE SET last_number = greatest(reference_counter.last_number, excluded.last_number)`;
    });
    step('commit');

    await sql`VACUUM ANALYZE report`;
    await sql`VACUUM ANALYZE report_event`;
    await sql`VACUUM ANALYZE support`;
    await sql`VACUUM ANALYZE reference_counter`;
    // The summaries' triggers (migrations 0020, 0022) updated a few thousand rows a million times
    // in one transaction: 2.5 million dead versions that made the public statistics ten times
    // slower (bench/results/planning-*.md) until compacted. Filings one at a time do not do this.
    await sql`VACUUM (FULL, ANALYZE) office_day, report_month_tally`;
    step('vacuum analyze');

    const check = await verify(sql, key, m.id);
    const total = secondsSince(started);
    const summary = {
      reports,
      municipality: slug,
      database: databaseNameOf(url),
      seconds: total,
      timings,
      ...check,
      machine: machineInfo(),
      at: new Date().toISOString(),
    };
    const file = await writeResult(`seed-${databaseNameOf(url)}-${slug}.json`, summary);
    console.log(`Done in ${total} s: ${JSON.stringify(check.counts)}\n  statuses: ${JSON.stringify(check.statuses)}\n  ${file}`);
  } finally {
    await sql.end();
  }
}

/** What was written, and proof that the tracking codes work: a few derived in Node must match their stored hashes. */
async function verify(sql: Sql, key: Buffer, municipalityId: number) {
  const [counts] = await sql<{ reports: number; events: number; supports: number; size: string }[]>`
    SELECT (SELECT count(*)::int FROM report WHERE municipality_id = ${municipalityId}) AS reports,
           (SELECT count(*)::int FROM report_event WHERE municipality_id = ${municipalityId}) AS events,
           (SELECT count(*)::int FROM support WHERE municipality_id = ${municipalityId}) AS supports,
           pg_size_pretty(pg_database_size(current_database())) AS size`;
  const statuses = Object.fromEntries(
    (await sql<{ status: string; n: number }[]>`
      SELECT status, count(*)::int AS n FROM report WHERE municipality_id = ${municipalityId} GROUP BY status ORDER BY n DESC`).map(
      (r) => [r.status, r.n],
    ),
  );
  const sample = await sql<{ tracking_salt: Buffer; tracking_hash: Buffer }[]>`
    SELECT tracking_salt, tracking_hash FROM report WHERE municipality_id = ${municipalityId} ORDER BY id DESC LIMIT 20`;
  const bad = sample.filter((r) => !trackingHash(key, deriveTrackingCode(key, r.tracking_salt)).equals(r.tracking_hash));
  if (bad.length) throw new Error(`${bad.length} of ${sample.length} tracking hashes do not match the server's derivation`);
  const [{ mismatched }] = await sql<{ mismatched: number }[]>`
    SELECT count(*)::int AS mismatched FROM report r
    WHERE r.municipality_id = ${municipalityId}
      AND r.support_count <> (SELECT count(*) FROM support s WHERE s.report_id = r.id)
      AND r.id > (SELECT max(id) - 5000 FROM report)`;
  if (mismatched) throw new Error(`${mismatched} reports whose support_count differs from their supporters`);
  return { counts, statuses, trackingCodesChecked: sample.length };
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
