/**
 * The planning view's streets table (GET /admin/planning/streets): the columns it sorts by and the
 * one order the server, its CSV and the console share (the console sorts the rows it has without
 * asking again; the CSV comes out in the order shown).
 */

export const STREET_SORTS = ['name', 'total', 'open', 'overdue', 'medianResolve', 'recurrences'] as const;
export type StreetSort = (typeof STREET_SORTS)[number];

export interface StreetFigures {
  streetId: number;
  name: string;
  total: number;
  open: number;
  overdue: number;
  /** Hours; null when no report of the street is resolved. */
  medianResolveHours: number | null;
  recurrences: number;
}

const collator = new Intl.Collator('it', { sensitivity: 'base', numeric: true });

/** Sorted (in place) by one column; a street with no median comes last either way; ties by name. */
export function sortStreets<Row extends StreetFigures>(rows: Row[], sort: StreetSort, order: 'asc' | 'desc'): Row[] {
  const sign = order === 'asc' ? 1 : -1;
  const byName = (a: Row, b: Row) => collator.compare(a.name, b.name) || a.streetId - b.streetId;
  const value = (r: Row) => (sort === 'medianResolve' ? r.medianResolveHours : sort === 'name' ? null : r[sort]);
  return rows.sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byName(a, b);
  });
}
