import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { baseStyles } from '../../styles.ts';
import { type AdminApi, AdminApiError, type LoginChallenge, type Session, type TotpSetup } from '../admin-api.ts';
import type { AdminTranslator } from '../admin-i18n.ts';
import { adminStyles } from '../admin-styles.ts';
import { formField } from '../../forms/form-field.ts';
import { sendForm } from '../../forms/field-errors.ts';
import { loginViewStyles } from './login-view.styles.ts';
import { loginStepWords } from './login-view.words.ts';
import { totpWords } from './totp.words.ts';
import { totpSetupStyles } from './totp-setup.styles.ts';

/**
 * E-mail and password. Wrong credentials (401) and throttling (429, with the wait) are announced.
 * For an account with two-step login a second step asks for the authenticator app's code; an
 * account required to have it but without it first links the app (QR code and key, a piece loaded
 * then: views/totp-qr.ts).
 *
 * @event segnala-admin-session - Logged in. `detail`: the `Session` (token and user).
 */
@customElement('segnala-admin-login')
export class AdminLoginView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    loginViewStyles,
    totpSetupStyles,
    css`
      #login-code {
        max-width: 12rem;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: AdminTranslator;
  @property({ attribute: false }) api!: AdminApi;
  @property() municipalityName = '';
  /** Why the login is shown (session expired, logged out), if there is a reason. */
  @property() message = '';

  @state() private error = '';
  @state() private busy = false;
  /** The password was right and a code is due. */
  @state() private step?: LoginChallenge;
  /** Enrolling: the new secret, and the piece that draws it. */
  @state() private setup?: { value: TotpSetup; view: (i18n: AdminTranslator, setup: TotpSetup) => TemplateResult };
  @state() private codeError = '';

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
      const answer = sent.value;
      if ('totpRequired' in answer) return this.startSecondStep(answer);
      this.dispatchEvent(new CustomEvent<Session>('segnala-admin-session', { detail: answer }));
      return;
    }
    this.error = this.errorText(sent.error);
    this.passwordInput!.value = '';
    this.passwordInput!.focus();
  }

  private async startSecondStep(challenge: LoginChallenge) {
    this.step = challenge;
    this.codeError = '';
    this.error = '';
    await this.updateComplete;
    this.heading?.focus();
    if (!challenge.enrol) return;
    try {
      const [value, piece] = await Promise.all([this.api.loginTotpSetup(challenge.challenge), import('./totp-qr.ts')]);
      this.setup = { value, view: piece.totpSetupView };
    } catch (err) {
      this.failSecondStep(err);
    }
  }

  private backToPassword(message = '') {
    this.step = undefined;
    this.setup = undefined;
    this.codeError = '';
    this.error = message;
    void this.updateComplete.then(() => this.passwordInput?.focus());
  }

  private failSecondStep(err: unknown) {
    if (err instanceof AdminApiError && err.status === 401) return this.backToPassword(loginStepWords(this.i18n).t('expired'));
    this.error = this.errorText(err);
  }

  private async submitCode(e: Event) {
    e.preventDefault();
    if (this.busy || !this.step) return;
    const w = totpWords(this.i18n);
    const input = this.renderRoot.querySelector<HTMLInputElement>('#login-code')!;
    const code = input.value.replace(/\s/g, '');
    this.error = '';
    if (!/^\d{6}$/.test(code)) {
      this.codeError = w.t('err.code');
      input.focus();
      return;
    }
    this.codeError = '';
    this.busy = true;
    try {
      const session = await this.api.loginTotp(this.step.challenge, code);
      this.dispatchEvent(new CustomEvent<Session>('segnala-admin-session', { detail: session }));
    } catch (err) {
      if (err instanceof AdminApiError && err.fields[0]?.field === 'code') {
        this.codeError = w.t('err.wrong');
        input.value = '';
        input.focus();
      } else this.failSecondStep(err);
    } finally {
      this.busy = false;
    }
  }

  private renderSecondStep(step: LoginChallenge) {
    const w = loginStepWords(this.i18n);
    const c = totpWords(this.i18n);
    return html`<h2 tabindex="-1">${w.t('heading')}</h2>
      <p>${step.enrol ? w.t('enrolIntro') : w.t('intro')}</p>
      ${step.enrol
        ? this.setup
          ? this.setup.view(this.i18n, this.setup.value)
          : html`<p class="muted" role="status">${w.t('preparing')}</p>`
        : nothing}
      <form novalidate @submit=${this.submitCode}>
        <div class="notice error" role="alert" ?hidden=${!this.error} id="login-error">${this.error}</div>
        ${formField({ id: 'login-code', label: c.t('code'), hint: c.t('codeHint'), error: this.codeError, required: true }, (a) =>
          html`<input id="login-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="9" pattern="[0-9 ]*"
            aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
        )}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy || (step.enrol && !this.setup)}>${step.enrol ? w.t('enrolSubmit') : w.t('submit')}</button>
          <button type="button" @click=${() => this.backToPassword()}>${w.t('cancel')}</button>
        </div>
      </form>`;
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
    if (this.step) return this.renderSecondStep(this.step);
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
