import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { formField } from '../../forms/form-field.ts';
import { baseStyles } from '../../styles.ts';
import { type AdminApi, AdminApiError } from '../admin-api.ts';
import type { AdminTranslator } from '../admin-i18n.ts';
import { adminStyles } from '../admin-styles.ts';
import { resetWords } from './password-reset-view.words.ts';

type Field = 'next' | 'repeat';

/**
 * The page a mailed reset link opens (`#segnala-admin/reset/<token>`), before any login: whose
 * account it is, then the new password (`POST /admin/password-reset`). A piece of the console
 * loaded only when such a link is opened (segnala-admin.ts `lazyPieces`).
 *
 * @event segnala-admin-reset-done - The password was set, or the user asked for the login. `detail: { email, message }`
 *   (both empty when nothing was set): the message is for the login page.
 */
@customElement('segnala-admin-password-reset')
export class AdminPasswordResetView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      form {
        max-width: 26rem;
      }
      input.username {
        display: none;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: AdminTranslator;
  @property({ attribute: false }) api!: AdminApi;
  @property() token = '';

  @state() private account?: { name: string; email: string };
  /** The link is not valid (used, expired, cut). */
  @state() private invalidLink = false;
  @state() private invalid: Partial<Record<Field, string>> = {};
  @state() private error = '';
  @state() private busy = false;

  @query('h2') private heading?: HTMLElement;

  focusHeading() {
    this.heading?.focus();
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.check();
  }

  private async check() {
    try {
      this.account = await this.api.checkPasswordReset(this.token);
    } catch (err) {
      if (err instanceof AdminApiError && err.status === 400) this.invalidLink = true;
      else this.error = this.failure(err);
    }
  }

  private failure(err: unknown) {
    const w = resetWords(this.i18n);
    if (err instanceof AdminApiError && err.status === 429) return w.t('err.tooMany');
    if (err instanceof AdminApiError && err.status === 0) return this.i18n.t('error.network');
    return this.i18n.t('error.server', { message: (err as Error).message });
  }

  private value(field: Field) {
    return this.renderRoot.querySelector<HTMLInputElement>(`#reset-${field}`)!.value;
  }

  private showInvalid(invalid: Partial<Record<Field, string>>) {
    this.invalid = invalid;
    const first = (['next', 'repeat'] as const).find((f) => invalid[f]);
    if (first) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`#reset-${first}`)?.focus());
    return first !== undefined;
  }

  private async submit(e: Event) {
    e.preventDefault();
    if (this.busy) return;
    const w = resetWords(this.i18n);
    const [next, repeat] = [this.value('next'), this.value('repeat')];
    this.error = '';
    const invalid: Partial<Record<Field, string>> = {};
    if (next.length < 10) invalid.next = w.t('err.short');
    else if (repeat !== next) invalid.repeat = w.t('err.repeat');
    if (this.showInvalid(invalid)) return;
    this.busy = true;
    try {
      await this.api.completePasswordReset({ token: this.token, newPassword: next });
      this.done(this.account?.email ?? '');
    } catch (err) {
      const field = err instanceof AdminApiError ? err.fields[0]?.field : undefined;
      if (field === 'newPassword') this.showInvalid({ next: w.t('err.short') });
      else if (field === 'token') this.invalidLink = true;
      else this.error = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  private done(email: string) {
    const message = email ? resetWords(this.i18n).t('done') : '';
    this.dispatchEvent(new CustomEvent('segnala-admin-reset-done', { detail: { email, message } }));
  }

  private field(field: Field, label: string, hint?: string) {
    const id = `reset-${field}`;
    return formField(
      { id, label, hint, error: this.invalid[field], required: true },
      (a) => html`<input id=${id} type="password" autocomplete="new-password" maxlength="200"
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
    );
  }

  override render() {
    const w = resetWords(this.i18n);
    const body = this.invalidLink
      ? html`<div class="notice error" role="alert">${w.t('invalid')}</div>
          <button type="button" @click=${() => this.done('')}>${w.t('toLogin')}</button>`
      : !this.account
        ? html`${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : html`<p class="muted" role="status">${w.t('checking')}</p>`}`
        : html`<p>${w.t('for', { email: this.account.email, name: this.account.name })}</p>
            <p class="muted">${w.t('after')}</p>
            ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
            <form novalidate @submit=${this.submit}>
              <!-- For password managers: which login the new password belongs to. -->
              <input class="username" type="email" autocomplete="username" aria-label=${this.account.email} .value=${this.account.email} hidden readonly />
              ${this.field('next', w.t('next'), w.t('nextHint'))} ${this.field('repeat', w.t('repeat'))}
              <button type="submit" class="primary" ?disabled=${this.busy}>${w.t('submit')}</button>
            </form>`;
    return html`<h2 tabindex="-1">${w.t('heading')}</h2>
      ${body}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-password-reset': AdminPasswordResetView;
  }
}
