-- Segnala core schema. Every table carries municipality_id: one deployment, many municipalities.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Lower case, accents and apostrophes folded, so "Dell'Orto", "dell orto" and "DELL'ORTO" match.
-- Plain translate() keeps it IMMUTABLE (unaccent() is not), so it can back generated columns
-- and indexes, and it needs no extension PGlite might lack.
CREATE FUNCTION fold_text(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(regexp_replace(
    translate(lower(t),
      'àáâäãåā' || 'èéêëē' || 'ìíîïī' || 'òóôöõō' || 'ùúûüū' || 'çñ' || '''’`´-.,;/',
      'aaaaaaa' || 'eeeee' || 'iiiii' || 'oooooo' || 'uuuuu' || 'cn' || '         '),
    '\s+', ' ', 'g'))
$$;

CREATE TABLE municipality (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name               text NOT NULL,
  istat_code         text,
  -- (lon, lat), as every point in this schema.
  map_center         point NOT NULL,
  map_zoom           integer NOT NULL DEFAULT 14 CHECK (map_zoom BETWEEN 1 AND 20),
  map_bounds         box,
  tile_url           text NOT NULL DEFAULT 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  tile_attribution   text NOT NULL DEFAULT '&copy; OpenStreetMap contributors',
  privacy_url        text,
  -- true: a new report is public at once; false: only once staff accept it.
  publish_on_arrival boolean NOT NULL DEFAULT false,
  allowed_origins    text[] NOT NULL DEFAULT '{}',
  contact_email      text,
  is_demo            boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE department (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  name            text NOT NULL,
  email           text,
  UNIQUE (municipality_id, name),
  UNIQUE (municipality_id, id)
);

CREATE TABLE category (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id  integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  department_id    integer NOT NULL,
  name             text NOT NULL,
  description      text,
  -- Target days to take a report in charge and to resolve it (deadlines, overdue flags).
  days_to_accept   integer NOT NULL DEFAULT 3 CHECK (days_to_accept > 0),
  days_to_resolve  integer NOT NULL DEFAULT 30 CHECK (days_to_resolve > 0),
  active           boolean NOT NULL DEFAULT true,
  sort_order       integer NOT NULL DEFAULT 0,
  UNIQUE (municipality_id, name),
  UNIQUE (municipality_id, id),
  -- The department must belong to the same municipality.
  FOREIGN KEY (municipality_id, department_id) REFERENCES department (municipality_id, id)
);

-- The municipal street list (ANNCSU stradario).
CREATE TABLE street (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  -- ANNCSU "progressivo nazionale": the stable key re-imports update by.
  national_code   text NOT NULL,
  municipal_code  text,
  -- DUG: VIA, PIAZZA, TRAVERSA, ...; DUF: the name proper.
  type            text NOT NULL DEFAULT '',
  base_name       text NOT NULL,
  -- The full name as people write it, nicely cased: "Via Alcide De Gasperi".
  name            text NOT NULL,
  locality        text,
  alt_name        text,
  search_name     text GENERATED ALWAYS AS (fold_text(type || ' ' || base_name || coalesce(' ' || alt_name, ''))) STORED,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, national_code),
  UNIQUE (municipality_id, id)
);
CREATE INDEX street_search_trgm ON street USING gin (search_name gin_trgm_ops);
CREATE INDEX street_name ON street (municipality_id, name);

-- Known positions on a street: civic numbers with coordinates, or vertices of its geometry.
-- They answer "which street is nearest to this point".
CREATE TABLE street_point (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL,
  street_id       integer NOT NULL,
  location        point NOT NULL,
  -- civic (ANNCSU civic number), geometry (GeoJSON import), demo (synthetic, demo data only)
  source          text NOT NULL CHECK (source IN ('civic', 'geometry', 'demo')),
  -- For civic points: the civic number with its exponent ("12/A"); also the key re-imports update by.
  civic           text,
  source_key      text,
  FOREIGN KEY (municipality_id, street_id) REFERENCES street (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX street_point_location ON street_point USING gist (location);
CREATE INDEX street_point_street ON street_point (street_id);
CREATE UNIQUE INDEX street_point_source_key ON street_point (municipality_id, source, source_key);

-- Public references are sequential per municipality and year: 2026-000123.
CREATE TABLE reference_counter (
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  year            integer NOT NULL,
  last_number     integer NOT NULL,
  PRIMARY KEY (municipality_id, year)
);

CREATE TABLE report (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id    integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  reference          text NOT NULL,
  -- Keyed hash of the tracking code: a leaked dump reveals no usable code.
  tracking_hash      bytea NOT NULL UNIQUE,
  -- Random salt the tracking code is derived from with the server key, so the same code can be
  -- given again (idempotent replay) without ever storing it.
  tracking_salt      bytea NOT NULL,
  category_id        integer NOT NULL,
  department_id      integer NOT NULL,
  status             text NOT NULL DEFAULT 'submitted' CHECK (status IN
                       ('submitted', 'accepted', 'in_progress', 'scheduled', 'resolved', 'rejected', 'duplicate', 'hidden')),
  published          boolean NOT NULL,
  title              text NOT NULL,
  details            text NOT NULL,
  street_id          integer,
  -- Civic number or landmark ("12/A", "davanti alla scuola").
  civic              text,
  location           point,
  contact_name       text,
  contact_email      text,
  contact_phone      text,
  support_count      integer NOT NULL DEFAULT 0 CHECK (support_count >= 0),
  duplicate_of       bigint REFERENCES report,
  -- Idempotency-Key of the filing request, and a hash of its body: a retry with the same key
  -- gets the same report, the same key with another body is refused.
  idempotency_key    text,
  idempotency_hash   bytea,
  -- Optimistic concurrency for staff edits: a stale version is refused.
  version            integer NOT NULL DEFAULT 1,
  is_demo            boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  accepted_at        timestamptz,
  expected_at        timestamptz,
  closed_at          timestamptz,
  search_text        text GENERATED ALWAYS AS (fold_text(title || ' ' || details)) STORED,
  CHECK (street_id IS NOT NULL OR location IS NOT NULL),
  UNIQUE (municipality_id, reference),
  UNIQUE (municipality_id, idempotency_key),
  FOREIGN KEY (municipality_id, category_id) REFERENCES category (municipality_id, id),
  FOREIGN KEY (municipality_id, department_id) REFERENCES department (municipality_id, id),
  FOREIGN KEY (municipality_id, street_id) REFERENCES street (municipality_id, id)
);
-- The public list: newest first within a municipality, filtered by status.
CREATE INDEX report_public_recent ON report (municipality_id, created_at DESC, id DESC) WHERE published;
CREATE INDEX report_status ON report (municipality_id, status, created_at DESC);
CREATE INDEX report_street ON report (municipality_id, street_id, status);
CREATE INDEX report_category ON report (municipality_id, category_id, status);
CREATE INDEX report_location ON report USING gist (location);
CREATE INDEX report_search_trgm ON report USING gin (search_text gin_trgm_ops);

-- History of a report: creation, status changes, public replies, internal notes, ...
CREATE TABLE report_event (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  report_id       bigint NOT NULL REFERENCES report ON DELETE CASCADE,
  type            text NOT NULL CHECK (type IN ('created', 'status', 'reply', 'note', 'assign', 'merge')),
  status          text,
  message         text,
  -- Internal notes and staff-only moves are not public.
  public          boolean NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_event_report ON report_event (report_id, created_at, id);

-- "Mi associo": one per supporter token per report.
CREATE TABLE support (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  report_id       bigint NOT NULL REFERENCES report ON DELETE CASCADE,
  -- Keyed hash of the browser's supporter token; the token itself is never stored.
  supporter_hash  bytea NOT NULL,
  -- Optional: the supporter wants to be told of progress.
  email           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, supporter_hash)
);
