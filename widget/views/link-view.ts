import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { chunkErrorText } from '../i18n.ts';
import type { LinkPurpose, WidgetContext } from '../context.ts';
import { baseStyles } from '../styles.ts';
import './links/street-follow-link.ts';
import './links/resolution-check-link.ts';
import './links/citizen-reply-link.ts';

/**
 * Where a link from an e-mail lands (`#segnala/link/<purpose>/<token>`, server/services/signed-links.ts).
 * Opening it does nothing by itself — mail scanners open every link — so each purpose's element shows
 * what the link is for and acts only when the citizen confirms. This element picks that element.
 */
@customElement('segnala-link')
export class LinkView extends LitElement {
  static override styles = [baseStyles];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property({ attribute: false }) purpose!: LinkPurpose;
  @property({ attribute: false }) token = '';

  /** The outside body's page is a piece of its own: citizens' links never download it. */
  private bodyPage?: Promise<unknown>;
  /** Its piece did not download (offline, a deploy removed it): said, with a retry. */
  @state() private bodyPageFailed = false;

  protected override willUpdate() {
    if (this.purpose === 'body_update' && !this.bodyPage && !this.bodyPageFailed) {
      this.bodyPage = import('./links/body-update-link.ts').then(
        () => this.requestUpdate(),
        () => {
          this.bodyPage = undefined;
          this.bodyPageFailed = true;
        },
      );
    }
  }

  override render() {
    const { t } = this.ctx.i18n;
    switch (this.purpose) {
      // Follow a street: confirm, or stop following
      case 'street_confirm':
      case 'street_unsubscribe':
        return html`<segnala-street-follow-link .ctx=${this.ctx} .purpose=${this.purpose} .token=${this.token}></segnala-street-follow-link>`;
      // Is it really fixed? (the three answers of the mail)
      case 'resolution_check':
        return html`<segnala-resolution-check-link .ctx=${this.ctx} .token=${this.token}></segnala-resolution-check-link>`;
      // The office asks the citizen for information: the answer form
      case 'citizen_reply':
        return html`<segnala-citizen-reply-link .ctx=${this.ctx} .token=${this.token}></segnala-citizen-reply-link>`;
      // An outside body a report was forwarded to: its updates (loaded on first use)
      case 'body_update': {
        if (customElements.get('segnala-body-update-link')) return html`<segnala-body-update-link .ctx=${this.ctx} .token=${this.token}></segnala-body-update-link>`;
        const failed = chunkErrorText[this.ctx.i18n.lang];
        return this.bodyPageFailed
          ? html`<div class="notice error" role="alert"><p>${failed.message}</p><button type="button" part="button" @click=${() => (this.bodyPageFailed = false)}>${failed.retry}</button></div>`
          : html`<p role="status">${t('loading')}</p>`;
      }
      default:
        // A purpose this widget has no page for: a link from a newer server, or a cut one.
        return html`<h2 tabindex="-1">${t('link.heading')}</h2>
          <p class="notice error" role="alert">${t('link.unknown')}</p>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-link': LinkView;
  }
}
