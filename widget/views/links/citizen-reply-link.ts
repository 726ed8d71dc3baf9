import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CitizenReplyContext } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import { statusBadge } from '../../status.ts';
import { baseStyles } from '../../styles.ts';
import { citizenMessageFailure } from '../track/citizen-message-form.ts';
import '../track/citizen-message-form.ts';

/**
 * The office's question, mailed with a link (`#segnala/link/citizen_reply/<token>`): the page shows
 * the question (`GET /citizen-replies/{token}` only reads: mail scanners open every link) and the
 * answer form; sending it (`POST /citizen-replies/{token}/messages`) adds the citizen's message to
 * that report only and puts it back with the office. No tracking code needed: the token proves it.
 */
@customElement('segnala-citizen-reply-link')
export class CitizenReplyLink extends LitElement {
  static override styles = [
    baseStyles,
    css`
      blockquote {
        margin: 0.5rem 0 1rem;
        padding: 0.5rem 1rem;
        border-left: 4px solid var(--_primary);
        white-space: pre-line;
      }
      .notice:focus {
        outline: 2px solid var(--_primary);
        outline-offset: 2px;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property({ attribute: false }) token = '';

  @state() private context?: CitizenReplyContext;
  @state() private loading = false;
  @state() private failure = '';
  private loaded = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    if ((changed.has('token') || changed.has('ctx')) && this.ctx && this.token !== this.loaded) {
      this.loaded = this.token;
      void this.load();
    }
  }

  private async load() {
    this.context = undefined;
    this.failure = '';
    this.loading = true;
    try {
      this.context = await this.ctx.api.citizenReply(this.token);
    } catch (err) {
      this.failure = citizenMessageFailure(this.ctx, err);
      this.ctx.announce(this.failure);
    } finally {
      this.loading = false;
    }
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const c = this.context;
    return html`<h2 tabindex="-1">${t('citizen.replyHeading')}</h2>
      ${this.loading ? html`<p role="status">${t('loading')}</p>` : nothing}
      ${this.failure ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>` : nothing}
      ${c
        ? html`<p>${t('citizen.replyIntro', { reference: c.reference })}</p>
            <p>${statusBadge(i18n, c.status)}</p>
            ${c.question
              ? html`<h3>${t('citizen.question')}</h3>
                  <blockquote>${c.question}</blockquote>`
              : nothing}
            <segnala-citizen-message .ctx=${this.ctx} token=${this.token} reply></segnala-citizen-message>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-citizen-reply-link': CitizenReplyLink;
  }
}
