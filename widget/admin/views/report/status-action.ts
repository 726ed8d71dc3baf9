import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ReportStatus } from '../../../api.ts';
import { type FieldErrors, hasFieldErrors } from '../../../forms/field-errors.ts';
import { fieldError, formField } from '../../../forms/form-field.ts';
import { statusLabel } from '../../../status.ts';
import { ReportAction } from './report-action.ts';
import './template-picker.ts';

const STATUSES: ReportStatus[] = ['submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen', 'resolved', 'rejected', 'hidden'];

type StatusField = 'status' | 'message' | 'expectedAt';
/** Where the server's refusal of a field lands; any other field on the form's own error line. */
const FIELDS = { message: 'message', expectedAt: 'expectedAt', status: 'status' } as const;

/** The status a clerk most likely moves to next: the select starts there. */
function nextStatus(current: ReportStatus): ReportStatus | 'unhidden' {
  if (current === 'hidden') return 'unhidden';
  if (current === 'submitted') return 'accepted';
  if (current === 'accepted') return 'in_progress';
  if (current === 'in_progress' || current === 'scheduled') return 'resolved';
  return 'accepted';
}

/**
 * Changes the report's status, with a message the citizen reads: required as the reason when
 * rejecting or hiding; a date when the work is scheduled. A hidden report is shown again
 * ("unhidden") from here too.
 */
@customElement('segnala-admin-status-action')
export class AdminStatusAction extends ReportAction<StatusField> {
  /** The status picked in the select, while it is one the form offers. */
  @state() private chosenStatus?: ReportStatus | 'unhidden';

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const status = data.get('status') as ReportStatus | 'unhidden';
    const message = String(data.get('message') ?? '').trim();
    const expectedAt = String(data.get('expectedAt') ?? '');
    const errors: FieldErrors<StatusField> = {};
    if ((status === 'rejected' || status === 'hidden' || status === 'waiting_for_citizen') && !message) errors.message = t('action.err.reason');
    if (status === 'scheduled' && !expectedAt) errors.expectedAt = t('action.err.expectedAt');
    this.errors = errors;
    if (hasFieldErrors(errors)) {
      this.focusSoon('[aria-invalid=true]');
      return;
    }
    const label = status === 'unhidden' ? t('action.unhide') : statusLabel(this.ctx.i18n.base, status);
    const done = await this.send(
      'status',
      () => this.ctx.api.changeStatus(r.reference, { status, version: r.version, ...(message ? { message } : {}), ...(status === 'scheduled' ? { expectedAt } : {}) }),
      t('action.statusDone', { status: label }),
      form,
      FIELDS,
      'status',
    );
    if (done) this.chosenStatus = undefined;
  }

  override render() {
    const r = this.report;
    const { i18n } = this.ctx;
    const { t } = i18n;
    const options: (ReportStatus | 'unhidden')[] = r.status === 'hidden' ? ['unhidden', ...STATUSES.filter((s) => s !== 'hidden')] : STATUSES.filter((s) => s !== r.status);
    const chosen = this.chosenStatus && options.includes(this.chosenStatus) ? this.chosenStatus : nextStatus(r.status);
    // Waiting for the citizen: the message is the question mailed to them (issue 13 §1).
    const needsReason = chosen === 'rejected' || chosen === 'hidden' || chosen === 'waiting_for_citizen';
    const hint =
      chosen === 'hidden' ? t('action.reasonHiddenHint') : chosen === 'waiting_for_citizen' ? t('detail.waitingHint') : needsReason ? t('action.reasonHint') : t('action.messageHint');
    return html`<form class="panel" novalidate aria-labelledby="h-status" @submit=${this.submit}>
      <h3 id="h-status">${t('action.status')}</h3>
      ${formField(
        { id: 'a-status', label: t('action.statusNew') },
        () => html`<select id="a-status" name="status" @change=${(e: Event) => (this.chosenStatus = (e.target as HTMLSelectElement).value as ReportStatus)}>
          ${options.map(
            (s) => html`<option value=${s} ?selected=${s === chosen}>${s === 'unhidden' ? t('action.unhide') : statusLabel(i18n.base, s)}</option>`,
          )}
        </select>`,
      )}
      ${chosen === 'scheduled'
        ? formField(
            { id: 'a-expected', label: html`${t('action.expectedAt')} <span class="muted">(${t('required')})</span>`, error: this.errors.expectedAt },
            (a) => html`<input id="a-expected" type="date" name="expectedAt" required min=${new Date().toISOString().slice(0, 10)}
              aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
          )
        : nothing}
      <segnala-admin-template-picker .ctx=${this.ctx} .report=${r} .status=${chosen} .pickerId=${'a-status-template'}
        .target=${() => this.renderRoot.querySelector<HTMLTextAreaElement>('#a-message')}
        .expectedDay=${() => this.renderRoot.querySelector<HTMLInputElement>('#a-expected')?.value ?? ''}></segnala-admin-template-picker>
      ${formField(
        {
          id: 'a-message',
          label: needsReason ? html`${t('action.reason')} <span class="muted">(${t('required')})</span>` : t('action.message'),
          hint,
          error: this.errors.message,
        },
        (a) => html`<textarea id="a-message" name="message" maxlength="5000" ?required=${needsReason}
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy}></textarea>`,
      )}
      ${fieldError('a-status', this.errors.status)}
      <button type="submit" class="primary" ?disabled=${!!this.busy}>${this.busy === 'status' ? t('action.busy') : t('action.statusSubmit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-status-action': AdminStatusAction;
  }
}
