import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { REPORT_STATUSES, type ReportStatus } from '../domain/status.ts';
import { type ChangeBy, recordSettingsChange } from './settings-log.ts';

/**
 * Response templates (issue 15 §2, README "Response templates"): a municipality's ready-made public
 * messages, each optionally for one category and one status, with placeholders the console fills
 * from the report being handled (server/domain/response-templates.ts). Every staff member reads
 * them; admins write them, each write in one transaction with its line in the settings' record.
 */

export const ResponseTemplate = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  /** Offered only on reports of this category; null: on any. */
  categoryId: z.number().int().nullable(),
  /** Offered only when changing to this status (and in replies on a report in it); null: always. */
  status: z.enum(REPORT_STATUSES.filter((s): s is Exclude<ReportStatus, 'duplicate'> => s !== 'duplicate') as [Exclude<ReportStatus, 'duplicate'>, ...Exclude<ReportStatus, 'duplicate'>[]]).nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ResponseTemplate = z.infer<typeof ResponseTemplate>;

export interface TemplateInput {
  title?: string;
  body?: string;
  categoryId?: number | null;
  status?: ResponseTemplate['status'];
}

const SELECT = (sql: Sql | Tx) => sql`
  id, title, body, category_id AS "categoryId", status, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** By title, as the pickers list them. */
export async function listTemplates(sql: Sql, municipalityId: number): Promise<ResponseTemplate[]> {
  return sql<ResponseTemplate[]>`
    SELECT ${SELECT(sql)} FROM response_template WHERE municipality_id = ${municipalityId} ORDER BY title, id`;
}

/** A category of this municipality (retired ones too: a template may outlive its category's use). */
async function requireCategory(tx: Tx, municipalityId: number, categoryId: number | null | undefined) {
  if (categoryId === null || categoryId === undefined) return;
  const [c] = await tx`SELECT 1 FROM category WHERE municipality_id = ${municipalityId} AND id = ${categoryId}`;
  if (!c) throw invalidRequest([{ field: 'categoryId', message: 'Unknown category' }]);
}

/** Two templates of one municipality never share a title: the pickers tell them apart by it. */
function sameTitle(err: unknown): never {
  if ((err as { code?: string }).code === '23505') {
    throw new ApiError(409, 'already_exists', 'A template with this title already exists', {
      fields: [{ field: 'title', message: 'A template with this title already exists' }],
    });
  }
  throw err;
}

function columns(t: TemplateInput) {
  const map: Record<string, unknown> = { title: t.title, body: t.body, category_id: t.categoryId, status: t.status };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
}

export async function createTemplate(sql: Sql, by: ChangeBy, t: Required<Pick<TemplateInput, 'title' | 'body'>> & TemplateInput): Promise<ResponseTemplate> {
  return sql
    .begin(async (tx) => {
      await requireCategory(tx, by.municipalityId, t.categoryId);
      const [row] = await tx<ResponseTemplate[]>`
        INSERT INTO response_template ${tx({ municipality_id: by.municipalityId, ...columns(t) })} RETURNING ${SELECT(tx)}`;
      await recordSettingsChange(tx, by, 'template', row.id, 'created', { ...t });
      return row;
    })
    .catch(sameTitle);
}

/** Changes the fields given; the others stay. Of two admins editing at once, the later write wins field by field. */
export async function updateTemplate(sql: Sql, by: ChangeBy, id: number, t: TemplateInput): Promise<ResponseTemplate> {
  return sql
    .begin(async (tx) => {
      await requireCategory(tx, by.municipalityId, t.categoryId);
      const set = columns(t);
      const [row] = Object.keys(set).length
        ? await tx<ResponseTemplate[]>`
            UPDATE response_template SET ${tx(set)}, updated_at = now()
            WHERE municipality_id = ${by.municipalityId} AND id = ${id} RETURNING ${SELECT(tx)}`
        : await tx<ResponseTemplate[]>`SELECT ${SELECT(tx)} FROM response_template WHERE municipality_id = ${by.municipalityId} AND id = ${id}`;
      if (!row) throw notFound('Template');
      // Nothing sent, nothing changed: nothing to record.
      if (Object.keys(set).length) await recordSettingsChange(tx, by, 'template', id, 'changed', { ...t });
      return row;
    })
    .catch(sameTitle);
}

/** Gone for good (no report points at a template: the messages it filled are the reports' own text). */
export async function deleteTemplate(sql: Sql, by: ChangeBy, id: number): Promise<void> {
  await sql.begin(async (tx) => {
    const [row] = await tx<{ title: string }[]>`
      DELETE FROM response_template WHERE municipality_id = ${by.municipalityId} AND id = ${id} RETURNING title`;
    if (!row) throw notFound('Template');
    // The title, so the record still says which template it was.
    await recordSettingsChange(tx, by, 'template', id, 'deleted', { title: row.title });
  });
}
