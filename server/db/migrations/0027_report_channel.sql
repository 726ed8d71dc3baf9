-- Issue 15 §3: how a report reached the municipality. 'web' is the widget and the JSON API,
-- 'open311' a partner's filing; the others are reports staff took by phone, e-mail, PEC, at the
-- front desk or otherwise and filed from the console on the citizen's behalf.
--
-- Locks: ADD COLUMN with a constant default does not rewrite the table (PostgreSQL 11+: the
-- default is kept in the catalogue), but takes the table's ACCESS EXCLUSIVE lock, which the
-- migration's one transaction (server/db/migrate.ts) holds until it ends; the CHECK reads every
-- row once (each has the default, so it passes). The UPDATE below reads the table once and writes
-- only the rows with a media link; the partial index reads it once more and holds only those: it
-- scans report three times. At a million reports: a few seconds in which filings wait, not minutes.
ALTER TABLE report ADD COLUMN channel text NOT NULL DEFAULT 'web'
  CHECK (channel IN ('web', 'open311', 'phone', 'email', 'pec', 'front_desk', 'other'));

-- Only Open311 filings carry a media link (Open311 `media_url`; the widget has none): those are
-- certainly Open311's. A partner's filing without one looks like any API filing and stays 'web':
-- the data does not tell them apart.
UPDATE report SET channel = 'open311' WHERE media_url IS NOT NULL;

-- The staff statistics count reports by channel: those not filed on the web are few, counted from
-- this index with the statistics' own filters (the web's are the rest of the total).
CREATE INDEX report_channel_not_web ON report (municipality_id, created_at)
  INCLUDE (channel, department_id, status) WHERE channel <> 'web';
