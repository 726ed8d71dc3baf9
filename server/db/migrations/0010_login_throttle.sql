-- Login attempts counted per staff account, from one client address and from all addresses together
-- (client = 'all'). An attempt is counted (reserved) in one statement BEFORE its password is checked,
-- and given back when the password was right: the row lock of the upsert makes concurrent logins
-- wait for each other, so a burst of them can never check more passwords than the limit allows
-- (login_failure counted failures only after each check, and a burst all read the same count).
-- Fixed windows: a window older than the limit's restarts at the next attempt.
CREATE TABLE login_throttle (
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  email           text NOT NULL,
  client          text NOT NULL,
  window_start    timestamptz NOT NULL,
  attempts        integer NOT NULL,
  PRIMARY KEY (municipality_id, email, client)
);
CREATE INDEX login_throttle_window ON login_throttle (window_start);

-- Replaced by login_throttle. Failures of the last 15 minutes are forgotten on upgrade.
DROP TABLE login_failure;
