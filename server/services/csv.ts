import { STATUS_INFO } from '../domain/status.ts';
import type { QueueItem } from './staff-queue.ts';

type CsvRow = QueueItem & { categoryName: string; departmentName: string; acceptedAt: Date | null; closedAt: Date | null };

/** A field as RFC 4180 wants it, and defused against formula injection in spreadsheets. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS: [string, (r: CsvRow) => unknown][] = [
  ['Numero', (r) => r.reference],
  ['Data', (r) => r.createdAt],
  ['Stato', (r) => STATUS_INFO[r.status].label],
  ['Categoria', (r) => r.categoryName],
  ['Ufficio', (r) => r.departmentName],
  ['Titolo', (r) => r.title],
  ['Via', (r) => r.streetName],
  ['Civico o luogo', (r) => r.civic],
  ['Latitudine', (r) => r.location?.lat],
  ['Longitudine', (r) => r.location?.lon],
  ['Mi associo', (r) => r.supportCount],
  ['In ritardo', (r) => (r.overdue ? 'sì' : 'no')],
  ['Presa in carico', (r) => r.acceptedAt],
  ['Chiusa', (r) => r.closedAt],
  ['Pubblica', (r) => (r.published ? 'sì' : 'no')],
  ['Segnalante', (r) => r.contact.name],
  ['E-mail', (r) => r.contact.email],
  ['Telefono', (r) => r.contact.phone],
];

/** The queue as CSV: UTF-8 with a BOM so that Excel shows accents right, CRLF line ends. */
export function queueCsv(rows: CsvRow[]): string {
  const lines = [COLUMNS.map(([name]) => field(name)).join(',')];
  for (const r of rows) lines.push(COLUMNS.map(([, get]) => field(get(r))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
