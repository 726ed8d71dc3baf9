-- Issue 15 §6: every change of a municipality's settings, offices, categories, staff accounts and
-- Open311 key is recorded (who, when, what), in the change's own transaction, readable by admins
-- (GET /admin/settings-changes). `changes` holds the fields as sent, never a password or a key.
CREATE TABLE settings_change (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  -- Kept when the account is deleted (the record outlives it): then NULL.
  staff_user_id   integer,
  changed_at      timestamptz NOT NULL DEFAULT now(),
  subject         text NOT NULL CHECK (subject IN ('settings', 'department', 'category', 'staff', 'open311_key')),
  subject_id      integer,
  action          text NOT NULL CHECK (action IN ('created', 'changed')),
  changes         jsonb NOT NULL,
  FOREIGN KEY (municipality_id, staff_user_id) REFERENCES staff_user (municipality_id, id) ON DELETE SET NULL (staff_user_id)
);
CREATE INDEX settings_change_recent ON settings_change (municipality_id, changed_at DESC, id DESC);
