-- Spam checks on citizen filings (issue 6). 'off': none; 'form': a signed form token, a minimum fill
-- time and a honeypot field; 'pow': the same plus an ALTCHA proof-of-work the browser solves.
-- New municipalities start with 'form': a public form without any check is flooded within weeks.
ALTER TABLE municipality
  ADD COLUMN spam_check text NOT NULL DEFAULT 'form' CHECK (spam_check IN ('off', 'form', 'pow')),
  ADD COLUMN form_min_seconds smallint NOT NULL DEFAULT 3 CHECK (form_min_seconds BETWEEN 0 AND 600);

-- A form token files one report. Written in the filing's transaction, so a filing that fails does
-- not use its token up; kept only as long as a token is valid (purged with the hourly retention run).
CREATE TABLE form_token_use (
  municipality_id integer NOT NULL REFERENCES municipality (id) ON DELETE CASCADE,
  token_id        text NOT NULL,
  used_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, token_id)
);
CREATE INDEX form_token_use_used_at ON form_token_use (used_at);
