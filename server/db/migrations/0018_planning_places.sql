-- Issue 14, recurring faults and the streets table of the planning view (README "Planning:
-- recurring faults", services/planning/recurrences.ts). Indexes, not a summary: the places depend
-- on the M metres a planner chooses, and an index is kept up to date by each insert and update as
-- it happens, so no filing ever waits on a planning query or on a refresh.
--
-- One pass over the period's reports (by default the last 12 months: 600 000 of 1 000 000)
-- grouped by category, cell and street: keyed by period and holding the columns the planning
-- filters test, the position and the street, the pass reads this index alone (in parallel).
CREATE INDEX report_planning_place ON report (municipality_id, created_at)
  INCLUDE (status, department_id, category_id, street_id, location);

-- The latest reports of each place shown (a square of M metres): one category's strip of
-- longitude, read from the index alone down to the few reports listed. The position's GiST index
-- would read every category and year in the square (50 ms a place at 1 000 000 reports).
CREATE INDEX report_category_strip ON report (municipality_id, category_id, (location[0]))
  INCLUDE (location, created_at, status, department_id, id) WHERE location IS NOT NULL;
