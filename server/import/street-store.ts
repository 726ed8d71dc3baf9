import type postgres from 'postgres';
import type { Tx } from '../db/connect.ts';
import { streetDisplayName } from './street-name.ts';
import type { CivicPosition, LonLat, SkippedRow, StreetGeometry, StreetRecord } from './street-file.ts';

/**
 * The writes of a street import. Every function runs inside the caller's transaction and writes
 * in multi-row statements of CHUNK rows: a 100 000-row indirizzario is a few hundred round trips,
 * not a hundred thousand.
 */

/** Rows per statement; the widest (street_point, 6 columns) stays far below PostgreSQL's 65 535 parameters. */
export const CHUNK = 1000;

export interface StreetCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

/** Reports how many units of work (streets or points) have just been written. */
export type WorkDone = (units: number) => void;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function commaList(tx: Tx, fragments: postgres.PendingQuery<postgres.Row[]>[]) {
  return fragments.reduce((list, fragment) => tx`${list}, ${fragment}`);
}

/** postgres.js has no point type: the text form, which PostgreSQL parses for the point column. */
function pointText(p: LonLat): string {
  return `(${p.lon},${p.lat})`;
}

/**
 * Inserts new streets and updates the changed ones in place, by national code. A street whose
 * every field is already as in the file is not touched, so its `updated_at` keeps meaning
 * "last real change". A column the format lacks (the odonimi file has no locality) is left alone.
 */
export async function upsertStreets(
  tx: Tx,
  municipalityId: number,
  streets: StreetRecord[],
  workDone: WorkDone,
): Promise<StreetCounts> {
  const counts: StreetCounts = { imported: 0, updated: 0, unchanged: 0 };
  const withLocality = streets.length > 0 && streets.every((s) => s.locality !== undefined);
  const updatable = ['municipal_code', 'type', 'base_name', 'name', 'alt_name', ...(withLocality ? ['locality'] : [])];
  const columns = ['municipality_id', 'national_code', ...updatable];
  const set = commaList(tx, updatable.map((c) => tx`${tx(c)} = EXCLUDED.${tx(c)}`));
  const current = commaList(tx, updatable.map((c) => tx`street.${tx(c)}`));
  const incoming = commaList(tx, updatable.map((c) => tx`EXCLUDED.${tx(c)}`));

  for (const chunk of chunks(streets)) {
    const rows = chunk.map((s) => ({
      municipality_id: municipalityId,
      national_code: s.nationalCode,
      municipal_code: s.municipalCode,
      type: s.type,
      base_name: s.baseName,
      name: streetDisplayName(s.type, s.baseName),
      alt_name: s.altName,
      locality: s.locality ?? null,
    }));
    // Rows the WHERE filters out are unchanged and not returned; xmax = 0 marks a fresh insert.
    const written = await tx<{ inserted: boolean }[]>`
      INSERT INTO street ${tx(rows, columns as (keyof (typeof rows)[number])[])}
      ON CONFLICT (municipality_id, national_code) DO UPDATE SET ${set}, updated_at = now()
      WHERE (${current}) IS DISTINCT FROM (${incoming})
      RETURNING (xmax = 0) AS inserted`;
    const inserted = written.filter((r) => r.inserted).length;
    counts.imported += inserted;
    counts.updated += written.length - inserted;
    counts.unchanged += chunk.length - written.length;
    workDone(chunk.length);
  }
  return counts;
}

/**
 * A street a GeoJSON file introduced without a code ("name:via-dei-pescatori") takes the real
 * national code when the street list arrives, instead of the list adding a second street of
 * the same name; its geometry stays with it.
 */
export async function adoptStreetsKeyedByName(tx: Tx, municipalityId: number, streets: StreetRecord[]): Promise<void> {
  const [{ named }] = await tx<{ named: number }[]>`
    SELECT count(*)::int AS named FROM street
    WHERE municipality_id = ${municipalityId} AND national_code LIKE 'name:%'`;
  if (named === 0) return;
  for (const chunk of chunks(streets)) {
    await tx`
      UPDATE street s SET national_code = f.national_code, updated_at = now()
      FROM unnest(${chunk.map((r) => r.nationalCode)}::text[], ${chunk.map((r) => `${r.type} ${r.baseName}`)}::text[])
           AS f(national_code, full_name)
      WHERE s.municipality_id = ${municipalityId} AND s.national_code LIKE 'name:%'
        AND fold_text(s.type || ' ' || s.base_name) = fold_text(f.full_name)
        AND NOT EXISTS (SELECT 1 FROM street t WHERE t.municipality_id = ${municipalityId} AND t.national_code = f.national_code)`;
  }
}

/** National code → street id, for every street of the municipality. */
export async function streetIdsByCode(tx: Tx, municipalityId: number): Promise<Map<string, number>> {
  const rows = await tx<{ id: number; national_code: string }[]>`
    SELECT id, national_code FROM street WHERE municipality_id = ${municipalityId}`;
  return new Map(rows.map((r) => [r.national_code, r.id]));
}

/** Civic numbers' positions, keyed by their access code: a re-import moves a point, never doubles it. */
export async function upsertCivicPoints(
  tx: Tx,
  municipalityId: number,
  civics: CivicPosition[],
  streetIds: Map<string, number>,
  workDone: WorkDone,
): Promise<number> {
  let written = 0;
  for (const chunk of chunks(civics)) {
    const rows = chunk.map((c) => ({
      municipality_id: municipalityId,
      street_id: streetIds.get(c.nationalCode)!,
      location: pointText(c),
      source: 'civic',
      civic: c.civic,
      source_key: c.sourceKey,
    }));
    await tx`
      INSERT INTO street_point ${tx(rows)}
      ON CONFLICT (municipality_id, source, source_key) DO UPDATE
      SET street_id = EXCLUDED.street_id, location = EXCLUDED.location, civic = EXCLUDED.civic`;
    written += rows.length;
    workDone(chunk.length);
  }
  return written;
}

/** A civic number the file now lists without a position loses the point an older file gave it. */
export async function removeCivicPoints(tx: Tx, municipalityId: number, sourceKeys: string[], workDone: WorkDone): Promise<void> {
  for (const chunk of chunks(sourceKeys)) {
    // A join, not `IN (…)`: inside the import's transaction the planner still believes the table
    // empty and would scan it once per listed key.
    await tx`
      DELETE FROM street_point sp USING unnest(${chunk}::text[]) AS gone(source_key)
      WHERE sp.municipality_id = ${municipalityId} AND sp.source = 'civic' AND sp.source_key = gone.source_key`;
    workDone(chunk.length);
  }
}

interface ResolvedGeometry {
  nationalCode: string;
  geometry: StreetGeometry;
  points: LonLat[];
}

/**
 * Streets found by name when the file has no code: "Via Aurelia" drawn in OpenStreetMap is the
 * ANNCSU "VIA AURELIA" already imported, not a second street of the same name.
 */
async function resolveStreets(
  tx: Tx,
  municipalityId: number,
  geometries: StreetGeometry[],
  skipped: SkippedRow[],
): Promise<ResolvedGeometry[]> {
  const names = [...new Set(geometries.filter((g) => g.nationalCode === undefined).map((g) => g.fullName))];
  const matches = new Map<string, string[]>();
  for (const chunk of chunks(names)) {
    const rows = await tx<{ full_name: string; national_code: string }[]>`
      SELECT n.full_name, s.national_code
      FROM unnest(${chunk}::text[]) AS n(full_name)
      JOIN street s ON s.municipality_id = ${municipalityId}
                   AND fold_text(s.type || ' ' || s.base_name) = fold_text(n.full_name)`;
    for (const r of rows) matches.set(r.full_name, [...(matches.get(r.full_name) ?? []), r.national_code]);
  }

  const byCode = new Map<string, ResolvedGeometry>();
  for (const geometry of geometries) {
    let code = geometry.nationalCode;
    if (code === undefined) {
      const found = matches.get(geometry.fullName) ?? [];
      if (found.length > 1) {
        skipped.push({
          line: geometry.line,
          reason: `feature ${geometry.line}: ${found.length} streets are named "${geometry.fullName}" (in different localities?): add a progressivo_nazionale property to tell which`,
        });
        continue;
      }
      code = found[0] ?? geometry.nameKey;
    }
    const existing = byCode.get(code);
    if (existing) existing.points.push(...geometry.points);
    else byCode.set(code, { nationalCode: code, geometry, points: [...geometry.points] });
  }
  return [...byCode.values()];
}

function samePoints(a: LonLat[], b: LonLat[]): boolean {
  return a.length === b.length && a.every((p, i) => p.lon === b[i].lon && p.lat === b[i].lat);
}

/**
 * Street geometry from a GeoJSON file. Streets the file introduces are created; existing streets
 * keep their names (the street list is the authority for names, a map layer for shape). A street
 * whose points differ from the stored ones has them replaced as a whole.
 */
export async function storeStreetGeometries(
  tx: Tx,
  municipalityId: number,
  geometries: StreetGeometry[],
  workDone: WorkDone,
): Promise<StreetCounts & { points: number; skipped: SkippedRow[] }> {
  const skipped: SkippedRow[] = [];
  const resolved = await resolveStreets(tx, municipalityId, geometries, skipped);
  const counts: StreetCounts = { imported: 0, updated: 0, unchanged: 0 };

  const created = new Set<string>();
  for (const chunk of chunks(resolved)) {
    const rows = chunk.map(({ nationalCode, geometry }) => ({
      municipality_id: municipalityId,
      national_code: nationalCode,
      type: geometry.type,
      base_name: geometry.baseName,
      name: streetDisplayName(geometry.type, geometry.baseName),
    }));
    const inserted = await tx<{ national_code: string }[]>`
      INSERT INTO street ${tx(rows)}
      ON CONFLICT (municipality_id, national_code) DO NOTHING
      RETURNING national_code`;
    for (const r of inserted) created.add(r.national_code);
    workDone(chunk.length);
  }
  counts.imported = created.size;

  const streetIds = await streetIdsByCode(tx, municipalityId);
  const stored = new Map<number, LonLat[]>();
  const existingIds = resolved.filter((r) => !created.has(r.nationalCode)).map((r) => streetIds.get(r.nationalCode)!);
  for (const chunk of chunks(existingIds)) {
    const rows = await tx<{ street_id: number; lon: number; lat: number }[]>`
      SELECT sp.street_id, sp.location[0] AS lon, sp.location[1] AS lat
      FROM street_point sp JOIN unnest(${chunk}::int[]) AS s(id) ON sp.street_id = s.id
      WHERE sp.municipality_id = ${municipalityId} AND sp.source = 'geometry'
      ORDER BY sp.street_id, sp.id`;
    for (const r of rows) stored.set(r.street_id, [...(stored.get(r.street_id) ?? []), { lon: r.lon, lat: r.lat }]);
  }

  const changed = resolved.filter((r) => {
    if (created.has(r.nationalCode)) return true;
    const same = samePoints(stored.get(streetIds.get(r.nationalCode)!) ?? [], r.points);
    if (same) counts.unchanged++;
    else counts.updated++;
    return !same;
  });

  for (const chunk of chunks(changed.map((r) => streetIds.get(r.nationalCode)!))) {
    await tx`
      DELETE FROM street_point sp USING unnest(${chunk}::int[]) AS s(id)
      WHERE sp.street_id = s.id AND sp.municipality_id = ${municipalityId} AND sp.source = 'geometry'`;
  }
  const rows = changed.flatMap((r) =>
    r.points.map((p, i) => ({
      municipality_id: municipalityId,
      street_id: streetIds.get(r.nationalCode)!,
      location: pointText(p),
      source: 'geometry',
      civic: null,
      source_key: `${r.nationalCode}:${i + 1}`,
    })),
  );
  for (const chunk of chunks(rows)) {
    await tx`INSERT INTO street_point ${tx(chunk)}`;
    workDone(chunk.length);
  }
  const points = resolved.reduce((n, r) => n + r.points.length, 0);
  workDone(points - rows.length);
  return { ...counts, points, skipped };
}
