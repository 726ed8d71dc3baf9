import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formField } from '../../forms/form-field.ts';
import { baseStyles } from '../../styles.ts';
import { AdminApiError, type TotpSetup } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { accountWords } from './account-view.words.ts';
import { errorMessage } from './errors.ts';
import { totpSetupView } from './totp-qr.ts';
import { totpSetupStyles } from './totp-setup.styles.ts';
import { totpWords } from './totp.words.ts';

/**
 * One's own two-step login (README "Two-step login"): turned on by linking an authenticator app
 * (QR code or key) and confirming with a code; turned off with the password, unless an admin
 * requires it. Part of the account page (account-view.ts).
 */
@customElement('segnala-admin-account-totp')
export class AdminAccountTotp extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    totpSetupStyles,
    css`
      #totp-code {
        max-width: 12rem;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private state?: { enabled: boolean; required: boolean };
  @state() private setup?: TotpSetup;
  @state() private invalid: { code?: string; password?: string } = {};
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.state = await this.ctx.api.ownTotp();
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    }
  }

  private say(message: string) {
    this.notice = message;
    this.ctx.announce(message);
  }

  private focusLater(selector: string) {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  private failure(err: unknown, field: 'code' | 'password') {
    const c = totpWords(this.ctx.i18n);
    const w = accountWords(this.ctx.i18n);
    const wrong = err instanceof AdminApiError ? err.fields[0]?.field : undefined;
    if (wrong === 'code') {
      this.invalid = { code: c.t('err.wrong') };
      this.focusLater('#totp-code');
    } else if (wrong === 'password') {
      this.invalid = { password: w.t('err.wrong') };
      this.focusLater(`#totp-${field}`);
    } else if (err instanceof AdminApiError && err.status === 429) this.error = c.t('err.tooMany');
    else this.error = errorMessage(this.ctx.i18n, err);
  }

  private async begin() {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      this.setup = await this.ctx.api.setUpOwnTotp();
      this.focusLater('#totp-code');
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = false;
    }
  }

  private async confirm(e: Event) {
    e.preventDefault();
    const c = totpWords(this.ctx.i18n);
    const code = this.renderRoot.querySelector<HTMLInputElement>('#totp-code')!.value.replace(/\s/g, '');
    this.error = '';
    if (!/^\d{6}$/.test(code)) {
      this.invalid = { code: c.t('err.code') };
      this.focusLater('#totp-code');
      return;
    }
    this.invalid = {};
    this.busy = true;
    try {
      await this.ctx.api.confirmOwnTotp(code);
      this.setup = undefined;
      this.state = { ...this.state!, enabled: true };
      this.say(accountWords(this.ctx.i18n).t('totp.enabled'));
      this.focusLater('h3');
    } catch (err) {
      this.failure(err, 'code');
    } finally {
      this.busy = false;
    }
  }

  private async disable(e: Event) {
    e.preventDefault();
    const w = accountWords(this.ctx.i18n);
    const password = this.renderRoot.querySelector<HTMLInputElement>('#totp-password')!.value;
    this.error = '';
    if (!password) {
      this.invalid = { password: w.t('err.current') };
      this.focusLater('#totp-password');
      return;
    }
    this.invalid = {};
    this.busy = true;
    try {
      await this.ctx.api.disableOwnTotp({ password });
      this.state = { ...this.state!, enabled: false };
      this.say(w.t('totp.disabled'));
      this.focusLater('h3');
    } catch (err) {
      this.failure(err, 'password');
    } finally {
      this.busy = false;
    }
  }

  private renderBody() {
    const w = accountWords(this.ctx.i18n);
    const c = totpWords(this.ctx.i18n);
    const s = this.state;
    if (!s) return this.error ? nothing : html`<p class="muted" role="status">${this.ctx.i18n.t('loading')}</p>`;
    if (s.enabled) {
      return html`<p><span class="badge public">${w.t('totp.on')}</span> ${w.t('totp.onText')}</p>
        ${s.required
          ? html`<p class="muted">${w.t('totp.requiredText')}</p>`
          : html`<form novalidate @submit=${this.disable}>
              <input class="username" type="email" autocomplete="username" aria-label=${this.ctx.user.email} .value=${this.ctx.user.email} hidden readonly />
              ${formField({ id: 'totp-password', label: w.t('totp.password'), hint: w.t('totp.passwordHint'), error: this.invalid.password, required: true }, (a) =>
                html`<input id="totp-password" type="password" autocomplete="current-password" maxlength="200"
                  aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
              )}
              <button type="submit" class="totp-off" ?disabled=${this.busy}>${w.t('totp.turnOff')}</button>
            </form>`}`;
    }
    if (!this.setup) {
      return html`<p>${w.t('totp.offText')}</p>
        ${s.required ? html`<p class="muted">${w.t('totp.requiredText')}</p>` : nothing}
        <button type="button" class="totp-on" ?disabled=${this.busy} @click=${this.begin}>${w.t('totp.turnOn')}</button>`;
    }
    return html`${totpSetupView(this.ctx.i18n, this.setup)}
      <form novalidate @submit=${this.confirm}>
        ${formField({ id: 'totp-code', label: c.t('code'), hint: c.t('codeHint'), error: this.invalid.code, required: true }, (a) =>
          html`<input id="totp-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="9"
            aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
        )}
        <button type="submit" class="primary" ?disabled=${this.busy}>${w.t('totp.confirm')}</button>
      </form>`;
  }

  override render() {
    const w = accountWords(this.ctx.i18n);
    return html`<h3 tabindex="-1">${w.t('totp.heading')}</h3>
      <p class="muted">${w.t('totp.intro')}</p>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      <div class="notice success" role="status" ?hidden=${!this.notice}>${this.notice}</div>
      ${this.renderBody()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-account-totp': AdminAccountTotp;
  }
}
