-- Issue 13 §1: the citizen adds information, the office asks for it.
-- While a report waits for the citizen (status waiting_for_citizen) its category's deadline clock
-- is paused: waiting_since says since when, paused_seconds adds up every earlier wait. The overdue
-- flag and the due dates (services/staff-queue.ts) add both to the category's target days.
--
-- Locks (README "Upgrading"): scans report (the check of the new paused_seconds column) while
-- writes to it wait; neither table is rewritten.
ALTER TABLE report
  ADD COLUMN waiting_since timestamptz,
  ADD COLUMN paused_seconds integer NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0);

-- Photos a citizen added later with a message (a citizen_message event): shown with that message,
-- hidden from the public until the message is.
ALTER TABLE photo ADD COLUMN event_id bigint REFERENCES report_event ON DELETE SET NULL;
