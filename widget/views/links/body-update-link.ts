import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api.ts';
import type { Answer, PublicRoutes } from '../../contract.ts';
import { BODY_STATUSES as SERVER_BODY_STATUSES } from '../../../server/domain/body-statuses.ts';
import type { WidgetContext } from '../../context.ts';
import { formField } from '../../forms/form-field.ts';
import { statusBadge, statusLabel } from '../../status.ts';
import { baseStyles } from '../../styles.ts';
import { historyList } from '../report-detail-view.ts';
import { historyStyles } from '../report-detail-view.styles.ts';

/** What `GET /body-links/{token}` gives the body, typed from the route (server/routes/body-links.ts). */
type BodyContext = Answer<PublicRoutes['body-links'][':token']['$get']>;

/** The statuses a body may give (the server's BODY_STATUSES); empty: only a message. */
const BODY_STATUSES = ['', ...SERVER_BODY_STATUSES] as const;
type Field = 'message' | 'status' | 'expectedAt';

/**
 * An outside body's page, opened from the mail a report was forwarded with
 * (`#segnala/link/body_update/<token>`, README "Outside bodies"): the report as the body needs it
 * (what, where, status, public history; never the reporter's contact) and a form for an update —
 * a message, and a new status when it changes — that the citizens see, attributed to the body.
 * Opening it only reads (mail scanners open every link); sending posts the update. A link that no
 * longer works (forwarded elsewhere, forged, expired) says so without saying why.
 */
@customElement('segnala-body-update-link')
export class BodyUpdateLink extends LitElement {
  static override styles = [
    baseStyles,
    historyStyles,
    css`
      .description {
        white-space: pre-line;
      }
      form {
        margin: 1.5rem 0;
        max-width: 40rem;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property({ attribute: false }) token = '';

  @state() private context?: BodyContext;
  @state() private loading = false;
  @state() private failure = '';
  @state() private sending = false;
  @state() private sent = '';
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private status: (typeof BODY_STATUSES)[number] = '';
  @state() private message = '';
  @state() private expectedAt = '';
  private loaded = '';

  protected override willUpdate(changed: Map<string, unknown>) {
    if ((changed.has('token') || changed.has('ctx')) && this.ctx && this.token !== this.loaded) {
      this.loaded = this.token;
      void this.load();
    }
  }

  private url(path = '') {
    return `${this.ctx.api.base}/body-links/${encodeURIComponent(this.token)}${path}`;
  }

  private async call<T>(init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(init ? this.url('/updates') : this.url(), { cache: 'no-store', credentials: 'omit', ...init });
    } catch (err) {
      throw new ApiError(0, 'network', (err as Error).message);
    }
    const body = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = (body as { error?: { code?: string; message?: string; details?: { fields?: { field: string; message: string }[] } } })?.error;
      throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? res.statusText, e?.details?.fields ?? []);
    }
    return body as T;
  }

  private failureText(err: unknown) {
    const { t } = this.ctx.i18n;
    if (!(err instanceof ApiError)) return t('body.failed');
    if (err.status === 404) return t('body.notValid');
    if (err.status === 410) return t('body.expired');
    if (err.code === 'rate_limited') return t('citizen.tooMany');
    if (err.status === 0) return t('error.network');
    return t('body.failed');
  }

  private async load() {
    this.context = undefined;
    this.failure = '';
    this.loading = true;
    try {
      this.context = await this.call<BodyContext>();
    } catch (err) {
      this.failure = this.failureText(err);
      this.ctx.announce(this.failure);
    } finally {
      this.loading = false;
    }
  }

  private async send(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    const errors: Partial<Record<Field, string>> = {};
    if (!this.message.trim()) errors.message = t('body.messageRequired');
    if (this.status === 'scheduled' && !this.expectedAt) errors.expectedAt = t('body.dateRequired');
    this.errors = errors;
    this.failure = '';
    if (Object.keys(errors).length) return this.focusFirstError();
    this.sending = true;
    try {
      const result = await this.call<Answer<PublicRoutes['body-links'][':token']['updates']['$post']>>({
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          message: this.message,
          ...(this.status ? { status: this.status } : {}),
          ...(this.status === 'scheduled' ? { expectedAt: this.expectedAt } : {}),
        }),
      });
      this.sent = t('body.sent', { status: statusLabel(this.ctx.i18n, result.status) });
      this.message = '';
      this.status = '';
      this.expectedAt = '';
      this.ctx.announce(this.sent);
      await this.load();
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : [];
      if (fields.length) {
        this.errors = Object.fromEntries(fields.filter((f) => ['message', 'status', 'expectedAt'].includes(f.field)).map((f) => [f.field, f.message]));
        if (Object.keys(this.errors).length) return this.focusFirstError();
      }
      this.failure = this.failureText(err);
      this.ctx.announce(this.failure);
    } finally {
      this.sending = false;
    }
  }

  private async focusFirstError() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private form() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    return html`<form novalidate @submit=${this.send} aria-labelledby="bu-h">
      <h3 id="bu-h">${t('body.formHeading')}</h3>
      <p>${t('body.formIntro')}</p>
      ${formField({ id: 'bu-status', label: t('body.status'), error: this.errors.status }, (aria) => html`<select
          id="bu-status"
          aria-invalid=${aria.invalid}
          aria-describedby=${aria.describedBy}
          @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as typeof this.status)}
        >
          ${BODY_STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.status}>${s ? statusLabel(i18n, s) : t('body.sameStatus')}</option>`)}
        </select>`)}
      ${this.status === 'scheduled'
        ? formField({ id: 'bu-date', label: t('body.date'), error: this.errors.expectedAt, required: true }, (aria) => html`<input
              id="bu-date"
              type="date"
              .value=${this.expectedAt}
              aria-invalid=${aria.invalid}
              aria-describedby=${aria.describedBy}
              aria-required=${aria.required}
              @input=${(e: Event) => (this.expectedAt = (e.target as HTMLInputElement).value)}
            />`)
        : nothing}
      ${formField({ id: 'bu-message', label: t('body.message'), hint: t('body.messageHint'), error: this.errors.message, required: true }, (aria) => html`<textarea
          id="bu-message"
          maxlength="2000"
          .value=${this.message}
          aria-invalid=${aria.invalid}
          aria-describedby=${aria.describedBy}
          aria-required=${aria.required}
          @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}
        ></textarea>`)}
      <button type="submit" class="button primary" part="primary-button" ?disabled=${this.sending}>${t(this.sending ? 'citizen.sending' : 'body.send')}</button>
    </form>`;
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const c = this.context;
    return html`<h2 tabindex="-1">${t('body.heading')}</h2>
      ${this.loading && !c ? html`<p role="status">${t('loading')}</p>` : nothing}
      ${this.failure ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>` : nothing}
      ${this.sent ? html`<p class="notice success" role="status">${this.sent}</p>` : nothing}
      ${c
        ? html`<p>${t('body.intro', { body: c.body.name, reference: c.reference })}</p>
            <h3>${c.title}</h3>
            <p>${statusBadge(i18n, c.status)}</p>
            <dl class="facts">
              <dt>${t('detail.category')}</dt>
              <dd>${c.category}</dd>
              ${c.place ? html`<dt>${t('detail.place')}</dt><dd>${c.place}</dd>` : nothing}
            </dl>
            <p class="description">${c.description}</p>
            ${this.form()}
            <h3>${t('detail.history')}</h3>
            ${historyList(i18n, c.events)}`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-body-update-link': BodyUpdateLink;
  }
}
