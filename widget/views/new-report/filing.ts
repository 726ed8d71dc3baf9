/**
 * Sending a filing: the anti-spam fields from the form's guard (`../../anti-spam.ts`), the report
 * and its photos in one request (`SegnalaApi.fileReport`, with upload progress), and one more try
 * with a fresh token when the server refused the token or the proof (expired, used, too fast).
 * A failure is thrown as is: `send-errors.ts` puts it in the form's words.
 */
import type { FiledReport, UploadProgress } from '../../api.ts';
import type { FormGuard } from '../../anti-spam.ts';
import type { WidgetContext } from '../../context.ts';
import { type Draft, reportBody } from './draft.ts';
import { isRenewable } from './send-errors.ts';

export interface FilingProgress {
  /** What the live region should say (checking, sending, processing). */
  status(text: string): void;
  upload(progress: UploadProgress): void;
}

/** `idempotencyKey`: the same for every try of one filing, so a retried request never files twice. */
export async function fileDraft(ctx: WidgetContext, guard: FormGuard, draft: Draft, idempotencyKey: string, progress: FilingProgress): Promise<FiledReport> {
  const { i18n } = ctx;
  const attempt = async () => {
    guard.start();
    const antiSpam = await guard.fields(draft.website, () => progress.status(i18n.t('new.checking')));
    progress.status(i18n.t('new.sending'));
    return ctx.api.fileReport(
      { ...reportBody(draft, ctx.config.categories.find((c) => c.id === draft.categoryId)), antiSpam },
      idempotencyKey,
      draft.photos.map((p) => p.file),
      (p) => progress.upload(p),
    );
  };
  let filed: FiledReport;
  try {
    filed = await attempt();
  } catch (err) {
    if (!isRenewable(err)) throw err;
    guard.renew();
    filed = await attempt();
  }
  // A token files one report: the next report gets a fresh one.
  guard.renew();
  return filed;
}
