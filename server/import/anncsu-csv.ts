import { parse } from 'csv-parse/sync';
import { lonLatProblem, parseDecimal, roundLonLat } from './coordinates.ts';
import { splitStreetType } from './street-types.ts';
import {
  normalizeHeaderName,
  type CivicPosition,
  type ParsedStreetFile,
  type StreetRecord,
} from './street-file.ts';

type CsvFormat = 'odonimi' | 'anncsu-streets' | 'anncsu-civics';

interface CsvRow {
  /** First line of the record in the file (the header is line 1). */
  line: number;
  get(column: string): string;
}

/**
 * Reads the three ANNCSU-derived CSV files: the onData odonimi extraction (DUG and DUF apart), the
 * official stradario (full ODONIMO) and the official indirizzario (one row per civic number, each
 * repeating its street).
 */
export function parseAnncsuCsv(text: string, format: CsvFormat, delimiter: string): ParsedStreetFile {
  const rows = readCsvRows(text, delimiter);
  const parsed: ParsedStreetFile = {
    format,
    rows: rows.length,
    streets: [],
    civics: [],
    civicKeysWithoutPosition: [],
    geometries: [],
    skipped: [],
  };
  const streetLines = new Map<string, number>();
  const civicLines = new Map<string, number>();

  for (const row of rows) {
    const street = format === 'odonimi' ? odonimiStreet(row) : anncsuStreet(row);
    if (typeof street === 'string') {
      parsed.skipped.push({ line: row.line, reason: street });
      continue;
    }
    const firstLine = streetLines.get(street.nationalCode);
    if (firstLine === undefined) {
      streetLines.set(street.nationalCode, row.line);
      parsed.streets.push(street);
    } else if (format !== 'anncsu-civics') {
      // The indirizzario repeats each street on every civic row; a street list must not.
      parsed.skipped.push({
        line: row.line,
        reason: `PROGRESSIVO_NAZIONALE ${street.nationalCode} repeats line ${firstLine}: row ignored`,
      });
      continue;
    }
    if (format === 'anncsu-civics') readCivic(row, street.nationalCode, parsed, civicLines);
  }
  if (parsed.streets.length === 0) throw new Error(nothingReadable(text, delimiter, parsed));
  return parsed;
}

/** How many skip reasons the error for an unreadable file quotes. */
const QUOTED_REASONS = 3;

/**
 * Why a file gave no street at all. Importing nothing and saying "done" would let an operator's
 * script carry on as if the street list were loaded (issue 12), so this is an error, and it names
 * the cause people actually hit: a spreadsheet re-saving the rows with its own separator.
 */
function nothingReadable(text: string, delimiter: string, parsed: ParsedStreetFile): string {
  if (parsed.rows === 0) return 'Nothing imported: the file has no rows after its header';
  const intro = `Nothing imported: none of its ${parsed.rows} row${parsed.rows === 1 ? '' : 's'} could be read`;
  const rowSeparator = rowSeparatorUnlike(text, delimiter);
  if (rowSeparator) {
    return (
      `${intro}: the header is separated by ${separatorName(delimiter)} but the rows by ${separatorName(rowSeparator)}. ` +
      `Save the file with one separator throughout (the official ANNCSU files use ";") and import it again.`
    );
  }
  const reasons = parsed.skipped.slice(0, QUOTED_REASONS).map((row) => `line ${row.line}: ${row.reason}`);
  const more = parsed.skipped.length > QUOTED_REASONS ? '; …' : '';
  return `${intro} (${reasons.join('; ')}${more})`;
}

const CANDIDATE_SEPARATORS = [';', ',', '\t', '|'];

/** The separator the first data row uses, when it is not the header's. */
function rowSeparatorUnlike(text: string, headerDelimiter: string): string | undefined {
  const [header, ...rest] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const firstRow = rest[0];
  if (!header || !firstRow) return undefined;
  const count = (line: string, separator: string) => line.split(separator).length - 1;
  const expected = count(header, headerDelimiter);
  // A name may hold the header's separator once or twice; a row written with it has about as many as the header.
  if (count(firstRow, headerDelimiter) >= expected / 2) return undefined;
  const [best] = CANDIDATE_SEPARATORS.filter((s) => s !== headerDelimiter)
    .map((separator) => ({ separator, n: count(firstRow, separator) }))
    .sort((a, b) => b.n - a.n);
  return best.n >= expected / 2 ? best.separator : undefined;
}

function separatorName(separator: string): string {
  return separator === '\t' ? 'tabs' : `"${separator}"`;
}

function readCsvRows(text: string, delimiter: string): CsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      bom: true,
      // Every ANNCSU row ends with the separator, so it has one more (empty) column than it names.
      relax_column_count: true,
      // Names such as PIAZZA "A. CAPONNETTO" arrive with bare quotes in unquoted cells.
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new Error(`The CSV file cannot be read: ${(err as Error).message}`);
  }
  const [header, ...data] = records;
  const index = new Map<string, number>();
  header.record.forEach((name, i) => {
    const key = normalizeHeaderName(name);
    if (key && !index.has(key)) index.set(key, i);
  });
  return data.map(({ record, info }) => {
    // info.lines is where the record ends; a quoted cell may span lines.
    let newlinesInside = 0;
    for (const cell of record) if (cell.includes('\n')) newlinesInside += cell.split('\n').length - 1;
    return {
      line: info.lines - newlinesInside,
      get(column: string) {
        const i = index.get(column);
        return i === undefined ? '' : (record[i] ?? '').trim();
      },
    };
  });
}

/** Alternative names in other languages (bilingual municipalities), joined. */
function alternativeName(...names: string[]): string | null {
  const present = names.filter(Boolean);
  return present.length ? present.join(' / ') : null;
}

function odonimiStreet(row: CsvRow): StreetRecord | string {
  const nationalCode = row.get('PROGRESSIVO_NAZIONALE');
  if (!nationalCode) return 'missing Progressivo_nazionale (the street code)';
  const baseName = collapseSpaces(row.get('DUF'));
  if (!baseName) return `street ${nationalCode}: missing DUF (the street name)`;
  return {
    line: row.line,
    nationalCode,
    municipalCode: row.get('CODICE_COMUNALE') || null,
    type: collapseSpaces(row.get('DUG')).toUpperCase(),
    baseName,
    altName: alternativeName(row.get('DENOMINAZIONE_LINGUA1'), row.get('DENOMINAZIONE_LINGUA2')),
  };
}

function anncsuStreet(row: CsvRow): StreetRecord | string {
  const nationalCode = row.get('PROGRESSIVO_NAZIONALE');
  if (!nationalCode) return 'missing PROGRESSIVO_NAZIONALE (the street code)';
  const fullName = collapseSpaces(row.get('ODONIMO'));
  if (!fullName) return `street ${nationalCode}: missing ODONIMO (the street name)`;
  const { type, baseName } = splitStreetType(fullName);
  return {
    line: row.line,
    nationalCode,
    municipalCode: row.get('CODICE_COMUNALE') || null,
    type,
    baseName,
    locality: collapseSpaces(row.get('LOCALITA')) || null,
    altName: alternativeName(row.get('DIZIONE_LINGUA1'), row.get('DIZIONE_LINGUA2')),
  };
}

function readCivic(row: CsvRow, nationalCode: string, parsed: ParsedStreetFile, civicLines: Map<string, number>): void {
  const number = row.get('CIVICO');
  const exponent = row.get('ESPONENTE');
  const civic = number ? (exponent ? `${number}/${exponent}` : number) : null;
  const sourceKey =
    row.get('PROGRESSIVO_ACCESSO') ||
    [nationalCode, civic ?? '', row.get('SPECIFICITA'), row.get('METRICO'), row.get('PROGRESSIVO_SNC')].join(':');

  const firstLine = civicLines.get(sourceKey);
  if (firstLine !== undefined) {
    parsed.skipped.push({ line: row.line, reason: `civic number ${sourceKey} repeats line ${firstLine}: position ignored` });
    return;
  }
  civicLines.set(sourceKey, row.line);

  const x = row.get('COORD_X_COMUNE');
  const y = row.get('COORD_Y_COMUNE');
  const lon = parseDecimal(x);
  const lat = parseDecimal(y);
  if (Number.isNaN(lon) || Number.isNaN(lat)) {
    const [column, value] = Number.isNaN(lon) ? ['COORD_X_COMUNE', x] : ['COORD_Y_COMUNE', y];
    parsed.skipped.push({ line: row.line, reason: `${column} "${value}" is not a number: civic ${civic ?? sourceKey} has no point` });
    return;
  }
  // Empty or 0 is how the files say "no position"; (0, 0) is in the Gulf of Guinea.
  if (!lon || !lat) {
    parsed.civicKeysWithoutPosition.push(sourceKey);
    return;
  }
  const problem = lonLatProblem(lon, lat);
  if (problem) {
    parsed.skipped.push({ line: row.line, reason: `${problem}: civic ${civic ?? sourceKey} has no point` });
    return;
  }
  const position: CivicPosition = { line: row.line, nationalCode, sourceKey, civic, ...roundLonLat({ lon, lat }) };
  parsed.civics.push(position);
}

/** Names as people read them: one space between words, and no control characters (invisible, and NUL breaks PostgreSQL). */
function collapseSpaces(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ').replace(/\s+/g, ' ').trim();
}
