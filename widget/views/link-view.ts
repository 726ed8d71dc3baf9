import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LinkPurpose, WidgetContext } from '../context.ts';
import { baseStyles } from '../styles.ts';

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

  override render() {
    const { t } = this.ctx.i18n;
    switch (this.purpose) {
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
