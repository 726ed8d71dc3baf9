-- Open311 GeoReport v2 (/open311/v2/{municipality}/).
--
-- Locks (README "Upgrading"): scans report (the media link's check on the new column) and scans
-- report_event (the index of public events), while writes to them wait.

-- The municipality's Open311 API key, for partners that file reports (FixMyStreet, 311 apps).
-- Only a hash: the key itself is shown once, when an administrator generates it. NULL: no key,
-- so no partner can file.
ALTER TABLE municipality ADD COLUMN open311_api_key_hash bytea;

-- A link to media a partner sent with a report (Open311 `media_url`, e.g. a photo on its own
-- site); shown back in Open311 answers.
ALTER TABLE report ADD COLUMN media_url text
  CHECK (media_url ~ '^https?://' AND length(media_url) <= 2000);

-- servicerequestupdates: the public history of a municipality by date.
CREATE INDEX report_event_public_recent ON report_event (municipality_id, created_at) WHERE public;
