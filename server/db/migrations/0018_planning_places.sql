-- Issue 14, recurring faults of the planning view (README "Planning: recurring faults",
-- services/planning/recurrences.ts). Their one pass over the period's reports reads the period
-- index (migration 0019); this index serves what follows it: the latest reports of each place
-- shown (a square of M metres), from one category's strip of longitude, read from the index alone
-- down to the few reports listed. The position's GiST index would read every category and year in
-- the square (50 ms a place at 1 000 000 reports, five seconds for a hundred places). An index, not
-- a summary: the squares depend on the M metres a planner chooses, and an index is kept up to date
-- by each insert and update as it happens, so no filing ever waits on a planning query.
--
-- Locks (README "Upgrading"): scans report to build the index, while writes to it wait.
CREATE INDEX report_category_strip ON report (municipality_id, category_id, (location[0]))
  INCLUDE (location, created_at, status, department_id, id) WHERE location IS NOT NULL;
