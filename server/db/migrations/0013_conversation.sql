-- Issue 13, the conversation with the office. The words the next migrations build on, in one place,
-- so that each feature's own migration does not rewrite another's constraint:
-- a report may wait for the citizen (the office asked for more information; its deadline clock is
-- paused meanwhile), the citizen may add a message to the history, and a report that was resolved
-- may be reopened when the citizens say the fault is still there.
--
-- Locks (README "Upgrading"): scans report and scans report_event, each new check reading its
-- table once while writes to it wait.
ALTER TABLE report DROP CONSTRAINT report_status_check;
ALTER TABLE report ADD CONSTRAINT report_status_check CHECK (status IN
  ('submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen', 'resolved', 'rejected', 'duplicate', 'hidden'));

ALTER TABLE report_event DROP CONSTRAINT report_event_type_check;
ALTER TABLE report_event ADD CONSTRAINT report_event_type_check
  CHECK (type IN ('created', 'status', 'reply', 'note', 'assign', 'merge', 'publish', 'citizen_message', 'reopened'));
