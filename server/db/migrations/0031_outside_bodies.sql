-- Issue 15 §5: a report that belongs to another body (the water or gas company, the Province for a
-- provincial road) is forwarded to it. The bodies are kept per municipality by its admins; the
-- report remembers the body it was last forwarded to, and the body's signed link works only while
-- that is still the body (services/outside-bodies.ts). The forward and the body's updates are
-- public events of their own.
--
-- Locks: outside_body is new. The two report columns have no default, so the table is not
-- rewritten. Migrations run in one transaction (server/db/migrate.ts), so the foreign key's check
-- (every row is NULL), the events' and the settings record's checks each read their table once
-- while writes to it wait (it scans report and scans report_event): seconds, not minutes, at a
-- million reports.
CREATE TABLE outside_body (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality (id) ON DELETE CASCADE,
  name text NOT NULL,
  email text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, name),
  -- The report's foreign key names the municipality too: a report is never forwarded to another town's body.
  UNIQUE (municipality_id, id)
);

ALTER TABLE report ADD COLUMN forwarded_body_id integer;
ALTER TABLE report ADD COLUMN forwarded_at timestamptz;
-- Bodies are retired (active false), never deleted by the API; should a row go, the report keeps its history.
ALTER TABLE report ADD CONSTRAINT report_forwarded_body_fk
  FOREIGN KEY (municipality_id, forwarded_body_id) REFERENCES outside_body (municipality_id, id)
  ON DELETE SET NULL (forwarded_body_id);

-- Forwarded to a body, and a body's own update through its link: both public history.
ALTER TABLE report_event DROP CONSTRAINT report_event_type_check;
ALTER TABLE report_event ADD CONSTRAINT report_event_type_check
  CHECK (type IN ('created', 'status', 'reply', 'note', 'assign', 'merge', 'publish', 'citizen_message', 'reopened', 'assignee', 'edit', 'forward', 'body_update'));

ALTER TABLE settings_change DROP CONSTRAINT settings_change_subject_check;
ALTER TABLE settings_change ADD CONSTRAINT settings_change_subject_check
  CHECK (subject IN ('settings', 'department', 'category', 'staff', 'open311_key', 'template', 'body'));
