-- Issue 14, open data (README "Open data"): a municipality may publish its reports as an open
-- dataset, off by default. The licence is an SPDX identifier; CC BY 4.0 unless the municipality
-- chooses another.
ALTER TABLE municipality
  ADD COLUMN open_data boolean NOT NULL DEFAULT false,
  ADD COLUMN open_data_licence text NOT NULL DEFAULT 'CC-BY-4.0'
    CHECK (open_data_licence IN ('CC-BY-4.0', 'CC0-1.0', 'IODL-2.0'));
