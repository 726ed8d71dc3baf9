import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formField } from '../../../forms/form-field.ts';
import { ReportAction } from './report-action.ts';
import { replyActionStyles } from './reply-action.styles.ts';
import './template-picker.ts';

/** Writes to the report: a public reply the citizen reads, or an internal note only staff see. */
@customElement('segnala-admin-reply-action')
export class AdminReplyAction extends ReportAction<'reply'> {
  static override styles = [ReportAction.styles, replyActionStyles];

  private submit(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const internal = (e.submitter as HTMLButtonElement | null)?.value === 'internal';
    const message = String(new FormData(form).get('reply') ?? '').trim();
    this.errors = message ? {} : { reply: t('action.err.replyText') };
    if (!message) {
      this.focusSoon('#a-reply');
      return;
    }
    void this.send('reply', () => this.ctx.api.reply(r.reference, message, internal), t(internal ? 'action.noteDone' : 'action.replyDone'), form, {}, 'reply');
  }

  override render() {
    const { t } = this.ctx.i18n;
    return html`<form class="panel" novalidate aria-labelledby="h-reply" @submit=${this.submit}>
      <h3 id="h-reply">${t('action.reply')}</h3>
      <segnala-admin-template-picker .ctx=${this.ctx} .report=${this.report} .status=${this.report.status} .pickerId=${'a-reply-template'}
        .target=${() => this.renderRoot.querySelector<HTMLTextAreaElement>('#a-reply')}></segnala-admin-template-picker>
      ${formField(
        { id: 'a-reply', label: t('action.replyText'), error: this.errors.reply },
        (a) => html`<textarea id="a-reply" name="reply" maxlength="5000" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}></textarea>`,
      )}
      <div class="buttons">
        <button type="submit" class="primary" name="kind" value="public" ?disabled=${!!this.busy}>${t('action.replyPublic')}</button>
        <button type="submit" name="kind" value="internal" ?disabled=${!!this.busy}><span aria-hidden="true">◇</span>${t('action.replyInternal')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-reply-action': AdminReplyAction;
  }
}
