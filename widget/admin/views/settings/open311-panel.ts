import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsPanel } from './settings-panel.ts';
import { open311PanelStyles } from './open311-panel.styles.ts';

/**
 * The Open311 endpoint partners use, and its key: generated here, shown once (forgotten when the
 * panel leaves the page), replacing an active key only after asking.
 */
@customElement('segnala-admin-open311-panel')
export class AdminOpen311Panel extends SettingsPanel {
  static override styles = [SettingsPanel.styles, open311PanelStyles];

  /** The key just generated: shown this once, forgotten when the view goes away. */
  @state() private key = '';
  /** Asking before a new key replaces the one partners use. */
  @state() private confirming = false;
  @state() private copyNote = '';

  override disconnectedCallback() {
    super.disconnectedCallback();
    // The key is shown once: leaving the page is the end of "once".
    this.key = '';
    this.confirming = false;
    this.copyNote = '';
  }

  /** Where partners reach this municipality: `{api}/open311/v2/{municipality}/`. */
  private get endpoint() {
    const root = this.ctx.api.root || location.origin;
    return `${root}/open311/v2/${encodeURIComponent(this.ctx.config.municipality.slug)}/`;
  }

  private ask() {
    this.key = '';
    this.copyNote = '';
    if (this.settings.municipality.open311KeySet) {
      this.confirming = true;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.confirm-key')?.focus());
    } else void this.generate();
  }

  private async generate() {
    let key = '';
    this.confirming = false;
    await this.commit(
      async () => {
        key = (await this.ctx.api.newOpen311Key()).apiKey;
      },
      { done: 'settings.open311Done' },
    );
    if (!key) return;
    this.key = key;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#h-new-key')?.focus();
  }

  private async cancel() {
    this.confirming = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.generate-key')?.focus();
  }

  private async copy() {
    const { t } = this.ctx.i18n;
    try {
      await navigator.clipboard.writeText(this.key);
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

  override render() {
    const { t } = this.ctx.i18n;
    return html`<section class="panel open311" aria-labelledby="h-open311">
      <h3 id="h-open311">${t('settings.open311')}</h3>
      <p>${t('settings.open311Intro')}</p>
      <code class="endpoint">${this.endpoint}</code>
      <p>${t('settings.open311KeyIntro')}</p>
      <p><strong>${this.settings.municipality.open311KeySet ? t('settings.open311KeySet') : t('settings.open311NoKey')}</strong></p>
      ${this.key
        ? html`<div class="new-key">
            <h4 id="h-new-key" tabindex="-1">${t('settings.open311NewKey')}</h4>
            <p><span aria-hidden="true">⚠ </span>${t('settings.open311Once')}</p>
            <code class="key">${this.key}</code>
            <button type="button" class="primary" @click=${this.copy}>${t('settings.open311Copy')}</button>
            ${this.copyNote ? html`<p class="hint">${this.copyNote}</p>` : nothing}
          </div>`
        : nothing}
      ${this.confirming
        ? html`<div class="notice confirm-key" tabindex="-1">
            <p>${t('settings.open311Confirm')}</p>
            <div class="buttons">
              <button type="button" class="primary" ?disabled=${this.busy} @click=${this.generate}>${t('settings.open311ConfirmYes')}</button>
              <button type="button" @click=${this.cancel}>${t('cancel')}</button>
            </div>
          </div>`
        : html`<button type="button" class="generate-key" ?disabled=${this.busy} @click=${this.ask}>${t('settings.open311Generate')}</button>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-open311-panel': AdminOpen311Panel;
  }
}
