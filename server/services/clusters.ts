import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import type { ReportStatus } from '../domain/status.ts';
import { ReportSummary, type SummaryRow, summaryColumns, toSummary } from './report-shapes.ts';
import { textFilter, textPlanned } from './report-search.ts';

/**
 * The citizens' map at any number of reports: public reports grouped in PostgreSQL on a grid
 * aligned to the Web-Mercator tiles of the map's zoom, so the browser gets at most MAX_CELLS
 * features per view however many reports there are.
 */

/** A cell is 64 screen pixels: four to a 256 px tile, about two markers wide. */
const CELLS_PER_TILE_LOG2 = 2;
/** The most features one answer may hold: cells of the grid, counted before any query runs. */
export const MAX_CELLS = 500;
/** Views wider than MAX_CELLS allow (huge screens) get cells 2, 4 or 8 times larger; beyond that, 400. */
const MAX_COARSENING = 3;
export const MAX_ZOOM = 22;
/** Web-Mercator stops here (the square world map). */
const MAX_LAT = 85.05112878;

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * The cell grid of one request: cells at `level` (2^level across the world), covering whole
 * 4×4-cell blocks (the map tiles of level − 2) around the bbox. Snapping outward to blocks means
 * views panned by less than a tile ask the same question, which the cache then answers.
 */
export interface ClusterGrid {
  level: number;
  /** Cell index ranges, inclusive. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** The snapped bbox: what the answer covers. */
  bbox: Bbox;
  /** Screen pixels of a cell at the requested zoom: 64, or more where the view had to be coarsened. */
  cellPixels: number;
}

const mercatorX = (lon: number) => (lon + 180) / 360;
function mercatorY(lat: number) {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
}
/** The longitude and latitude of a Mercator x, y in 0–1: a cell's edges (also the planning density's cells). */
export const lonOf = (x: number) => x * 360 - 180;
export const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

export function clusterGrid(bbox: Bbox, zoom: number): ClusterGrid {
  const finest = zoom + CELLS_PER_TILE_LOG2;
  for (let level = finest; level >= finest - MAX_COARSENING && level >= 0; level--) {
    const blockLevel = Math.max(level - CELLS_PER_TILE_LOG2, 0);
    const blocks = 2 ** blockLevel;
    const cellsPerBlock = 2 ** (level - blockLevel);
    const clamp = (b: number) => Math.min(Math.max(b, 0), blocks - 1);
    // An east or south edge right on a block boundary takes the block before it, so asking again
    // for an answer's own (snapped) bbox gives the same answer. The epsilon absorbs rounding.
    const first = (f: number) => clamp(Math.floor(f * blocks + 1e-9));
    const last = (f: number) => clamp(Math.ceil(f * blocks - 1e-9) - 1);
    const bx0 = first(mercatorX(bbox.west));
    const bx1 = Math.max(last(mercatorX(bbox.east)), bx0);
    // Mercator y grows southwards.
    const by0 = first(mercatorY(bbox.north));
    const by1 = Math.max(last(mercatorY(bbox.south)), by0);
    const cells = (bx1 - bx0 + 1) * (by1 - by0 + 1) * cellsPerBlock ** 2;
    if (cells > MAX_CELLS) continue;
    return {
      level,
      x0: bx0 * cellsPerBlock,
      x1: (bx1 + 1) * cellsPerBlock - 1,
      y0: by0 * cellsPerBlock,
      y1: (by1 + 1) * cellsPerBlock - 1,
      bbox: {
        west: lonOf(bx0 / blocks),
        east: lonOf((bx1 + 1) / blocks),
        north: latOf(by0 / blocks),
        south: latOf((by1 + 1) / blocks),
      },
      cellPixels: 2 ** (finest - level) * 256 / 2 ** CELLS_PER_TILE_LOG2,
    };
  }
  throw new ApiError(400, 'invalid_request', `Invalid request: bbox: too large a part of the map for zoom ${zoom}`, {
    fields: [{ field: 'bbox', message: `too large a part of the map for zoom ${zoom}: zoom out or send the visible area` }],
  });
}

export interface ClusterFilters {
  statuses: readonly ReportStatus[];
  categoryId?: number;
  streetId?: number;
  q?: string;
}

/** Several reports near each other: where to draw them, how many, and their extent. */
const BboxTuple = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const Cluster = z.object({
  lat: z.number(),
  lon: z.number(),
  count: z.number().int(),
  /** `[west, south, east, north]` of the reports in it: zooming there separates them. */
  bbox: BboxTuple,
});
export type Cluster = z.infer<typeof Cluster>;

export const ClusterAnswer = z.object({
  zoom: z.number().int(),
  cellPixels: z.number(),
  /** The snapped area the answer covers, `[west, south, east, north]`. */
  bbox: BboxTuple,
  /** Cells holding two or more reports. */
  cells: z.array(Cluster),
  /** Reports alone in their cell, as the public list shows them. */
  reports: z.array(ReportSummary),
  /** Reports in the area: the cells' counts plus the lone reports. */
  total: z.number().int(),
});
export type ClusterAnswer = z.infer<typeof ClusterAnswer>;

interface CellRow extends Partial<SummaryRow> {
  cx: number;
  cy: number;
  count: number;
  mean_lon: number;
  mean_lat: number;
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * One query: the matching reports of the area are grouped by cell (index-only on `report_map`,
 * migration 0007), and the lone report of each one-report cell is joined for its summary.
 * Only published reports in public statuses, like the public list; no contact column is read.
 */
/** Half the widget's cluster button (40 px): how far from its cell's edges a cluster is drawn. */
const CLUSTER_RADIUS_PX = 20;

/**
 * Where a cluster is drawn: the mean of its reports, moved inside its cell far enough that the
 * clusters of two neighbouring cells never overlap (means close to a shared edge would).
 */
function drawnAt(row: CellRow, n: number, cellPixels: number): { lat: number; lon: number } {
  const margin = CLUSTER_RADIUS_PX / cellPixels;
  const inside = (v: number, cell: number) => Math.min(Math.max(v, cell + margin), cell + 1 - margin);
  const x = inside(mercatorX(row.mean_lon) * n, row.cx);
  const y = inside(mercatorY(row.mean_lat) * n, row.cy);
  return { lat: latOf(y / n), lon: lonOf(x / n) };
}

export async function clusterReports(
  sql: Sql,
  municipalityId: number,
  grid: ClusterGrid,
  zoom: number,
  f: ClusterFilters,
): Promise<ClusterAnswer> {
  const n = 2 ** grid.level;
  const { west, south, east, north } = grid.bbox;
  // With a text, planned for it (textPlanned): one generic plan for every text took 1.3 s at 100 000 reports.
  const rows = await textPlanned(f, sql<CellRow[]>`
    WITH located AS (
      SELECT r.id, r.location[0] AS lon, r.location[1] AS lat,
             -- A report on the far edge of the area would fall in the next cell over: clamped into
             -- the grid instead, so the cells never outnumber it. (A WHERE on cx, cy would be pushed
             -- into the scan, computed twice and misestimated.)
             least(greatest(floor((r.location[0] + 180) / 360 * ${n})::int, ${grid.x0}), ${grid.x1}) AS cx,
             -- Mercator y; asinh(tand()) is the cheapest exact form. The latitude is within the
             -- snapped bbox (WHERE below), so never near the poles, where it would be infinite.
             least(greatest(floor((1 - asinh(tand(r.location[1])) / pi()) / 2 * ${n})::int, ${grid.y0}), ${grid.y1}) AS cy
      FROM report r
      WHERE r.municipality_id = ${municipalityId} AND r.published
        AND r.status IN ${sql(f.statuses as ReportStatus[])}
        -- Plain comparisons, not <@ box: the planner estimates them from statistics (migration
        -- 0007) and picks the index-only scan; for <@ it guesses a handful of rows, wrongly.
        AND r.location[0] BETWEEN ${west} AND ${east}
        AND r.location[1] BETWEEN ${south} AND ${north}
        ${f.categoryId !== undefined ? sql`AND r.category_id = ${f.categoryId}` : sql``}
        ${f.streetId !== undefined ? sql`AND r.street_id = ${f.streetId}` : sql``}
        ${f.q ? textFilter(sql, f.q) : sql``}
    ),
    cell AS (
      SELECT cx, cy, count(*)::int AS count, min(id) AS lone_id,
             avg(lon) AS mean_lon, avg(lat) AS mean_lat,
             min(lon) AS west, min(lat) AS south, max(lon) AS east, max(lat) AS north
      FROM located
      GROUP BY cx, cy
    )
    SELECT cell.cx, cell.cy, cell.count, cell.mean_lon, cell.mean_lat, cell.west, cell.south, cell.east, cell.north,
           ${summaryColumns(sql)}
    FROM cell
    LEFT JOIN report r ON r.id = CASE WHEN cell.count = 1 THEN cell.lone_id END
    LEFT JOIN street s ON s.id = r.street_id`);
  const cells: Cluster[] = [];
  const reports: ReportSummary[] = [];
  let total = 0;
  for (const row of rows) {
    total += row.count;
    if (row.count === 1) reports.push(toSummary(row as SummaryRow));
    else cells.push({ ...drawnAt(row, n, grid.cellPixels), count: row.count, bbox: [row.west, row.south, row.east, row.north] });
  }
  return { zoom, cellPixels: grid.cellPixels, bbox: [west, south, east, north], cells, reports, total };
}
