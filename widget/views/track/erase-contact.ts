import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import { baseStyles } from '../../styles.ts';
import { eraseContactStyles } from './erase-contact.styles.ts';

/**
 * On the tracking page: the reporter erases their own name, e-mail and phone
 * (`DELETE /track/{trackingCode}/contact`, README "HTTP API"), after a confirmation on the page.
 * Shown only while the server says it holds some (`personalDataHeld`); says so once they are gone.
 * Fires `contact-erased` on itself (not composed: the host page never sees it) when the server confirms.
 */
@customElement('segnala-erase-contact')
export class EraseContact extends LitElement {
  static override styles = [
    baseStyles,
    eraseContactStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** The tracking code, as the citizen typed it (normalised). */
  @property() code = '';
  /** Whether the server still holds contact data for this report. */
  @property({ type: Boolean }) held = false;

  @state() private step: 'idle' | 'asking' | 'erasing' | 'done' = 'idle';
  @state() private error = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    // Another report looked up: start again.
    if (changed.has('code') && changed.get('code') !== undefined) {
      this.step = 'idle';
      this.error = '';
    }
  }

  private async focusOn(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private ask() {
    this.step = 'asking';
    this.error = '';
    void this.focusOn('#erase-question');
  }

  private cancel() {
    this.step = 'idle';
    void this.focusOn('#erase-open');
  }

  private async erase() {
    const { t } = this.ctx.i18n;
    this.step = 'erasing';
    this.error = '';
    try {
      await this.ctx.api.eraseContact(this.code);
      this.step = 'done';
      this.dispatchEvent(new CustomEvent('contact-erased'));
      this.ctx.announce(t('erase.done'));
      void this.focusOn('#erase-done');
    } catch (err) {
      this.step = 'asking';
      this.error = err instanceof ApiError && err.status === 0 ? t('error.network') : t('erase.failed');
      this.ctx.announce(this.error);
    }
  }

  override render() {
    const { t } = this.ctx.i18n;
    if (this.step === 'done') {
      return html`<section aria-labelledby="erase-h">
        <h4 id="erase-h">${t('erase.heading')}</h4>
        <p class="notice success" id="erase-done" tabindex="-1">${t('erase.done')}</p>
      </section>`;
    }
    if (!this.held) return nothing;
    return html`<section aria-labelledby="erase-h">
      <h4 id="erase-h">${t('erase.heading')}</h4>
      <p>${t('erase.intro')}</p>
      ${this.step === 'idle'
        ? html`<button type="button" id="erase-open" part="button" @click=${this.ask}>${t('erase.button')}</button>`
        : html`<div class="ask" role="group" aria-labelledby="erase-question">
            <p id="erase-question" tabindex="-1"><strong>${t('erase.question')}</strong></p>
            ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
            <div class="actions">
              <button type="button" class="danger" id="erase-confirm" ?disabled=${this.step === 'erasing'} @click=${this.erase}>
                ${t('erase.confirm')}
              </button>
              <button type="button" part="button" id="erase-cancel" ?disabled=${this.step === 'erasing'} @click=${this.cancel}>
                ${t('erase.cancel')}
              </button>
            </div>
          </div>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-erase-contact': EraseContact;
  }
}
