import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formField } from '../../../forms/form-field.ts';
import { ReportAction } from './report-action.ts';

const REFERENCE = /^\d{4}-\d{6}$/;

/** Merges the report into another one (by its reference): this one becomes its duplicate. */
@customElement('segnala-admin-merge-action')
export class AdminMergeAction extends ReportAction<'into'> {
  private submit(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const into = String(new FormData(form).get('into') ?? '').trim();
    const ok = REFERENCE.test(into) && into !== r.reference;
    this.errors = ok ? {} : { into: t('action.err.mergeInto') };
    if (!ok) {
      this.focusSoon('#a-into');
      return;
    }
    void this.send('merge', () => this.ctx.api.merge(r.reference, into, r.version), t('action.mergeDone', { reference: into }), form, {}, 'into');
  }

  override render() {
    const { t } = this.ctx.i18n;
    return html`<form class="panel" novalidate aria-labelledby="h-merge" @submit=${this.submit}>
      <h3 id="h-merge">${t('action.merge')}</h3>
      ${formField(
        { id: 'a-into', label: t('action.mergeInto'), hint: t('action.mergeHint'), error: this.errors.into },
        (a) => html`<input id="a-into" type="text" name="into" inputmode="numeric" autocomplete="off" pattern="\\d{4}-\\d{6}"
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
      )}
      <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'merge' ? t('action.busy') : t('action.mergeSubmit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-merge-action': AdminMergeAction;
  }
}
