-- Staff accounts, sessions, who did what in a report's history, and the e-mail outbox.
--
-- Locks (README "Upgrading"): scans report_event three times (the new column's foreign key, the
-- event types' check, the index by staff member), while writes to it wait.

CREATE TABLE staff_user (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  -- Stored lower-cased: logins are case-insensitive.
  email           text NOT NULL CHECK (email = lower(email)),
  name            text NOT NULL,
  -- admin: the whole municipality and its settings; staff: the reports of their departments.
  role            text NOT NULL CHECK (role IN ('admin', 'staff')),
  -- scrypt, with its parameters and salt: "scrypt$N$r$p$salt$hash" (base64).
  password_hash   text NOT NULL,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, email),
  UNIQUE (municipality_id, id)
);

CREATE TABLE staff_department (
  municipality_id integer NOT NULL,
  staff_user_id   integer NOT NULL,
  department_id   integer NOT NULL,
  PRIMARY KEY (staff_user_id, department_id),
  FOREIGN KEY (municipality_id, staff_user_id) REFERENCES staff_user (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, department_id) REFERENCES department (municipality_id, id) ON DELETE CASCADE
);

-- Bearer sessions (the console is embedded cross-origin, where third-party cookies are blocked).
-- Only a hash of the token is kept.
CREATE TABLE staff_session (
  token_hash      bytea PRIMARY KEY,
  municipality_id integer NOT NULL,
  staff_user_id   integer NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  FOREIGN KEY (municipality_id, staff_user_id) REFERENCES staff_user (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_session_expiry ON staff_session (expires_at);

-- Failed logins, for throttling that holds across processes sharing the database.
CREATE TABLE login_failure (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  email           text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_recent ON login_failure (municipality_id, email, at);

-- Who did it (NULL: the citizen or the system), and the particulars of the action.
ALTER TABLE report_event
  ADD COLUMN staff_user_id integer REFERENCES staff_user ON DELETE SET NULL,
  ADD COLUMN data jsonb;
ALTER TABLE report_event DROP CONSTRAINT report_event_type_check;
ALTER TABLE report_event ADD CONSTRAINT report_event_type_check
  CHECK (type IN ('created', 'status', 'reply', 'note', 'assign', 'merge', 'publish'));
CREATE INDEX report_event_staff ON report_event (staff_user_id);

-- The page of the municipality's site where the widget is embedded; e-mails link to reports there
-- (page#segnala/report/2026-000123). A path is taken relative to PUBLIC_URL.
ALTER TABLE municipality ADD COLUMN widget_page_url text;

-- The status a hidden report had, to give it back when moderation un-hides it.
ALTER TABLE report ADD COLUMN status_before_hidden text;

-- Outgoing e-mail, written in the same transaction as the change that causes it; a sender
-- delivers it and retries. Bodies are rendered when sending (so no tracking code sits here).
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  report_id       bigint REFERENCES report ON DELETE CASCADE,
  -- new_report (to the department), reporter_update, supporter_update
  kind            text NOT NULL,
  recipient       text NOT NULL,
  locale          text NOT NULL DEFAULT 'it',
  data            jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  sent_at         timestamptz,
  -- Gave up after too many attempts: kept for staff to see, never retried automatically.
  failed_at       timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
