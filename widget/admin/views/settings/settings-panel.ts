import { LitElement, html, nothing, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FieldErrors } from '../../../forms/field-errors.ts';
import { fieldAria, fieldError, formField } from '../../../forms/form-field.ts';
import { baseStyles } from '../../../styles.ts';
import type { Settings } from '../../admin-api.ts';
import type { AdminContext } from '../../admin-context.ts';
import type { AdminMessageKey } from '../../admin-i18n.ts';
import { adminStyles } from '../../admin-styles.ts';
import { settingsPanelStyles } from './settings-panel.styles.ts';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SaveOptions {
  /** Offices or categories changed: the console reloads its config. */
  configChanged?: boolean;
  /** What the notice says once saved; "Modifiche salvate." if not given. */
  done?: AdminMessageKey;
}

/**
 * How a panel saves, handed down by `<segnala-admin-settings>`: one change at a time for the
 * whole page, told in the page's notice, then the settings reloaded. Resolves true once saved.
 */
export type SaveSettings = (change: () => Promise<unknown>, opts?: SaveOptions) => Promise<boolean>;

/**
 * What every panel of the settings page has: the settings to show, the page's `save`, and the
 * field errors of its own forms (checked before sending, each tied to its input), its fields
 * built with the shared templates of `widget/forms/form-field.ts`.
 */
export abstract class SettingsPanel extends LitElement {
  static override styles: CSSResultGroup = [baseStyles, adminStyles, settingsPanelStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  /** The settings as last loaded; a new object after every save. */
  @property({ attribute: false }) settings!: Settings;
  /** A change (of any panel) is being saved: the buttons wait. */
  @property({ attribute: false }) busy = false;
  @property({ attribute: false }) save!: SaveSettings;

  /** Field id → what is wrong with it. */
  @state() protected invalid: FieldErrors = {};

  protected input<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement = HTMLInputElement>(id: string) {
    return this.renderRoot.querySelector<T>(`#${id}`)!;
  }

  /** Saves through the page; once saved, this panel's errors are gone and its add form (if any) is empty. */
  protected async commit(change: () => Promise<unknown>, opts: SaveOptions & { form?: HTMLFormElement } = {}) {
    const saved = await this.save(change, { configChanged: opts.configChanged, done: opts.done });
    if (saved) {
      this.invalid = {};
      opts.form?.reset();
    }
    return saved;
  }

  /** Shows the errors found before sending, the focus on the first; true if there are any. */
  protected showInvalid(invalid: FieldErrors) {
    this.invalid = invalid;
    if (!Object.keys(invalid).length) return false;
    void this.updateComplete.then(() => this.input(Object.keys(invalid)[0])?.focus());
    return true;
  }

  /** A field's error line (`<id>-error`), if it has one. */
  protected fieldError(id: string) {
    return fieldError(id, this.invalid[id]);
  }

  /** `aria-invalid` and `aria-describedby` of a control named by its `aria-label` (a table cell's). */
  protected aria(id: string) {
    return fieldAria({ id, error: this.invalid[id] });
  }

  /** A labelled input of an "add" form, with its hint and error tied to it. */
  protected textField(id: string, label: AdminMessageKey, type = 'text', opts: { hint?: AdminMessageKey; autocomplete?: string } = {}) {
    const { t } = this.ctx.i18n;
    return formField(
      { id, label: t(label), hint: opts.hint && t(opts.hint), error: this.invalid[id] },
      (a) => html`<input id=${id} type=${type} autocomplete=${opts.autocomplete ?? nothing} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
    );
  }

  /** A panel with its heading and an editable table: one row per item, a save button at the end. */
  protected editTable(name: string, title: string, columns: AdminMessageKey[], rows: unknown, after: unknown) {
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
}
