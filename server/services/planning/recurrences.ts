import { z } from 'zod';
import type { Sql } from '../../db/connect.ts';
import { longRead } from '../../db/long-read.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../domain/status.ts';
import type { StaffUser } from '../staff-auth.ts';
import { metersPerDegreeLat, metersPerDegreeLon } from '../streets.ts';
import { type PlanningFilters, planningScope } from './scope.ts';

/**
 * Recurring faults (issue 14, README "Planning: recurring faults"): places where the same
 * category was reported at least N times within M metres during the period.
 *
 * "Within M metres", precisely:
 * - Positions are projected on a plane in metres around the municipality's centre
 *   (x = longitude × 111 320 × cos(centre latitude), y = latitude × 111 320), and cut into square
 *   cells of M/2 metres. A *square* is 2 × 2 cells: M metres a side. Squares start at every cell,
 *   so they overlap by half: a group of reports no wider than M/2 always falls whole in one square,
 *   whatever the grid's lines, and every report of a square lies within M metres of the others
 *   along each axis (M·√2 at most across).
 * - A square's count is its reports of one category plus each reopening of them ("is it really
 *   fixed?", a `reopened` event: the fault came back). Squares counting at least N are taken in
 *   order of count (ties: category, then west to east, south to north); a square is skipped when
 *   one of its reports is already in a place taken. So each report is in one place at most, and the
 *   answer is the same for the same data (deterministic).
 * - A place's street is the street most of its reports name (ties: the lowest street id), each
 *   cell of M/2 metres counting for one street (the lowest id when its reports name several, as
 *   at a crossing); its centre is the mean of its reports' positions.
 * - Reports filed by street only (no position) cannot be placed within metres: those of one
 *   category on one street form a place of their own (no centre) when they count at least N.
 * Which reports count is planningScope's: hidden ones never, a merged duplicate once (the report
 * it was merged into counts; the duplicate, closed as `duplicate`, does not).
 *
 * Cost: one pass over the period's reports, grouped in SQL by category and cell (index-only
 * on the period index, migration 0019) and counted only, then the squares are chosen here, on a
 * few tens of thousands of cells at most; a second, small query reads the reports of the places
 * shown, and their dates and centres with them. (Dates and position sums for every cell doubled
 * the pass at 1 000 000 reports, for the hundred places a page shows.)
 */

export interface RecurrenceOptions {
  /** N: reports (and reopenings) of one category a place needs. */
  minReports: number;
  /** M: the side of a place's square, in metres. */
  radius: number;
  /** Places listed with their reports, busiest first (all are counted in `total`). */
  limit?: number;
}

export const RECURRENCE_DEFAULTS = { minReports: 3, radius: 50, limit: 100 } as const;

/** Reports listed per place, the latest first: a place reported hundreds of times lists its latest. */
export const REPORTS_LISTED = 20;

/** A place as computed, before its reports (and its dates and centre) are read. */
export interface PlaceFound {
  categoryId: number;
  streetId: number | null;
  /** Reports plus reopenings. */
  count: number;
  reportCount: number;
  reopenings: number;
  /** The latest reopening of its reports (milliseconds), or null: a place's last date may be one. */
  lastReopenedMs: number | null;
  /** The square's first cell (south-west), or null for a street place: where its reports are read back. */
  cell: { x: number; y: number } | null;
}

const int = z.number().int();
export const PlaceReport = z.object({
  reference: z.string(),
  title: z.string(),
  status: z.enum(REPORT_STATUSES),
  createdAt: z.date(),
  reopenings: int,
});
export type PlaceReport = z.infer<typeof PlaceReport>;

export const RecurringPlace = z.object({
  category: z.object({ id: int, name: z.string() }),
  street: z.object({ id: int, name: z.string() }).nullable(),
  centre: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  count: int,
  reportCount: int,
  reopenings: int,
  firstAt: z.string(),
  lastAt: z.string(),
  /** The latest REPORTS_LISTED of its `reportCount` reports. */
  reports: z.array(PlaceReport),
});
export type RecurringPlace = z.infer<typeof RecurringPlace>;

export const Recurrences = z.object({
  minReports: int,
  radius: int,
  /** Places found; `places` holds the first `limit` of them. */
  total: int,
  truncated: z.boolean(),
  places: z.array(RecurringPlace),
});
export type Recurrences = z.infer<typeof Recurrences>;

/**
 * One cell's reports of one category, as the pass gives them (a JSON array, which the driver
 * parses in one go: tens of thousands of cells at 1 000 000 reports):
 * [categoryId, cx, cy, streetId, reports]. cx and cy are null for reports filed by street only
 * (then grouped by street); streetId is the street the cell's reports name (the lowest id of several).
 */
export type CellTuple = [number, number | null, number | null, number | null, number];

/** The reopenings of one report, where it lies. */
export interface Reopened {
  categoryId: number;
  cx: number | null;
  cy: number | null;
  streetId: number | null;
  n: number;
  lastMs: number;
}

interface Cell {
  categoryId: number;
  cx: number | null;
  cy: number | null;
  streetId: number | null;
  reports: number;
  /** Reports plus reopenings. */
  weight: number;
  lastReopenedMs: number | null;
}

/** The projection's factors and the cell side: the same numbers in both queries, so the same cells. */
function grid(centreLat: number, radius: number) {
  return { kx: metersPerDegreeLon(centreLat), ky: metersPerDegreeLat, side: radius / 2 };
}

/** SQL of the report's cell column and row. */
const cellSql = (sql: Sql, g: ReturnType<typeof grid>) => ({
  x: sql`floor(r.location[0] * ${g.kx}::float8 / ${g.side}::float8)::int`,
  y: sql`floor(r.location[1] * ${g.ky}::float8 / ${g.side}::float8)::int`,
});

/** Every reopening of a municipality's reports, per report: one more recurrence each. */
const reopenedSql = (sql: Sql, municipalityId: number) => sql`
  SELECT e.report_id, count(*)::int AS n, max(e.created_at) AS last_at
  FROM report_event e WHERE e.type = 'reopened' AND e.municipality_id = ${municipalityId}
  GROUP BY e.report_id`;

/**
 * Every recurring place of the filters (not yet listed with their reports), busiest first: what
 * the recurrences list shows the top of and the streets table counts per street.
 */
export function findPlaces(
  sql: Sql,
  municipalityId: number,
  centreLat: number,
  user: StaffUser,
  f: PlanningFilters,
  o: Pick<RecurrenceOptions, 'minReports' | 'radius'>,
): Promise<PlaceFound[]> {
  // The console asks for the recurring faults and the streets table at once, with the same
  // filters: the second question waits for the pass the first started rather than make its own.
  // Only while it runs (nothing is kept after), so an answer is never older than its question.
  const key = JSON.stringify([municipalityId, centreLat, user.role === 'admin' ? 'admin' : [...user.departmentIds].sort(), f, o.minReports, o.radius]);
  let running = inFlight.get(sql);
  if (!running) inFlight.set(sql, (running = new Map()));
  const pending = running.get(key);
  if (pending) return pending;
  const pass = computePlaces(sql, municipalityId, centreLat, user, f, o).finally(() => running.delete(key));
  running.set(key, pass);
  return pass;
}

/** Passes running now, per database pool and question. */
const inFlight = new WeakMap<Sql, Map<string, Promise<PlaceFound[]>>>();

async function computePlaces(
  sql: Sql,
  municipalityId: number,
  centreLat: number,
  user: StaffUser,
  f: PlanningFilters,
  o: Pick<RecurrenceOptions, 'minReports' | 'radius'>,
): Promise<PlaceFound[]> {
  const g = grid(centreLat, o.radius);
  const cell = cellSql(sql, g);
  const scope = planningScope(sql, municipalityId, user, f);
  const located = (x: ReturnType<typeof cellSql>['x']) => sql`CASE WHEN r.location IS NOT NULL THEN ${x} END`;
  const [[{ cells }], reopened] = await Promise.all([
    longRead(sql, (tx) =>
      tx<{ cells: CellTuple[] | null }[]>`
        WITH per_cell AS (
          -- Reports filed by street only are grouped by street; a cell counts for the street its
          -- reports name (the lowest id when they name several: one pass of a hash aggregate,
          -- where the street most of them name would take a second grouping, a third of the time).
          SELECT r.category_id, ${located(cell.x)} AS cx, ${located(cell.y)} AS cy, min(r.street_id) AS street_id, count(*)::int AS n
          FROM report r
          WHERE ${scope}
          GROUP BY 1, 2, 3, CASE WHEN r.location IS NULL THEN r.street_id END
        )
        SELECT json_agg(json_build_array(category_id, cx, cy, street_id, n)) AS cells
        FROM per_cell`,
    ),
    // Reopenings are few: read apart, so that the pass above reads the index alone.
    sql<Reopened[]>`
      SELECT r.category_id AS "categoryId", ${located(cell.x)} AS cx, ${located(cell.y)} AS cy, r.street_id AS "streetId",
        o.n, (extract(epoch FROM o.last_at) * 1000)::float8 AS "lastMs"
      FROM (${reopenedSql(sql, municipalityId)}) o JOIN report r ON r.id = o.report_id
      WHERE ${scope}`,
  ]);
  return choosePlaces(cells ?? [], reopened, o.minReports);
}

/**
 * The greedy choice of squares described in the module's header (pure: tested on its own too;
 * `denseLimit` lets the test take the Maps' path on small grids, to compare the two).
 */
export function choosePlaces(
  tuples: readonly CellTuple[],
  reopened: readonly Reopened[],
  minReports: number,
  denseLimit = DENSE_SLOTS,
): PlaceFound[] {
  // Per category: the cells of located reports, and groups of street-only reports by street.
  const located = new Map<number, Cell[]>();
  const byStreet = new Map<string, Cell>();
  for (const [categoryId, cx, cy, streetId, reports] of tuples) {
    const c: Cell = { categoryId, cx, cy, streetId, reports, weight: reports, lastReopenedMs: null };
    if (cx === null || cy === null) byStreet.set(`${categoryId}:${streetId}`, c);
    else {
      let cells = located.get(categoryId);
      if (!cells) located.set(categoryId, (cells = []));
      cells.push(c);
    }
  }
  // Reopenings of located reports are found in their category's grid (chooseSquares), where a
  // cell is an array lookup; the few of street-only reports here.
  const reopenedIn = new Map<number, Reopened[]>();
  for (const o of reopened) {
    if (o.cx !== null && o.cy !== null) {
      let list = reopenedIn.get(o.categoryId);
      if (!list) reopenedIn.set(o.categoryId, (list = []));
      list.push(o);
    } else {
      const c = byStreet.get(`${o.categoryId}:${o.streetId}`);
      if (c) reopen(c, o);
    }
  }
  const places: PlaceFound[] = [];
  for (const [categoryId, cells] of [...located].sort(([a], [b]) => a - b)) {
    places.push(...chooseSquares(cells, reopenedIn.get(categoryId) ?? [], minReports, denseLimit));
  }
  for (const c of byStreet.values()) if (c.streetId !== null && c.weight >= minReports) places.push(summarise([c], null));
  // Busiest first; ties: category, west to east, south to north, street.
  return places.sort(
    (a, b) =>
      b.count - a.count ||
      a.categoryId - b.categoryId ||
      (a.cell?.x ?? 0) - (b.cell?.x ?? 0) ||
      (a.cell?.y ?? 0) - (b.cell?.y ?? 0) ||
      (a.streetId ?? 0) - (b.streetId ?? 0),
  );
}

/**
 * Squares of one category's grid up to this many (its extent, with a margin of one cell) are
 * counted in typed arrays, a slot per square: at 1 000 000 reports ten times faster than Maps,
 * and 8 bytes a slot (16 MB at most, freed with the answer). A wider extent (a small M over a
 * large territory) is counted in Maps, which hold only the squares that have reports.
 */
const DENSE_SLOTS = 2 ** 21;

/** A reopening counts once more in its report's cell, and may be the place's last date. */
function reopen(c: Cell, o: Reopened) {
  c.weight += o.n;
  c.lastReopenedMs = Math.max(c.lastReopenedMs ?? o.lastMs, o.lastMs);
}

/** The squares chosen among one category's cells (all located), greedily as the module's header says. */
function chooseSquares(cells: readonly Cell[], reopened: readonly Reopened[], minReports: number, denseLimit: number): PlaceFound[] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const c of cells) {
    minX = Math.min(minX, c.cx!);
    maxX = Math.max(maxX, c.cx!);
    minY = Math.min(minY, c.cy!);
    maxY = Math.max(maxY, c.cy!);
  }
  // Small whole keys over the category's extent, a margin of one for the squares west and south
  // of the first cells: keys grow west to east, then south to north. A square is keyed by its
  // south-west cell; each cell adds its weight to the four squares that hold it.
  const rows = maxY - minY + 3;
  const slots = (maxX - minX + 3) * rows;
  const keyOf = (x: number, y: number) => (x - minX + 1) * rows + (y - minY + 1);
  const inExtent = (x: number, y: number) => x >= minX && x <= maxX && y >= minY && y <= maxY;
  // The index in `cells` of the cell at a key (-1: none), then the weight of the square at a key.
  let cellAt: (k: number) => number;
  const candidates: { k: number; w: number }[] = [];
  const corners = [0, -1, -rows, -rows - 1];
  const reopenAll = () => {
    for (const o of reopened) {
      const i = inExtent(o.cx!, o.cy!) ? cellAt(keyOf(o.cx!, o.cy!)) : -1;
      if (i >= 0) reopen(cells[i], o);
    }
  };
  if (slots <= denseLimit) {
    const index = new Int32Array(slots).fill(-1);
    cells.forEach((c, i) => (index[keyOf(c.cx!, c.cy!)] = i));
    cellAt = (k) => index[k];
    reopenAll();
    const weight = new Int32Array(slots);
    for (const c of cells) {
      const k = keyOf(c.cx!, c.cy!);
      for (const d of corners) weight[k + d] += c.weight;
    }
    for (let k = 0; k < slots; k++) if (weight[k] >= minReports) candidates.push({ k, w: weight[k] });
  } else {
    const index = new Map<number, number>();
    cells.forEach((c, i) => index.set(keyOf(c.cx!, c.cy!), i));
    cellAt = (k) => index.get(k) ?? -1;
    reopenAll();
    const weight = new Map<number, number>();
    for (const c of cells) {
      const k = keyOf(c.cx!, c.cy!);
      for (const d of corners) weight.set(k + d, (weight.get(k + d) ?? 0) + c.weight);
    }
    for (const [k, w] of weight) if (w >= minReports) candidates.push({ k, w });
  }
  // Busiest first; ties west to east, then south to north (sorted as pairs: a comparator looking
  // weights up cost a third of the choice).
  candidates.sort((a, b) => b.w - a.w || a.k - b.k);
  const taken = new Uint8Array(cells.length);
  const places: PlaceFound[] = [];
  for (const { k } of candidates) {
    const own = [cellAt(k), cellAt(k + 1), cellAt(k + rows), cellAt(k + rows + 1)].filter((i) => i >= 0);
    if (own.some((i) => taken[i])) continue;
    for (const i of own) taken[i] = 1;
    places.push(summarise(own.map((i) => cells[i]), { x: Math.floor(k / rows) + minX - 1, y: (k % rows) + minY - 1 }));
  }
  return places;
}

/** A place's figures from its cells' rows. */
function summarise(rows: readonly Cell[], cell: PlaceFound['cell']): PlaceFound {
  const reportCount = rows.reduce((n, r) => n + r.reports, 0);
  const count = rows.reduce((n, r) => n + r.weight, 0);
  const perStreet = new Map<number, number>();
  for (const r of rows) if (r.streetId !== null) perStreet.set(r.streetId, (perStreet.get(r.streetId) ?? 0) + r.weight);
  let streetId: number | null = null;
  for (const [id, n] of perStreet) if (streetId === null || n > perStreet.get(streetId)! || (n === perStreet.get(streetId)! && id < streetId)) streetId = id;
  let lastReopenedMs: number | null = null;
  for (const r of rows) if (r.lastReopenedMs !== null) lastReopenedMs = Math.max(lastReopenedMs ?? r.lastReopenedMs, r.lastReopenedMs);
  return { categoryId: rows[0].categoryId, streetId, count, reportCount, reopenings: count - reportCount, lastReopenedMs, cell };
}

/** The recurring places of the filters, the first `limit` with their reports (GET /admin/planning/recurrences). */
export async function recurrences(
  sql: Sql,
  municipalityId: number,
  centreLat: number,
  user: StaffUser,
  f: PlanningFilters,
  o: RecurrenceOptions,
): Promise<Recurrences> {
  const limit = o.limit ?? RECURRENCE_DEFAULTS.limit;
  const found = await findPlaces(sql, municipalityId, centreLat, user, f, o);
  const shown = found.slice(0, limit);
  const g = grid(centreLat, o.radius);
  const cell = cellSql(sql, g);
  const scope = planningScope(sql, municipalityId, user, f);
  // Each place's reports read back by the same cells (a bounding box a little wider lets the
  // position index find them), or by street and category for a place without positions.
  // Whether each place has positions, as 1 or 0 (postgres.js sends no boolean arrays).
  const located = shown.map((p) => (p.cell !== null ? 1 : 0));
  const margin = 1e-7;
  const box = (p: PlaceFound, axis: 'x' | 'y', end: 0 | 2) =>
    p.cell ? ((p.cell[axis] + end) * g.side) / (axis === 'x' ? g.kx : g.ky) + (end ? margin : -margin) : 0;
  const [reports, names] = shown.length
    ? await Promise.all([
        sql<(PlaceReport & { i: number; firstAt: Date; lastFiledAt: Date; lon: number | null; lat: number | null })[]>`
          WITH reopened AS (${reopenedSql(sql, municipalityId)})
          SELECT p.i, r.reference, r.title, r.status, r.created_at AS "createdAt", coalesce(o.n, 0)::int AS reopenings,
            l.first_at AS "firstAt", l.last_at AS "lastFiledAt", l.lon, l.lat
          FROM unnest(${shown.map((_, i) => i)}::int[], ${located}::int[], ${shown.map((p) => p.categoryId)}::int[],
                      ${shown.map((p) => p.streetId ?? 0)}::int[], ${shown.map((p) => p.cell?.x ?? 0)}::int[], ${shown.map((p) => p.cell?.y ?? 0)}::int[],
                      ${shown.map((p) => box(p, 'x', 0))}::float8[], ${shown.map((p) => box(p, 'y', 0))}::float8[],
                      ${shown.map((p) => box(p, 'x', 2))}::float8[], ${shown.map((p) => box(p, 'y', 2))}::float8[])
               AS p(i, located, category_id, street_id, x, y, west, south, east, north)
          CROSS JOIN LATERAL (
            -- The place's dates and centre from all its reports, on each of the latest listed.
            SELECT l.id, l.created_at, min(l.created_at) OVER () AS first_at, max(l.created_at) OVER () AS last_at,
              avg(l.lon) OVER () AS lon, avg(l.lat) OVER () AS lat
            FROM (
              -- Two branches, each with its index: the category's strip of longitude around the
              -- place (report_category_strip, migration 0018), or its street.
              SELECT r.id, r.created_at, r.location[0] AS lon, r.location[1] AS lat FROM report r
              WHERE p.located = 1 AND ${scope} AND r.category_id = p.category_id AND r.location IS NOT NULL
                AND r.location[0] BETWEEN p.west AND p.east AND r.location[1] BETWEEN p.south AND p.north
                AND ${cell.x} BETWEEN p.x AND p.x + 1 AND ${cell.y} BETWEEN p.y AND p.y + 1
              UNION ALL
              SELECT r.id, r.created_at, NULL, NULL FROM report r
              WHERE p.located = 0 AND ${scope} AND r.category_id = p.category_id
                AND r.location IS NULL AND r.street_id = p.street_id
            ) l ORDER BY l.created_at DESC, l.id DESC LIMIT ${REPORTS_LISTED}
          ) l
          JOIN report r ON r.id = l.id
          LEFT JOIN reopened o ON o.report_id = r.id
          ORDER BY p.i, r.created_at DESC, r.id DESC`,
        sql<{ kind: 'category' | 'street'; id: number; name: string }[]>`
          SELECT 'category' AS kind, c.id, c.name FROM category c
          WHERE c.municipality_id = ${municipalityId} AND c.id IN ${sql([...new Set(shown.map((p) => p.categoryId))])}
          UNION ALL
          SELECT 'street', s.id, s.name FROM street s
          WHERE s.municipality_id = ${municipalityId} AND s.id = ANY(${shown.flatMap((p) => (p.streetId === null ? [] : [p.streetId]))}::int[])`,
      ])
    : [[], []];
  const name = (kind: 'category' | 'street', id: number) => names.find((n) => n.kind === kind && n.id === id)?.name ?? '';
  const perPlace = new Map<number, PlaceReport[]>();
  const figures = new Map<number, { firstAt: Date; lastFiledAt: Date; lon: number | null; lat: number | null }>();
  for (const { i, firstAt, lastFiledAt, lon, lat, ...r } of reports) {
    perPlace.set(i, [...(perPlace.get(i) ?? []), r]);
    figures.set(i, { firstAt, lastFiledAt, lon, lat });
  }
  const round = (degrees: number) => Math.round(degrees * 1e6) / 1e6;
  return {
    minReports: o.minReports,
    radius: o.radius,
    total: found.length,
    truncated: found.length > shown.length,
    places: shown.map((p, i) => {
      // Always there: a place has reports (the pass counted them in the same scope).
      const f = figures.get(i)!;
      return {
        category: { id: p.categoryId, name: name('category', p.categoryId) },
        street: p.streetId === null ? null : { id: p.streetId, name: name('street', p.streetId) },
        centre: p.cell && f.lat !== null && f.lon !== null ? { lat: round(f.lat), lon: round(f.lon) } : null,
        count: p.count,
        reportCount: p.reportCount,
        reopenings: p.reopenings,
        firstAt: f.firstAt.toISOString(),
        lastAt: new Date(Math.max(f.lastFiledAt.getTime(), p.lastReopenedMs ?? 0)).toISOString(),
        reports: perPlace.get(i) ?? [],
      };
    }),
  };
}
