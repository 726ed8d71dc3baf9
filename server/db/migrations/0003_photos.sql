-- Photos of a report, kept in PostgreSQL and written in the report's own transaction: no orphan
-- files, one backup holds everything, any process can serve them.
CREATE TABLE photo (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  report_id       bigint NOT NULL REFERENCES report ON DELETE CASCADE,
  -- What URLs carry: random, so photos cannot be enumerated.
  public_id       text NOT NULL UNIQUE,
  position        smallint NOT NULL CHECK (position BETWEEN 0 AND 9),
  -- Re-encoded images without metadata (no EXIF, no GPS); always JPEG.
  content_type    text NOT NULL DEFAULT 'image/jpeg',
  data            bytea NOT NULL,
  width           integer NOT NULL,
  height          integer NOT NULL,
  thumbnail       bytea NOT NULL,
  -- Moderation (a face, a number plate): hidden from the public, still shown to staff.
  hidden          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, position)
);
CREATE INDEX photo_report ON photo (report_id, position);
