-- Issue 15 §2: response templates. Per municipality, the public messages its staff send again and
-- again ("La segnalazione {reference} è stata risolta…"), optionally for one category and one status;
-- the console fills the placeholders from the report being handled. Admins manage them in the
-- settings; every change is recorded in settings_change like the other settings.
CREATE TABLE response_template (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  title           text NOT NULL,
  body            text NOT NULL,
  -- Offered only on reports of this category when set. Categories are retired, never deleted, by
  -- the console; if an operator deletes one, its templates go with it (CASCADE) rather than being
  -- made general (SET NULL): their words speak of that category and would be offered on reports
  -- they do not fit.
  category_id     integer,
  -- Offered only when changing to this status (a report status id, server/domain/status.ts) when set.
  status          text CHECK (status IN ('submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen', 'resolved', 'rejected', 'hidden')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, title),
  -- The category must belong to the same municipality.
  FOREIGN KEY (municipality_id, category_id) REFERENCES category (municipality_id, id) ON DELETE CASCADE
);

-- Template changes join the settings' record; a template can be deleted (it is only words: no
-- report points at it), so the record knows that action too.
ALTER TABLE settings_change DROP CONSTRAINT settings_change_subject_check;
ALTER TABLE settings_change ADD CONSTRAINT settings_change_subject_check
  CHECK (subject IN ('settings', 'department', 'category', 'staff', 'open311_key', 'template'));
ALTER TABLE settings_change DROP CONSTRAINT settings_change_action_check;
ALTER TABLE settings_change ADD CONSTRAINT settings_change_action_check
  CHECK (action IN ('created', 'changed', 'deleted'));
