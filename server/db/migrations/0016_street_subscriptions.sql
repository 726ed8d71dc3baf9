-- Issue 13, following a street (README "E-mail notifications"): an address asks to be told of the
-- reports published or closed on one street. Double opt-in: nothing but the confirmation mail is
-- sent before confirmed_at; an unconfirmed row is deleted after 7 days, and unsubscribing deletes
-- the row. Only what the mails need is kept: the address, its language, and the times the digest
-- works from.
CREATE TABLE street_subscription (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id   integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  street_id         integer NOT NULL,
  email             text NOT NULL,
  locale            text NOT NULL DEFAULT 'it' CHECK (locale IN ('it', 'en')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  -- The confirmation mail went out (the mail job sends it, not the request).
  confirm_sent_at   timestamptz,
  confirmed_at      timestamptz,
  -- When this subscription was last in a digest: the next one covers what happened since, and no
  -- address gets a second digest within a day (from any municipality of the server).
  last_sent_at      timestamptz,
  -- A process sending this address's mail holds it until then (a process that died loses it).
  claimed_until     timestamptz,
  FOREIGN KEY (municipality_id, street_id) REFERENCES street (municipality_id, id) ON DELETE CASCADE
);
-- One subscription per address and street; addresses compared without case.
CREATE UNIQUE INDEX street_subscription_unique ON street_subscription (municipality_id, street_id, lower(email));
CREATE INDEX street_subscription_email ON street_subscription (lower(email));
CREATE INDEX street_subscription_street ON street_subscription (municipality_id, street_id) WHERE confirmed_at IS NOT NULL;
