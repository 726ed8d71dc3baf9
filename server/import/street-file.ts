/**
 * What a street file holds once read, whatever its format, and how its format is recognised.
 * The format is told from the content, not the file name: people rename downloads.
 */

export type StreetFileFormat = 'odonimi' | 'anncsu-streets' | 'anncsu-civics' | 'geojson';

export interface SkippedRow {
  /** Line of the CSV file (the header is line 1), or the 1-based feature number of a GeoJSON file. */
  line: number;
  reason: string;
}

/** One street of the municipal list, keyed by its ANNCSU national code. */
export interface StreetRecord {
  line: number;
  nationalCode: string;
  municipalCode: string | null;
  /** DUG: "VIA", "PIAZZA", … or '' when the source has no known type. */
  type: string;
  /** DUF: the name proper, as the source writes it. */
  baseName: string;
  /** `undefined` when the format has no locality column: what the database holds is kept. */
  locality?: string | null;
  altName: string | null;
}

export interface LonLat {
  lon: number;
  lat: number;
}

/** A civic number with a known position (ANNCSU indirizzario). */
export interface CivicPosition extends LonLat {
  line: number;
  nationalCode: string;
  /** Stable across extractions: the ANNCSU access code, or a composite when it is missing. */
  sourceKey: string;
  /** "12", "12/A"; null for accesses without a number. */
  civic: string | null;
}

/** All the geometry a GeoJSON file gives one street, its features merged. */
export interface StreetGeometry {
  /** The first feature of the street, for messages. */
  line: number;
  /** The code property when the file has one; otherwise the street is found by its name. */
  nationalCode?: string;
  /** Stable code for a street the file introduces without a code: "name:via-aurelia". */
  nameKey: string;
  fullName: string;
  type: string;
  baseName: string;
  points: LonLat[];
}

export interface ParsedStreetFile {
  format: StreetFileFormat;
  /** Data rows (CSV) or features (GeoJSON) read. */
  rows: number;
  streets: StreetRecord[];
  civics: CivicPosition[];
  /** Civic numbers the file lists without a position: a point they had before is stale. */
  civicKeysWithoutPosition: string[];
  geometries: StreetGeometry[];
  skipped: SkippedRow[];
}

export interface DetectedFormat {
  format: StreetFileFormat;
  /** Column separator of a CSV format. */
  delimiter: string;
}

/** Header names compared upper case, without accents, quotes or apostrophes: "LOCALITA'" is "LOCALITA". */
export function normalizeHeaderName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '');
}

const KNOWN_FORMATS =
  'the ANNCSU stradario (STRAD_*.csv), the ANNCSU indirizzario (INDIR_*.csv), ' +
  'the onData odonimi CSV, or a GeoJSON FeatureCollection of streets';

type CsvFormat = Exclude<StreetFileFormat, 'geojson'>;

const CSV_FORMAT_NAMES: Record<CsvFormat, string> = {
  odonimi: 'the onData odonimi CSV',
  'anncsu-streets': 'the ANNCSU stradario (STRAD_*.csv)',
  'anncsu-civics': 'the ANNCSU indirizzario (INDIR_*.csv)',
};

/**
 * The columns without which a format cannot be imported: rows would all be skipped, or (an
 * indirizzario without coordinates) every civic number would lose the position it had.
 */
const REQUIRED_COLUMNS: Record<CsvFormat, string[]> = {
  odonimi: ['PROGRESSIVO_NAZIONALE', 'DUG', 'DUF'],
  'anncsu-streets': ['PROGRESSIVO_NAZIONALE', 'ODONIMO'],
  'anncsu-civics': ['PROGRESSIVO_NAZIONALE', 'ODONIMO', 'COORD_X_COMUNE', 'COORD_Y_COMUNE'],
};

const COLUMN_MEANINGS: Record<string, string> = {
  PROGRESSIVO_NAZIONALE: 'the street code',
  ODONIMO: 'the street name',
  DUF: 'the street name',
  DUG: 'the street type',
  COORD_X_COMUNE: 'the longitude',
  COORD_Y_COMUNE: 'the latitude',
};

/** Which CSV format a header is meant to be, from the columns only that format has. */
function csvFormatOf(columns: Set<string>): CsvFormat | undefined {
  if (columns.has('DUG') || columns.has('DUF')) return 'odonimi';
  if (['PROGRESSIVO_ACCESSO', 'CIVICO', 'COORD_X_COMUNE', 'COORD_Y_COMUNE'].some((c) => columns.has(c))) {
    return columns.has('ODONIMO') || columns.has('PROGRESSIVO_NAZIONALE') ? 'anncsu-civics' : undefined;
  }
  if (columns.has('ODONIMO') || columns.has('PROGRESSIVO_NAZIONALE')) return 'anncsu-streets';
  return undefined;
}

export function detectStreetFileFormat(text: string): DetectedFormat {
  const start = text.trimStart();
  if (!start) throw new Error(`The file is empty: expected ${KNOWN_FORMATS}`);
  if (start.startsWith('{') || start.startsWith('[')) return { format: 'geojson', delimiter: '' };

  const header = start.slice(0, start.search(/\r?\n|$/));
  const semicolons = header.split(';').length - 1;
  const commas = header.split(',').length - 1;
  const delimiter = semicolons >= commas && semicolons > 0 ? ';' : ',';
  const columns = new Set(header.split(delimiter).map(normalizeHeaderName));
  const shown = header.length > 120 ? `${header.slice(0, 120)}…` : header;

  const format = csvFormatOf(columns);
  if (!format) throw new Error(`Unrecognised street file: expected ${KNOWN_FORMATS}; its first line is "${shown}"`);
  const missing = REQUIRED_COLUMNS[format].filter((column) => !columns.has(column));
  if (missing.length > 0) {
    const named = missing.map((column) => `${column} column (${COLUMN_MEANINGS[column]})`).join(', no ');
    throw new Error(`The file looks like ${CSV_FORMAT_NAMES[format]} but has no ${named}; its first line is "${shown}"`);
  }
  return { format, delimiter };
}
