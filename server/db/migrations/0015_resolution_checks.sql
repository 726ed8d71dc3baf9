-- Issue 13, "is it really fixed?" and the rating of the service.
--
-- After a report is resolved, the reporter and each supporter who left an e-mail may say whether
-- the fault is fixed. One answer per person per report (a later one replaces it); `who` is
-- 'reporter' or the support row's id. `round` is when the report was resolved, in milliseconds:
-- an answer to an earlier resolution (before a reopening) does not count for a later one.
--
-- Locks (README "Upgrading"): scans report_event to build the index of reopenings, while writes
-- to it wait.
CREATE TABLE resolution_check (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  report_id       bigint NOT NULL REFERENCES report ON DELETE CASCADE,
  who             text NOT NULL,
  round           bigint NOT NULL,
  answer          text NOT NULL CHECK (answer IN ('fixed', 'not_fixed', 'dont_know')),
  answered_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, who)
);

-- "Not fixed" from this many supporters within this many days of the resolution reopens a report
-- (one "not fixed" from the reporter is enough); the same days bound the rating's changes.
ALTER TABLE municipality ADD COLUMN reopen_supporters integer NOT NULL DEFAULT 2 CHECK (reopen_supporters BETWEEN 1 AND 100);
ALTER TABLE municipality ADD COLUMN reopen_window_days integer NOT NULL DEFAULT 30 CHECK (reopen_window_days BETWEEN 1 AND 365);
-- Per category the municipality may turn reopening off (the answers are still recorded).
ALTER TABLE category ADD COLUMN reopen_allowed boolean NOT NULL DEFAULT true;

-- The reporter's rating of the service after closing: 1 to 5 and a comment, one per report,
-- changeable within the window; never public one by one.
CREATE TABLE service_rating (
  report_id       bigint PRIMARY KEY REFERENCES report ON DELETE CASCADE,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  rating          integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment         text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_rating_municipality ON service_rating (municipality_id);
CREATE INDEX report_event_reopened ON report_event (report_id) WHERE type = 'reopened';
