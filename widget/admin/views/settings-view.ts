import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { baseStyles } from '../../styles.ts';
import { AdminApiError, type CategorySettings, type MunicipalitySettings, type Settings, type StaffAccount, type StaffRole } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import type { AdminMessageKey } from '../admin-i18n.ts';
import { adminStyles } from '../admin-styles.ts';
import { errorMessage } from './errors.ts';

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Admin only: the municipality's publishing rule, embedding origins and contacts; its offices,
 * categories (with target days) and staff accounts, each row saving on its own; and the Open311
 * endpoint with its partner key, shown once when generated.
 *
 * @event segnala-admin-config-changed - Offices or categories changed: the console reloads its config.
 */
@customElement('segnala-admin-settings')
export class AdminSettingsView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      section.panel {
        margin-bottom: 1.5rem;
      }
      .table-scroll {
        overflow-x: auto;
        margin-bottom: 1rem;
      }
      td input,
      td select {
        min-width: 7rem;
      }
      td input[type='number'] {
        width: 6rem;
        min-width: 0;
      }
      td select[multiple] {
        min-height: 5.5rem;
      }
      td input[id$='-name'] {
        min-width: 12rem;
      }
      @media (max-width: 760px) {
        td input,
        td select,
        td input[id$='-name'] {
          min-width: 0;
        }
        td.check {
          text-align: start;
        }
        td.check input {
          display: inline-block;
          vertical-align: middle;
        }
      }
      .wide-fields {
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
      }
      td.check {
        text-align: center;
      }
      td.check input {
        width: 1.4rem;
        height: 1.4rem;
        min-width: 0;
        accent-color: var(--_primary);
      }
      .add {
        border-top: 1px solid var(--_border);
        padding-top: 0.75rem;
      }
      .add h4 {
        margin-bottom: 0.5rem;
      }
      fieldset.departments {
        padding: 0.5rem 0.75rem;
      }
      fieldset.departments legend {
        font-size: 1em;
      }
      .inactive {
        color: var(--_muted);
      }
      .endpoint,
      .key {
        display: block;
        overflow-wrap: anywhere;
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.95em;
        padding: 0.4rem 0.6rem;
        margin: 0 0 0.75rem;
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .key {
        font-size: 1.05em;
        user-select: all;
      }
      .new-key {
        border-left: 4px solid #b36b00;
        background: #fffaf0;
        padding: 0.75rem 1rem;
        margin: 0 0 1rem;
      }
      .new-key h4 {
        margin: 0 0 0.5rem;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      th .email {
        display: block;
        font-weight: 400;
        color: var(--_muted);
        font-size: 0.9em;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private settings?: Settings;
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private invalid: Record<string, string> = {};
  /** The Open311 key just generated: shown this once, forgotten when the view goes away. */
  @state() private open311Key = '';
  /** Asking before a new key replaces the one partners use. */
  @state() private confirmOpen311 = false;
  @state() private copyNote = '';

  @query('h2') private heading?: HTMLElement;

  focusHeading() {
    this.heading?.focus();
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.ctx) void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    // The key is shown once: leaving the page is the end of "once".
    this.open311Key = '';
    this.confirmOpen311 = false;
    this.copyNote = '';
  }

  private async load() {
    try {
      this.settings = await this.ctx.api.settings();
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    }
  }

  private input<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement = HTMLInputElement>(id: string) {
    return this.renderRoot.querySelector<T>(`#${id}`)!;
  }

  /** Runs one change, says how it went, and reloads what the page shows. */
  private async save(change: () => Promise<unknown>, opts: { configChanged?: boolean; done?: AdminMessageKey; form?: HTMLFormElement } = {}) {
    if (this.busy) return;
    const { t } = this.ctx.i18n;
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await change();
      this.invalid = {};
      await this.load();
      opts.form?.reset();
      this.notice = t(opts.done ?? 'saved');
      this.ctx.announce(this.notice);
      if (opts.configChanged) this.dispatchEvent(new CustomEvent('segnala-admin-config-changed'));
    } catch (err) {
      this.error = err instanceof AdminApiError && err.status === 409 ? t('error.server', { message: err.message }) : errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = false;
    }
  }

  private showInvalid(invalid: Record<string, string>) {
    this.invalid = invalid;
    if (!Object.keys(invalid).length) return false;
    void this.updateComplete.then(() => this.input(Object.keys(invalid)[0])?.focus());
    return true;
  }

  private fieldError(id: string) {
    return this.invalid[id] ? html`<span class="error-text" id=${`${id}-error`}>${this.invalid[id]}</span>` : nothing;
  }

  private invalidAttrs(id: string) {
    return { invalid: this.invalid[id] ? 'true' : 'false', describedBy: this.invalid[id] ? `${id}-error` : undefined };
  }

  /** A labelled input of an "add" form, with its hint and error tied to it. */
  private textField(id: string, label: AdminMessageKey, type = 'text', opts: { hint?: AdminMessageKey; autocomplete?: string } = {}) {
    const { t } = this.ctx.i18n;
    const a = this.invalidAttrs(id);
    const describedBy = [opts.hint ? `${id}-hint` : '', a.describedBy ?? ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${t(label)}</label>
      ${opts.hint ? html`<span class="hint" id=${`${id}-hint`}>${t(opts.hint)}</span>` : nothing}
      ${this.fieldError(id)}
      <input id=${id} type=${type} autocomplete=${opts.autocomplete ?? nothing} aria-invalid=${a.invalid} aria-describedby=${describedBy || nothing} />
    </div>`;
  }

  // Municipality ------------------------------------------------------------------------------

  private saveMunicipality(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    const origins = this.input<HTMLTextAreaElement>('m-origins').value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const contactEmail = this.input('m-email').value.trim();
    const privacyUrl = this.input('m-privacy').value.trim();
    const invalid: Record<string, string> = {};
    const bad = origins.find((o) => o !== '*' && !ORIGIN.test(o));
    if (bad) invalid['m-origins'] = t('settings.err.origin', { origin: bad });
    if (contactEmail && !EMAIL.test(contactEmail)) invalid['m-email'] = t('settings.err.email');
    const minSeconds = Number(this.input('m-min-seconds').value);
    if (!Number.isInteger(minSeconds) || minSeconds < 0 || minSeconds > 600) invalid['m-min-seconds'] = t('settings.err.minSeconds');
    if (this.showInvalid(invalid)) return;
    void this.save(() =>
      this.ctx.api.updateMunicipality({
        publishOnArrival: this.input('m-publish').checked,
        allowedOrigins: origins,
        contactEmail: contactEmail || null,
        privacyUrl: privacyUrl || null,
        spamCheck: this.input<HTMLSelectElement>('m-spam').value as MunicipalitySettings['spamCheck'],
        formMinSeconds: Number(this.input('m-min-seconds').value),
      }),
    );
  }

  private renderMunicipality(s: Settings) {
    const { t } = this.ctx.i18n;
    const m = s.municipality;
    const origins = this.invalidAttrs('m-origins');
    const email = this.invalidAttrs('m-email');
    const minSeconds = this.invalidAttrs('m-min-seconds');
    return html`<section class="panel" aria-labelledby="h-municipality">
      <h3 id="h-municipality">${t('settings.municipality')}: ${m.name}</h3>
      <form novalidate @submit=${this.saveMunicipality}>
        <div class="field">
          <label class="check" for="m-publish"><input id="m-publish" type="checkbox" .checked=${m.publishOnArrival} />${t('settings.publishOnArrival')}</label>
        </div>
        <div class="field">
          <label for="m-origins">${t('settings.allowedOrigins')}</label>
          <span class="hint" id="m-origins-hint">${t('settings.allowedOriginsHint')}</span>
          ${this.fieldError('m-origins')}
          <textarea id="m-origins" rows="3" .value=${m.allowedOrigins.join('\n')} aria-invalid=${origins.invalid}
            aria-describedby=${['m-origins-hint', origins.describedBy].filter(Boolean).join(' ')}></textarea>
        </div>
        <div class="grid-fields wide-fields">
          <div class="field">
            <label for="m-email">${t('settings.contactEmail')}</label>
            ${this.fieldError('m-email')}
            <input id="m-email" type="email" .value=${m.contactEmail ?? ''} aria-invalid=${email.invalid} aria-describedby=${email.describedBy ?? nothing} />
          </div>
          <div class="field">
            <label for="m-privacy">${t('settings.privacyUrl')}</label>
            <input id="m-privacy" type="text" inputmode="url" .value=${m.privacyUrl ?? ''} />
          </div>
        </div>
        <div class="grid-fields wide-fields">
          <div class="field">
            <label for="m-spam">${t('settings.spamCheck')}</label>
            <span class="hint" id="m-spam-hint">${t('settings.spamCheckHint')}</span>
            <select id="m-spam" aria-describedby="m-spam-hint">
              ${(['off', 'form', 'pow'] as const).map(
                (v) => html`<option value=${v} ?selected=${m.spamCheck === v}>${t(`settings.spamCheck.${v}`)}</option>`,
              )}
            </select>
          </div>
          <div class="field">
            <label for="m-min-seconds">${t('settings.formMinSeconds')}</label>
            <span class="hint" id="m-min-seconds-hint">${t('settings.formMinSecondsHint')}</span>
            ${this.fieldError('m-min-seconds')}
            <input id="m-min-seconds" type="number" min="0" max="600" step="1" inputmode="numeric" .value=${String(m.formMinSeconds)}
              aria-invalid=${minSeconds.invalid} aria-describedby=${['m-min-seconds-hint', minSeconds.describedBy].filter(Boolean).join(' ')} />
          </div>
        </div>
        <button type="submit" class="primary" ?disabled=${this.busy}>${t('save')}</button>
      </form>
    </section>`;
  }

  /** A panel with its heading and an editable table: one row per item, a save button at the end. */
  private editTable(name: string, title: string, columns: AdminMessageKey[], rows: unknown, after: unknown) {
    const { t } = this.ctx.i18n;
    return html`<section class="panel" aria-labelledby=${`h-${name}`}>
      <h3 id=${`h-${name}`}>${title}</h3>
      <div class="table-scroll">
        <table class=${`${name} stack`}>
          <caption class="visually-hidden">${title}</caption>
          <thead>
            <tr>
              ${columns.map((c) => html`<th scope="col">${t(c)}</th>`)}
              <th scope="col"><span class="visually-hidden">${t('save')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>
      ${after}
    </section>`;
  }

  // Departments -------------------------------------------------------------------------------

  private saveDepartment(id: number) {
    const { t } = this.ctx.i18n;
    const name = this.input(`d-name-${id}`).value.trim();
    const email = this.input(`d-email-${id}`).value.trim();
    const invalid: Record<string, string> = {};
    if (name.length < 2) invalid[`d-name-${id}`] = t('settings.err.name');
    if (email && !EMAIL.test(email)) invalid[`d-email-${id}`] = t('settings.err.email');
    if (this.showInvalid(invalid)) return;
    void this.save(() => this.ctx.api.updateDepartment(id, { name, email: email || null }), { configChanged: true });
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
    void this.save(() => this.ctx.api.createDepartment({ name, email: email || null }), {
      configChanged: true,
      done: 'settings.added',
      form: e.target as HTMLFormElement,
    });
  }

  private renderDepartments(s: Settings) {
    const { t } = this.ctx.i18n;
    const label = (field: AdminMessageKey, name: string) => t('settings.rowLabel', { field: t(field), name });
    const cell = (id: string, field: AdminMessageKey, name: string, value: string, type = 'text') => {
      const a = this.invalidAttrs(id);
      return html`${this.fieldError(id)}<input id=${id} type=${type} .value=${value} aria-label=${label(field, name)}
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy ?? nothing} />`;
    };
    return this.editTable(
      'departments',
      t('settings.departments'),
      ['settings.departmentName', 'settings.departmentEmail'],
      html`${s.departments.map(
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

  // Categories --------------------------------------------------------------------------------

  private readCategory(prefix: string): { values?: Omit<CategorySettings, 'id' | 'sortOrder' | 'description'>; invalid: Record<string, string> } {
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
      },
    };
  }

  private saveCategory(id: number) {
    const { values, invalid } = this.readCategory(`c-${id}`);
    if (this.showInvalid(invalid)) return;
    void this.save(() => this.ctx.api.updateCategory(id, values!), { configChanged: true });
  }

  private addCategory(e: Event) {
    e.preventDefault();
    const { values, invalid } = this.readCategory('c-new');
    if (this.showInvalid(invalid)) return;
    void this.save(() => this.ctx.api.createCategory(values!), { configChanged: true, done: 'settings.added', form: e.target as HTMLFormElement });
  }

  private categoryControls(prefix: string, s: Settings, c: Partial<CategorySettings>, rowName?: string) {
    const { t } = this.ctx.i18n;
    // In a table row the column header is visible, the accessible name says which row; in the
    // add form each control has its own visible label.
    const named = (field: AdminMessageKey) => (rowName ? t('settings.rowLabel', { field: t(field), name: rowName }) : nothing);
    const a = (id: string) => this.invalidAttrs(id);
    const wrap = (id: string, field: AdminMessageKey, control: unknown) =>
      rowName ? html`${this.fieldError(id)}${control}` : html`<div class="field"><label for=${id}>${t(field)}</label>${this.fieldError(id)}${control}</div>`;
    return [
      wrap(`${prefix}-name`, 'settings.categoryName', html`<input id=${`${prefix}-name`} type="text" .value=${c.name ?? ''} aria-label=${named('settings.categoryName')}
        aria-invalid=${a(`${prefix}-name`).invalid} aria-describedby=${a(`${prefix}-name`).describedBy ?? nothing} />`),
      wrap(`${prefix}-department`, 'settings.categoryDepartment', html`<select id=${`${prefix}-department`} aria-label=${named('settings.categoryDepartment')}>
        ${s.departments.map((d) => html`<option value=${d.id} ?selected=${d.id === c.departmentId}>${d.name}</option>`)}
      </select>`),
      wrap(`${prefix}-accept`, 'settings.daysToAccept', html`<input id=${`${prefix}-accept`} type="number" min="1" max="3650" .value=${String(c.daysToAccept ?? 3)}
        aria-label=${named('settings.daysToAccept')} aria-invalid=${a(`${prefix}-accept`).invalid} aria-describedby=${a(`${prefix}-accept`).describedBy ?? nothing} />`),
      wrap(`${prefix}-resolve`, 'settings.daysToResolve', html`<input id=${`${prefix}-resolve`} type="number" min="1" max="3650" .value=${String(c.daysToResolve ?? 30)}
        aria-label=${named('settings.daysToResolve')} aria-invalid=${a(`${prefix}-resolve`).invalid} aria-describedby=${a(`${prefix}-resolve`).describedBy ?? nothing} />`),
      rowName
        ? html`<input id=${`${prefix}-active`} type="checkbox" .checked=${c.active ?? true} aria-label=${named('settings.active')} />`
        : html`<div class="field"><label class="check" for=${`${prefix}-active`}><input id=${`${prefix}-active`} type="checkbox" .checked=${c.active ?? true} />${t('settings.active')}</label></div>`,
    ];
  }

  private renderCategories(s: Settings) {
    const { t } = this.ctx.i18n;
    return this.editTable(
      'categories',
      t('settings.categories'),
      ['settings.categoryName', 'settings.categoryDepartment', 'settings.daysToAccept', 'settings.daysToResolve', 'settings.active'],
      html`${s.categories.map((c) => {
              const [name, department, accept, resolve, active] = this.categoryControls(`c-${c.id}`, s, c, c.name);
              return html`<tr data-id=${c.id} class=${c.active ? '' : 'inactive'}>
                <td class="block-label" data-label=${t('settings.categoryName')}>${name}</td>
                <td class="block-label" data-label=${t('settings.categoryDepartment')}>${department}</td>
                <td class="block-label" data-label=${t('settings.daysToAccept')}>${accept}</td>
                <td class="block-label" data-label=${t('settings.daysToResolve')}>${resolve}</td>
                <td class="check" data-label=${t('settings.active')}>${active}</td>
                <td>
                  <button type="button" class="small" ?disabled=${this.busy} @click=${() => this.saveCategory(c.id)}>
                    ${t('save')}<span class="visually-hidden">: ${c.name}</span>
                  </button>
                </td>
              </tr>`;
            })}`,
      html`<form class="add" novalidate @submit=${this.addCategory} aria-labelledby="h-add-category">
        <h4 id="h-add-category">${t('settings.addCategory')}</h4>
        <div class="grid-fields">
          ${this.categoryControls('c-new', s, {})}
          <div class="field"><button type="submit" ?disabled=${this.busy}>${t('settings.add')}</button></div>
        </div>
      </form>`,
    );
  }

  // Staff -------------------------------------------------------------------------------------

  private selectedDepartments(id: string) {
    return [...this.input<HTMLSelectElement>(id).selectedOptions].map((o) => Number(o.value));
  }

  private saveStaff(u: StaffAccount, patch: Partial<{ role: StaffRole; departmentIds: number[]; active: boolean }>) {
    void this.save(() => this.ctx.api.updateStaff(u.id, patch));
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
    void this.save(() => this.ctx.api.createStaff({ name, email, password, role, departmentIds }), { done: 'settings.added', form });
  }

  private renderStaff(s: Settings) {
    const { t } = this.ctx.i18n;
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
                </td>
              </tr>`;
            })}`,
      html`<form class="add" novalidate @submit=${this.addStaff} aria-labelledby="h-add-staff">
        <h4 id="h-add-staff">${t('settings.addStaff')}</h4>
        <div class="grid-fields">
          ${this.textField('u-new-name', 'settings.staffName', 'text', { autocomplete: 'off' })}
          ${this.textField('u-new-email', 'settings.staffEmail', 'email', { autocomplete: 'off' })}
          ${this.textField('u-new-password', 'settings.staffPassword', 'password', { hint: 'settings.staffPasswordHint', autocomplete: 'new-password' })}
          <div class="field">
            <label for="u-new-role">${t('settings.staffRole')}</label>
            <select id="u-new-role">${roleOptions('staff')}</select>
          </div>
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

  // Open311 ------------------------------------------------------------------------------------

  /** Where partners reach this municipality: `{api}/open311/v2/{municipality}/`. */
  private get open311Endpoint() {
    const root = this.ctx.api.root || location.origin;
    return `${root}/open311/v2/${encodeURIComponent(this.ctx.config.municipality.slug)}/`;
  }

  private askOpen311(s: Settings) {
    this.open311Key = '';
    this.copyNote = '';
    if (s.municipality.open311KeySet) {
      this.confirmOpen311 = true;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.confirm-key')?.focus());
    } else void this.generateOpen311();
  }

  private async generateOpen311() {
    let key = '';
    this.confirmOpen311 = false;
    await this.save(
      async () => {
        key = (await this.ctx.api.newOpen311Key()).apiKey;
      },
      { done: 'settings.open311Done' },
    );
    if (!key) return;
    this.open311Key = key;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#h-new-key')?.focus();
  }

  private async cancelOpen311() {
    this.confirmOpen311 = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.generate-key')?.focus();
  }

  private async copyOpen311() {
    const { t } = this.ctx.i18n;
    try {
      await navigator.clipboard.writeText(this.open311Key);
      this.copyNote = t('settings.open311Copied');
    } catch {
      // No clipboard (an http page, or permission refused): select it for Ctrl+C.
      const range = document.createRange();
      const key = this.renderRoot.querySelector('.key');
      if (key) {
        range.selectNodeContents(key);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
      this.copyNote = t('settings.open311CopyFailed');
    }
    this.ctx.announce(this.copyNote);
  }

  private renderOpen311(s: Settings) {
    const { t } = this.ctx.i18n;
    return html`<section class="panel open311" aria-labelledby="h-open311">
      <h3 id="h-open311">${t('settings.open311')}</h3>
      <p>${t('settings.open311Intro')}</p>
      <code class="endpoint">${this.open311Endpoint}</code>
      <p>${t('settings.open311KeyIntro')}</p>
      <p><strong>${s.municipality.open311KeySet ? t('settings.open311KeySet') : t('settings.open311NoKey')}</strong></p>
      ${this.open311Key
        ? html`<div class="new-key">
            <h4 id="h-new-key" tabindex="-1">${t('settings.open311NewKey')}</h4>
            <p><span aria-hidden="true">⚠ </span>${t('settings.open311Once')}</p>
            <code class="key">${this.open311Key}</code>
            <button type="button" class="primary" @click=${this.copyOpen311}>${t('settings.open311Copy')}</button>
            ${this.copyNote ? html`<p class="hint">${this.copyNote}</p>` : nothing}
          </div>`
        : nothing}
      ${this.confirmOpen311
        ? html`<div class="notice confirm-key" tabindex="-1">
            <p>${t('settings.open311Confirm')}</p>
            <div class="buttons">
              <button type="button" class="primary" ?disabled=${this.busy} @click=${this.generateOpen311}>${t('settings.open311ConfirmYes')}</button>
              <button type="button" @click=${this.cancelOpen311}>${t('cancel')}</button>
            </div>
          </div>`
        : html`<button type="button" class="generate-key" ?disabled=${this.busy} @click=${() => this.askOpen311(s)}>${t('settings.open311Generate')}</button>`}
    </section>`;
  }

  override render() {
    const { t } = this.ctx.i18n;
    const s = this.settings;
    return html`<h2 tabindex="-1">${t('settings.heading')}</h2>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      <div class="notice success" role="status" ?hidden=${!this.notice}>${this.notice}</div>
      ${s
        ? html`${this.renderMunicipality(s)} ${this.renderDepartments(s)} ${this.renderCategories(s)} ${this.renderStaff(s)}
          ${this.renderOpen311(s)}`
        : this.error
          ? nothing
          : html`<p class="muted">${t('loading')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-settings': AdminSettingsView;
  }
}
