import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { baseStyles } from '../../../styles.ts';
import type { AdminContext } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { errorMessage } from '../errors.ts';

/**
 * On a citizen's message held for moderation (the municipality publishes reports after a look by
 * staff): one button makes it public with its photos (`POST …/events/{id}/publish`, README "HTTP
 * API"). Fires `segnala-admin-report-changed` (bubbling, composed) so the report page reloads.
 */
@customElement('segnala-admin-publish-citizen-message')
export class PublishCitizenMessage extends LitElement {
  static override styles = [baseStyles, adminStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  @property() reference = '';
  @property() eventId = '';

  @state() private busy = false;
  @state() private error = '';

  private async publish() {
    this.busy = true;
    this.error = '';
    try {
      await this.ctx.api.publishCitizenMessage(this.reference, this.eventId);
      this.ctx.announce(this.ctx.i18n.t('detail.citizenPublished'));
      this.dispatchEvent(new CustomEvent('segnala-admin-report-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<button type="button" class="small" ?disabled=${this.busy} @click=${this.publish}>${this.ctx.i18n.t('detail.publishCitizen')}</button>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-publish-citizen-message': PublishCitizenMessage;
  }
}
