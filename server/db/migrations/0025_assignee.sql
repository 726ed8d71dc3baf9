-- Issue 15 §1: a report may be given to one member of its office, its assignee (NULL: the office as
-- a whole). The clerk's "my reports" queue and the filter by assignee read it.
--
-- Locks: the column has no default, so the table is not rewritten. Migrations run in one
-- transaction (server/db/migrate.ts), so the foreign key's check (every row is NULL), the partial
-- index (empty at deploy) and the event types' check each read their table once while writes to it
-- wait: this scans report and scans report_event; seconds, not minutes, at a million reports.
ALTER TABLE report ADD COLUMN assignee_id integer;
-- Deleting an account gives its reports back to their office; the municipality column stays.
ALTER TABLE report ADD CONSTRAINT report_assignee_fk
  FOREIGN KEY (municipality_id, assignee_id) REFERENCES staff_user (municipality_id, id)
  ON DELETE SET NULL (assignee_id);
CREATE INDEX report_assignee ON report (assignee_id) WHERE assignee_id IS NOT NULL;

-- A report given to a person, or back to the office: an internal event of its own.
ALTER TABLE report_event DROP CONSTRAINT report_event_type_check;
ALTER TABLE report_event ADD CONSTRAINT report_event_type_check
  CHECK (type IN ('created', 'status', 'reply', 'note', 'assign', 'merge', 'publish', 'citizen_message', 'reopened', 'assignee'));
