import type { Sql } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import type { StaffUser } from './staff-auth.ts';

/**
 * The reporters' names, e-mails and phones leave the server only in a CSV an administrator asks for
 * explicitly (`GET /admin/reports.csv?contacts=true`), and every such export is recorded: who,
 * when, with which filters, how many rows (migration 0020's `contact_export`), and a line in the
 * server log. Neither carries any contact data.
 */
export function mayExportContacts(user: StaffUser) {
  if (user.role !== 'admin') {
    throw new ApiError(403, 'forbidden', 'Only an administrator can export the reporters\u2019 contacts; the CSV without contacts is open to all staff');
  }
}

export async function recordContactExport(
  sql: Sql,
  logger: Logger,
  municipalityId: number,
  user: StaffUser,
  filters: Record<string, unknown>,
  rowCount: number,
) {
  const kept = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  await sql`
    INSERT INTO contact_export (municipality_id, staff_user_id, filters, row_count)
    VALUES (${municipalityId}, ${user.id}, ${JSON.stringify(kept)}::text::jsonb, ${rowCount})`;
  logger.info('reporters\u2019 contacts exported', { municipalityId, staffUserId: user.id, rows: rowCount, filters: JSON.stringify(kept) });
}
