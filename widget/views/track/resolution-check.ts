import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type ResolutionAnswer, type ResolutionQuestion } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import type { MessageKey } from '../../i18n.ts';
import { baseStyles } from '../../styles.ts';

export const ANSWER_KEYS: Record<ResolutionAnswer, MessageKey> = {
  fixed: 'check.fixed',
  not_fixed: 'check.not_fixed',
  dont_know: 'check.dont_know',
};
const ANSWERS = Object.keys(ANSWER_KEYS) as ResolutionAnswer[];

/** What went wrong with an answer or a rating, in the citizen's words. */
export function resolutionFailure(ctx: WidgetContext, err: unknown, failedKey: MessageKey = 'check.failed'): string {
  const { t } = ctx.i18n;
  const code = err instanceof ApiError ? err.code : '';
  if (code === 'invalid_link') return t('link.unknown');
  if (code === 'link_expired' || code === 'window_closed') return t(failedKey === 'rating.failed' ? 'rating.expired' : 'check.expired');
  if (code === 'not_resolved') return t('check.notResolved');
  if (err instanceof ApiError && err.status === 0) return t('error.network');
  return t(failedKey, { message: (err as Error).message });
}

/**
 * On the tracking page, after the office resolved the report: "is the problem fixed?" for the
 * reporter, by the tracking code (`/resolution-checks/track/{code}`, README "HTTP API"). "Not
 * fixed" sends the report back to the office (unless its category has reopening off); a later
 * answer replaces the earlier one, until the window closes. Renders nothing otherwise.
 * Fires `segnala-report-reopened` on itself (not composed: internal to the tracking page) when the answer reopened the report.
 */
@customElement('segnala-resolution-check')
export class ResolutionCheck extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        max-width: 40rem;
        margin: 0 0 1.5rem;
      }
      .choice {
        display: flex;
        gap: 0.6em;
        align-items: center;
        font-weight: 600;
        /* A finger's target on a phone. */
        min-height: 2.75rem;
      }
      .choice input {
        width: 1.3rem;
        height: 1.3rem;
        margin: 0;
        accent-color: var(--_primary);
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

  @state() private question?: ResolutionQuestion;
  @state() private chosen?: ResolutionAnswer;
  @state() private sending = false;
  @state() private message = '';
  @state() private failure = '';
  private loaded = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('code') && this.code && this.code !== this.loaded) {
      this.loaded = this.code;
      this.question = undefined;
      this.message = '';
      this.failure = '';
      void this.load();
    }
  }

  private async load() {
    try {
      this.question = await this.ctx.api.resolutionQuestion(this.code);
      this.chosen = this.question.answer ?? undefined;
    } catch {
      // The tracking page already says what went wrong with the code; the question just stays away.
      this.question = undefined;
    }
  }

  private async send(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    if (!this.chosen) return;
    this.sending = true;
    this.failure = '';
    this.message = '';
    try {
      const result = await this.ctx.api.answerResolution(this.code, this.chosen);
      this.message = t(result.reopened ? 'check.reopened' : 'check.saved');
      this.ctx.announce(this.message);
      if (result.reopened) {
        this.question = { open: false, answer: null, until: null };
        this.dispatchEvent(new CustomEvent('segnala-report-reopened'));
      } else if (this.question) {
        this.question = { ...this.question, answer: result.answer };
      }
    } catch (err) {
      this.failure = resolutionFailure(this.ctx, err);
    } finally {
      this.sending = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.notice')?.focus();
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const q = this.question;
    if (!q?.open) {
      return this.message ? html`<p class="notice success" role="status" tabindex="-1">${this.message}</p>` : nothing;
    }
    return html`<section aria-labelledby="check-h">
      <h4 id="check-h">${t('check.heading')}</h4>
      <p>${t('check.intro')}</p>
      ${q.answer && q.until ? html`<p>${t('check.current', { answer: t(ANSWER_KEYS[q.answer]), date: i18n.date(q.until) })}</p>` : nothing}
      <form novalidate @submit=${this.send}>
        <fieldset>
          <legend>${t('check.legend')}</legend>
          ${ANSWERS.map(
            (a) => html`<label class="choice">
              <input type="radio" name="answer" value=${a} .checked=${this.chosen === a} @change=${() => (this.chosen = a)} />
              ${t(ANSWER_KEYS[a])}
            </label>`,
          )}
        </fieldset>
        ${this.failure ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>` : nothing}
        ${this.message ? html`<p class="notice success" role="status" tabindex="-1">${this.message}</p>` : nothing}
        <button type="submit" class="button primary" part="primary-button" ?disabled=${this.sending || !this.chosen}>${t('check.send')}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-resolution-check': ResolutionCheck;
  }
}
