-- Issue 14: what the offices achieve (planning view, README "Planning: offices") and the logged
-- CSV with contacts (README "Staff export").
--
-- Whether a report was taken in charge / resolved within its category's target days is known once
-- it happens, and never changes afterwards: a summary per filing day, office, category and status
-- keeps those tallies, maintained by triggers in the report's own transaction, so the planning
-- view adds up a few thousand rows instead of judging 600 000 reports on every request (2 s at
-- 1 000 000 reports). What depends on today (an open report still within its days is "pending",
-- past them "late") is read live from the open reports alone, through a small partial index.
--
-- Locks (README "Upgrading"): scans report: the summary is filled from every report once, and
-- the partial index is built, while the triggers created on report make writes to it wait.

-- The due-date rule (server/domain/promise.ts dueAt, staff-queue.ts dueSql) as one comparison:
-- done on time when, taking away the time spent waiting for the citizen, it happened no later than
-- the calendar day (Europe/Rome) `days` days after the filing day.
CREATE FUNCTION promise_kept(done_at timestamptz, paused_seconds integer, filed_at timestamptz, days integer)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT ((done_at - make_interval(secs => paused_seconds)) AT TIME ZONE 'Europe/Rome')::date
    - (filed_at AT TIME ZONE 'Europe/Rome')::date <= days
$$;

-- Hidden reports and merged duplicates are left out (services/planning/scope.ts): not counted here.
CREATE TABLE office_day (
  municipality_id  integer NOT NULL,
  -- The filing day in the municipality's calendar.
  filed_on         date NOT NULL,
  department_id    integer NOT NULL,
  category_id      integer NOT NULL,
  status           text NOT NULL,
  filed            integer NOT NULL DEFAULT 0,
  accepted_on_time integer NOT NULL DEFAULT 0,
  accepted_late    integer NOT NULL DEFAULT 0,
  resolved_on_time integer NOT NULL DEFAULT 0,
  resolved_late    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_id, filed_on, department_id, category_id, status)
);

-- Adds (sign 1) or takes away (sign -1) one report's share of the summary.
CREATE FUNCTION office_day_add(r report, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  to_accept integer;
  to_resolve integer;
  accepted_kept boolean;
  resolved_kept boolean;
BEGIN
  IF r.status IN ('hidden', 'duplicate') THEN
    RETURN;
  END IF;
  SELECT c.days_to_accept, c.days_to_resolve INTO to_accept, to_resolve
    FROM category c WHERE c.municipality_id = r.municipality_id AND c.id = r.category_id;
  accepted_kept := promise_kept(r.accepted_at, r.paused_seconds, r.created_at, to_accept);
  resolved_kept := CASE WHEN r.status = 'resolved' THEN promise_kept(r.closed_at, r.paused_seconds, r.created_at, to_resolve) END;
  INSERT INTO office_day AS o (municipality_id, filed_on, department_id, category_id, status,
      filed, accepted_on_time, accepted_late, resolved_on_time, resolved_late)
    VALUES (r.municipality_id, (r.created_at AT TIME ZONE 'Europe/Rome')::date, r.department_id, r.category_id, r.status,
      sign,
      CASE WHEN accepted_kept THEN sign ELSE 0 END,
      CASE WHEN NOT accepted_kept THEN sign ELSE 0 END,
      CASE WHEN resolved_kept THEN sign ELSE 0 END,
      CASE WHEN NOT resolved_kept THEN sign ELSE 0 END)
  ON CONFLICT (municipality_id, filed_on, department_id, category_id, status) DO UPDATE SET
    filed = o.filed + EXCLUDED.filed,
    accepted_on_time = o.accepted_on_time + EXCLUDED.accepted_on_time,
    accepted_late = o.accepted_late + EXCLUDED.accepted_late,
    resolved_on_time = o.resolved_on_time + EXCLUDED.resolved_on_time,
    resolved_late = o.resolved_late + EXCLUDED.resolved_late;
END
$$;

CREATE FUNCTION office_day_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM office_day_add(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM office_day_add(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER report_office_day AFTER INSERT OR DELETE ON report
  FOR EACH ROW EXECUTE FUNCTION office_day_track();
-- Only the columns the summary reads: a supporter's "Mi associo" or a reply does not touch it.
CREATE TRIGGER report_office_day_change
  AFTER UPDATE OF municipality_id, created_at, department_id, category_id, status, accepted_at, closed_at, paused_seconds ON report
  FOR EACH ROW WHEN (
    OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.category_id IS DISTINCT FROM NEW.category_id
    OR OLD.status IS DISTINCT FROM NEW.status OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at
    OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.paused_seconds IS DISTINCT FROM NEW.paused_seconds
    OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id)
  EXECUTE FUNCTION office_day_track();

-- The summary of a municipality's category (or of everything), from the reports, all at once.
CREATE FUNCTION office_day_fill(only_municipality integer, only_category integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO office_day (municipality_id, filed_on, department_id, category_id, status,
      filed, accepted_on_time, accepted_late, resolved_on_time, resolved_late)
  SELECT r.municipality_id, (r.created_at AT TIME ZONE 'Europe/Rome')::date, r.department_id, r.category_id, r.status,
    count(*),
    count(*) FILTER (WHERE promise_kept(r.accepted_at, r.paused_seconds, r.created_at, c.days_to_accept)),
    count(*) FILTER (WHERE NOT promise_kept(r.accepted_at, r.paused_seconds, r.created_at, c.days_to_accept)),
    count(*) FILTER (WHERE r.status = 'resolved' AND promise_kept(r.closed_at, r.paused_seconds, r.created_at, c.days_to_resolve)),
    count(*) FILTER (WHERE r.status = 'resolved' AND NOT promise_kept(r.closed_at, r.paused_seconds, r.created_at, c.days_to_resolve))
  FROM report r
  JOIN category c ON c.municipality_id = r.municipality_id AND c.id = r.category_id
  WHERE r.status NOT IN ('hidden', 'duplicate')
    AND (only_municipality IS NULL OR r.municipality_id = only_municipality)
    AND (only_category IS NULL OR r.category_id = only_category)
  GROUP BY 1, 2, 3, 4, 5
$$;

-- A category's new target days change whether its past reports were on time: its rows are
-- counted again (a rare administrative change; one category's reports).
CREATE FUNCTION office_day_retarget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM office_day WHERE municipality_id = NEW.municipality_id AND category_id = NEW.id;
  PERFORM office_day_fill(NEW.municipality_id, NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER category_office_day AFTER UPDATE OF days_to_accept, days_to_resolve ON category
  FOR EACH ROW WHEN (OLD.days_to_accept IS DISTINCT FROM NEW.days_to_accept OR OLD.days_to_resolve IS DISTINCT FROM NEW.days_to_resolve)
  EXECUTE FUNCTION office_day_retarget();

SELECT office_day_fill(NULL, NULL);

-- The open reports, for what depends on today: pending or late, and the backlog by age.
CREATE INDEX report_open_planning ON report (municipality_id, created_at)
  INCLUDE (department_id, category_id, accepted_at, waiting_since, paused_seconds)
  WHERE status IN ('submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen');

-- Every export of the reporters' names, e-mails and phones (GET /admin/reports.csv?contacts=true,
-- admins only): who, when, with which filters, how many rows. No contact data in it.
CREATE TABLE contact_export (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  -- Kept when the account is deleted (the record outlives it): then NULL.
  staff_user_id   integer,
  exported_at     timestamptz NOT NULL DEFAULT now(),
  filters         jsonb NOT NULL,
  row_count       integer NOT NULL CHECK (row_count >= 0),
  FOREIGN KEY (municipality_id, staff_user_id) REFERENCES staff_user (municipality_id, id) ON DELETE SET NULL (staff_user_id)
);
CREATE INDEX contact_export_recent ON contact_export (municipality_id, exported_at DESC);
