-- Fixed-window request counters, in the database so that limits hold across all the server
-- processes sharing it. One row per (limit, subject) key; a stale window restarts at its next hit.
CREATE UNLOGGED TABLE rate_limit (
  key          text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);
CREATE INDEX rate_limit_window ON rate_limit (window_start);
