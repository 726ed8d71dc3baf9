import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { normalizeTrackingCode } from '../../server/domain/formats.ts';
import { ApiError, type TrackedReport } from '../api.ts';
import '../components/photo-gallery.ts';
import type { WidgetContext } from '../context.ts';
import { statusBadge } from '../status.ts';
import { baseStyles } from '../styles.ts';
import { historyList } from './report-detail-view.ts';
import { historyStyles } from './report-detail-view.styles.ts';
import { trackViewStyles } from './track-view.styles.ts';
import './track/erase-contact.ts';
import './track/resolution-check.ts';
import './track/service-rating.ts';
import './track/citizen-message-form.ts';
import { trackedPromise } from './track/promise.ts';


/** The reporter's view: tracking code in; status, dates and the office's replies out. */
@customElement('segnala-track')
export class TrackView extends LitElement {
  static override styles = [
    baseStyles,
    historyStyles,
    trackViewStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** Prefills the code (after filing) and looks it up at once. */
  @property() code = '';

  @state() private text = '';
  @state() private error = '';
  @state() private report?: TrackedReport;
  /** The code the shown report was found by (normalised), for the actions on it. */
  @state() private foundCode = '';
  @state() private loading = false;

  focusHeading() {
    this.renderRoot.querySelector<HTMLElement>(this.report ? '.result h3' : 'h2')?.focus();
  }

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('code') && this.code) {
      this.text = this.code;
      void this.lookUp();
    }
  }

  private async lookUp() {
    const { t } = this.ctx.i18n;
    const code = normalizeTrackingCode(this.text);
    this.report = undefined;
    if (!code) {
      this.error = t('track.invalid');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.focus();
      this.ctx.announce(this.error);
      return;
    }
    this.error = '';
    this.loading = true;
    try {
      this.report = await this.ctx.api.track(code);
      this.foundCode = code;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.result h3')?.focus();
    } catch (err) {
      const e = err as ApiError;
      this.error =
        e instanceof ApiError && e.status === 404
          ? t('track.notFound')
          : e instanceof ApiError && e.status === 400
            ? t('track.invalid')
            : e instanceof ApiError && e.status === 0
              ? t('error.network')
              : e.message;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.focus();
      this.ctx.announce(this.error);
    } finally {
      this.loading = false;
    }
  }

  private renderResult(r: TrackedReport) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const category = this.ctx.config.categories.find((c) => c.id === r.categoryId)?.name;
    const replies = r.events.filter((e) => e.message);
    const date = (iso: string | null | undefined) =>
      iso ? html`<time datetime=${iso}>${i18n.date(iso)}</time>` : html`<span class="muted">—</span>`;
    return html`<section class="result" aria-labelledby="r-h">
      <h3 id="r-h" tabindex="-1">${r.title}</h3>
      <div class="top">
        ${statusBadge(i18n, r.status)}
        <span class="muted">${t('detail.reference', { reference: r.reference })}</span>
        ${category ? html`<span>${category}</span>` : nothing}
      </div>
      ${r.published === false ? html`<p class="notice">${t('track.notPublic')}</p>` : nothing}
      <h4>${t('track.dates')}</h4>
      <dl class="facts dates">
        <dt>${t('track.received')}</dt>
        <dd>${date(r.createdAt)}</dd>
        <dt>${t('track.accepted')}</dt>
        <dd>${date(r.acceptedAt)}</dd>
        <dt>${t('track.expected')}</dt>
        <dd>${date(r.expectedAt)}</dd>
        <dt>${t('track.closed')}</dt>
        <dd>${date(r.closedAt)}</dd>
      </dl>
      ${trackedPromise(this.ctx, r)}
      <h4>${t('track.replies')}</h4>
      ${replies.length
        ? replies.map(
            (e) => html`<div class="reply">
              <time class="muted" datetime=${e.at}>${i18n.dateTime(e.at)}</time>
              <blockquote>${e.message}</blockquote>
            </div>`,
          )
        : html`<p class="muted">${t('track.noReplies')}</p>`}
      <h4>${t('detail.history')}</h4>
      ${historyList(i18n, r.events)}
      ${/* Issue 13: the reporter's own sections (one element each) go below this line. */ nothing}
      <segnala-resolution-check
        .ctx=${this.ctx}
        code=${this.foundCode}
        @segnala-report-reopened=${() => void this.ctx.api.track(this.foundCode).then((r) => (this.report = r), () => undefined)}
      ></segnala-resolution-check>
      <segnala-service-rating .ctx=${this.ctx} code=${this.foundCode} .status=${r.status}></segnala-service-rating>
      <segnala-citizen-message .ctx=${this.ctx} code=${this.foundCode} .status=${r.status}></segnala-citizen-message>
      ${r.photos?.length
        ? html`<h4>${t('detail.photos')}</h4>
            ${r.published === false
              ? // Photos are served to the public only once the report is: until then, say they are there.
                html`<p class="muted">${i18n.plural('track.photosLater', r.photos.length)}</p>`
              : html`<segnala-photo-gallery exportparts="button" .ctx=${this.ctx} .photos=${r.photos} reference=${r.reference}></segnala-photo-gallery>`}`
        : nothing}
      ${r.published !== false
        ? html`<p>
            <a
              href="#segnala/report/${r.reference}"
              @click=${(e: Event) => {
                e.preventDefault();
                this.ctx.navigate({ view: 'report', reference: r.reference });
              }}
              >${t('track.openPublic')}</a
            >
          </p>`
        : nothing}
      <segnala-erase-contact
        .ctx=${this.ctx}
        code=${this.foundCode}
        ?held=${r.personalDataHeld}
        @contact-erased=${() => (this.report = this.report && { ...this.report, personalDataHeld: false })}
      ></segnala-erase-contact>
    </section>`;
  }

  override render() {
    const { t } = this.ctx.i18n;
    const describedBy = this.error ? 'code-hint code-error' : 'code-hint';
    return html`<h2 tabindex="-1">${t('track.heading')}</h2>
      <p>${t('track.intro')}</p>
      <form
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.lookUp();
        }}
      >
        <div class="field">
          <label for="code">${t('track.code')}</label>
          <span class="hint" id="code-hint">${t('track.codeHint')}</span>
          ${this.error ? html`<span class="error-text" id="code-error">${this.error}</span>` : nothing}
          <div class="row">
            <input
              id="code"
              type="text"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck="false"
              maxlength="20"
              .value=${this.text}
              aria-invalid=${this.error ? 'true' : nothing}
              aria-describedby=${describedBy}
              @input=${(e: Event) => (this.text = (e.target as HTMLInputElement).value)}
            />
            <button type="submit" class="primary" part="primary-button" ?disabled=${this.loading}>${t('track.submit')}</button>
          </div>
        </div>
      </form>
      <div role="status" aria-live="polite" class="visually-hidden">${this.loading ? t('loading') : ''}</div>
      ${this.report ? this.renderResult(this.report) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-track': TrackView;
  }
}
