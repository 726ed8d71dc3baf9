import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { hasFieldErrors, mapFieldErrors, serverFields } from '../../../forms/field-errors.ts';
import { formField } from '../../../forms/form-field.ts';
import { errorMessage } from '../errors.ts';
import { EMAIL, SettingsPanel } from './settings-panel.ts';
import type { OutsideBody } from '../../admin-api.ts';
import { bodyWords } from './bodies-panel.words.ts';

/**
 * Outside bodies (README "Outside bodies"): one row each — name, address, active — with its own
 * save, and the form that adds one. Saved through the page like every panel, so each change is
 * told at the top and lands in the record of changes. Retiring a body ends its links.
 */
@customElement('segnala-admin-bodies-panel')
export class AdminBodiesPanel extends SettingsPanel {
  @state() private bodies?: OutsideBody[];
  @state() private loadError = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private get w() {
    return bodyWords(this.ctx.i18n);
  }

  private async load() {
    try {
      this.bodies = (await this.ctx.api.bodies()).bodies;
      this.loadError = '';
    } catch (err) {
      this.loadError = errorMessage(this.ctx.i18n, err);
    }
  }

  private check(prefix: string, name: string, email: string) {
    const invalid: Record<string, string> = {};
    if (name.length < 2) invalid[`${prefix}-name`] = this.w.t('err.name');
    if (!EMAIL.test(email)) invalid[`${prefix}-email`] = this.w.t('err.email');
    return invalid;
  }

  private async write(prefix: string, change: () => Promise<unknown>, form?: HTMLFormElement) {
    await this.commit(async () => {
      try {
        await change();
      } catch (err) {
        const errors = mapFieldErrors(serverFields(err), { name: `${prefix}-name`, email: `${prefix}-email` });
        if (hasFieldErrors(errors)) void this.updateComplete.then(() => this.showInvalid(errors));
        throw err;
      }
    }, { form, done: form ? 'settings.added' : undefined });
    await this.load();
  }

  private saveBody(b: OutsideBody) {
    const prefix = `b-${b.id}`;
    const name = this.input(`${prefix}-name`).value.trim();
    const email = this.input(`${prefix}-email`).value.trim();
    const active = this.input(`${prefix}-active`).checked;
    if (this.showInvalid(this.check(prefix, name, email))) return;
    void this.write(prefix, () => this.ctx.api.updateBody(b.id, { name, email, active }));
  }

  private addBody(e: Event) {
    e.preventDefault();
    const name = this.input('b-new-name').value.trim();
    const email = this.input('b-new-email').value.trim();
    if (this.showInvalid(this.check('b-new', name, email))) return;
    void this.write('b-new', () => this.ctx.api.createBody({ name, email }), e.target as HTMLFormElement);
  }

  private rows(list: OutsideBody[]) {
    const w = this.w;
    const label = (field: 'name' | 'email' | 'active', name: string) => w.t('rowLabel', { field: w.t(field), name });
    const cell = (id: string, value: string, aria: string, type = 'text') => {
      const a = this.aria(id);
      return html`${this.fieldError(id)}<input id=${id} type=${type} .value=${value} aria-label=${aria} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`;
    };
    return html`<div class="table-scroll">
      <table class="bodies stack">
        <caption class="visually-hidden">${w.t('heading')}</caption>
        <thead>
          <tr>
            <th scope="col">${w.t('name')}</th>
            <th scope="col">${w.t('email')}</th>
            <th scope="col">${w.t('active')}</th>
            <th scope="col"><span class="visually-hidden">${this.ctx.i18n.t('save')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${list.map(
            (b) => html`<tr data-id=${b.id}>
              <td class="block-label" data-label=${w.t('name')}>${cell(`b-${b.id}-name`, b.name, label('name', b.name))}</td>
              <td class="block-label" data-label=${w.t('email')}>${cell(`b-${b.id}-email`, b.email, label('email', b.name), 'email')}</td>
              <td class="block-label" data-label=${w.t('active')}>
                <input id=${`b-${b.id}-active`} type="checkbox" .checked=${b.active} aria-label=${label('active', b.name)} />
              </td>
              <td>
                <button type="button" class="small" ?disabled=${this.busy} @click=${() => this.saveBody(b)}>
                  ${this.ctx.i18n.t('save')}<span class="visually-hidden">: ${b.name}</span>
                </button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const w = this.w;
    const list = this.bodies;
    const field = (id: string, label: string, type: string) =>
      formField({ id, label, error: this.invalid[id] }, (a) => html`<input id=${id} type=${type} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`);
    return html`<section class="panel" aria-labelledby="h-bodies">
      <h3 id="h-bodies">${w.t('heading')}</h3>
      <p class="muted">${w.t('intro')}</p>
      ${this.loadError ? html`<div class="notice error" role="alert">${this.loadError}</div>` : nothing}
      ${list ? (list.length ? this.rows(list) : html`<p>${w.t('none')}</p>`) : this.loadError ? nothing : html`<p class="muted">${w.t('loading')}</p>`}
      <form class="add" novalidate @submit=${this.addBody} aria-labelledby="h-add-body">
        <h4 id="h-add-body">${w.t('add')}</h4>
        <div class="grid-fields">
          ${field('b-new-name', w.t('name'), 'text')} ${field('b-new-email', w.t('email'), 'email')}
          <div class="field"><button type="submit" ?disabled=${this.busy}>${w.t('addSubmit')}</button></div>
        </div>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-bodies-panel': AdminBodiesPanel;
  }
}
