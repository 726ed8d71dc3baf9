import { html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formField } from '../../../forms/form-field.ts';
import type { StaffAccount, StaffRole } from '../../admin-api.ts';
import type { AdminMessageKey } from '../../admin-i18n.ts';
import { EMAIL, SettingsPanel } from './settings-panel.ts';
import { errorMessage } from '../errors.ts';
import { staffPanelStyles, staffSecurityStyles } from './staff-panel.styles.ts';
import { staffSecurityWords } from './staff-panel.words.ts';

/**
 * The staff accounts: role and offices, one row each with its own save, deactivation (never of
 * one's own account, nor a change of one's own role), a link for a new password mailed to a
 * colleague, two-step login required or removed, and the form that adds an account.
 */
@customElement('segnala-admin-staff-panel')
export class AdminStaffPanel extends SettingsPanel {
  static override styles = [SettingsPanel.styles, staffPanelStyles, staffSecurityStyles];

  /** What the last login-security action (a reset link) did: told here and by the live region. */
  @state() private securityNotice = '';
  @state() private securityError = '';
  @state() private sending = false;

  /** Whose accounts have two-step login, whose must (`GET /admin/staff/security`); read with the settings. */
  @state() private totp = new Map<number, { totpEnabled: boolean; totpRequired: boolean }>();

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('settings')) void this.loadTotp();
  }

  private async loadTotp() {
    try {
      const { staff } = await this.ctx.api.staffSecurity();
      this.totp = new Map(staff.map((x) => [x.id, x]));
    } catch {
      /* the column says nothing until the next load */
    }
  }

  /** Requires two-step login of a colleague (from their next login), or stops requiring it; or removes it (a lost phone). */
  private async changeTotp(u: StaffAccount, change: 'require' | 'release' | 'remove') {
    const w = staffSecurityWords(this.ctx.i18n);
    this.sending = true;
    this.securityNotice = '';
    this.securityError = '';
    try {
      if (change === 'remove') await this.ctx.api.removeTotp(u.id);
      else await this.ctx.api.requireTotp(u.id, change === 'require');
      await this.loadTotp();
      this.securityNotice = w.t(`totp.${change}d`, { name: u.name });
      this.ctx.announce(this.securityNotice);
    } catch (err) {
      this.securityError = w.t('failed', { name: u.name, message: errorMessage(this.ctx.i18n, err) });
    } finally {
      this.sending = false;
    }
  }

  private renderTotp(u: StaffAccount) {
    const w = staffSecurityWords(this.ctx.i18n);
    const state = this.totp.get(u.id);
    if (!state) return nothing;
    const status = state.totpEnabled ? w.t('totp.on') : state.totpRequired ? w.t('totp.pending') : w.t('totp.off');
    return html`<p class="totp-state">${status}</p>
      ${u.active
        ? html`<button type="button" class="small link totp-required" ?disabled=${this.busy || this.sending}
            @click=${() => this.changeTotp(u, state.totpRequired ? 'release' : 'require')}>
            ${state.totpRequired ? w.t('totp.release') : w.t('totp.require')}<span class="visually-hidden">: ${u.name}</span>
          </button>`
        : nothing}
      ${state.totpEnabled && u.id !== this.ctx.user.id
        ? html`<button type="button" class="small link totp-remove" ?disabled=${this.busy || this.sending} @click=${() => this.changeTotp(u, 'remove')}>
            ${w.t('totp.remove')}<span class="visually-hidden">: ${u.name}</span>
          </button>`
        : nothing}`;
  }

  /** Mails the colleague a link to set a new password, opening the console on this very page. */
  private async sendReset(u: StaffAccount) {
    const w = staffSecurityWords(this.ctx.i18n);
    this.sending = true;
    this.securityNotice = '';
    this.securityError = '';
    try {
      const sent = await this.ctx.api.sendPasswordReset(u.id, location.href.split('#')[0]);
      this.securityNotice = w.t('resetSent', { email: sent.sentTo });
      this.ctx.announce(this.securityNotice);
    } catch (err) {
      this.securityError = w.t('failed', { name: u.name, message: errorMessage(this.ctx.i18n, err) });
    } finally {
      this.sending = false;
    }
  }

  private selectedDepartments(id: string) {
    return [...this.input<HTMLSelectElement>(id).selectedOptions].map((o) => Number(o.value));
  }

  private saveStaff(u: StaffAccount, patch: Partial<{ role: StaffRole; departmentIds: number[]; active: boolean }>) {
    void this.commit(() => this.ctx.api.updateStaff(u.id, patch));
  }

  private addStaff(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const name = this.input('u-new-name').value.trim();
    const email = this.input('u-new-email').value.trim();
    const password = this.input('u-new-password').value;
    const role = this.input<HTMLSelectElement>('u-new-role').value as StaffRole;
    const departmentIds = [...form.querySelectorAll<HTMLInputElement>('input[name=u-new-department]:checked')].map((i) => Number(i.value));
    const invalid: Record<string, string> = {};
    if (name.length < 2) invalid['u-new-name'] = t('settings.err.name');
    if (!EMAIL.test(email)) invalid['u-new-email'] = t('settings.err.email');
    if (password.length < 10) invalid['u-new-password'] = t('settings.err.password');
    if (this.showInvalid(invalid)) return;
    void this.commit(() => this.ctx.api.createStaff({ name, email, password, role, departmentIds }), { done: 'settings.added', form });
  }

  override render() {
    const { t } = this.ctx.i18n;
    const s = this.settings;
    const w = staffSecurityWords(this.ctx.i18n);
    const label = (field: AdminMessageKey, name: string) => t('settings.rowLabel', { field: t(field), name });
    const roleOptions = (role?: StaffRole) =>
      (['staff', 'admin'] as const).map((r) => html`<option value=${r} ?selected=${r === role}>${t(`user.role.${r}`)}</option>`);
    return this.editTable(
      'staff',
      t('settings.staff'),
      ['settings.staffName', 'settings.staffRole', 'settings.staffDepartments', 'settings.staffActive'],
      html`${s.staff.map((u) => {
        const me = u.id === this.ctx.user.id;
        return html`<tr data-id=${u.id} class=${u.active ? '' : 'inactive'}>
          <th scope="row">${u.name} ${me ? t('settings.you') : nothing}<span class="email">${u.email}</span></th>
          <td class="block-label" data-label=${t('settings.staffRole')}>
            <select id=${`u-role-${u.id}`} aria-label=${label('settings.staffRole', u.name)} ?disabled=${me}>${roleOptions(u.role)}</select>
          </td>
          <td class="block-label" data-label=${t('settings.staffDepartments')}>
            <select id=${`u-departments-${u.id}`} multiple aria-label=${label('settings.staffDepartments', u.name)}>
              ${s.departments.map((d) => html`<option value=${d.id} ?selected=${u.departmentIds.includes(d.id)}>${d.name}</option>`)}
            </select>
          </td>
          <td data-label=${t('settings.staffActive')}>
            ${u.active ? t('yes') : t('settings.staffInactive')}
            ${me
              ? nothing
              : html`<button type="button" class="small link" ?disabled=${this.busy} @click=${() => this.saveStaff(u, { active: !u.active })}>
                  ${u.active ? t('settings.staffDeactivate') : t('settings.staffReactivate')}<span class="visually-hidden">: ${u.name}</span>
                </button>`}
          </td>
          <td>
            <button type="button" class="small" ?disabled=${this.busy}
              @click=${() => this.saveStaff(u, { ...(me ? {} : { role: this.input<HTMLSelectElement>(`u-role-${u.id}`).value as StaffRole }), departmentIds: this.selectedDepartments(`u-departments-${u.id}`) })}>
              ${t('save')}<span class="visually-hidden">: ${u.name}</span>
            </button>
            ${me || !u.active
              ? nothing
              : html`<button type="button" class="small link send-reset" ?disabled=${this.busy || this.sending} @click=${() => this.sendReset(u)}>
                  ${w.t('sendReset')}<span class="visually-hidden">: ${u.name}</span>
                </button>`}
            ${this.renderTotp(u)}
          </td>
        </tr>`;
      })}`,
      html`${this.securityError ? html`<div class="notice error" role="alert">${this.securityError}</div>` : nothing}
        <div class="notice success" role="status" ?hidden=${!this.securityNotice}>${this.securityNotice}</div>
        <form class="add" novalidate @submit=${this.addStaff} aria-labelledby="h-add-staff">
        <h4 id="h-add-staff">${t('settings.addStaff')}</h4>
        <div class="grid-fields">
          ${this.textField('u-new-name', 'settings.staffName', 'text', { autocomplete: 'off' })}
          ${this.textField('u-new-email', 'settings.staffEmail', 'email', { autocomplete: 'off' })}
          ${this.textField('u-new-password', 'settings.staffPassword', 'password', { hint: 'settings.staffPasswordHint', autocomplete: 'new-password' })}
          ${formField({ id: 'u-new-role', label: t('settings.staffRole') }, () => html`<select id="u-new-role">${roleOptions('staff')}</select>`)}
        </div>
        <fieldset class="departments">
          <legend>${t('settings.staffDepartments')}</legend>
          ${s.departments.map(
            (d) => html`<label class="check" for=${`u-new-department-${d.id}`}
              ><input id=${`u-new-department-${d.id}`} type="checkbox" name="u-new-department" value=${d.id} />${d.name}</label
            >`,
          )}
        </fieldset>
        <button type="submit" ?disabled=${this.busy}>${t('settings.add')}</button>
      </form>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-staff-panel': AdminStaffPanel;
  }
}
