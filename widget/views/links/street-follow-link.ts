import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import { baseStyles } from '../../styles.ts';

export type StreetLinkPurpose = 'street_confirm' | 'street_unsubscribe';

/**
 * The links of "Segui questa via" mails: confirm following a street, or stop. Opening the link
 * does nothing (mail scanners open every link); the one button sends the token.
 */
@customElement('segnala-street-follow-link')
export class StreetFollowLink extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .notice:focus {
        outline: 2px solid var(--_primary);
        outline-offset: 2px;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property({ attribute: false }) purpose!: StreetLinkPurpose;
  @property({ attribute: false }) token = '';

  @state() private sending = false;
  @state() private done = '';
  @state() private failure = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('token') || changed.has('purpose')) {
      this.done = '';
      this.failure = '';
    }
  }

  private async act() {
    const { t } = this.ctx.i18n;
    const confirm = this.purpose === 'street_confirm';
    this.sending = true;
    this.failure = '';
    try {
      if (confirm) {
        const answer = await this.ctx.api.confirmStreetFollow(this.token);
        this.done = t('follow.link.confirmed', { street: answer.street.name });
      } else {
        await this.ctx.api.unfollowStreet(this.token);
        this.done = t('follow.link.unsubscribed');
      }
      this.ctx.announce(this.done);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      this.failure =
        code === 'link_expired'
          ? t(confirm ? 'follow.link.expiredConfirm' : 'follow.link.expired')
          : code === 'link_used'
            ? t(confirm ? 'follow.link.usedConfirm' : 'follow.link.usedUnsubscribe')
            : code === 'invalid_link'
              ? t('link.unknown')
              : t('follow.failed', { message: (err as Error).message });
    } finally {
      this.sending = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.notice')?.focus();
  }

  override render() {
    const { t } = this.ctx.i18n;
    const confirm = this.purpose === 'street_confirm';
    return html`<h2 tabindex="-1">${t(confirm ? 'follow.link.confirmHeading' : 'follow.link.unsubscribeHeading')}</h2>
      ${this.done
        ? html`<p class="notice success" role="status" tabindex="-1">${this.done}</p>`
        : html`<p>${t(confirm ? 'follow.link.confirmIntro' : 'follow.link.unsubscribeIntro')}</p>
            ${this.failure ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>` : nothing}
            <div class="actions">
              <button type="button" class="button primary" part="primary-button" ?disabled=${this.sending} @click=${this.act}>
                ${t(confirm ? 'follow.link.confirmButton' : 'follow.link.unsubscribeButton')}
              </button>
            </div>`}
      <p>
        <a href="#segnala/streets" @click=${(e: Event) => { e.preventDefault(); this.ctx.navigate({ view: 'streets' }); }}>${t('streets.allStreets')}</a>
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-street-follow-link': StreetFollowLink;
  }
}
