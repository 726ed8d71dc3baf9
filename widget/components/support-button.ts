import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { EMAIL_FORMAT, TEXT_MAX } from '../../server/domain/formats.ts';
import { ApiError } from '../api.ts';
import type { WidgetContext } from '../context.ts';
import { type SupportAddedDetail, emit } from '../events.ts';
import { baseStyles } from '../styles.ts';
import { supportButtonStyles } from './support-button.styles.ts';

let uid = 0;

/**
 * "Mi associo": adds this browser's voice to a report. The count changes at once, the browser
 * remembers it joined (localStorage), and an optional e-mail asks to be told of progress.
 *
 * @event segnala-support-added - `detail: { reference, supportCount }`; bubbles out of the widget.
 */
@customElement('segnala-support-button')
export class SupportButton extends LitElement {
  static override styles = [
    baseStyles,
    supportButtonStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property() reference = '';
  @property({ type: Number }) count = 0;
  /** Closed reports cannot be joined: only the count is shown. */
  @property({ type: Boolean }) closed = false;
  /** Offer the optional e-mail field. */
  @property({ type: Boolean, attribute: 'with-email' }) withEmail = false;
  /** Compact: a smaller line, for lists of suggestions. */
  @property({ type: Boolean }) compact = false;

  @state() private joined = false;
  /** Filed from this browser: its reporter is not asked to join it. */
  @state() private own = false;
  /** The e-mail given after joining is kept: said instead of the field. */
  @state() private notified = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private email = '';
  @state() private emailError = '';

  private readonly idPrefix = `sb${++uid}`;

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('reference') || changed.has('ctx')) {
      this.joined = this.ctx.supporters.hasJoined(this.reference);
      this.own = this.ctx.supporters.hasFiled(this.reference);
    }
  }

  /**
   * Joins, or, once joined, asks for updates by e-mail: the server keeps one join per token and
   * adds the address to it (README, "Mi associo").
   */
  private async join() {
    if (this.busy || (this.joined && !this.email.trim())) return;
    const { i18n } = this.ctx;
    const email = this.email.trim();
    this.emailError = '';
    if (email && !EMAIL_FORMAT.test(email)) {
      this.emailError = i18n.t('new.err.email');
      this.ctx.announce(this.emailError);
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const res = await this.ctx.api.support(this.reference, this.ctx.supporters.token(), email || undefined);
      this.count = res.supportCount;
      const wasJoined = this.joined;
      this.joined = true;
      this.ctx.supporters.markJoined(this.reference);
      if (email) {
        this.notified = email;
        this.email = '';
      }
      this.ctx.announce(
        [wasJoined ? '' : i18n.t('support.done', { count: res.supportCount }), email ? i18n.t('support.notifyDone', { email }) : ''].filter(Boolean).join(' '),
      );
      if (!wasJoined) emit<SupportAddedDetail>(this, 'segnala-support-added', { reference: this.reference, supportCount: res.supportCount });
    } catch (err) {
      const e = err as ApiError;
      if (e instanceof ApiError && e.code === 'report_closed') this.closed = true;
      const emailField = e instanceof ApiError ? e.fields.find((f) => f.field === 'email') : undefined;
      if (emailField) this.emailError = i18n.t('new.err.email');
      this.error = i18n.t('support.failed', { message: e instanceof ApiError && e.status === 0 ? i18n.t('error.network') : e.message });
      this.ctx.announce(this.error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const { i18n } = this.ctx;
    const id = this.idPrefix;
    return html`<div class="box">
        <span class="count" id="${id}-count">${i18n.plural('support.count', this.count)}</span>
        ${this.closed
          ? html`<span class="muted">${i18n.t('support.closed')}</span>`
          : this.own
            ? html`<span class="muted own">${i18n.t('support.own')}</span>`
          : this.joined
            ? html`<span class="joined"><span aria-hidden="true">✓ </span>${i18n.t('support.joined')}</span>`
            : html`<button
                type="button"
                class="primary"
                part="primary-button"
                aria-describedby="${id}-count"
                ?disabled=${this.busy}
                @click=${this.join}
              >
                <span aria-hidden="true">+1</span> ${i18n.t('support.button')}
              </button>`}
      </div>
      ${this.notified ? html`<p class="notified">${i18n.t('support.notifyDone', { email: this.notified })}</p>` : nothing}
      ${this.withEmail && !this.closed && !this.own && !this.notified
        ? html`<details>
            <summary>${i18n.t('support.emailToggle')}</summary>
            <div class="email field">
              <label for="${id}-email">${i18n.t('support.email')}</label>
              ${this.emailError ? html`<span class="error-text" id="${id}-email-error">${this.emailError}</span>` : nothing}
              <input
                id="${id}-email"
                type="email"
                autocomplete="email"
                maxlength=${TEXT_MAX.email}
                .value=${this.email}
                aria-invalid=${this.emailError ? 'true' : nothing}
                aria-describedby=${this.emailError ? `${id}-email-error` : nothing}
                @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)}
              />
              ${this.joined
                ? html`<button type="button" part="button" class="notify" ?disabled=${this.busy} @click=${this.join}>${i18n.t('support.notify')}</button>`
                : nothing}
            </div>
          </details>`
        : nothing}
      ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-support-button': SupportButton;
  }
}
