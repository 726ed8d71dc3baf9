/**
 * The response templates in the console (README "Response templates"): read once per console
 * session, the first time a form offers them (the queue never pays for them), and written by the
 * settings' panel, which refreshes the copy. Filling a template from a report happens here too,
 * with the placeholders the server accepts (server/domain/response-templates.ts).
 */
import { fillTemplate } from '../../server/domain/response-templates.ts';
import type { ReportStatus } from '../api.ts';
import type { AdminApi, NewResponseTemplate, ResponseTemplate, ResponseTemplateChange, ResponseTemplates } from './admin-api.ts';

export { TEMPLATE_PLACEHOLDERS, TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX } from '../../server/domain/response-templates.ts';

/** One read per client (one console session): every form shares it. */
const loaded = new WeakMap<AdminApi, Promise<ResponseTemplate[]>>();

/** Every template, read once per session; `fresh` reads them again. A failed read is tried again next time. */
export function loadTemplates(api: AdminApi, { fresh = false } = {}): Promise<ResponseTemplate[]> {
  let list = fresh ? undefined : loaded.get(api);
  if (!list) {
    list = api.templates().then((a) => a.templates);
    list.catch(() => loaded.delete(api));
    loaded.set(api, list);
  }
  return list;
}

export async function createTemplate(api: AdminApi, t: NewResponseTemplate) {
  const made = await api.createTemplate(t);
  loaded.delete(api);
  return made;
}

export async function updateTemplate(api: AdminApi, id: number, t: ResponseTemplateChange) {
  const changed = await api.updateTemplate(id, t);
  loaded.delete(api);
  return changed;
}

export async function deleteTemplate(api: AdminApi, id: number) {
  await api.deleteTemplate(id);
  loaded.delete(api);
}

/**
 * The templates that fit a message: of the report's category or of none, and of `status` (the one
 * chosen in a status change, the report's own in a reply) or of none.
 */
export function fittingTemplates(all: readonly ResponseTemplate[], categoryId: number, status: ReportStatus | 'unhidden'): ResponseTemplate[] {
  return all.filter((t) => (t.categoryId === null || t.categoryId === categoryId) && (t.status === null || t.status === status));
}

/** What fills a template's placeholders for one report, as the console says things. */
export interface FillValues {
  reference: string;
  category: string;
  street: string;
  /** The expected date in words, as the console writes dates; empty when there is none. */
  expectedDate: string;
  office: string;
}

/** The template's text with the report's values; a missing one (no street) by `missing(name)`. */
export function fillFromReport(body: string, values: FillValues, missing: (name: keyof FillValues) => string): string {
  return fillTemplate(body, values, missing);
}

