import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { fieldError, formField } from '../../../forms/form-field.ts';
import { categoryName } from '../../admin-context.ts';
import { ReportAction } from './report-action.ts';

/** Moves the report to another category, another office, or both. */
@customElement('segnala-admin-assign-action')
export class AdminAssignAction extends ReportAction<'assign'> {
  private submit(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const departmentId = Number(data.get('departmentId'));
    const categoryId = Number(data.get('categoryId'));
    const to = {
      ...(departmentId && departmentId !== r.departmentId ? { departmentId } : {}),
      ...(categoryId && categoryId !== r.categoryId ? { categoryId } : {}),
    };
    this.errors = Object.keys(to).length ? {} : { assign: t('action.err.assignSame') };
    if (!Object.keys(to).length) return;
    void this.send('assign', () => this.ctx.api.assign(r.reference, { ...to, version: r.version }), t('action.assignDone'), form, {}, 'assign');
  }

  override render() {
    const r = this.report;
    const { t } = this.ctx.i18n;
    // New reports go to active categories only; a retired current one stays listed (and chosen),
    // so sending the form for the office alone does not move the report to another category.
    const categories = this.ctx.catalog.categories.filter((c) => c.active || c.id === r.categoryId);
    return html`<form class="panel" novalidate aria-labelledby="h-assign" @submit=${this.submit}>
      <h3 id="h-assign">${t('action.assign')}</h3>
      <p class="hint" id="a-assign-hint">${t('action.assignHint')}</p>
      <div class="grid-fields">
        ${formField(
          { id: 'a-category', label: t('detail.category'), describedBy: 'a-assign-hint' },
          (a) => html`<select id="a-category" name="categoryId" aria-describedby=${a.describedBy}>
            ${categories.map((c) => html`<option value=${c.id} ?selected=${c.id === r.categoryId}>${categoryName(this.ctx, c.id)}</option>`)}
          </select>`,
        )}
        ${formField(
          { id: 'a-department', label: t('detail.department') },
          () => html`<select id="a-department" name="departmentId">
            ${this.ctx.catalog.departments.map((d) => html`<option value=${d.id} ?selected=${d.id === r.departmentId}>${d.name}</option>`)}
          </select>`,
        )}
      </div>
      ${fieldError('a-assign', this.errors.assign)}
      <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'assign' ? t('action.busy') : t('action.assignSubmit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-assign-action': AdminAssignAction;
  }
}
