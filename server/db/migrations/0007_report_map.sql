-- The citizens' map groups reports in cells (GET /reports/clusters, server/services/clusters.ts).
-- A narrow index holding all it reads lets one municipality's 100 000 reports be grouped by an
-- index-only scan; its longitude key serves zoomed-in views, which read only their strip.
--
-- Locks (README "Upgrading"): scans report to build the index, while writes to it wait.
CREATE INDEX report_map ON report (municipality_id, status, (location[0]))
  INCLUDE (location, id, category_id, street_id) WHERE published;
-- Without statistics on the coordinates the planner guesses that a view holds a handful of
-- reports, sorts them on disk and groups them one by one; with them, it hashes.
CREATE STATISTICS report_coordinates ON (location[0]), (location[1]) FROM report;
