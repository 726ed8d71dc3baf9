import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { type FieldAria, formField } from '../../../forms/form-field.ts';
import type { CategorySettings } from '../../admin-api.ts';
import type { AdminMessageKey } from '../../admin-i18n.ts';
import { SettingsPanel } from './settings-panel.ts';
import { categoriesPanelStyles } from './categories-panel.styles.ts';
import './category-questions.ts';
import { questionsWords } from './category-questions.words.ts';

/**
 * The categories: name, office in charge, days to take a report in charge and to resolve it,
 * active or retired; one row each with its own save, and the form that adds one.
 */
@customElement('segnala-admin-categories-panel')
export class AdminCategoriesPanel extends SettingsPanel {
  static override styles = [SettingsPanel.styles, categoriesPanelStyles];

  /** The category whose questions and notice are open below the table. */
  @state() private editing?: number;

  private async openQuestions(id: number) {
    this.editing = id;
    await this.updateComplete;
    this.renderRoot.querySelector('segnala-admin-category-questions')?.renderRoot.querySelector<HTMLElement>('h4')?.focus();
  }

  /** The values of a row (`c-{id}`) or of the add form (`c-new`), and what is wrong with them. */
  private readCategory(prefix: string) {
    const { t } = this.ctx.i18n;
    const name = this.input(`${prefix}-name`).value.trim();
    const daysToAccept = Number(this.input(`${prefix}-accept`).value);
    const daysToResolve = Number(this.input(`${prefix}-resolve`).value);
    const invalid: Record<string, string> = {};
    if (name.length < 2) invalid[`${prefix}-name`] = t('settings.err.name');
    const days = (n: number) => Number.isInteger(n) && n >= 1 && n <= 3650;
    if (!days(daysToAccept)) invalid[`${prefix}-accept`] = t('settings.err.days');
    if (!days(daysToResolve)) invalid[`${prefix}-resolve`] = t('settings.err.days');
    return {
      invalid,
      values: {
        name,
        departmentId: Number(this.input<HTMLSelectElement>(`${prefix}-department`).value),
        daysToAccept,
        daysToResolve,
        active: this.input(`${prefix}-active`).checked,
        reopenAllowed: this.input(`${prefix}-reopen`).checked,
      },
    };
  }

  private saveCategory(id: number) {
    const { values, invalid } = this.readCategory(`c-${id}`);
    if (this.showInvalid(invalid)) return;
    void this.commit(() => this.ctx.api.updateCategory(id, values), { configChanged: true });
  }

  private addCategory(e: Event) {
    e.preventDefault();
    const { values, invalid } = this.readCategory('c-new');
    if (this.showInvalid(invalid)) return;
    void this.commit(() => this.ctx.api.createCategory(values), { configChanged: true, done: 'settings.added', form: e.target as HTMLFormElement });
  }

  private categoryControls(prefix: string, c: Partial<CategorySettings>, rowName?: string) {
    const { t } = this.ctx.i18n;
    // In a table row the column header is visible, the accessible name says which row; in the
    // add form each control has its own visible label.
    const named = (field: AdminMessageKey) => (rowName ? t('settings.rowLabel', { field: t(field), name: rowName }) : nothing);
    const control = (id: string, field: AdminMessageKey, render: (a: FieldAria) => unknown) =>
      rowName ? html`${this.fieldError(id)}${render(this.aria(id))}` : formField({ id, label: t(field), error: this.invalid[id] }, render);
    const days = (id: string, field: AdminMessageKey, value: number) =>
      control(id, field, (a) => html`<input id=${id} type="number" min="1" max="3650" .value=${String(value)}
        aria-label=${named(field)} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`);
    return [
      control(`${prefix}-name`, 'settings.categoryName', (a) => html`<input id=${`${prefix}-name`} type="text" .value=${c.name ?? ''} aria-label=${named('settings.categoryName')}
        aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`),
      control(`${prefix}-department`, 'settings.categoryDepartment', () => html`<select id=${`${prefix}-department`} aria-label=${named('settings.categoryDepartment')}>
        ${this.settings.departments.map((d) => html`<option value=${d.id} ?selected=${d.id === c.departmentId}>${d.name}</option>`)}
      </select>`),
      days(`${prefix}-accept`, 'settings.daysToAccept', c.daysToAccept ?? 3),
      days(`${prefix}-resolve`, 'settings.daysToResolve', c.daysToResolve ?? 30),
      rowName
        ? html`<input id=${`${prefix}-active`} type="checkbox" .checked=${c.active ?? true} aria-label=${named('settings.active')} />`
        : html`<div class="field"><label class="check" for=${`${prefix}-active`}><input id=${`${prefix}-active`} type="checkbox" .checked=${c.active ?? true} />${t('settings.active')}</label></div>`,
      // Is it really fixed?: "not fixed" may reopen a report of this category
      rowName
        ? html`<input id=${`${prefix}-reopen`} type="checkbox" .checked=${c.reopenAllowed ?? true} aria-label=${named('settings.reopenAllowed')} />`
        : html`<div class="field"><label class="check" for=${`${prefix}-reopen`}><input id=${`${prefix}-reopen`} type="checkbox" .checked=${c.reopenAllowed ?? true} />${t('settings.reopenAllowed')}</label></div>`,
    ];
  }

  private editingCategory() {
    const category = this.settings.categories.find((c) => c.id === this.editing);
    if (!category) return nothing;
    return html`<segnala-admin-category-questions .ctx=${this.ctx} .settings=${this.settings} .busy=${this.busy} .save=${this.save} .category=${category}
      @close=${() => (this.editing = undefined)}></segnala-admin-category-questions>`;
  }

  override render() {
    const { t } = this.ctx.i18n;
    return this.editTable(
      'categories',
      t('settings.categories'),
      ['settings.categoryName', 'settings.categoryDepartment', 'settings.daysToAccept', 'settings.daysToResolve', 'settings.active', 'settings.reopenAllowed'],
      html`${this.settings.categories.map((c) => {
        const [name, department, accept, resolve, active, reopen] = this.categoryControls(`c-${c.id}`, c, c.name);
        return html`<tr data-id=${c.id} class=${c.active ? '' : 'inactive'}>
          <td class="block-label" data-label=${t('settings.categoryName')}>${name}</td>
          <td class="block-label" data-label=${t('settings.categoryDepartment')}>${department}</td>
          <td class="block-label" data-label=${t('settings.daysToAccept')}>${accept}</td>
          <td class="block-label" data-label=${t('settings.daysToResolve')}>${resolve}</td>
          <td class="check" data-label=${t('settings.active')}>${active}</td>
          <td class="check" data-label=${t('settings.reopenAllowed')}>${reopen}</td>
          <td>
            <button type="button" class="small" ?disabled=${this.busy} @click=${() => this.saveCategory(c.id)}>
              ${t('save')}<span class="visually-hidden">: ${c.name}</span>
            </button>
            <button type="button" class="small questions" aria-expanded=${this.editing === c.id ? 'true' : 'false'} @click=${() => this.openQuestions(c.id)}>
              ${questionsWords(this.ctx.i18n).t('open')}${c.questions.length ? ` (${c.questions.length})` : ''}<span class="visually-hidden">: ${c.name}</span>
            </button>
          </td>
        </tr>`;
      })}`,
      html`${this.editingCategory()}<form class="add" novalidate @submit=${this.addCategory} aria-labelledby="h-add-category">
        <h4 id="h-add-category">${t('settings.addCategory')}</h4>
        <div class="grid-fields">
          ${this.categoryControls('c-new', {})}
          <div class="field"><button type="submit" ?disabled=${this.busy}>${t('settings.add')}</button></div>
        </div>
      </form>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-categories-panel': AdminCategoriesPanel;
  }
}
