import type { Sql, Tx } from '../db/connect.ts';
import { parseAnncsuCsv } from './anncsu-csv.ts';
import { parseGeoJson } from './geojson.ts';
import { readStreetFileText } from './read-file.ts';
import {
  detectStreetFileFormat,
  type ParsedStreetFile,
  type SkippedRow,
  type StreetFileFormat,
} from './street-file.ts';
import {
  adoptStreetsKeyedByName,
  removeCivicPoints,
  storeStreetGeometries,
  streetIdsByCode,
  upsertCivicPoints,
  upsertStreets,
  type StreetCounts,
} from './street-store.ts';

export type { StreetFileFormat } from './street-file.ts';

export interface ImportSummary {
  format: StreetFileFormat;
  /** Data rows (CSV) or features (GeoJSON) in the file. */
  rows: number;
  /** Streets new to the municipality. */
  imported: number;
  /** Existing streets that changed (name, type, locality, …; for GeoJSON, their geometry). */
  updated: number;
  /** Existing streets already as in the file. */
  unchanged: number;
  /** Street points the file places: civic numbers with a position, or points along GeoJSON geometry. */
  points: number;
  /** Civic numbers listed without a position (empty or 0 coordinates): imported with their street, no point. */
  withoutPosition: number;
  /** Rows left out, with why; `line` is the CSV line (header = 1) or the GeoJSON feature number. */
  skipped: SkippedRow[];
}

export interface ImportOptions {
  /** Called after every written chunk, and once at the end with rowsDone = rowsTotal. */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** Any constant: two imports into one municipality queue instead of interleaving their writes. */
const STREET_IMPORT_LOCK = 4_242_002;

/**
 * Imports a municipality's street file (ANNCSU stradario or indirizzario, onData odonimi, or
 * GeoJSON) in one transaction: a file with an error in the middle leaves the database as it was.
 * Re-importing a file, or a newer extraction, updates streets in place by their national code.
 */
export async function importStreetsFile(
  sql: Sql | Tx,
  municipalityId: number,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  return importParsedStreets(sql, municipalityId, await readStreetFile(file), opts);
}

/**
 * Reads and checks a street file without touching the database: a file that cannot be imported
 * (unknown format, a missing column, no readable row) fails here, before anything is opened.
 */
export async function readStreetFile(file: string): Promise<ParsedStreetFile> {
  const text = await readStreetFileText(file);
  const { format, delimiter } = detectStreetFileFormat(text);
  return format === 'geojson' ? parseGeoJson(text) : parseAnncsuCsv(text, format, delimiter);
}

/** The writing half of importStreetsFile, for a file readStreetFile has already read. */
export async function importParsedStreets(
  sql: Sql | Tx,
  municipalityId: number,
  parsed: ParsedStreetFile,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const { format } = parsed;

  // Progress is told in rows, which is what the person watching knows, but measured in the
  // streets and points actually written, which is where the time goes.
  const totalWork =
    parsed.streets.length +
    parsed.civics.length +
    parsed.civicKeysWithoutPosition.length +
    parsed.geometries.reduce((n, g) => n + 1 + g.points.length, 0);
  let workDone = 0;
  const report = (units: number) => {
    workDone += units;
    opts.onProgress?.(Math.min(parsed.rows, Math.round((parsed.rows * workDone) / Math.max(totalWork, 1))), parsed.rows);
  };

  // Inside a caller's transaction (the demo seed) the import is a savepoint of it.
  const inTransaction = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
    'savepoint' in sql ? (sql.savepoint(fn) as Promise<T>) : (sql.begin(fn) as Promise<T>);
  const summary = await inTransaction(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${STREET_IMPORT_LOCK}, ${municipalityId})`;
    const [municipality] = await tx`SELECT id FROM municipality WHERE id = ${municipalityId}`;
    if (!municipality) throw new Error(`No municipality with id ${municipalityId}`);

    let counts: StreetCounts = { imported: 0, updated: 0, unchanged: 0 };
    let points = 0;
    const skipped = [...parsed.skipped];
    if (format === 'geojson') {
      const stored = await storeStreetGeometries(tx, municipalityId, parsed.geometries, report);
      counts = stored;
      points = stored.points;
      skipped.push(...stored.skipped);
    } else {
      await adoptStreetsKeyedByName(tx, municipalityId, parsed.streets);
      counts = await upsertStreets(tx, municipalityId, parsed.streets, report);
      if (parsed.civics.length > 0 || parsed.civicKeysWithoutPosition.length > 0) {
        const streetIds = await streetIdsByCode(tx, municipalityId);
        points = await upsertCivicPoints(tx, municipalityId, parsed.civics, streetIds, report);
        await removeCivicPoints(tx, municipalityId, parsed.civicKeysWithoutPosition, report);
      }
    }
    return {
      format,
      rows: parsed.rows,
      imported: counts.imported,
      updated: counts.updated,
      unchanged: counts.unchanged,
      points,
      withoutPosition: parsed.civicKeysWithoutPosition.length,
      skipped: skipped.sort((a, b) => a.line - b.line),
    } satisfies ImportSummary;
  });
  opts.onProgress?.(parsed.rows, parsed.rows);
  return summary;
}
