-- Issue 14 §3, open data (README "Open data"): the daily dataset and its DCAT-AP_IT metadata.
--
-- The administration's code in the Indice PA (codice iPA, e.g. "c_i662"): dati.gov.it names a
-- dataset "codiceIPA:D.n" and the administration by it. Optional: without it the slug stands in.
ALTER TABLE municipality
  ADD COLUMN ipa_code text CHECK (ipa_code ~ '^[a-z0-9_]{1,30}$');

-- One edition of the dataset per municipality and day (Europe/Rome), built once, served as stored:
-- the same bytes, the same ETag all day long. Only the latest edition is kept.
CREATE TABLE open_data_snapshot (
  municipality_id integer NOT NULL REFERENCES municipality ON DELETE CASCADE,
  day             date NOT NULL,
  built_at        timestamptz NOT NULL DEFAULT now(),
  row_count       integer NOT NULL,
  -- Per format (csv, geojson): its ETag, and its size in bytes plain and gzipped (csv_gzip).
  etags           jsonb NOT NULL,
  byte_sizes      jsonb NOT NULL,
  PRIMARY KEY (municipality_id, day)
);

-- The bytes of an edition, gzipped, in parts of a few megabytes, written while the reports are
-- read with a cursor and read back one part at a time: neither the build nor a download holds
-- the whole file.
CREATE TABLE open_data_part (
  municipality_id integer NOT NULL,
  day             date NOT NULL,
  format          text NOT NULL CHECK (format IN ('csv', 'geojson')),
  seq             integer NOT NULL,
  body            bytea NOT NULL,
  PRIMARY KEY (municipality_id, day, format, seq),
  FOREIGN KEY (municipality_id, day) REFERENCES open_data_snapshot ON DELETE CASCADE
);
