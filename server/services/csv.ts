import { CHANNEL_LABEL_IT } from '../domain/report-channel.ts';
import { STATUS_INFO } from '../domain/status.ts';
import type { QueueItem } from './staff-queue.ts';
import { csvText } from '../http/csv-text.ts';

type CsvRow = QueueItem & { categoryName: string; departmentName: string; acceptedAt: Date | null; closedAt: Date | null };

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
  ['Canale', (r) => CHANNEL_LABEL_IT[r.channel]],
];

/** Only in an administrator's explicit, recorded export (services/contact-export.ts). */
const CONTACT_COLUMNS: [string, (r: CsvRow) => unknown][] = [
  ['Segnalante', (r) => r.contact.name],
  ['E-mail', (r) => r.contact.email],
  ['Telefono', (r) => r.contact.phone],
];

/** The queue as CSV, as spreadsheets open it (http/csv-text.ts); the reporters' contacts only when asked. */
export function queueCsv(rows: CsvRow[], { contacts = false }: { contacts?: boolean } = {}): string {
  return csvText(contacts ? [...COLUMNS, ...CONTACT_COLUMNS] : COLUMNS, rows);
}
