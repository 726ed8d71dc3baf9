import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { AdminMessageKey } from '../../admin-i18n.ts';
import { EMAIL, SettingsPanel } from './settings-panel.ts';

/**
 * The offices (Uffici), one row each with its own save, and the form that adds one. Its styles
 * are the panels' shared ones (`settings-panel.styles.ts`): an editable table and an add form.
 */
@customElement('segnala-admin-departments-panel')
export class AdminDepartmentsPanel extends SettingsPanel {
  private saveDepartment(id: number) {
    const { t } = this.ctx.i18n;
    const name = this.input(`d-name-${id}`).value.trim();
    const email = this.input(`d-email-${id}`).value.trim();
    const invalid: Record<string, string> = {};
    if (name.length < 2) invalid[`d-name-${id}`] = t('settings.err.name');
    if (email && !EMAIL.test(email)) invalid[`d-email-${id}`] = t('settings.err.email');
    if (this.showInvalid(invalid)) return;
    void this.commit(() => this.ctx.api.updateDepartment(id, { name, email: email || null }), { configChanged: true });
  }

  private addDepartment(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    const name = this.input('d-new-name').value.trim();
    const email = this.input('d-new-email').value.trim();
    const invalid: Record<string, string> = {};
    if (name.length < 2) invalid['d-new-name'] = t('settings.err.name');
    if (email && !EMAIL.test(email)) invalid['d-new-email'] = t('settings.err.email');
    if (this.showInvalid(invalid)) return;
    void this.commit(() => this.ctx.api.createDepartment({ name, email: email || null }), {
      configChanged: true,
      done: 'settings.added',
      form: e.target as HTMLFormElement,
    });
  }

  override render() {
    const { t } = this.ctx.i18n;
    const label = (field: AdminMessageKey, name: string) => t('settings.rowLabel', { field: t(field), name });
    const cell = (id: string, field: AdminMessageKey, name: string, value: string, type = 'text') => {
      const a = this.aria(id);
      return html`${this.fieldError(id)}<input id=${id} type=${type} .value=${value} aria-label=${label(field, name)}
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`;
    };
    return this.editTable(
      'departments',
      t('settings.departments'),
      ['settings.departmentName', 'settings.departmentEmail'],
      html`${this.settings.departments.map(
        (d) => html`<tr data-id=${d.id}>
          <td class="block-label" data-label=${t('settings.departmentName')}>${cell(`d-name-${d.id}`, 'settings.departmentName', d.name, d.name)}</td>
          <td class="block-label" data-label=${t('settings.departmentEmail')}>${cell(`d-email-${d.id}`, 'settings.departmentEmail', d.name, d.email ?? '', 'email')}</td>
          <td>
            <button type="button" class="small" ?disabled=${this.busy} @click=${() => this.saveDepartment(d.id)}>
              ${t('save')}<span class="visually-hidden">: ${d.name}</span>
            </button>
          </td>
        </tr>`,
      )}`,
      html`<form class="add" novalidate @submit=${this.addDepartment} aria-labelledby="h-add-department">
        <h4 id="h-add-department">${t('settings.addDepartment')}</h4>
        <div class="grid-fields">
          ${this.textField('d-new-name', 'settings.departmentName')}
          ${this.textField('d-new-email', 'settings.departmentEmail', 'email')}
          <div class="field"><button type="submit" ?disabled=${this.busy}>${t('settings.add')}</button></div>
        </div>
      </form>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-departments-panel': AdminDepartmentsPanel;
  }
}
