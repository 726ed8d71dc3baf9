-- Issue 14, planning and statistics at 1 000 000 reports (BENCHMARKS.md). The console's
-- statistics (services/stats.ts), the planning view's density map, recurring faults, streets and
-- offices (services/planning/) read every report of a period — by default the last 12 months:
-- 625 000 of 1 000 000 — testing the planning filters (status, office, category), and take from
-- each its street, position and dates. One narrow index keyed by period and holding all of those
-- makes each of them an index-only scan (in parallel): about a tenth of the table's pages, half a
-- sequential scan's time. With `id`, a density cell's list pages through it newest first without
-- the table. An index, not a summary table: kept up to date by every insert and update as they
-- happen, it never makes a filing wait on a planning query, nor on a refresh. Unpublished and
-- unlocated reports are in it too: planning counts them.
--
-- Locks (README "Upgrading"): scans report to build the index, while writes to it wait.
CREATE INDEX report_planning_period ON report (municipality_id, created_at)
  INCLUDE (status, department_id, category_id, street_id, location, id,
           accepted_at, closed_at, expected_at, paused_seconds, waiting_since);
