import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { fieldError, formField } from '../../../forms/form-field.ts';
import { departmentName } from '../../admin-context.ts';
import { ReportAction } from './report-action.ts';

/**
 * Gives the report to a member of its office, or back to the office as a whole; "Me ne occupo io"
 * for the clerk who takes it. The person is told by e-mail by the server, unless they took it.
 */
@customElement('segnala-admin-assignee-action')
export class AdminAssigneeAction extends ReportAction<'assigneeId'> {
  private give(form: HTMLFormElement, assigneeId: number | null) {
    const r = this.report;
    const { t } = this.ctx.i18n;
    if (assigneeId === (r.assignee?.id ?? null)) {
      this.errors = { assigneeId: t('action.err.assigneeSame') };
      this.focusSoon('#a-assignee');
      return;
    }
    this.errors = {};
    void this.send('assignee', () => this.ctx.api.setAssignee(r.reference, assigneeId, r.version), t('action.assigneeDone'), form, { assigneeId: 'assigneeId' }, 'assigneeId');
  }

  private submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = new FormData(form).get('assigneeId');
    this.give(form, value ? Number(value) : null);
  }

  override render() {
    const r = this.report;
    const { t } = this.ctx.i18n;
    // Only active members of the report's office can be given it (the server checks the same).
    const members = this.ctx.catalog.staff.filter((s) => s.departmentIds.includes(r.departmentId));
    const mayTake = members.some((s) => s.id === this.ctx.user.id) && r.assignee?.id !== this.ctx.user.id;
    return html`<form class="panel" novalidate aria-labelledby="h-assignee" @submit=${this.submit}>
      <h3 id="h-assignee">${t('action.assignee')}</h3>
      <p class="hint" id="a-assignee-hint">${t('action.assigneeHint', { office: departmentName(this.ctx, r.departmentId) ?? '' })}</p>
      ${formField(
        { id: 'a-assignee', label: t('action.assigneeLabel'), describedBy: 'a-assignee-hint', error: this.errors.assigneeId },
        (a) => html`<select id="a-assignee" name="assigneeId" aria-describedby=${a.describedBy} aria-invalid=${a.invalid}>
          <option value="" ?selected=${!r.assignee}>${t('action.assigneeNone')}</option>
          ${members.map((s) => html`<option value=${s.id} ?selected=${s.id === r.assignee?.id}>${s.name}</option>`)}
        </select>`,
      )}
      <div class="buttons">
        <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'assignee' ? t('action.busy') : t('action.assigneeSubmit')}</button>
        ${mayTake
          ? html`<button type="button" class="take" ?disabled=${!!this.busy}
              @click=${(e: Event) => this.give((e.target as HTMLElement).closest('form')!, this.ctx.user.id)}>${t('action.assigneeMine')}</button>`
          : ''}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-assignee-action': AdminAssigneeAction;
  }
}
