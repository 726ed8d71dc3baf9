import { z } from 'zod';
import type { Sql } from '../../db/connect.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../domain/status.ts';
import { invalidRequest } from '../../http/validate.ts';
import { type ClusterGrid, latOf, lonOf } from '../clusters.ts';
import type { StaffUser } from '../staff-auth.ts';
import { metersPerDegreeLat, metersPerDegreeLon, nearestStreet } from '../streets.ts';
import { type PlanningFilters, planningScope } from './scope.ts';

/**
 * The planning view's density map: the reports of the filters counted in the cells of the map's
 * grid (the citizens' cluster grid, services/clusters.ts: 64 px cells aligned to the map tiles),
 * each cell coloured by a class of counts the server chooses, so that the legend is the server's.
 * Unlike the citizens' map, every report of the scope counts, published or not (planningScope).
 */

/** Classes of the legend at most: five shades tell apart what a planner compares, more blur. */
export const DENSITY_CLASSES = 5;
/** The busiest cells given the street nearest their centre (the table under the map). */
export const NAMED_CELLS = 10;
/** Reports per page of a cell's list. */
export const CELL_PAGE_MAX = 100;

/** One cell of the grid: `level/x/y` (tile-style, level = map zoom + 2), its extent and its reports. */
const BboxTuple = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const int = z.number().int();

export const DensityCell = z.object({
  /** What `GET /admin/planning/density/reports?cell=` takes. */
  id: z.string(),
  /** `[west, south, east, north]`. */
  bbox: BboxTuple,
  count: int,
  /** Index into `classes`: 0 the fewest reports. */
  class: int,
  /** The street closest to the cell's centre, for the busiest NAMED_CELLS cells; otherwise null. */
  street: z.string().nullable(),
});
export type DensityCell = z.infer<typeof DensityCell>;

/** One shade of the legend: cells holding `min` to `max` reports, inclusive. */
export const DensityClass = z.object({ min: int, max: int });
export type DensityClass = z.infer<typeof DensityClass>;

export const DensityAnswer = z.object({
  zoom: int,
  /** Cells are 2^level across the world. */
  level: int,
  /** Screen pixels of a cell's side at `zoom`. */
  cellPixels: z.number(),
  /** The snapped area the answer covers, `[west, south, east, north]`. */
  bbox: BboxTuple,
  /** Cells holding at least one report, busiest first. */
  cells: z.array(DensityCell),
  /** How the classes were chosen: quantiles of the counts of the cells shown (equal numbers of cells per shade). */
  classMethod: z.literal('quantiles'),
  classes: z.array(DensityClass),
  /** Reports in the area: the sum of the cells' counts. */
  total: int,
  /** Reports of the filters filed by street only (no position): on no map, whatever the area. */
  unlocated: int,
});
export type DensityAnswer = z.infer<typeof DensityAnswer>;

/** SQL of a report's cell column and row at `n` cells across the world (Mercator y: asinh(tand()) is its exact, cheapest form). */
const cellX = (sql: Sql, n: number) => sql`floor((r.location[0] + 180) / 360 * ${n})::int`;
const cellY = (sql: Sql, n: number) => sql`floor((1 - asinh(tand(r.location[1])) / pi()) / 2 * ${n})::int`;

/** `[west, south, east, north]` of cell x, y at `level`. */
function cellBbox(level: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** level;
  return [lonOf(x / n), latOf((y + 1) / n), lonOf((x + 1) / n), latOf(y / n)];
}

/**
 * Quantile classes: the cells' counts sorted, cut into DENSITY_CLASSES groups of as many cells
 * each; equal counts never straddle two classes, so fewer classes come out when counts repeat
 * (a view where every cell holds one report has one class). Counts are whole numbers, so each
 * class starts one above the previous one's top.
 */
export function quantileClasses(counts: number[], classes = DENSITY_CLASSES): DensityClass[] {
  const sorted = [...counts].sort((a, b) => a - b);
  if (!sorted.length) return [];
  const tops: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const top = sorted[Math.ceil((i * sorted.length) / classes) - 1];
    if (!tops.length || top > tops[tops.length - 1]) tops.push(top);
  }
  return tops.map((max, i) => ({ min: i === 0 ? sorted[0] : tops[i - 1] + 1, max }));
}

const classOf = (classes: DensityClass[], count: number) => Math.max(0, classes.findIndex((c) => count <= c.max));

/**
 * One scan of the period's reports (index-only on `report_planning`, migration 0019): the reports
 * of the area grouped by cell, and those without a position counted in the same pass (their cell
 * is null). A report on the far edge of the area is clamped into the grid, as the clusters do.
 */
export async function densityCells(
  sql: Sql,
  municipalityId: number,
  user: StaffUser,
  f: PlanningFilters,
  grid: ClusterGrid,
  zoom: number,
): Promise<DensityAnswer> {
  const n = 2 ** grid.level;
  const { west, south, east, north } = grid.bbox;
  const rows = await sql<{ cx: number | null; cy: number | null; count: number }[]>`
    SELECT cx, cy, count(*)::int AS count
    FROM (
      SELECT CASE WHEN r.location IS NOT NULL THEN least(greatest(${cellX(sql, n)}, ${grid.x0}), ${grid.x1}) END AS cx,
             CASE WHEN r.location IS NOT NULL THEN least(greatest(${cellY(sql, n)}, ${grid.y0}), ${grid.y1}) END AS cy
      FROM report r
      WHERE ${planningScope(sql, municipalityId, user, f)}
        -- Plain comparisons, as the clusters: the planner estimates them from statistics (0007).
        AND (r.location IS NULL OR (r.location[0] BETWEEN ${west} AND ${east} AND r.location[1] BETWEEN ${south} AND ${north}))
    ) located
    GROUP BY cx, cy`;
  let unlocated = 0;
  const located: { x: number; y: number; count: number }[] = [];
  for (const row of rows) {
    if (row.cx === null || row.cy === null) unlocated += row.count;
    else located.push({ x: row.cx, y: row.cy, count: row.count });
  }
  located.sort((a, b) => b.count - a.count || a.y - b.y || a.x - b.x);
  const classes = quantileClasses(located.map((c) => c.count));
  const cells: DensityCell[] = located.map((c) => ({
    id: `${grid.level}/${c.x}/${c.y}`,
    bbox: cellBbox(grid.level, c.x, c.y),
    count: c.count,
    class: classOf(classes, c.count),
    street: null,
  }));
  // A name for the rows of the table: the street point nearest the centre, within the cell's half
  // diagonal (GiST on street_point; ten lookups of a millisecond).
  for (const cell of cells.slice(0, NAMED_CELLS)) {
    const [w, s, e, no] = cell.bbox;
    const centre = { lon: (w + e) / 2, lat: (s + no) / 2 };
    const halfDiagonal = Math.hypot((e - w) * metersPerDegreeLon(centre.lat), (no - s) * metersPerDegreeLat) / 2;
    cell.street = (await nearestStreet(sql, municipalityId, centre, halfDiagonal))?.name ?? null;
  }
  return {
    zoom,
    level: grid.level,
    cellPixels: grid.cellPixels,
    bbox: [west, south, east, north],
    cells,
    classMethod: 'quantiles',
    classes,
    total: located.reduce((sum, c) => sum + c.count, 0),
    unlocated,
  };
}

/** A cell named as the density answer names it (`level/x/y`); anything else is a 400 on `cell`. */
export function parseCell(id: string): { level: number; x: number; y: number } {
  const m = /^(\d{1,2})\/(\d{1,8})\/(\d{1,8})$/.exec(id);
  const [level, x, y] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [-1, -1, -1];
  // Cells are at most 2 levels finer than the map's highest zoom (clusters.ts: MAX_ZOOM 22).
  if (!m || level > 24 || x >= 2 ** level || y >= 2 ** level) {
    throw invalidRequest([{ field: 'cell', message: 'must be a cell of the density answer: level/x/y' }]);
  }
  return { level, x, y };
}

/** A report of a cell's list, as staff see it in the planning view. */
export const CellReport = z.object({
  reference: z.string(),
  title: z.string(),
  status: z.enum(REPORT_STATUSES),
  categoryId: int,
  street: z.string().nullable(),
  civic: z.string().nullable(),
  published: z.boolean(),
  createdAt: z.string(),
  supportCount: int,
});
export type CellReport = z.infer<typeof CellReport>;

export const CellReportsPage = z.object({
  cell: z.string(),
  bbox: BboxTuple,
  /** Reports of the cell matching the filters: the density answer's count for it. */
  total: int,
  /** Newest first. */
  reports: z.array(CellReport),
  nextCursor: z.string().nullable(),
});
export type CellReportsPage = z.infer<typeof CellReportsPage>;

const encodeOffset = (n: number) => Buffer.from(`o:${n}`).toString('base64url');
function decodeOffset(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalidRequest([{ field: 'cursor', message: 'Not a cursor this server gave' }]);
  return Number(m[1]);
}

/**
 * The reports of one cell, newest first, a page at a time. The cell's bounds (a little wider, for
 * rounding) find the candidates; its column and row, computed as the density query does, decide.
 */
export async function cellReports(
  sql: Sql,
  municipalityId: number,
  user: StaffUser,
  f: PlanningFilters,
  cellId: string,
  page: { limit: number; cursor?: string },
): Promise<CellReportsPage> {
  const { level, x, y } = parseCell(cellId);
  const offset = page.cursor ? decodeOffset(page.cursor) : 0;
  const n = 2 ** level;
  const bbox = cellBbox(level, x, y);
  const [w, s, e, no] = bbox;
  const pad = 1e-9;
  const inCell = sql`
    ${planningScope(sql, municipalityId, user, f)}
    AND r.location[0] BETWEEN ${w - pad} AND ${e + pad} AND r.location[1] BETWEEN ${s - pad} AND ${no + pad}
    AND ${cellX(sql, n)} = ${x} AND ${cellY(sql, n)} = ${y}`;
  // The page first, from the index alone (newest first, read backwards until it is full), then
  // its reports' columns: joined before the limit, the planner misjudged the cell's size (the
  // cell tests make it guess one row) and read the street table once per report.
  const rows = await sql<(Omit<CellReport, 'createdAt'> & { createdAt: Date })[]>`
    WITH page AS (
      SELECT r.id, r.created_at FROM report r
      WHERE ${inCell}
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT ${page.limit + 1} OFFSET ${offset}
    )
    SELECT r.reference, r.title, r.status, r.category_id AS "categoryId", st.name AS street, r.civic,
           r.published, r.created_at AS "createdAt", r.support_count AS "supportCount"
    FROM page JOIN report r ON r.id = page.id LEFT JOIN street st ON st.id = r.street_id
    ORDER BY page.created_at DESC, page.id DESC`;
  const [{ total }] = await sql<{ total: number }[]>`SELECT count(*)::int AS total FROM report r WHERE ${inCell}`;
  return {
    cell: cellId,
    bbox,
    total,
    reports: rows.slice(0, page.limit).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    nextCursor: rows.length > page.limit ? encodeOffset(offset + page.limit) : null,
  };
}
