import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { TEXT_MAX, TITLE_MIN } from '../../../../server/domain/formats.ts';
import { EDIT_REASON_MAX } from '../../../../server/domain/report-text-edit.ts';
import { type FieldErrors, hasFieldErrors } from '../../../forms/field-errors.ts';
import { formField } from '../../../forms/form-field.ts';
import { ReportAction } from './report-action.ts';
import { textEditWords } from './text-edit.words.ts';

type TextField = 'title' | 'details' | 'reason';
/** Where the server's refusal of a field lands; any other (the version) on the reason. */
const FIELDS = { title: 'title', details: 'details', reason: 'reason' } as const;

/**
 * Moderation of the report's public words (issue 15 §6): the title and description as the public
 * reads them now, to correct (a name, an insult), and the reason, which stays in the internal
 * history. Only what changed is sent; the page shows the original to staff afterwards.
 */
@customElement('segnala-admin-text-action')
export class AdminTextAction extends ReportAction<TextField> {
  private submit(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report;
    const w = textEditWords(this.ctx.i18n);
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const value = (name: TextField) => String(data.get(name) ?? '').trim();
    const title = value('title');
    const details = value('details');
    const reason = value('reason');
    const errors: FieldErrors<TextField> = {};
    if ([...title].length < TITLE_MIN) errors.title = w.t('err.title', { min: TITLE_MIN });
    if (!details) errors.details = w.t('err.details');
    if (!errors.title && !errors.details && title === r.title && details === r.details) errors.title = w.t('err.same');
    if (!reason) errors.reason = w.t('err.reason');
    this.errors = errors;
    if (hasFieldErrors(errors)) {
      this.focusSoon('[aria-invalid=true]');
      return;
    }
    const edit = {
      ...(title !== r.title ? { title } : {}),
      ...(details !== r.details ? { details } : {}),
      reason,
      version: r.version,
    };
    void this.send('text', () => this.ctx.api.editText(r.reference, edit), w.t('done'), form, FIELDS, 'reason').then((done) => {
      if (done === false) this.focusSoon('[aria-invalid=true]');
    });
  }

  override render() {
    const r = this.report;
    const { t } = this.ctx.i18n;
    const w = textEditWords(this.ctx.i18n);
    // Prefilled through defaultValue: the form's reset after a success shows the report's words
    // again, and the reloaded report's new words replace them.
    return html`<form class="panel" novalidate aria-labelledby="h-text" aria-describedby="a-text-intro" @submit=${this.submit}>
      <h3 id="h-text">${w.t('heading')}</h3>
      <p class="hint" id="a-text-intro">${w.t('intro')}</p>
      ${formField(
        { id: 'a-text-title', label: w.t('title'), error: this.errors.title, required: true },
        (a) => html`<input id="a-text-title" type="text" name="title" maxlength=${TEXT_MAX.title} autocomplete="off" .defaultValue=${r.title}
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
      )}
      ${formField(
        { id: 'a-text-details', label: w.t('details'), error: this.errors.details, required: true },
        (a) => html`<textarea id="a-text-details" name="details" rows="6" maxlength=${TEXT_MAX.details} .defaultValue=${r.details}
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}></textarea>`,
      )}
      ${formField(
        { id: 'a-text-reason', label: w.t('reason'), hint: w.t('reasonHint'), error: this.errors.reason, required: true },
        (a) => html`<input id="a-text-reason" type="text" name="reason" maxlength=${EDIT_REASON_MAX} autocomplete="off"
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
      )}
      <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'text' ? t('action.busy') : w.t('submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-text-action': AdminTextAction;
  }
}
