-- Issue 14 §4, statistics and planning fast at 1 000 000 reports (BENCHMARKS.md): the console's
-- statistics and the planning figures read every report of a period, by its filing date, and the
-- monthly trend reads the reports closed in the last 12 months, by their closing date. Both through covering indexes, so that
-- PostgreSQL scans a narrow index (an index-only scan, about 10 % of the table's pages) instead of
-- the whole table with its texts. Built once, kept by PostgreSQL as reports change: nothing to
-- maintain by hand, and no lock a filing waits on once built.
CREATE INDEX report_statistics ON report (municipality_id, created_at)
  INCLUDE (status, department_id, category_id, street_id, location, accepted_at, closed_at, expected_at, paused_seconds, waiting_since);
CREATE INDEX report_closed ON report (municipality_id, closed_at)
  INCLUDE (status, department_id, category_id, created_at)
  WHERE closed_at IS NOT NULL;
