import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
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
    void this.send('merge', () => this.ctx.api.merge(r.reference, into, r.version), t('action.mergeDone', { reference: into }), form, () => 'into');
  }

  override render() {
    const { t } = this.ctx.i18n;
    return html`<form class="panel" novalidate aria-labelledby="h-merge" @submit=${this.submit}>
      <h3 id="h-merge">${t('action.merge')}</h3>
      <div class="field">
        <label for="a-into">${t('action.mergeInto')}</label>
        <span class="hint" id="a-into-hint">${t('action.mergeHint')}</span>
        ${this.fieldError('into', 'a-into-error')}
        <input id="a-into" type="text" name="into" inputmode="numeric" autocomplete="off" pattern="\\d{4}-\\d{6}"
          aria-invalid=${this.errors.into ? 'true' : 'false'} aria-describedby=${this.errors.into ? 'a-into-hint a-into-error' : 'a-into-hint'} />
      </div>
      <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'merge' ? t('action.busy') : t('action.mergeSubmit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-merge-action': AdminMergeAction;
  }
}
