import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formField } from '../../../forms/form-field.ts';
import type { OutsideBody } from '../../admin-api.ts';
import { bodyWords } from '../settings/bodies-panel.words.ts';
import { ReportAction } from './report-action.ts';

/** Bodies read once per console session, the first time a report page offers them. */
const loaded = new WeakMap<object, Promise<OutsideBody[]>>();

/**
 * "Inoltra a un ente esterno" (README "Outside bodies"): the report goes to an active outside body,
 * with an optional message for it (never public). The body gets a mail with a link to update the
 * citizens; the public page says "Inoltrata a …". A clerk of the report's office or an admin.
 */
@customElement('segnala-admin-forward-action')
export class AdminForwardAction extends ReportAction<'bodyId' | 'message'> {
  @state() private bodies?: OutsideBody[];

  override connectedCallback() {
    super.connectedCallback();
    let list = loaded.get(this.ctx.api);
    if (!list) {
      list = this.ctx.api.bodies().then((a) => a.bodies);
      list.catch(() => loaded.delete(this.ctx.api));
      loaded.set(this.ctx.api, list);
    }
    list.then((b) => (this.bodies = b.filter((x) => x.active))).catch(() => (this.bodies = []));
  }

  private submit(e: SubmitEvent) {
    e.preventDefault();
    const w = bodyWords(this.ctx.i18n);
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const bodyId = Number(data.get('bodyId'));
    const message = String(data.get('message') ?? '').trim();
    if (!bodyId) {
      this.errors = { bodyId: w.t('err.body') };
      this.focusSoon('#f-body');
      return;
    }
    this.errors = {};
    const r = this.report;
    const name = this.bodies?.find((b) => b.id === bodyId)?.name ?? '';
    const call = () => this.ctx.api.forward(r.reference, { bodyId, ...(message ? { message } : {}), version: r.version });
    void this.send('forward', call, w.t('forwarded', { name }), form, { bodyId: 'bodyId', message: 'message' }, 'bodyId');
  }

  override render() {
    const w = bodyWords(this.ctx.i18n);
    const { t } = this.ctx.i18n;
    const bodies = this.bodies;
    const current = [...this.report.events].reverse().find((e) => e.type === 'forward');
    const currentName = (current?.data as { body?: string } | undefined)?.body;
    return html`<form class="panel" novalidate aria-labelledby="h-forward" @submit=${this.submit}>
      <h3 id="h-forward">${w.t('forward')}</h3>
      <p class="hint" id="f-hint">${w.t('forwardHint')}</p>
      ${currentName ? html`<p>${w.t('currently', { name: currentName })}</p>` : nothing}
      ${bodies && !bodies.length
        ? html`<p class="muted">${w.t('noBodies')}</p>`
        : html`${formField(
              { id: 'f-body', label: w.t('body'), describedBy: 'f-hint', error: this.errors.bodyId, required: true },
              (a) => html`<select id="f-body" name="bodyId" aria-describedby=${a.describedBy} aria-invalid=${a.invalid} aria-required=${a.required}>
                <option value="">${w.t('choose')}</option>
                ${(bodies ?? []).map((b) => html`<option value=${b.id}>${b.name}</option>`)}
              </select>`,
            )}
            ${formField(
              { id: 'f-message', label: w.t('message'), error: this.errors.message },
              (a) => html`<textarea id="f-message" name="message" maxlength="5000" aria-describedby=${a.describedBy} aria-invalid=${a.invalid}></textarea>`,
            )}
            <div class="buttons">
              <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'forward' ? t('action.busy') : w.t('forwardSubmit')}</button>
            </div>`}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-forward-action': AdminForwardAction;
  }
}
