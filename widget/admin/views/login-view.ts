import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { baseStyles } from '../../styles.ts';
import { type AdminApi, AdminApiError, type Session } from '../admin-api.ts';
import type { AdminTranslator } from '../admin-i18n.ts';
import { adminStyles } from '../admin-styles.ts';
import { formField } from '../../forms/form-field.ts';
import { sendForm } from '../../forms/field-errors.ts';
import { loginViewStyles } from './login-view.styles.ts';

/**
 * E-mail and password. Wrong credentials (401) and throttling (429, with the wait) are announced.
 *
 * @event segnala-admin-session - Logged in. `detail`: the `Session` (token and user).
 */
@customElement('segnala-admin-login')
export class AdminLoginView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    loginViewStyles,
  ];

  @property({ attribute: false }) i18n!: AdminTranslator;
  @property({ attribute: false }) api!: AdminApi;
  @property() municipalityName = '';
  /** Why the login is shown (session expired, logged out), if there is a reason. */
  @property() message = '';

  @state() private error = '';
  @state() private busy = false;

  @query('h2') private heading?: HTMLElement;
  @query('#login-email') private emailInput?: HTMLInputElement;
  @query('#login-password') private passwordInput?: HTMLInputElement;

  focusHeading() {
    this.heading?.focus();
  }

  private async submit(e: Event) {
    e.preventDefault();
    if (this.busy) return;
    const { t } = this.i18n;
    const email = this.emailInput!.value.trim();
    const password = this.passwordInput!.value;
    if (!email || !password) {
      this.error = t('login.missing');
      (email ? this.passwordInput : this.emailInput)?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    // No field map: a refused login never says which of the two was wrong, one alert says it.
    const sent = await sendForm(() => this.api.login(email, password), {});
    this.busy = false;
    if (sent.ok) {
      this.dispatchEvent(new CustomEvent<Session>('segnala-admin-session', { detail: sent.value }));
      return;
    }
    this.error = this.errorText(sent.error);
    this.passwordInput!.value = '';
    this.passwordInput!.focus();
  }

  private errorText(err: unknown) {
    const { t } = this.i18n;
    if (!(err instanceof AdminApiError)) return t('error.server', { message: (err as Error).message });
    if (err.status === 401) return t('login.invalid');
    if (err.status === 429) {
      const seconds = Number(err.details.retryAfterSeconds) || 60;
      return this.i18n.plural('login.throttled', Math.max(1, Math.ceil(seconds / 60)));
    }
    if (err.status === 0) return t('error.network');
    return t('error.server', { message: err.message });
  }

  override render() {
    const { t } = this.i18n;
    // Both fields point at the one alert while it shows.
    const alert = this.error ? { invalid: true, describedBy: 'login-error' } : {};
    return html`<h2 tabindex="-1">${t('login.heading')}${this.municipalityName ? html` – ${this.municipalityName}` : nothing}</h2>
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
      <p>${t('login.intro')}</p>
      <form novalidate @submit=${this.submit}>
        <div class="notice error" role="alert" ?hidden=${!this.error} id="login-error">${this.error}</div>
        ${formField({ id: 'login-email', label: t('login.email'), ...alert }, (a) =>
          html`<input id="login-email" type="email" name="email" autocomplete="username" required aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
        )}
        ${formField({ id: 'login-password', label: t('login.password'), ...alert }, (a) =>
          html`<input id="login-password" type="password" name="password" autocomplete="current-password" required aria-invalid=${a.invalid}
            aria-describedby=${a.describedBy} />`,
        )}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('login.busy') : t('login.submit')}</button>
        </div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-login': AdminLoginView;
  }
}
