import type { Sql, Tx } from '../../db/connect.ts';

/**
 * Which reports the open data tells of, and how much of each: one definition for the daily dataset
 * (CSV and GeoJSON) and for the public statistics of the citizen widget, so both always agree.
 *
 * - Rows: every report of the municipality that is not hidden (moderation: spam, abuse) and not
 *   merged into another (the one it was merged into stands for the fault: each fault counts once).
 * - Words: title and description only of reports the public can already read (published);
 *   others are a row without words.
 * - Place: rounded to about 10 m (4 decimals of a degree: 11 m north-south, 8 m east-west here).
 */
export function openDataScope(sql: Sql | Tx, municipalityId: number) {
  return sql`r.municipality_id = ${municipalityId} AND r.status NOT IN ('hidden', 'duplicate')`;
}

/** Decimal places of the published coordinates: about 10 m. */
export const OPEN_DATA_DECIMALS = 4;

/** A report's title for the open data, or NULL when the public cannot read it. */
export const openDataTitle = (sql: Sql | Tx) => sql`CASE WHEN r.published THEN r.title END`;
export const openDataDescription = (sql: Sql | Tx) => sql`CASE WHEN r.published THEN r.details END`;

/** Whether the municipality publishes open data (the setting, off by default). */
export async function publishesOpenData(sql: Sql, municipalityId: number): Promise<boolean> {
  const [m] = await sql<{ open_data: boolean }[]>`SELECT open_data FROM municipality WHERE id = ${municipalityId}`;
  return m?.open_data ?? false;
}
