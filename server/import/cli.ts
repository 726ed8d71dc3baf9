import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, findMunicipalityBySlug, openCliDatabase, runCli } from '../cli/database.ts';
import type { ImportSummary } from './streets.ts';

/**
 * `npm run import -- streets --municipality <slug> <file>`: loads a municipality's street list
 * into the database the server uses.
 */

const USAGE = `Usage: npm run import -- streets --municipality <slug> <file>

Imports a municipality's street list into Segnala, or updates it. <file> may be:
  - the ANNCSU stradario, STRAD_*.csv (streets)
  - the ANNCSU indirizzario, INDIR_*.csv (civic numbers; their coordinates, when present,
    let Segnala find the street nearest to a point)
  - the onData "odonimi" CSV extraction of ANNCSU (Progressivo_nazionale,Codice_comunale,DUG,DUF,...)
  - a GeoJSON FeatureCollection of street lines or points with a name property
    (and optionally progressivo_nazionale)
  Gzip-compressed files (.gz) are read as they are; extract ZIP archives first.
The format is recognised from the content. Importing again, or a newer extraction, updates
streets in place by their national code (PROGRESSIVO_NAZIONALE): nothing is duplicated.
A file that cannot be imported (unknown format, a required column missing, or not one row
readable, e.g. rows separated by "," under a ";" header) changes nothing and exits with code 1.

Options:
  -m, --municipality <slug>  the municipality the streets belong to (e.g. seravezza)
  -h, --help                 show this text

Database: DATABASE_URL when set, otherwise the embedded database in DATA_DIR (default ./data).
The embedded database can be open in one process only: stop the Segnala server before
importing into it, and start it again afterwards.`;


/** Files below this size import in a blink: no progress lines for them when stderr is a log. */
const PROGRESS_LOG_MIN_ROWS = 10_000;

async function main(argv: string[]): Promise<number> {
  let values: { municipality?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        municipality: { type: 'string', short: 'm' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  if (!command) throw new UsageError(USAGE);
  if (command !== 'streets') throw new UsageError(`Unknown command "${command}": the importer knows "streets".\n\n${USAGE}`);
  if (!values.municipality) throw new UsageError(`Missing --municipality <slug>.\n\n${USAGE}`);
  if (!file) throw new UsageError(`Missing the file to import.\n\n${USAGE}`);
  if (extra.length > 0) throw new UsageError(`One file at a time; unexpected: ${extra.join(' ')}\n\n${USAGE}`);
  if (!existsSync(file)) throw new UsageError(`File not found: ${file}`);

  // Loaded only now, so that usage errors and --help answer at once.
  const [{ parseEnv }, { migrate }, { importParsedStreets, readStreetFile }] = await Promise.all([
    import('../env.ts'),
    import('../db/migrate.ts'),
    import('./streets.ts'),
  ]);
  const env = parseEnv();
  // The file first: one that cannot be imported fails at once, without waiting for (or locking) the database.
  const readStarted = Date.now();
  const parsed = await readStreetFile(file);
  const readingMs = Date.now() - readStarted;
  const db = await openCliDatabase(env.DATABASE_URL, env.DATA_DIR);
  try {
    await migrate(db.sql);
    const municipality = await findMunicipalityBySlug(db, values.municipality);
    const started = Date.now();
    const summary = await importParsedStreets(db.sql, municipality.id, parsed, { onProgress: progressPrinter() });
    process.stdout.write(formatSummary(summary, basename(file), values.municipality, readingMs + Date.now() - started));
    return 0;
  } finally {
    await db.close();
  }
}

/** A counter rewritten in place on a terminal; a line every 10 % when stderr goes to a log. */
function progressPrinter(): (rowsDone: number, rowsTotal: number) => void {
  const tty = process.stderr.isTTY;
  let lastDecile = 0;
  return (done, total) => {
    if (tty) {
      process.stderr.write(`\r${done}/${total} rows`);
      if (done === total) process.stderr.write('\r\x1b[K');
      return;
    }
    if (total < PROGRESS_LOG_MIN_ROWS) return;
    const decile = Math.floor((done * 10) / total);
    if (decile > lastDecile && done < total) {
      lastDecile = decile;
      process.stderr.write(`${done}/${total} rows\n`);
    }
  };
}

const SHOWN_SKIPPED = 20;

const FORMAT_NAMES: Record<ImportSummary['format'], string> = {
  odonimi: 'onData odonimi CSV',
  'anncsu-streets': 'ANNCSU stradario',
  'anncsu-civics': 'ANNCSU indirizzario',
  geojson: 'GeoJSON',
};

function formatSummary(s: ImportSummary, file: string, slug: string, elapsedMs: number): string {
  // A GeoJSON file has features, not rows; its skip reasons already name the feature.
  const unit = s.format === 'geojson' ? 'feature' : 'row';
  const lines = [
    `Imported ${file} into ${slug} (${FORMAT_NAMES[s.format]}, ${s.rows} ${unit}${s.rows === 1 ? '' : 's'}) in ${(elapsedMs / 1000).toFixed(1)} s`,
    `  new streets:        ${s.imported}`,
    `  updated streets:    ${s.updated}`,
    `  unchanged streets:  ${s.unchanged}`,
    `  street points:      ${s.points}`,
  ];
  if (s.format === 'anncsu-civics') lines.push(`  civic numbers without coordinates (no point): ${s.withoutPosition}`);
  lines.push(`  skipped ${unit}s:${unit === 'row' ? '       ' : '   '}${s.skipped.length}`);
  for (const row of s.skipped.slice(0, SHOWN_SKIPPED)) {
    lines.push(unit === 'row' ? `    line ${row.line}: ${row.reason}` : `    ${row.reason}`);
  }
  if (s.skipped.length > SHOWN_SKIPPED) lines.push(`    … and ${s.skipped.length - SHOWN_SKIPPED} more`);
  return `${lines.join('\n')}\n`;
}

runCli(main, 'Import failed');
