import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type ResolutionAnswer, type ResolutionLinkPreview } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import { baseStyles } from '../../styles.ts';
import { ANSWER_KEYS, resolutionFailure } from '../track/resolution-check.ts';

/**
 * The answers of the "is it really fixed?" mail (`#segnala/link/resolution_check/<token>`): the
 * page shows the answer the citizen chose, ready to confirm with one button. Opening it records
 * nothing (`GET /resolution-checks/link` only reads; mail scanners open every link); the button
 * sends the token (`POST /resolution-checks/link`). A later answer replaces an earlier one.
 */
@customElement('segnala-resolution-check-link')
export class ResolutionCheckLink extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .actions {
        margin: 1rem 0 1.5rem;
      }
      .chosen {
        font-size: 1.2em;
        font-weight: 700;
      }
      .notice:focus {
        outline: 2px solid var(--_primary);
        outline-offset: 2px;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property({ attribute: false }) token = '';

  @state() private preview?: ResolutionLinkPreview;
  @state() private loading = false;
  @state() private sending = false;
  @state() private done = '';
  @state() private failure = '';
  private loaded = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    if ((changed.has('token') || changed.has('ctx')) && this.ctx && this.token !== this.loaded) {
      this.loaded = this.token;
      void this.load();
    }
  }

  private async load() {
    this.preview = undefined;
    this.done = '';
    this.failure = '';
    this.loading = true;
    try {
      this.preview = await this.ctx.api.previewResolutionLink(this.token);
    } catch (err) {
      this.failure = resolutionFailure(this.ctx, err);
      this.ctx.announce(this.failure);
    } finally {
      this.loading = false;
    }
  }

  private async confirm() {
    const { t } = this.ctx.i18n;
    this.sending = true;
    this.failure = '';
    try {
      const result = await this.ctx.api.confirmResolutionLink(this.token);
      this.done = t(result.reopened ? 'check.reopened' : 'check.saved');
      this.ctx.announce(this.done);
    } catch (err) {
      this.failure = resolutionFailure(this.ctx, err);
    } finally {
      this.sending = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.notice')?.focus();
  }

  private answerText(a: ResolutionAnswer) {
    return this.ctx.i18n.t(ANSWER_KEYS[a]);
  }

  override render() {
    const { t } = this.ctx.i18n;
    const p = this.preview;
    return html`<h2 tabindex="-1">${t('check.link.heading')}</h2>
      ${this.loading ? html`<p role="status">${t('loading')}</p>` : nothing}
      ${this.done
        ? html`<p class="notice success" role="status" tabindex="-1">${this.done}</p>`
        : p
          ? html`<p>${t('check.link.intro', { reference: p.reference })}</p>
              <p class="chosen">${this.answerText(p.answer)}</p>
              ${p.previous && p.previous !== p.answer ? html`<p>${t('check.link.previous', { answer: this.answerText(p.previous) })}</p>` : nothing}
              ${this.failure ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>` : nothing}
              <div class="actions">
                <button type="button" class="button primary" part="primary-button" ?disabled=${this.sending} @click=${this.confirm}>
                  ${t('check.link.confirm')}
                </button>
              </div>`
          : this.failure
            ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>`
            : nothing}
      ${p
        ? html`<p>
            <a
              href="#segnala/report/${p.reference}"
              @click=${(e: Event) => {
                e.preventDefault();
                this.ctx.navigate({ view: 'report', reference: p.reference });
              }}
              >${t('check.link.open')}</a
            >
          </p>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-resolution-check-link': ResolutionCheckLink;
  }
}
