import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { TEXT_MAX } from '../../../server/domain/formats.ts';
import type { ServiceRating } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import { fieldError, formField } from '../../forms/form-field.ts';
import { sendForm, type FieldErrors } from '../../forms/field-errors.ts';
import { baseStyles } from '../../styles.ts';
import { resolutionFailure } from './resolution-check.ts';

type RatingField = 'rating' | 'comment';

/**
 * On the tracking page, once the report is closed (resolved or rejected): the reporter rates the
 * service 1–5 with an optional comment (`/ratings/track/{code}`, README "HTTP API"), and may change
 * it until the window closes. The rating is never shown to the public; the console's statistics
 * count it. Renders nothing while the report is open or once the window has closed.
 */
@customElement('segnala-service-rating')
export class ServiceRatingForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        max-width: 40rem;
        margin: 0 0 1.5rem;
      }
      .stars {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
      }
      .stars label {
        display: flex;
        gap: 0.4em;
        align-items: center;
        font-weight: 600;
        min-height: 2.75rem;
      }
      .stars input {
        width: 1.3rem;
        height: 1.3rem;
        margin: 0;
        accent-color: var(--_primary);
      }
      textarea {
        width: 100%;
        min-height: 5rem;
      }
      .notice:focus {
        outline: 2px solid var(--_primary);
        outline-offset: 2px;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** The tracking code (normalised). */
  @property() code = '';
  /** The report's status as the page shows it: a report reopened meanwhile is no longer rated. */
  @property({ attribute: false }) status?: string;

  @state() private view?: ServiceRating;
  @state() private rating = 0;
  @state() private comment = '';
  @state() private errors: FieldErrors<RatingField> = {};
  @state() private sending = false;
  @state() private message = '';
  @state() private failure = '';
  private loaded = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('code') && this.code && this.code !== this.loaded) {
      this.loaded = this.code;
      this.view = undefined;
      this.message = '';
      this.failure = '';
      this.errors = {};
      void this.load();
    }
  }

  private async load() {
    try {
      this.view = await this.ctx.api.serviceRating(this.code);
      this.rating = this.view.rating ?? 0;
      this.comment = this.view.comment ?? '';
    } catch {
      // The tracking page already says what went wrong with the code.
      this.view = undefined;
    }
  }

  private async send(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    this.message = '';
    this.failure = '';
    if (!this.rating) {
      this.errors = { rating: t('rating.required') };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('input[name="rating"]')?.focus();
      this.ctx.announce(this.errors.rating!);
      return;
    }
    this.errors = {};
    this.sending = true;
    const result = await sendForm(() => this.ctx.api.rateService(this.code, this.rating, this.comment), { rating: 'rating', comment: 'comment' });
    this.sending = false;
    if (result.ok) {
      this.view = result.value;
      this.message = t('rating.saved');
      this.ctx.announce(this.message);
    } else if (Object.keys(result.errors).length) {
      this.errors = result.errors;
      this.ctx.announce(Object.values(result.errors).join(' '));
    } else {
      this.failure = resolutionFailure(this.ctx, result.error, 'rating.failed');
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.errors.comment ? '#rating-comment' : '.notice')?.focus();
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const v = this.view;
    if (!v?.open || (this.status !== undefined && this.status !== 'resolved' && this.status !== 'rejected')) return nothing;
    return html`<section aria-labelledby="rating-h">
      <h4 id="rating-h">${t('rating.heading')}</h4>
      <p>${t('rating.intro')}</p>
      ${v.rating && v.until ? html`<p>${t('rating.current', { rating: String(v.rating), date: i18n.date(v.until) })}</p>` : nothing}
      <form novalidate @submit=${this.send}>
        <fieldset aria-describedby=${this.errors.rating ? 'rating-error' : nothing} aria-invalid=${this.errors.rating ? 'true' : nothing}>
          <legend>${t('rating.legend')}</legend>
          ${fieldError('rating', this.errors.rating)}
          <div class="stars">
            ${[1, 2, 3, 4, 5].map(
              (n) => html`<label>
                <input
                  type="radio"
                  name="rating"
                  value=${n}
                  .checked=${this.rating === n}
                  @change=${() => {
                    this.rating = n;
                    this.errors = { ...this.errors, rating: undefined };
                  }}
                />
                ${t('rating.value', { rating: String(n) })}
              </label>`,
            )}
          </div>
        </fieldset>
        ${formField(
          { id: 'rating-comment', label: t('rating.comment'), error: this.errors.comment },
          (aria) => html`<textarea
            id="rating-comment"
            maxlength=${TEXT_MAX.ratingComment}
            .value=${this.comment}
            aria-invalid=${aria.invalid}
            aria-describedby=${aria.describedBy}
            @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}
          ></textarea>`,
        )}
        ${this.failure ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>` : nothing}
        ${this.message ? html`<p class="notice success" role="status" tabindex="-1">${this.message}</p>` : nothing}
        <button type="submit" class="button primary" part="primary-button" ?disabled=${this.sending}>${t('rating.send')}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-service-rating': ServiceRatingForm;
  }
}
