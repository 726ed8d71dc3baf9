import { AdminApiError } from '../admin-api.ts';
import type { AdminTranslator } from '../admin-i18n.ts';

/** A failed call in words for the clerk (401 never gets here: the console returns to the login). */
export function errorMessage(i18n: AdminTranslator, err: unknown): string {
  if (err instanceof AdminApiError) {
    if (err.status === 0) return i18n.t('error.network');
    if (err.status === 403) return i18n.t('error.forbidden');
    if (err.status === 404) return i18n.t('error.notFound');
    const fields = err.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return i18n.t('error.server', { message: fields || err.message });
  }
  return i18n.t('error.server', { message: (err as Error).message });
}
