import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import { type FieldErrors, sendForm } from '../../forms/field-errors.ts';
import { formField } from '../../forms/form-field.ts';
import { baseStyles } from '../../styles.ts';
import { followStreetStyles } from './follow-street.styles.ts';

type Field = 'email';

/**
 * "Segui questa via" on a street's page: an address, then a confirmation mail (double opt-in,
 * README "E-mail notifications"); once confirmed, at most one mail a day with the reports published
 * or closed on the street, each with a one-click link to stop.
 */
@customElement('segnala-follow-street')
export class FollowStreet extends LitElement {
  static override styles = [
    baseStyles,
    followStreetStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property({ type: Number }) streetId!: number;
  @property() streetName = '';

  @state() private email = '';
  @state() private errors: FieldErrors<Field> = {};
  @state() private failure = '';
  @state() private sending = false;
  /** The address the confirmation went to, once asked. */
  @state() private askedFor = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('streetId') && changed.get('streetId') !== undefined) {
      this.askedFor = '';
      this.errors = {};
      this.failure = '';
    }
  }

  private async submit(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    const email = this.email.trim();
    this.failure = '';
    const input = this.renderRoot.querySelector<HTMLInputElement>('#follow-email')!;
    if (!email || !input.checkValidity()) {
      this.errors = { email: t('follow.emailInvalid') };
      await this.updateComplete;
      input.focus();
      return;
    }
    this.sending = true;
    const result = await sendForm(() => this.ctx.api.followStreet(this.streetId, email, this.ctx.i18n.lang), { email: 'email' }, {
      message: () => t('follow.emailInvalid'),
    });
    this.sending = false;
    if (result.ok) {
      this.errors = {};
      this.askedFor = email;
      this.email = '';
      this.ctx.announce(t('follow.sent', { email }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.notice')?.focus();
      return;
    }
    const err = result.error;
    if (err instanceof ApiError && err.code === 'too_many_subscriptions') this.errors = { email: t('follow.tooMany') };
    else if (err instanceof ApiError && err.status === 429) this.failure = t('follow.rateLimited');
    else if (result.errors.email) this.errors = result.errors;
    else this.failure = t('follow.failed', { message: (err as Error).message });
    await this.updateComplete;
    if (this.errors.email) input.focus();
  }

  override render() {
    const { t } = this.ctx.i18n;
    return html`<section aria-labelledby="follow-heading">
      <h3 id="follow-heading">${t('follow.heading')}</h3>
      <p>${t('follow.intro', { street: this.streetName })}</p>
      ${this.askedFor
        ? html`<p class="notice success" role="status" tabindex="-1">${t('follow.sent', { email: this.askedFor })}</p>
            <button type="button" class="button" @click=${() => (this.askedFor = '')}>${t('follow.another')}</button>`
        : html`<form novalidate @submit=${this.submit}>
              ${formField(
                { id: 'follow-email', label: t('follow.email'), error: this.errors.email, required: true },
                (aria) => html`<input
                  id="follow-email"
                  type="email"
                  autocomplete="email"
                  maxlength="254"
                  .value=${this.email}
                  aria-invalid=${aria.invalid}
                  aria-describedby=${aria.describedBy}
                  aria-required=${aria.required}
                  @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)}
                />`,
              )}
              <button class="button primary" part="primary-button" type="submit" ?disabled=${this.sending}>${t('follow.button')}</button>
            </form>
            <p class="hint">${t('follow.privacy')}</p>
            ${this.failure ? html`<p class="notice error" role="alert">${this.failure}</p>` : nothing}`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-follow-street': FollowStreet;
  }
}
