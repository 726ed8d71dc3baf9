-- Issue 14, the planning view's density map (GET /admin/planning/density, services/planning/density.ts)
-- reads every report of a period (by default the last 12 months: 625 000 of 1 000 000 reports)
-- with the columns the planning filters test and its position. A narrow index keyed by period and
-- holding them lets that be an index-only scan (parallel), about half a sequential scan's time and
-- buffers at 1 000 000 reports. An index, not a summary table: kept up to date by every insert and
-- update as they happen, it never makes a filing wait on a planning query, nor on a refresh.
-- Unpublished and unlocated reports are in it too: planning counts them (unlocated ones apart).
-- With `id`, a cell's list (…/density/reports) pages through it newest first without the table.
CREATE INDEX report_planning_period ON report (municipality_id, created_at)
  INCLUDE (status, department_id, category_id, location, id);
