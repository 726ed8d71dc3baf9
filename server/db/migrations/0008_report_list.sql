-- The public list by bbox (GET /reports?bbox=, services/reports.ts) picks the newest reports in a
-- view from the map's index alone when it also holds created_at: a street-level view then costs
-- an index-only scan of its strip and 51 row fetches (0.3–0.8 ms at 100 000 reports) instead of
-- fetching every report in the strip (3–6 ms). The clusters read the same index as before.
--
-- Locks (README "Upgrading"): scans report to build the new index; DROP INDEX locks the table
-- whole, so until the upgrade ends reads of report wait too, not only writes.
DROP INDEX report_map;
CREATE INDEX report_map ON report (municipality_id, status, (location[0]))
  INCLUDE (location, id, category_id, street_id, created_at) WHERE published;
