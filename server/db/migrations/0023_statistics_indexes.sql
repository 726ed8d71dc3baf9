-- Issue 14 §4, statistics at 1 000 000 reports (BENCHMARKS.md): the monthly trend of the console's
-- statistics counts the reports closed in each of the last 12 months, by their closing date, which
-- the period index (migration 0019, by filing date) cannot find without reading every report. A
-- narrow partial index by closing date, kept by PostgreSQL as reports change.
--
-- Locks (README "Upgrading"): scans report to build the index, while writes to it wait.
CREATE INDEX report_closed ON report (municipality_id, closed_at)
  INCLUDE (status, department_id, category_id, created_at)
  WHERE closed_at IS NOT NULL;
