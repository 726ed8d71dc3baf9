/**
 * CSV as spreadsheets open it (RFC 4180): UTF-8 with a BOM so that Excel shows accents right,
 * CRLF line ends, and every field defused against formula injection. One writer for every CSV the
 * server gives (the staff queue, the planning tables, the open dataset).
 */

/** A field as RFC 4180 wants it, and defused against formula injection in spreadsheets. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per row, with the columns' names first; `get` reads each column's value of a row. */
export function csvText<Row>(columns: readonly (readonly [string, (row: Row) => unknown])[], rows: Iterable<Row>): string {
  const lines = [columns.map(([name]) => csvField(name)).join(',')];
  for (const r of rows) lines.push(columns.map(([, get]) => csvField(get(r))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
