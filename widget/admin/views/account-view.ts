import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { formField } from '../../forms/form-field.ts';
import { baseStyles } from '../../styles.ts';
import { AdminApiError } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import './account-sessions.ts';
import './account-totp.ts';
import { accountWords } from './account-view.words.ts';
import { errorMessage } from './errors.ts';

type Field = 'current' | 'next' | 'repeat';

/**
 * One's own account: the password, changed by giving the current one (`POST /admin/me/password`),
 * two-step login (account-totp.ts) and the open sessions (account-sessions.ts). A piece of the console loaded when first opened
 * (segnala-admin.ts `lazyPieces`).
 */
@customElement('segnala-admin-account')
export class AdminAccountView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      /* The form's inputs are styled to show: this one is for password managers only. */
      input.username {
        display: none;
      }
      section + section {
        margin-top: 2rem;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private invalid: Partial<Record<Field, string>> = {};
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;

  @query('h2') private heading?: HTMLElement;

  focusHeading() {
    this.heading?.focus();
  }

  private value(field: Field) {
    return this.renderRoot.querySelector<HTMLInputElement>(`#pw-${field}`)!.value;
  }

  /** Shows the errors, the focus on the first field with one; true if there are any. */
  private showInvalid(invalid: Partial<Record<Field, string>>) {
    this.invalid = invalid;
    const first = (['current', 'next', 'repeat'] as const).find((f) => invalid[f]);
    if (first) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`#pw-${first}`)?.focus());
    return first !== undefined;
  }

  private async submit(e: Event) {
    e.preventDefault();
    // Taken now: in a shadow tree the event's target is cleared once its dispatch ends.
    const form = e.target as HTMLFormElement;
    const w = accountWords(this.ctx.i18n);
    const [current, next, repeat] = [this.value('current'), this.value('next'), this.value('repeat')];
    this.error = '';
    this.notice = '';
    const invalid: Partial<Record<Field, string>> = {};
    if (!current) invalid.current = w.t('err.current');
    if (next.length < 10) invalid.next = w.t('err.short');
    else if (next === current) invalid.next = w.t('err.same');
    if (!invalid.next && repeat !== next) invalid.repeat = w.t('err.repeat');
    if (this.showInvalid(invalid)) return;
    this.busy = true;
    try {
      await this.ctx.api.changeOwnPassword({ currentPassword: current, newPassword: next });
      form.reset();
      this.notice = w.t('done');
      this.ctx.announce(this.notice);
      void this.renderRoot.querySelector('segnala-admin-account-sessions')?.reload();
    } catch (err) {
      const field = err instanceof AdminApiError ? err.fields[0]?.field : undefined;
      if (field === 'currentPassword') this.showInvalid({ current: w.t('err.wrong') });
      else if (field === 'newPassword') this.showInvalid({ next: w.t('err.same') });
      else if (err instanceof AdminApiError && err.status === 429) this.error = w.t('err.tooMany');
      else this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = false;
    }
  }

  private field(field: Field, label: string, autocomplete: string, hint?: string) {
    const id = `pw-${field}`;
    return formField(
      { id, label, hint, error: this.invalid[field], required: true },
      (a) => html`<input id=${id} type="password" autocomplete=${autocomplete} maxlength="200"
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
    );
  }

  override render() {
    const w = accountWords(this.ctx.i18n);
    return html`<h2 tabindex="-1">${w.t('heading')}</h2>
      <section aria-labelledby="password-heading">
      <h3 id="password-heading">${w.t('password.heading')}</h3>
      <p class="muted">${w.t('intro')}</p>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      <div class="notice success" role="status" ?hidden=${!this.notice}>${this.notice}</div>
      <form novalidate @submit=${this.submit}>
        <!-- The account's e-mail, for password managers: which login this password belongs to. -->
        <input class="username" type="email" autocomplete="username" aria-label=${this.ctx.user.email} .value=${this.ctx.user.email} hidden readonly />
        ${this.field('current', w.t('current'), 'current-password')}
        ${this.field('next', w.t('next'), 'new-password', w.t('nextHint'))}
        ${this.field('repeat', w.t('repeat'), 'new-password')}
        <button type="submit" ?disabled=${this.busy}>${w.t('submit')}</button>
      </form>
      </section>
      <section><segnala-admin-account-totp .ctx=${this.ctx}></segnala-admin-account-totp></section>
      <section><segnala-admin-account-sessions .ctx=${this.ctx}></segnala-admin-account-sessions></section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-account': AdminAccountView;
  }
}
