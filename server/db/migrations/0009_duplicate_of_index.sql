-- report.duplicate_of references report(id): without an index, deleting a report (a municipality
-- leaving with its reports, a clean-up) makes PostgreSQL scan every report for each row it deletes
-- (the foreign-key check). Merged reports are few, so the index is small.
--
-- Locks (README "Upgrading"): scans report to build the index, while writes to it wait.
CREATE INDEX report_duplicate_of ON report (duplicate_of) WHERE duplicate_of IS NOT NULL;
