-- Issue 15 §6, staff accounts: sessions one can see and close, a new password by a one-time link
-- an admin has mailed, and two-factor login with TOTP (RFC 6238).

-- A session is named by a random id, never by its token or the token's hash, so a list of sessions
-- gives nothing that opens one. The browser's coarse label ("Firefox, Windows") and the client
-- address are kept from the login to recognise a session; shown only to the account itself, never
-- logged, deleted with the session (a day after it ends).
-- Locks (README "Upgrading"): the id's default is volatile, so this rewrites staff_session, a
-- small table (one row per open session), in well under a second.
ALTER TABLE staff_session
  ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN browser text,
  ADD COLUMN client_address text;
CREATE UNIQUE INDEX staff_session_id ON staff_session (id);
CREATE INDEX staff_session_user ON staff_session (staff_user_id);

-- A link to set a new password, sent by an admin to the account's own address. The token is never
-- stored: it is an HMAC of `salt` under the server's SECRET_KEY (services/password-reset.ts), made
-- when the mail is sent; a leaked database alone opens nothing. One use (`used_at`), 24 hours, and
-- a newer link replaces an older one.
CREATE TABLE staff_password_reset (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL,
  staff_user_id   integer NOT NULL,
  salt            bytea NOT NULL,
  -- The console's page the link opens (checked against the municipality's allowed origins).
  page_url        text NOT NULL,
  created_by      integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  FOREIGN KEY (municipality_id, staff_user_id) REFERENCES staff_user (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_password_reset_user ON staff_password_reset (staff_user_id);

-- Two-factor login. The secrets are encrypted with a key derived from SECRET_KEY (AES-256-GCM),
-- never returned once enrolment is confirmed. `totp_pending`: a secret shown but not yet confirmed
-- with a code. `totp_last_step`: the time step of the last code accepted; a code of that step or
-- an earlier one is refused (no replay). `totp_required`: set by an admin; such an account enrols
-- at its next login before it gets a session.
ALTER TABLE staff_user
  ADD COLUMN totp_secret bytea,
  ADD COLUMN totp_pending bytea,
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN totp_required boolean NOT NULL DEFAULT false;

-- The second step of a login: a password was right, a code (or an enrolment) is still due. Only a
-- hash of the challenge is kept; it lasts minutes, and is deleted when it gives a session.
CREATE TABLE staff_login_challenge (
  token_hash      bytea PRIMARY KEY,
  municipality_id integer NOT NULL,
  staff_user_id   integer NOT NULL,
  browser         text,
  client_address  text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  FOREIGN KEY (municipality_id, staff_user_id) REFERENCES staff_user (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_login_challenge_expiry ON staff_login_challenge (expires_at);
