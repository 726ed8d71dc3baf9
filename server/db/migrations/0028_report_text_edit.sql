-- Issue 15 §6: staff edit a report's public title and description (to take out a name or an
-- insult). The report keeps the edited text in title and details, so every public answer (detail,
-- list, map, search through the generated search_text, open data, Open311) shows it with no change
-- of theirs; each edit is an internal event of its own, with who, why (its message) and the text
-- before and after (its data). The original stays in the first edit's `before`, for staff only.
--
-- Locks: only the event types' check changes; it scans report_event once while writes to it wait.
ALTER TABLE report_event DROP CONSTRAINT report_event_type_check;
ALTER TABLE report_event ADD CONSTRAINT report_event_type_check
  CHECK (type IN ('created', 'status', 'reply', 'note', 'assign', 'merge', 'publish', 'citizen_message', 'reopened', 'assignee', 'edit'));
