import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { baseStyles } from '../../styles.ts';
import { AdminApiError, type Settings } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { errorMessage } from './errors.ts';
import type { SaveSettings } from './settings/settings-panel.ts';
import './settings/categories-panel.ts';
import './settings/departments-panel.ts';
import './settings/municipality-panel.ts';
import './settings/open311-panel.ts';
import './settings/open-data-panel.ts';
import './settings/staff-panel.ts';
import './settings/templates-panel.ts';
import './settings/bodies-panel.ts';

/**
 * Admin only: the settings page. It loads the settings, hands them to one element per panel
 * (`settings/`: the municipality's publishing rule, embedding origins and contacts; its offices,
 * categories and staff accounts, each row saving on its own; the response templates; the Open311
 * endpoint and key; open data), and runs their saves one at a time, telling how each went at the
 * top of the page. The record of
 * changes (`settings/changes-panel.ts`) is a piece loaded when the admin asks for it.
 *
 * @event segnala-admin-config-changed - Offices or categories changed: the console reloads its config.
 */
@customElement('segnala-admin-settings')
export class AdminSettingsView extends LitElement {
  static override styles = [baseStyles, adminStyles];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private settings?: Settings;
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  /** The record of changes, a piece loaded when first asked for: false, loading, or shown. */
  @state() private changes: false | 'loading' | 'shown' = false;

  @query('h2') private heading?: HTMLElement;

  focusHeading() {
    this.heading?.focus();
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.ctx) void this.load();
  }

  private async load() {
    try {
      this.settings = await this.ctx.api.settings();
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    }
  }

  private async showChanges() {
    this.changes = 'loading';
    try {
      await import('./settings/changes-panel.ts');
      this.changes = 'shown';
    } catch (err) {
      this.changes = false;
      this.error = errorMessage(this.ctx.i18n, err);
    }
  }

  /** Runs one change, says how it went, and reloads what the page shows. */
  private save: SaveSettings = async (change, opts = {}) => {
    if (this.busy) return false;
    const { t } = this.ctx.i18n;
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await change();
      await this.load();
      this.renderRoot.querySelector('segnala-admin-changes-panel')?.reload();
      this.notice = t(opts.done ?? 'saved');
      this.ctx.announce(this.notice);
      if (opts.configChanged) this.dispatchEvent(new CustomEvent('segnala-admin-config-changed'));
      return true;
    } catch (err) {
      this.error = err instanceof AdminApiError && err.status === 409 ? t('error.server', { message: err.message }) : errorMessage(this.ctx.i18n, err);
      return false;
    } finally {
      this.busy = false;
    }
  };

  override render() {
    const { t } = this.ctx.i18n;
    const s = this.settings;
    return html`<h2 tabindex="-1">${t('settings.heading')}</h2>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      <div class="notice success" role="status" ?hidden=${!this.notice}>${this.notice}</div>
      ${s
        ? html`<segnala-admin-municipality-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-municipality-panel>
            <segnala-admin-departments-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-departments-panel>
            <segnala-admin-categories-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-categories-panel>
            <segnala-admin-staff-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-staff-panel>
            <segnala-admin-templates-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-templates-panel>
            <segnala-admin-bodies-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-bodies-panel>
            <segnala-admin-open311-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-open311-panel>
            <segnala-admin-open-data-panel .ctx=${this.ctx} .settings=${s} .busy=${this.busy} .save=${this.save}></segnala-admin-open-data-panel>
            ${this.changes === 'shown'
              ? html`<segnala-admin-changes-panel .ctx=${this.ctx} .settings=${s}></segnala-admin-changes-panel>`
              : html`<button type="button" class="small" ?disabled=${this.changes === 'loading'} @click=${() => this.showChanges()}>
                  ${t('settings.changesShow')}
                </button>`}`
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
