import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ReportStatus } from '../../../api.ts';
import { formField } from '../../../forms/form-field.ts';
import { baseStyles } from '../../../styles.ts';
import { AdminApiError, type BulkAction, type BulkAnswer, type QueueItem } from '../../admin-api.ts';
import { type AdminContext, categoryName } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { errorMessage } from '../errors.ts';

type What = BulkAction['type'];
const WHATS: What[] = ['status', 'assignee', 'move'];
/** A duplicate is made by a merge, one report at a time; moderation's hiding is a single report's too. */
const STATUSES: ReportStatus[] = ['accepted', 'in_progress', 'scheduled', 'waiting_for_citizen', 'resolved', 'rejected'];
const NEEDS_MESSAGE: ReportStatus[] = ['rejected', 'waiting_for_citizen'];

/** Told to the queue when the action went through (`detail`: the server's answer) or found stale reports. */
export type BulkDoneEvent = CustomEvent<BulkAnswer>;
export type BulkStaleEvent = CustomEvent<{ references: string[] }>;

/**
 * One action on the reports selected in the queue (README, "Bulk actions"): a status with one
 * public message, a person, or another type or office. The server does it all or not at all; the
 * queue reloads after either outcome. Only people who belong to the office of every selected report
 * are offered, as the server accepts no one else.
 */
@customElement('segnala-admin-bulk-actions')
export class AdminBulkActions extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      :host {
        display: block;
        margin: 0 0 1rem;
      }
      form {
        border: 2px solid var(--_primary);
        border-radius: var(--_radius);
        padding: 0.75rem 1rem;
      }
      h3 {
        margin-top: 0;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) selection: QueueItem[] = [];

  @state() private what: What = 'status';
  @state() private status: ReportStatus = 'accepted';
  @state() private busy = false;
  @state() private error = '';
  @state() private errors: { what?: string; message?: string; expectedAt?: string } = {};

  @query('form') private form?: HTMLFormElement;

  /** People in the office of every selected report. */
  private candidates() {
    const offices = new Set(this.selection.map((r) => r.departmentId));
    return this.ctx.catalog.staff.filter((s) => [...offices].every((d) => s.departmentIds.includes(d)));
  }

  private readAction(): BulkAction | undefined {
    const { t } = this.ctx.i18n;
    const data = new FormData(this.form!);
    const str = (name: string) => ((data.get(name) as string | null) ?? '').trim();
    this.errors = {};
    if (this.what === 'status') {
      const message = str('message') || undefined;
      const expectedAt = str('expectedAt') || undefined;
      if (NEEDS_MESSAGE.includes(this.status) && !message) this.errors = { message: t('action.err.reason') };
      else if (this.status === 'scheduled' && !expectedAt) this.errors = { expectedAt: t('bulk.err.date') };
      if (this.errors.message || this.errors.expectedAt) return undefined;
      return { type: 'status', status: this.status, message, expectedAt: this.status === 'scheduled' ? expectedAt : undefined };
    }
    if (this.what === 'assignee') return { type: 'assignee', assigneeId: str('assigneeId') ? Number(str('assigneeId')) : null };
    const categoryId = str('categoryId') ? Number(str('categoryId')) : undefined;
    const departmentId = str('departmentId') ? Number(str('departmentId')) : undefined;
    if (categoryId === undefined && departmentId === undefined) {
      this.errors = { what: t('bulk.err.pick') };
      return undefined;
    }
    return { type: 'move', categoryId, departmentId };
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (this.busy) return;
    const action = this.readAction();
    if (!action) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const { i18n } = this.ctx;
    this.busy = true;
    this.error = '';
    try {
      const answer = await this.ctx.api.bulk({ reports: this.selection.map((r) => ({ reference: r.reference, version: r.version })), action });
      this.form?.reset();
      this.dispatchEvent(new CustomEvent('segnala-admin-bulk-done', { detail: answer, bubbles: true, composed: true }));
    } catch (err) {
      const details = err instanceof AdminApiError ? (err.details as { stale?: { reference: string }[]; references?: string[] }) : {};
      if (err instanceof AdminApiError && err.status === 409 && details.stale) {
        const references = details.stale.map((s) => s.reference);
        this.error = i18n.t('bulk.stale', { references: references.join(', ') });
        this.dispatchEvent(new CustomEvent('segnala-admin-bulk-stale', { detail: { references }, bubbles: true, composed: true }));
      } else if (err instanceof AdminApiError && err.status === 403 && details.references) {
        this.error = i18n.t('bulk.forbidden', { references: details.references.join(', ') });
      } else if (err instanceof AdminApiError && err.status === 400 && err.fields.length) {
        this.error = i18n.t('bulk.refused', { reasons: err.fields.map((f) => f.message).join('; ') });
      } else {
        this.error = errorMessage(i18n, err);
      }
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.bulk-error')?.focus();
    } finally {
      this.busy = false;
    }
  }

  private renderFields() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    if (this.what === 'status') {
      return html`${formField(
          { id: 'b-status', label: t('bulk.status') },
          () => html`<select id="b-status" name="status" @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as ReportStatus)}>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.status}>${i18n.base.t(`status.${s}`)}</option>`)}
          </select>`,
        )}
        ${this.status === 'scheduled'
          ? formField(
              { id: 'b-expected', label: t('bulk.expectedAt'), required: true, error: this.errors.expectedAt },
              (a) => html`<input id="b-expected" type="date" name="expectedAt" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
            )
          : nothing}
`;
    }
    if (this.what === 'assignee') {
      return formField(
        { id: 'b-assignee', label: t('bulk.assignee') },
        () => html`<select id="b-assignee" name="assigneeId">
          <option value="">${t('bulk.assignee.none')}</option>
          ${this.candidates().map((s) => html`<option value=${s.id}>${s.name}</option>`)}
        </select>`,
      );
    }
    const categories = this.ctx.catalog.categories.filter((c) => c.active);
    return html`${formField(
        { id: 'b-category', label: t('bulk.category') },
        () => html`<select id="b-category" name="categoryId">
          <option value="">${t('bulk.keep')}</option>
          ${categories.map((c) => html`<option value=${c.id}>${categoryName(this.ctx, c.id)}</option>`)}
        </select>`,
      )}
      ${formField(
        { id: 'b-department', label: t('bulk.department') },
        () => html`<select id="b-department" name="departmentId">
          <option value="">${t('bulk.keep')}</option>
          ${this.ctx.catalog.departments.map((d) => html`<option value=${d.id}>${d.name}</option>`)}
        </select>`,
      )}`;
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    return html`<form novalidate aria-labelledby="b-heading" @submit=${this.submit}>
      <h3 id="b-heading">${i18n.plural('bulk.heading', this.selection.length)}</h3>
      ${this.error ? html`<div class="notice error bulk-error" role="alert" tabindex="-1">${this.error}</div>` : nothing}
      <div class="grid-fields">
        ${formField(
          { id: 'b-what', label: t('bulk.what'), error: this.errors.what },
          (a) => html`<select id="b-what" name="what" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
            @change=${(e: Event) => { this.what = (e.target as HTMLSelectElement).value as What; this.errors = {}; }}>
            ${WHATS.map((w) => html`<option value=${w} ?selected=${w === this.what}>${t(`bulk.what.${w}`)}</option>`)}
          </select>`,
        )}
        ${this.renderFields()}
      </div>
      ${this.what === 'status'
        ? formField(
            { id: 'b-message', label: t('bulk.message'), hint: t('bulk.messageHint'), required: NEEDS_MESSAGE.includes(this.status), error: this.errors.message },
            (a) => html`<textarea id="b-message" name="message" rows="3" maxlength="4000"
              aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}></textarea>`,
          )
        : nothing}
      <div class="buttons">
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('action.busy') : t('bulk.apply')}</button>
        <button type="button" ?disabled=${this.busy}
          @click=${() => this.dispatchEvent(new CustomEvent('segnala-admin-bulk-clear', { bubbles: true, composed: true }))}>${t('bulk.clear')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-bulk-actions': AdminBulkActions;
  }
}
