import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

/**
 * Migrations hold their locks briefly (README "Upgrading"). Each file is applied in turn to a real
 * PostgreSQL database holding a few rows in every table, and two things are checked against the
 * words of its comments:
 *
 * - a table or index rewritten (a new `pg_class.relfilenode`: PostgreSQL copied every row while
 *   the table was locked ACCESS EXCLUSIVE) must be named by a comment "rewrites <table>" (or
 *   "rebuilds <index>" for an index rebuilt on its own);
 * - work that reads a whole big table while writes to it wait (BIG_TABLES: an index built without
 *   CONCURRENTLY, a constraint added without NOT VALID, SET NOT NULL, a new column with a CHECK or
 *   a foreign key, an UPDATE or DELETE, a read of the table), found by reading the SQL, must be
 *   named by "scans <table>". Migrations run in one transaction (server/db/migrate.ts), so a lock
 *   any statement takes lasts until the whole upgrade ends, and even a plain read of the table then
 *   happens while writes wait.
 *
 * Tables a file creates itself are empty when it runs and need no words.
 */
const BIG_TABLES = ['report', 'report_event', 'support'];

const migrationsDir = fileURLToPath(new URL('../../server/db/migrations/', import.meta.url));

/**
 * A few rows in each table, written right after the migration that creates it (with only the
 * columns it has then), so that every later migration runs on data as a deployment's would.
 */
const ROWS_AFTER: Record<string, string> = {
  '0001_init.sql': `
    INSERT INTO municipality (slug, name, map_center) VALUES ('uno', 'Comune Uno', point(10.2, 43.9)), ('due', 'Comune Due', point(10.3, 44.0));
    INSERT INTO department (municipality_id, name, email) SELECT id, 'Ufficio Tecnico', 'tecnico@example.org' FROM municipality;
    INSERT INTO category (municipality_id, department_id, name) SELECT municipality_id, id, 'Strade' FROM department;
    INSERT INTO street (municipality_id, national_code, type, base_name, name) SELECT id, '1', 'VIA', 'ROMA', 'Via Roma' FROM municipality;
    INSERT INTO street_point (municipality_id, street_id, location, source, civic, source_key)
      SELECT municipality_id, id, point(10.2, 43.9), 'civic', '1', 'k' || id FROM street;
    INSERT INTO reference_counter (municipality_id, year, last_number) SELECT id, 2026, 3 FROM municipality;
    INSERT INTO report (municipality_id, reference, tracking_hash, tracking_salt, category_id, department_id, status,
        published, title, details, street_id, location, contact_email, created_at, accepted_at, closed_at)
      SELECT c.municipality_id, '2026-00000' || n, gen_random_bytes(32), gen_random_bytes(16), c.id, c.department_id,
        (ARRAY['submitted', 'accepted', 'resolved'])[n], true, 'Buca ' || n, 'Una buca in via Roma', s.id, point(10.2, 43.9),
        'cittadino@example.org', now() - make_interval(days => 40 - n), CASE WHEN n > 1 THEN now() - make_interval(days => 30) END,
        CASE WHEN n = 3 THEN now() - make_interval(days => 20) END
      FROM category c JOIN street s USING (municipality_id), generate_series(1, 3) n;
    INSERT INTO report_event (municipality_id, report_id, type, status, message, public)
      SELECT municipality_id, id, 'created', status, NULL, true FROM report;
    INSERT INTO support (municipality_id, report_id, supporter_hash, email)
      SELECT municipality_id, id, gen_random_bytes(32), 'sostenitore@example.org' FROM report;`,
  '0002_staff.sql': `
    INSERT INTO staff_user (municipality_id, email, name, role, password_hash)
      SELECT id, 'admin@' || slug || '.example', 'Admin', 'admin', 'scrypt$x' FROM municipality;
    INSERT INTO staff_department (municipality_id, staff_user_id, department_id)
      SELECT u.municipality_id, u.id, d.id FROM staff_user u JOIN department d USING (municipality_id);
    INSERT INTO staff_session (token_hash, municipality_id, staff_user_id, expires_at)
      SELECT gen_random_bytes(32), municipality_id, id, now() + interval '8 hours' FROM staff_user;
    INSERT INTO login_failure (municipality_id, email) SELECT id, 'x@example.org' FROM municipality;
    INSERT INTO report_event (municipality_id, report_id, type, status, message, public, staff_user_id)
      SELECT r.municipality_id, r.id, 'reply', NULL, 'Ci pensiamo noi', true, u.id FROM report r JOIN staff_user u USING (municipality_id);
    INSERT INTO outbox (municipality_id, report_id, kind, recipient, last_error)
      SELECT municipality_id, id, 'receipt', 'cittadino@example.org', '550 cittadino@example.org: no such user' FROM report;`,
  '0003_photos.sql': `
    INSERT INTO photo (municipality_id, report_id, public_id, position, data, width, height, thumbnail)
      SELECT municipality_id, id, encode(gen_random_bytes(12), 'hex'), 0, '\\xffd8ffd9', 1, 1, '\\xffd8ffd9' FROM report;`,
  '0004_open311.sql': `UPDATE report SET media_url = 'https://example.org/foto.jpg' WHERE reference = '2026-000001';`,
  '0005_rate_limit.sql': `INSERT INTO rate_limit (key, window_start, hits) VALUES ('filing:127.0.0.1', now(), 1);`,
  '0006_spam_check.sql': `INSERT INTO form_token_use (municipality_id, token_id) SELECT id, 'token-' || id FROM municipality;`,
  '0010_login_throttle.sql': `
    INSERT INTO login_throttle (municipality_id, email, client, window_start, attempts)
      SELECT id, 'admin@example.org', 'all', now(), 1 FROM municipality;`,
  '0015_resolution_checks.sql': `
    INSERT INTO resolution_check (municipality_id, report_id, who, round, answer)
      SELECT municipality_id, id, 'reporter', 1, 'fixed' FROM report WHERE status = 'resolved';
    INSERT INTO service_rating (report_id, municipality_id, rating) SELECT id, municipality_id, 4 FROM report WHERE status = 'resolved';`,
  '0016_street_subscriptions.sql': `
    INSERT INTO street_subscription (municipality_id, street_id, email, confirmed_at)
      SELECT municipality_id, id, 'vicino@example.org', now() FROM street;`,
  '0020_office_planning.sql': `
    INSERT INTO contact_export (municipality_id, staff_user_id, filters, row_count)
      SELECT municipality_id, id, '{}', 3 FROM staff_user;`,
  '0021_open_data_snapshot.sql': `
    INSERT INTO open_data_snapshot (municipality_id, day, row_count, etags, byte_sizes)
      SELECT id, current_date, 3, '{}', '{}' FROM municipality;
    INSERT INTO open_data_part (municipality_id, day, format, seq, body)
      SELECT municipality_id, day, 'csv', 0, '\\x00' FROM open_data_snapshot;`,
  '0024_settings_change.sql': `
    INSERT INTO settings_change (municipality_id, staff_user_id, subject, action, changes)
      SELECT municipality_id, id, 'settings', 'changed', '{"name": "x"}' FROM staff_user;`,
  '0026_response_templates.sql': `
    INSERT INTO response_template (municipality_id, title, body, category_id)
      SELECT municipality_id, 'Risolta', 'La segnalazione {reference} è risolta.', id FROM category;`,
  '0029_staff_security.sql': `
    INSERT INTO staff_password_reset (municipality_id, staff_user_id, salt, page_url, expires_at)
      SELECT municipality_id, id, gen_random_bytes(16), 'https://example.org/', now() + interval '1 day' FROM staff_user;
    INSERT INTO staff_login_challenge (token_hash, municipality_id, staff_user_id, expires_at)
      SELECT gen_random_bytes(32), municipality_id, id, now() + interval '5 minutes' FROM staff_user;`,
  '0031_outside_bodies.sql': `
    INSERT INTO outside_body (municipality_id, name, email) SELECT id, 'Acquedotto', 'acqua@example.org' FROM municipality;`,
};

/** The SQL without its comments, as statements in lower case with single spaces. */
function statements(sqlText: string): string[] {
  const code = sqlText.replace(/--[^\n]*/g, ' ').toLowerCase();
  // Function bodies stay in: a read of a big table inside a function the file calls is a scan too.
  return code
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The comments of a migration in lower case, with single spaces (a phrase may wrap). */
const commentText = (sqlText: string) =>
  [...sqlText.matchAll(/--([^\n]*)/g)]
    .map((m) => m[1])
    .join(' ')
    .toLowerCase()
    .replace(/\s+/g, ' ');

const says = (comments: string, verb: string, name: string) => new RegExp(`\\b${verb} ${name}\\b`).test(comments);

/** The big tables a file's statements read whole while writes to them wait, with the statement. */
function scannedBigTables(sqlText: string): Map<string, string> {
  const found = new Map<string, string>();
  const created = new Set<string>();
  for (const s of statements(sqlText)) {
    const made = /^create (?:unlogged )?table (?:if not exists )?(\w+)/.exec(s);
    if (made) created.add(made[1]);
    for (const t of BIG_TABLES) {
      if (created.has(t) || found.has(t)) continue;
      const on = `(?:only )?(?:public\\.)?${t}\\b`;
      const scans =
        new RegExp(`^create (?:unique )?index (?!concurrently)[^(]* on ${on}`).test(s) ||
        (new RegExp(`^alter table (?:if exists )?${on}`).test(s) &&
          (/\badd constraint \w+ (?:check|foreign key)(?![^,]*\bnot valid\b)/.test(s) ||
            /\badd (?:primary key|unique|check|foreign key)\b/.test(s) ||
            /\bset not null\b/.test(s) ||
            /\balter column \w+ (?:set data )?type\b/.test(s) ||
            /\badd column (?:if not exists )?\w+ [^,]*\b(?:references|check|primary key|unique)\b/.test(s))) ||
        new RegExp(`^(?:update|delete from) ${on}`).test(s) ||
        // A read (also inside a function the file calls); CREATE STATISTICS only names the table.
        (!s.startsWith('create statistics') && new RegExp(`\\b(?:from|join) ${on}`).test(s));
      if (scans) found.set(t, s.slice(0, 120));
    }
  }
  return found;
}

const files = async () => (await readdir(migrationsDir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();

describe('migration comments (read from the SQL, both database modes)', () => {
  test('flags the work that reads a big table under a lock, and lets the rest pass', () => {
    const flagged = (sqlText: string) => [...scannedBigTables(sqlText).keys()];
    assert.deepEqual(flagged('CREATE INDEX report_x ON report (title);'), ['report']);
    assert.deepEqual(flagged('CREATE INDEX CONCURRENTLY report_x ON report (title);'), []);
    assert.deepEqual(flagged('ALTER TABLE report_event ADD CONSTRAINT c CHECK (type <> \'x\');'), ['report_event']);
    assert.deepEqual(flagged('ALTER TABLE report_event ADD CONSTRAINT c CHECK (type <> \'x\') NOT VALID;'), []);
    assert.deepEqual(flagged('ALTER TABLE support ALTER COLUMN email SET NOT NULL;'), ['support']);
    assert.deepEqual(flagged("ALTER TABLE report ADD COLUMN channel text NOT NULL DEFAULT 'web' CHECK (channel <> '');"), ['report']);
    assert.deepEqual(flagged('ALTER TABLE report ADD COLUMN answers jsonb;'), []);
    assert.deepEqual(flagged("UPDATE report SET channel = 'x' WHERE media_url IS NOT NULL;"), ['report']);
    assert.deepEqual(flagged('CREATE STATISTICS s ON (location[0]) FROM report;'), []);
    assert.deepEqual(flagged('-- CREATE INDEX x ON report (a)\nCREATE TABLE reporter (id int);'), [], 'comments and other tables are not the table');
    assert.deepEqual(flagged('CREATE TABLE report (id int); CREATE INDEX r ON report (id);'), [], 'a table the file creates is empty');
  });

  test('each migration that scans a big table under a lock says so in a comment', async () => {
    const unsaid: string[] = [];
    for (const file of await files()) {
      const text = await readFile(migrationsDir + file, 'utf8');
      const words = commentText(text);
      for (const [table, statement] of scannedBigTables(text)) {
        if (!says(words, 'scans', table) && !says(words, 'rewrites', table)) unsaid.push(`${file}: "scans ${table}" (${statement}…)`);
      }
    }
    assert.deepEqual(unsaid, []);
  });});


describe('migration locks', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL: rewrites are told by a real PostgreSQL (PGlite runs in one process, where nothing waits)' }, () => {
  let admin: postgres.Sql;
  let sql: postgres.Sql;
  let name: string;

  before(async () => {
    name = `segnala_locks_${randomBytes(4).toString('hex')}`;
    admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    // gen_random_bytes for the rows below; the migrations themselves need only pg_trgm.
    await sql`CREATE EXTENSION IF NOT EXISTS pgcrypto`;
  });
  after(async () => {
    await sql?.end();
    await admin?.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  /** Every table, index and materialised view of the schema, by oid: its name and its file. */
  const relations = async () =>
    new Map(
      (
        await sql<{ oid: number; name: string; kind: string; table: string; file: number }[]>`
          SELECT c.oid::int AS oid, c.relname AS name, c.relkind::text AS kind, coalesce(t.relname, c.relname) AS table,
            c.relfilenode::bigint AS file
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_index i ON i.indexrelid = c.oid
          LEFT JOIN pg_class t ON t.oid = i.indrelid
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 'm')`
      ).map((r) => [r.oid, r]),
    );

  test('each migration, applied to tables holding rows, rewrites only what its comment says', async () => {
    for (const file of await files()) {
      const text = await readFile(migrationsDir + file, 'utf8');
      const before_ = await relations();
      await sql.begin((tx) => tx.unsafe(text));
      const after_ = await relations();
      const changed = [...before_].filter(([oid, was]) => after_.has(oid) && after_.get(oid)!.file !== was.file).map(([, was]) => was);
      const rewritten = new Set(changed.filter((r) => r.kind !== 'i').map((r) => r.name));
      // An index rebuilt with its table is said by "rewrites <table>".
      const rebuilt = changed.filter((r) => r.kind === 'i' && !rewritten.has(r.table)).map((r) => r.name);
      const words = commentText(text);
      const unsaid = [
        ...[...rewritten].filter((t) => !says(words, 'rewrites', t)).map((t) => `rewrites ${t}`),
        ...rebuilt.filter((i) => !says(words, 'rebuilds', i)).map((i) => `rebuilds ${i}`),
      ];
      assert.deepEqual(unsaid, [], `${file} does this without saying so in a comment: ${unsaid.join(', ')}`);
      if (ROWS_AFTER[file]) await sql.begin((tx) => tx.unsafe(ROWS_AFTER[file]));
    }
    // Rows in every table: a table added later needs its rows in ROWS_AFTER, or its migrations run on nothing.
    const empty = [];
    for (const { name: table } of await sql<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`) {
      const [{ n }] = await sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`);
      if (n === 0) empty.push(table);
    }
    assert.deepEqual(empty, [], 'tables without rows: add some to ROWS_AFTER');
  });


});
