-- Issue 14 §3: the public statistics (README "GET /stats", services/public-stats.ts).
--
-- Counting the reports of the last 12 months one by one costs 1.4 s at 1 000 000 reports even
-- from covering indexes (half a million index entries per figure); a summary per month, category
-- (or street) and duration, maintained by triggers in the report's own transaction, answers the
-- same figures from a few thousand rows. Its rows are the open data's reports (services/open-data/
-- selection.ts openDataScope): hidden reports and merged duplicates are left out; a test checks the
-- two agree.
--
-- measure   what is counted, in the month (Europe/Rome) of
--  created  a filing, per category                  created_at
--  street   a filing on a known street, per street  created_at
--  accepted a taking in charge, per category and time it took (hours)   accepted_at
--  resolved a resolution, per category and time it took (hours)         closed_at (status resolved)
-- Times are kept to the hour up to two days, then to the day, up to a year: the median is told
-- in words ("3 giorni"), and a month and category then hold a few hundred rows at most.
--
-- Locks (README "Upgrading"): scans report: the summary is filled from every report once, while
-- the triggers created on report make writes to it wait.
CREATE TABLE report_month_tally (
  municipality_id integer NOT NULL,
  measure         text NOT NULL CHECK (measure IN ('created', 'street', 'accepted', 'resolved')),
  month           date NOT NULL,
  -- 0 where the measure is not per category (street) or not per street (the others).
  category_id     integer NOT NULL,
  street_id       integer NOT NULL,
  -- The time it took, in whole hours (rounded down as above); 0 for created and street.
  hours           integer NOT NULL,
  count           integer NOT NULL,
  PRIMARY KEY (municipality_id, measure, month, category_id, street_id, hours)
);

CREATE FUNCTION tally_bucket(hours integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT least(24 * 365, CASE WHEN hours < 48 THEN hours ELSE hours / 24 * 24 END)
$$;

CREATE FUNCTION tally_hours(from_at timestamptz, to_at timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT tally_bucket(greatest(0, floor(extract(epoch FROM to_at - from_at) / 3600))::integer)
$$;

CREATE FUNCTION tally_month(at timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT date_trunc('month', at AT TIME ZONE 'Europe/Rome')::date
$$;

-- The rows one report adds to the summary (none when hidden or merged into another).
CREATE FUNCTION report_month_tally_keys(r report)
RETURNS TABLE (municipality_id integer, measure text, month date, category_id integer, street_id integer, hours integer)
LANGUAGE sql STABLE AS $$
  SELECT r.municipality_id, k.measure, k.month, k.category_id, k.street_id, k.hours
  FROM (VALUES
    ('created', tally_month(r.created_at), r.category_id, 0, 0),
    ('street', CASE WHEN r.street_id IS NOT NULL THEN tally_month(r.created_at) END, 0, r.street_id, 0),
    ('accepted', tally_month(r.accepted_at), r.category_id, 0, tally_hours(r.created_at, r.accepted_at)),
    ('resolved', CASE WHEN r.status = 'resolved' THEN tally_month(r.closed_at) END, r.category_id, 0, tally_hours(r.created_at, r.closed_at))
  ) AS k (measure, month, category_id, street_id, hours)
  WHERE r.status NOT IN ('hidden', 'duplicate') AND k.month IS NOT NULL
$$;

-- Takes the old row's share away and adds the new one's in one statement: rows whose share does
-- not change are not written, and rows are locked in one order (two transactions never wait on
-- each other in a circle).
CREATE FUNCTION report_month_tally_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_month_tally AS t (municipality_id, measure, month, category_id, street_id, hours, count)
  SELECT k.municipality_id, k.measure, k.month, k.category_id, k.street_id, k.hours, sum(k.sign)::integer
  FROM (
    SELECT o.*, -1 AS sign FROM report_month_tally_keys(OLD) o WHERE TG_OP IN ('UPDATE', 'DELETE')
    UNION ALL
    SELECT n.*, 1 AS sign FROM report_month_tally_keys(NEW) n WHERE TG_OP IN ('INSERT', 'UPDATE')
  ) k
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(k.sign) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (municipality_id, measure, month, category_id, street_id, hours) DO UPDATE SET count = t.count + EXCLUDED.count;
  RETURN NULL;
END
$$;

CREATE TRIGGER report_month_tally AFTER INSERT OR DELETE ON report
  FOR EACH ROW EXECUTE FUNCTION report_month_tally_track();
-- Only the columns the summary reads: a "Mi associo" or a reply does not touch it.
CREATE TRIGGER report_month_tally_change
  AFTER UPDATE OF municipality_id, created_at, category_id, street_id, status, accepted_at, closed_at ON report
  FOR EACH ROW WHEN (
    OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.street_id IS DISTINCT FROM NEW.street_id
    OR OLD.status IS DISTINCT FROM NEW.status OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at
    OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id)
  EXECUTE FUNCTION report_month_tally_track();

-- The summary of the reports already there: one pass per measure (calling
-- report_month_tally_keys once per report takes minutes at 1 000 000 reports, this seconds).
INSERT INTO report_month_tally (municipality_id, measure, month, category_id, street_id, hours, count)
SELECT r.municipality_id, 'created', tally_month(r.created_at), r.category_id, 0, 0, count(*)
  FROM report r WHERE r.status NOT IN ('hidden', 'duplicate') GROUP BY 1, 3, 4
UNION ALL
SELECT r.municipality_id, 'street', tally_month(r.created_at), 0, r.street_id, 0, count(*)
  FROM report r WHERE r.status NOT IN ('hidden', 'duplicate') AND r.street_id IS NOT NULL GROUP BY 1, 3, 5
UNION ALL
SELECT r.municipality_id, 'accepted', tally_month(r.accepted_at), r.category_id, 0, tally_hours(r.created_at, r.accepted_at), count(*)
  FROM report r WHERE r.status NOT IN ('hidden', 'duplicate') AND r.accepted_at IS NOT NULL GROUP BY 1, 3, 4, 6
UNION ALL
SELECT r.municipality_id, 'resolved', tally_month(r.closed_at), r.category_id, 0, tally_hours(r.created_at, r.closed_at), count(*)
  FROM report r WHERE r.status = 'resolved' AND r.closed_at IS NOT NULL GROUP BY 1, 3, 4, 6;
