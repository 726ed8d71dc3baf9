// The street importer (server/import/) end to end: display names, the four formats it reads (onData
// odonimi, ANNCSU stradario and indirizzario, GeoJSON), the files it refuses, and its command.
// Over 400 lines as one file: one test database and the helpers that read streets and points back
// serve every part; each part has its own municipality, so one can move out when it grows.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Sql } from '../../server/db/connect.ts';
import { streetDisplayName } from '../../server/import/street-name.ts';
import { importStreetsFile } from '../../server/import/streets.ts';
import * as municipalities from '../../server/services/municipality.ts';
import { openTestDatabase } from './helpers/database.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/streets/', import.meta.url));
/** The real ANNCSU street list of Seravezza (302 streets, CC BY 4.0), shipped for the demo. */
const seravezzaFile = fileURLToPath(new URL('../../server/demo/data/seravezza-odonimi.csv', import.meta.url));
const stradarioFile = join(fixtures, 'STRAD_I622.csv');
const indirizzarioFile = join(fixtures, 'INDIR_I622.csv');
const geojsonFile = join(fixtures, 'seravezza-streets.geojson');

let db: Database;
let sql: Sql;
let tmp: string;

before(async () => {
  db = await openTestDatabase();
  sql = db.sql;
  tmp = await mkdtemp(join(tmpdir(), 'segnala-import-'));
});

after(async () => {
  await db?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A bare municipality: the shared test fixture's streets would collide with Seravezza's real codes. */
async function createMunicipality(slug: string): Promise<number> {
  return municipalities.createMunicipality(sql, { slug, name: `Comune di ${slug}`, istatCode: '046028', center: { lon: 10.227, lat: 43.995 } });
}

interface StreetRow {
  id: number;
  national_code: string;
  type: string;
  base_name: string;
  name: string;
  locality: string | null;
  alt_name: string | null;
}

async function streetsByCode(municipalityId: number): Promise<Map<string, StreetRow>> {
  const rows = await sql<StreetRow[]>`
    SELECT id, national_code, type, base_name, name, locality, alt_name
    FROM street WHERE municipality_id = ${municipalityId}`;
  return new Map(rows.map((r) => [r.national_code, r]));
}

interface PointRow {
  source_key: string;
  civic: string | null;
  lon: number;
  lat: number;
}

async function pointsOf(municipalityId: number, source: 'civic' | 'geometry', nationalCode?: string): Promise<PointRow[]> {
  return sql<PointRow[]>`
    SELECT sp.source_key, sp.civic, sp.location[0] AS lon, sp.location[1] AS lat
    FROM street_point sp JOIN street s ON s.id = sp.street_id
    WHERE sp.municipality_id = ${municipalityId} AND sp.source = ${source}
      ${nationalCode === undefined ? sql`` : sql`AND s.national_code = ${nationalCode}`}
    ORDER BY sp.id`;
}

function metersBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const lat = ((a.lat + b.lat) / 2) * (Math.PI / 180);
  return Math.hypot((a.lon - b.lon) * 111_320 * Math.cos(lat), (a.lat - b.lat) * 111_320);
}

/** A copy of a fixture with some text replaced: "the municipality downloaded a newer extraction". */
async function editedCopy(source: string, name: string, edit: (text: string) => string): Promise<string> {
  const file = join(tmp, name);
  await writeFile(file, edit(await readFile(source, 'utf8')));
  return file;
}

describe('street display names', () => {
  const cases: [string, string, string][] = [
    ['VIA', 'ALCIDE DE GASPERI', 'Via Alcide De Gasperi'],
    ['VIA', "DELL'ORTO", "Via dell'Orto"],
    ['PIAZZA', 'DEI MILLE', 'Piazza dei Mille'],
    ['TRAVERSA', 'A DI VIA AURELIA', 'Traversa A di Via Aurelia'],
    ['VIA', 'XX SETTEMBRE', 'Via XX Settembre'],
    ['VIA', 'IV NOVEMBRE', 'Via IV Novembre'],
    ['VIA', 'PAOLO VI', 'Via Paolo VI'],
    ['VIA', 'LEONARDO DA VINCI', 'Via Leonardo da Vinci'],
    ['PIAZZA', 'AI CADUTI ALPINI DELLA VERSILIA', 'Piazza ai Caduti Alpini della Versilia'],
    ['VIA', "MARTIRI DI SANT'ANNA", "Via Martiri di Sant'Anna"],
    ['VIA', "SANT' ANNA", "Via Sant'Anna"],
    ['PIAZZA', 'S. FRANCESCO', 'Piazza S. Francesco'],
    ['VIA', 'SS. ANNUNZIATA', 'Via SS. Annunziata'],
    ['VIA', 'C.A. DALLA CHIESA', 'Via C.A. dalla Chiesa'],
    ['VIA', 'F.LLI ROSSELLI', 'Via F.lli Rosselli'],
    ['PIAZZA', 'A. CAPONNETTO, G. FALCONE, P. BORSELLINO', 'Piazza A. Caponnetto, G. Falcone, P. Borsellino'],
    ['VIA', "CITTA'", 'Via Città'],
    ['PIAZZA', "GIOSUE' CARDUCCI", 'Piazza Giosuè Carducci'],
    ["LOCALITA'", "CA' DI CECCO", "Località Ca' di Cecco"],
    ['VIA', 'RAGAZZI DEL 99', 'Via Ragazzi del 99'],
    ['VIA', 'PIETRO E PAOLO', 'Via Pietro e Paolo'],
    ['VIA', 'CARLO E NELLO ROSSELLI', 'Via Carlo e Nello Rosselli'],
    ['VIA', 'LUCIO DALLA', 'Via Lucio Dalla'],
    ['VIA', 'GIUSEPPE DI VITTORIO', 'Via Giuseppe Di Vittorio'],
    ['', "DELL'ORTO", "Dell'Orto"],
    ['', 'VIA DEI MILLE', 'Via dei Mille'],
    ['', 'Via dei Mille', 'Via dei Mille'],
  ];
  for (const [type, baseName, expected] of cases) {
    test(`${type} ${baseName} → ${expected}`, () => {
      assert.equal(streetDisplayName(type, baseName), expected);
    });
  }
});

describe('importing the onData odonimi file', () => {
  let municipalityId: number;
  before(async () => {
    municipalityId = await createMunicipality('seravezza-odonimi');
  });

  test('gives the 302 streets of Seravezza, named as people write them', async () => {
    const progress: [number, number][] = [];
    const summary = await importStreetsFile(sql, municipalityId, seravezzaFile, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    assert.deepEqual(summary, {
      format: 'odonimi',
      rows: 302,
      imported: 302,
      updated: 0,
      unchanged: 0,
      points: 0,
      withoutPosition: 0,
      skipped: [],
    });
    assert.deepEqual(progress.at(-1), [302, 302]);
    assert.ok(progress.every(([done], i) => i === 0 || done >= progress[i - 1][0]), 'progress never goes back');

    const streets = await streetsByCode(municipalityId);
    assert.equal(streets.size, 302);
    const gasperi = streets.get('319502')!;
    assert.deepEqual([gasperi.type, gasperi.base_name, gasperi.name], ['VIA', 'ALCIDE DE GASPERI', 'Via Alcide De Gasperi']);
    assert.equal(streets.get('319487')!.name, 'Traversa A di Via Alcide De Gasperi');
    assert.equal(streets.get('319634')!.name, 'Piazza Giosuè Carducci');
    assert.equal(streets.get('319526')!.name, 'Via Bertuccio');
    const names = [...streets.values()].map((s) => s.name);
    for (const name of [
      "Via Martiri di Sant'Anna",
      'Via XXIV Maggio',
      "Via dell'Alpe",
      'Piazza A. Caponnetto, G. Falcone, P. Borsellino',
      'Sentiero per Via Giustagnana',
      'Vialetto della Solidarietà',
    ]) {
      assert.ok(names.includes(name), `${name} is in the street list`);
    }
    // The search column is derived by the database from what was imported.
    const [found] = await sql<{ name: string }[]>`
      SELECT name FROM street WHERE municipality_id = ${municipalityId} AND search_name = fold_text(${'piazza giosuè carducci'})`;
    assert.equal(found?.name, 'Piazza Giosuè Carducci');
  });

  test('imported again, changes nothing and duplicates nothing', async () => {
    const before = await streetsByCode(municipalityId);
    const summary = await importStreetsFile(sql, municipalityId, seravezzaFile);
    assert.equal(summary.imported, 0);
    assert.equal(summary.updated, 0);
    assert.equal(summary.unchanged, 302);
    const after = await streetsByCode(municipalityId);
    assert.equal(after.size, 302);
    assert.equal(after.get('319502')!.id, before.get('319502')!.id);
  });

  test('a newer extraction updates renamed streets in place and adds new ones', async () => {
    const before = await streetsByCode(municipalityId);
    const newer = await editedCopy(seravezzaFile, 'odonimi-newer.csv', (text) =>
      text
        .replace('319622,"",VIA,FRATELLI ROSSELLI,', '319622,"",VIA,CARLO E NELLO ROSSELLI,')
        .replace('319512,"",VIA,AURELIA,""', '319512,"",VIA,AURELIA,"VIA AURELIA NORD"')
        .concat('1300001,"",PIAZZA,DELLA REPUBBLICA,"","",I622,09\n'),
    );
    const summary = await importStreetsFile(sql, municipalityId, newer);
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [1, 2, 300]);

    const after = await streetsByCode(municipalityId);
    assert.equal(after.size, 303);
    const rosselli = after.get('319622')!;
    assert.equal(rosselli.id, before.get('319622')!.id, 'same street, same id: its reports stay attached');
    assert.equal(rosselli.name, 'Via Carlo e Nello Rosselli');
    assert.equal(after.get('319512')!.alt_name, 'VIA AURELIA NORD');
    assert.equal(after.get('1300001')!.name, 'Piazza della Repubblica');
  });
});

describe('importing the ANNCSU stradario (STRAD_*.csv)', () => {
  test('splits the street type off the full name and keeps localities', async () => {
    const municipalityId = await createMunicipality('seravezza-stradario');
    const summary = await importStreetsFile(sql, municipalityId, stradarioFile);
    assert.equal(summary.format, 'anncsu-streets');
    assert.equal(summary.rows, 10);
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [7, 0, 0]);
    assert.deepEqual(
      summary.skipped.map((s) => s.line),
      [9, 10, 11],
    );
    assert.match(summary.skipped[0].reason, /missing PROGRESSIVO_NAZIONALE/);
    assert.match(summary.skipped[1].reason, /missing ODONIMO/);
    assert.match(summary.skipped[2].reason, /319502 repeats line 3/);

    const streets = await streetsByCode(municipalityId);
    const aurelia = streets.get('319512')!;
    assert.deepEqual([aurelia.type, aurelia.base_name, aurelia.name, aurelia.locality], ['VIA', 'AURELIA', 'Via Aurelia', 'QUERCETA']);
    assert.equal(streets.get('990001')!.name, "Via dell'Orto");
    const cecco = streets.get('990002')!;
    assert.deepEqual([cecco.type, cecco.base_name, cecco.name], ["LOCALITA'", "CA' DI CECCO", "Località Ca' di Cecco"]);
    const bosco = streets.get('990003')!;
    assert.deepEqual([bosco.type, bosco.name], ['', 'Casone del Bosco'], 'a name without a known type keeps it whole');
    const settembre = streets.get('990004')!;
    assert.deepEqual([settembre.name, settembre.alt_name], ['Via XX Settembre', 'STRASSE DES 20. SEPTEMBER']);
  });

  test('control characters in a name become spaces (a NUL makes the file binary, refused as such)', async () => {
    const municipalityId = await createMunicipality('seravezza-control');
    const file = await editedCopy(stradarioFile, 'STRAD_control.csv', (t) => t.replace('VIA AURELIA;', 'VIA\u0007AURELIA\u001b\u007f;'));
    const summary = await importStreetsFile(sql, municipalityId, file);
    assert.equal(summary.imported, 7);
    assert.equal((await streetsByCode(municipalityId)).get('319512')!.name, 'Via Aurelia');
  });

  test('adds localities to streets from the odonimi file, which a later odonimi import keeps', async () => {
    const municipalityId = await createMunicipality('seravezza-mixed');
    await importStreetsFile(sql, municipalityId, seravezzaFile);
    const stradario = await importStreetsFile(sql, municipalityId, stradarioFile);
    assert.deepEqual([stradario.imported, stradario.updated, stradario.unchanged], [4, 3, 0]);
    const again = await importStreetsFile(sql, municipalityId, seravezzaFile);
    assert.deepEqual([again.imported, again.updated, again.unchanged], [0, 0, 302]);
    const streets = await streetsByCode(municipalityId);
    assert.equal(streets.get('319512')!.locality, 'QUERCETA');
    assert.equal(streets.size, 306);
  });
});

describe('importing the ANNCSU indirizzario (INDIR_*.csv)', () => {
  let municipalityId: number;
  before(async () => {
    municipalityId = await createMunicipality('seravezza-civici');
  });

  test('places civic numbers with coordinates and imports the streets of all rows', async () => {
    const summary = await importStreetsFile(sql, municipalityId, indirizzarioFile);
    assert.equal(summary.format, 'anncsu-civics');
    assert.equal(summary.rows, 14);
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [4, 0, 0]);
    assert.equal(summary.points, 6);
    assert.equal(summary.withoutPosition, 4, 'empty and 0 coordinates are counted, not listed row by row');
    assert.deepEqual(
      summary.skipped.map((s) => s.line),
      [10, 11, 13, 14],
    );
    assert.match(summary.skipped[0].reason, /COORD_X_COMUNE "10,17a" is not a number/);
    assert.match(summary.skipped[1].reason, /outside .*latitude -90\.\.90/);
    assert.match(summary.skipped[2].reason, /missing PROGRESSIVO_NAZIONALE/);
    assert.match(summary.skipped[3].reason, /10401002 repeats line 3/);

    const streets = await streetsByCode(municipalityId);
    assert.deepEqual([...streets.keys()].sort(), ['319502', '319512', '319634', '319640']);
    assert.equal(streets.get('319634')!.name, 'Piazza Giosuè Carducci');
    assert.equal(streets.get('319640')!.name, 'Via Guglielmo Marconi', 'a street whose civics have no position is still a street');

    const points = await pointsOf(municipalityId, 'civic');
    assert.deepEqual(
      points.map((p) => [p.source_key, p.civic, p.lon, p.lat]),
      [
        ['10401001', '1', 10.1712345, 43.9651234],
        ['10401002', '3', 10.1714, 43.9655],
        ['10401003', '3/A', 10.1715, 43.9657],
        ['10401101', '2', 10.1751, 43.9702],
        ['10401102', '4/B', 10.1753, 43.9704],
        ['10401201', '1', 10.2283, 43.9947],
      ],
    );
    assert.equal((await pointsOf(municipalityId, 'civic', '319640')).length, 0);
  });

  test('imported again, does not duplicate points', async () => {
    const summary = await importStreetsFile(sql, municipalityId, indirizzarioFile);
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [0, 0, 4]);
    assert.equal((await pointsOf(municipalityId, 'civic')).length, 6);
  });

  test('a newer extraction moves civic numbers and drops positions that were withdrawn', async () => {
    const newer = await editedCopy(indirizzarioFile, 'INDIR-newer.csv', (text) =>
      text
        .replace(';10401001;;1;;;;;10,1712345;43,9651234;', ';10401001;;1;;;;;;;')
        .replace(';10401002;;3;;;;;10,1714;43,9655;', ';10401002;;3;;;;;10,17145;43,96555;'),
    );
    await importStreetsFile(sql, municipalityId, newer);
    const points = await pointsOf(municipalityId, 'civic');
    assert.equal(points.length, 5);
    assert.ok(!points.some((p) => p.source_key === '10401001'));
    const moved = points.find((p) => p.source_key === '10401002')!;
    assert.deepEqual([moved.lon, moved.lat], [10.17145, 43.96555]);
  });
});

describe('importing GeoJSON street geometry', () => {
  let municipalityId: number;
  let pescatoriId: number;
  before(async () => {
    municipalityId = await createMunicipality('seravezza-geometria');
    await importStreetsFile(sql, municipalityId, seravezzaFile);
  });

  test('attaches lines to the streets already listed, with points every 25 m along them', async () => {
    const summary = await importStreetsFile(sql, municipalityId, geojsonFile);
    assert.equal(summary.format, 'geojson');
    assert.equal(summary.rows, 6);
    // Via dei Pescatori is new; Via Aurelia (found by name) and Piazza Alessandrini (by code) get geometry.
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [1, 2, 0]);
    assert.deepEqual(
      summary.skipped.map((s) => s.line),
      [5, 6],
    );
    assert.match(summary.skipped[0].reason, /no street name/);
    assert.match(summary.skipped[1].reason, /Via Roma: coordinates .* outside/);

    const streets = await streetsByCode(municipalityId);
    assert.equal(streets.size, 303);
    assert.equal([...streets.values()].filter((s) => s.name === 'Via Aurelia').length, 1, 'no second Via Aurelia');

    const aurelia = await pointsOf(municipalityId, 'geometry', '319512');
    assert.deepEqual([aurelia[0].lon, aurelia[0].lat], [10.17, 43.963]);
    assert.deepEqual([aurelia.at(-1)!.lon, aurelia.at(-1)!.lat], [10.173, 43.968]);
    // About 600 m of street: far more points than its 3 vertices, none more than 25 m apart.
    assert.equal(aurelia.length, 27);
    for (let i = 1; i < aurelia.length; i++) {
      assert.ok(metersBetween(aurelia[i - 1], aurelia[i]) <= 25, `gap before point ${i} is at most 25 m`);
    }
    // Halfway along a 350 m segment with no vertex, the street is still right there.
    const [nearest] = await sql<{ national_code: string; lon: number; lat: number }[]>`
      SELECT s.national_code, sp.location[0] AS lon, sp.location[1] AS lat
      FROM street_point sp JOIN street s ON s.id = sp.street_id
      WHERE sp.municipality_id = ${municipalityId}
      ORDER BY sp.location <-> point(10.1721, 43.96655) LIMIT 1`;
    assert.equal(nearest.national_code, '319512');
    assert.ok(metersBetween(nearest, { lon: 10.1721, lat: 43.96655 }) < 15);

    const pescatori = streets.get('name:via-dei-pescatori')!;
    assert.equal(pescatori.name, 'Via dei Pescatori', 'a street without a code is keyed by its name');
    pescatoriId = pescatori.id;
    const pescatoriPoints = await pointsOf(municipalityId, 'geometry', 'name:via-dei-pescatori');
    const distinct = new Set(pescatoriPoints.map((p) => `${p.lon},${p.lat}`));
    assert.equal(distinct.size, pescatoriPoints.length, 'shared vertices of its two features are stored once');
    assert.deepEqual(
      (await pointsOf(municipalityId, 'geometry', '319503')).map((p) => [p.lon, p.lat]),
      [[10.2279, 43.9941]],
    );
  });

  test('imported again, does not duplicate points', async () => {
    const before = await pointsOf(municipalityId, 'geometry');
    const summary = await importStreetsFile(sql, municipalityId, geojsonFile);
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [0, 0, 3]);
    assert.equal(summary.points, before.length);
    assert.deepEqual(await pointsOf(municipalityId, 'geometry'), before);
  });

  test('a street drawn before it was listed takes its code from the street list, without doubling', async () => {
    const pointsBefore = await pointsOf(municipalityId, 'geometry', 'name:via-dei-pescatori');
    const listed = join(tmp, 'odonimi-pescatori.csv');
    await writeFile(
      listed,
      'Progressivo_nazionale,Codice_comunale,DUG,DUF,Denominazione_lingua1,Denominazione_lingua2,codice_belfiore,codice_regione\n' +
        '990100,"",VIA,DEI PESCATORI,"","",I622,09\n',
    );
    const summary = await importStreetsFile(sql, municipalityId, listed);
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [0, 1, 0]);
    const streets = await streetsByCode(municipalityId);
    assert.equal(streets.size, 303);
    assert.equal(streets.get('990100')!.id, pescatoriId);
    assert.deepEqual(await pointsOf(municipalityId, 'geometry', '990100'), pointsBefore);
  });

  test('a redrawn street has its geometry replaced, not added to', async () => {
    const redrawn = await editedCopy(geojsonFile, 'redrawn.geojson', (text) =>
      text.replace('[[10.1700, 43.9630], [10.1712, 43.9651], [10.1730, 43.9680]]', '[[10.1700, 43.9630], [10.1702, 43.9633]]'),
    );
    const summary = await importStreetsFile(sql, municipalityId, redrawn);
    assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [0, 1, 2]);
    const aurelia = await pointsOf(municipalityId, 'geometry', '319512');
    assert.ok(aurelia.length >= 2 && aurelia.length <= 3, `a 36 m street has 2–3 points, not ${aurelia.length}`);
    assert.ok(aurelia.every((p) => p.lat <= 43.9633));
  });
});

describe('files the importer refuses', () => {
  test('rows without a code or a name are reported with their line, the others imported', async () => {
    const municipalityId = await createMunicipality('bad-rows');
    const summary = await importStreetsFile(sql, municipalityId, join(fixtures, 'odonimi-bad-rows.csv'));
    assert.equal(summary.imported, 2);
    assert.deepEqual(summary.skipped, [
      { line: 3, reason: 'missing Progressivo_nazionale (the street code)' },
      { line: 4, reason: 'street 900002: missing DUF (the street name)' },
      { line: 6, reason: 'PROGRESSIVO_NAZIONALE 900001 repeats line 2: row ignored' },
    ]);
    const streets = await streetsByCode(municipalityId);
    assert.equal(streets.get('900001')!.name, 'Via delle Rose', 'the first of two rows with one code wins');
    assert.equal(streets.get('900003')!.alt_name, 'TAUSEND PLATZ');
  });

  test('a file none of whose rows can be read is an error, not an import of nothing', async () => {
    const municipalityId = await createMunicipality('unreadable-rows');
    const noCodes = await editedCopy(stradarioFile, 'STRAD_no_codes.csv', (text) => text.replace(/^(I622;046028;)\d+;/gm, '$1;'));
    await assert.rejects(importStreetsFile(sql, municipalityId, noCodes), (err: Error) => {
      assert.match(err.message, /none of its 10 rows could be read/);
      assert.match(err.message, /line 2: missing PROGRESSIVO_NAZIONALE/);
      return true;
    });
    const headerOnly = await editedCopy(stradarioFile, 'STRAD_header_only.csv', (text) => text.split('\n')[0]);
    await assert.rejects(importStreetsFile(sql, municipalityId, headerOnly), /no rows after its header/);
    assert.equal((await streetsByCode(municipalityId)).size, 0);
  });

  test('an unknown format is a clear error and writes nothing', async () => {
    const municipalityId = await createMunicipality('wrong-files');
    await assert.rejects(importStreetsFile(sql, municipalityId, join(fixtures, 'not-a-street-list.csv')), (err: Error) => {
      assert.match(err.message, /Unrecognised street file/);
      assert.match(err.message, /STRAD_\*\.csv/);
      assert.match(err.message, /"nome;cognome;email"/);
      return true;
    });
    const notGeoJson = join(tmp, 'streets.json');
    await writeFile(notGeoJson, JSON.stringify({ streets: ['Via Roma'] }));
    await assert.rejects(importStreetsFile(sql, municipalityId, notGeoJson), /not GeoJSON/);

    const projected = join(tmp, 'projected.geojson');
    await writeFile(
      projected,
      JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3003' } }, features: [] }),
    );
    await assert.rejects(importStreetsFile(sql, municipalityId, projected), /EPSG::3003.*EPSG:4326/);

    const zip = join(tmp, 'STRAD_I622.zip');
    await writeFile(zip, Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(64)]));
    await assert.rejects(importStreetsFile(sql, municipalityId, zip), /ZIP archive: extract/);
    await assert.rejects(importStreetsFile(sql, municipalityId, join(tmp, 'missing.csv')), /File not found/);
    assert.equal((await streetsByCode(municipalityId)).size, 0);
  });
});

describe('the import command', { concurrency: true }, () => {
  const cli = join(repoRoot, 'server/import/cli.ts');
  const realPostgres = Boolean(process.env.DATABASE_URL);

  function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
        cwd: repoRoot,
        env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** The test database's own URL, so the child process writes where this test reads. */
  async function testDatabaseUrl(): Promise<string> {
    const [{ name }] = await sql<{ name: string }[]>`SELECT current_database() AS name`;
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  test('explains its usage, and refuses wrong arguments with exit code 1', async () => {
    const noDb = { DATABASE_URL: '', DATA_DIR: join(tmp, 'never-opened') };
    const [help, none, unknown, noMunicipality] = await Promise.all([
      runCli(['--help'], noDb),
      runCli([], noDb),
      runCli(['roads', '--municipality', 'x', stradarioFile], noDb),
      runCli(['streets', stradarioFile], noDb),
    ]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: npm run import -- streets --municipality <slug> <file>/);
    assert.match(help.stdout, /stop the Segnala server/);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Usage:/);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown command "roads"/);
    assert.equal(noMunicipality.code, 1);
    assert.match(noMunicipality.stderr, /Missing --municipality/);
  });

  test('refuses to open an embedded database a running server holds', async () => {
    const dataDir = await mkdtemp(join(tmp, 'busy-'));
    // Where the server keeps the embedded database inside DATA_DIR.
    await mkdir(join(dataDir, 'pgdata'));
    // The lock a running server writes beside the folder (db/connect.ts): this test process is alive.
    await writeFile(join(dataDir, 'pgdata.lock'), `${process.pid}\n`);
    const run = await runCli(['streets', '--municipality', 'seravezza', stradarioFile], { DATABASE_URL: '', DATA_DIR: dataDir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`is in use by process ${process.pid}`));
    assert.match(run.stderr, /Stop the Segnala server/);
  });

  test('after a killed server, its left-over postmaster.pid and lock do not block the import', async () => {
    const dataDir = await mkdtemp(join(tmp, 'crashed-'));
    await mkdir(join(dataDir, 'pgdata'));
    // What PGlite leaves behind (always -42), and a lock naming a process that no longer exists.
    await writeFile(join(dataDir, 'pgdata', 'postmaster.pid'), '-42\n');
    await writeFile(join(dataDir, 'pgdata.lock'), '2147483646\n');
    const run = await runCli(['streets', '--municipality', 'atlantide', stradarioFile], { DATABASE_URL: '', DATA_DIR: dataDir });
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stderr, /in use/);
    assert.match(run.stderr, /Unknown municipality "atlantide"/);
  });

  test('names the known municipalities when the slug is unknown', async () => {
    if (realPostgres) {
      await createMunicipality('cli-known');
      const run = await runCli(['streets', '--municipality', 'atlantide', stradarioFile], {
        DATABASE_URL: await testDatabaseUrl(),
      });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /Unknown municipality "atlantide"\. Known municipalities: .*cli-known/);
    } else {
      const dataDir = await mkdtemp(join(tmp, 'embedded-'));
      const run = await runCli(['streets', '--municipality', 'atlantide', stradarioFile], { DATABASE_URL: '', DATA_DIR: dataDir });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /Unknown municipality "atlantide": the database has no municipality yet/);
    }
  });

  /** The stradario fixture with its rows (not its header) written with another separator: a spreadsheet's "save as CSV". */
  async function stradarioWithRowSeparator(name: string, separator: string): Promise<string> {
    return editedCopy(stradarioFile, name, (text) => {
      const [header, ...rows] = text.split('\n');
      return [header, ...rows.map((row) => row.replaceAll(';', separator))].join('\n');
    });
  }

  test('fails, naming the separator, when the rows use another separator than the header', async () => {
    // The database is never opened: the file is read first, so an empty DATA_DIR is enough.
    const noDb = { DATABASE_URL: '', DATA_DIR: join(tmp, 'never-opened-separator') };
    const [commas, tabs] = await Promise.all([
      runCli(['streets', '--municipality', 'seravezza', await stradarioWithRowSeparator('STRAD_commas.csv', ',')], noDb),
      runCli(['streets', '--municipality', 'seravezza', await stradarioWithRowSeparator('STRAD_tabs.csv', '\t')], noDb),
    ]);
    assert.equal(commas.code, 1, commas.stdout);
    assert.doesNotMatch(commas.stdout, /Imported/);
    assert.match(commas.stderr, /none of its 10 rows could be read/);
    assert.match(commas.stderr, /the header is separated by ";" but the rows by ","/);
    assert.equal(tabs.code, 1, tabs.stdout);
    assert.match(tabs.stderr, /the header is separated by ";" but the rows by tabs/);
  });

  test('fails, naming the column, when a required column is missing', async () => {
    const noDb = { DATABASE_URL: '', DATA_DIR: join(tmp, 'never-opened-columns') };
    const withoutName = await editedCopy(stradarioFile, 'STRAD_no_name.csv', (text) => text.replace(';ODONIMO;', ';NOME;'));
    const withoutCode = await editedCopy(stradarioFile, 'STRAD_no_code.csv', (text) => text.replace('PROGRESSIVO_NAZIONALE;', 'PROGRESSIVO;'));
    // Without its coordinate columns an indirizzario would withdraw every civic number's position.
    const withoutCoordinates = await editedCopy(indirizzarioFile, 'INDIR_no_coords.csv', (text) => text.replace('COORD_Y_COMUNE', 'Y'));
    const runs = await Promise.all(
      [withoutName, withoutCode, withoutCoordinates].map((file) => runCli(['streets', '--municipality', 'seravezza', file], noDb)),
    );
    for (const run of runs) {
      assert.equal(run.code, 1, run.stdout);
      assert.doesNotMatch(run.stdout, /Imported/);
    }
    assert.match(runs[0].stderr, /ANNCSU stradario .* has no ODONIMO column \(the street name\)/);
    assert.match(runs[1].stderr, /has no PROGRESSIVO_NAZIONALE column \(the street code\)/);
    assert.match(runs[2].stderr, /ANNCSU indirizzario .* has no COORD_Y_COMUNE column/);
  });

  test('imports a file and prints what it did', { skip: !realPostgres && 'needs DATABASE_URL: the embedded test database lives in this process' }, async () => {
    const municipalityId = await createMunicipality('cli-town');
    const run = await runCli(['streets', '--municipality', 'cli-town', stradarioFile], { DATABASE_URL: await testDatabaseUrl() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Imported STRAD_I622\.csv into cli-town \(ANNCSU stradario, 10 rows\)/);
    assert.match(run.stdout, /new streets: +7\n/);
    assert.match(run.stdout, /skipped rows: +3\n {4}line 9: missing PROGRESSIVO_NAZIONALE/);
    assert.equal((await streetsByCode(municipalityId)).size, 7);
  });
});
