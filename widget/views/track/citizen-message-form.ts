import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { TEXT_MAX } from '../../../server/domain/formats.ts';
import { ApiError, type CitizenMessageAnswer, type CitizenProof, type ReportStatus } from '../../api.ts';
import '../../components/photo-picker.ts';
import { type PhotoDraft, type PhotoPicker, releasePhotos } from '../../components/photo-picker.ts';
import type { WidgetContext } from '../../context.ts';
import { type FieldErrors, firstFieldError, sendForm } from '../../forms/field-errors.ts';
import { formField } from '../../forms/form-field.ts';
import { statusLabel } from '../../status.ts';
import { baseStyles } from '../../styles.ts';
import { citizenMessageStyles } from './citizen-message-form.styles.ts';

type Field = 'message' | 'photos';
const FIELDS: readonly Field[] = ['message', 'photos'];
/** The server's field names (routes/citizen-messages.ts) to this form's. */
const SERVER_FIELDS: Record<string, Field> = { message: 'message', photos: 'photos', 'photos.0': 'photos', 'photos.1': 'photos', 'photos.2': 'photos' };

/** What went wrong, in the citizen's words. */
export function citizenMessageFailure(ctx: WidgetContext, err: unknown): string {
  const { t } = ctx.i18n;
  const code = err instanceof ApiError ? err.code : '';
  if (code === 'invalid_link') return t('link.unknown');
  if (code === 'link_expired') return t('citizen.expired');
  if (code === 'report_closed') return t('citizen.closed');
  if (code === 'rate_limited') return t('citizen.tooMany');
  if (err instanceof ApiError && err.status === 0) return t('error.network');
  return t('citizen.failed', { message: (err as Error).message });
}

/**
 * The reporter adds a message and up to three photos to their report (README "HTTP API",
 * `POST /track/{code}/messages`, or with the office's mailed link `/citizen-replies/{token}/messages`).
 * On the tracking page with the code typed there; on the link's page with its token. Whether the
 * message is public at once follows the municipality's moderation rule; the answer says which.
 *
 * @fires citizen-message-sent - The message arrived (`detail`: the server's answer), bubbling and composed.
 */
@customElement('segnala-citizen-message')
export class CitizenMessageForm extends LitElement {
  static override styles = [baseStyles, citizenMessageStyles];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** The tracking code (normalised), on the tracking page. */
  @property() code = '';
  /** The token of a `citizen_reply` link, on the link's page. */
  @property() token = '';
  /** Heading and intro for an answer to the office's question, instead of a plain addition. */
  @property({ type: Boolean }) reply = false;
  /** The report's status, on the tracking page: waiting for the citizen makes this the answer to the office. */
  @property({ attribute: false }) status?: ReportStatus;

  @state() private message = '';
  @state() private photos: PhotoDraft[] = [];
  @state() private errors: FieldErrors<Field> = {};
  @state() private sending = false;
  @state() private progress?: number;
  @state() private sent?: CitizenMessageAnswer;
  @state() private failure = '';

  private get proof(): CitizenProof | undefined {
    return this.token ? { token: this.token } : this.code ? { code: this.code } : undefined;
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    releasePhotos(this.photos);
  }

  private async send(e: Event) {
    e.preventDefault();
    const proof = this.proof;
    if (!proof || this.sending) return;
    const { t } = this.ctx.i18n;
    this.failure = '';
    if (!this.message.trim()) {
      this.errors = { message: t('citizen.required') };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#cm-message')?.focus();
      this.ctx.announce(this.errors.message!);
      return;
    }
    this.errors = {};
    this.sending = true;
    this.progress = undefined;
    this.ctx.announce(t('citizen.sending'));
    const files = this.photos.map((p) => p.file);
    const result = await sendForm(
      () =>
        this.ctx.api.addCitizenMessage(proof, this.message, files, (p) => {
          if (p.total) this.progress = Math.round((100 * p.loaded) / p.total);
        }),
      SERVER_FIELDS,
    );
    this.sending = false;
    this.progress = undefined;
    if (result.ok) {
      this.sent = result.value;
      releasePhotos(this.photos);
      this.photos = [];
      this.message = '';
      this.dispatchEvent(new CustomEvent('citizen-message-sent', { detail: result.value }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.sent')?.focus();
      this.ctx.announce(this.sentText(result.value));
      return;
    }
    if (Object.keys(result.errors).length) {
      this.errors = result.errors;
      await this.updateComplete;
      const first = firstFieldError(this.errors, FIELDS);
      if (first === 'photos') this.renderRoot.querySelector<PhotoPicker>('segnala-photo-picker')?.focus();
      else this.renderRoot.querySelector<HTMLElement>('#cm-message')?.focus();
      this.ctx.announce(Object.values(this.errors).join(' '));
      return;
    }
    this.failure = citizenMessageFailure(this.ctx, result.error);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.notice.error')?.focus();
    this.ctx.announce(this.failure);
  }

  private sentText(a: CitizenMessageAnswer): string {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const base = a.public ? t('citizen.sent') : t('citizen.sentModerated');
    // An answer to the office's question puts the report back with the office: say where it stands.
    return this.reply || this.status === 'waiting_for_citizen' ? `${base} ${t('citizen.sentBack', { status: statusLabel(i18n, a.status) })}` : base;
  }

  override render() {
    const { t } = this.ctx.i18n;
    if (!this.proof) return nothing;
    if (this.sent) {
      return html`<section aria-labelledby="cm-h">
        <h4 id="cm-h">${t(this.reply ? 'citizen.replyHeading' : 'citizen.heading')}</h4>
        <p class="notice success sent" tabindex="-1">${this.sentText(this.sent)}</p>
        <button type="button" class="link" @click=${() => (this.sent = undefined)}>${t('citizen.another')}</button>
      </section>`;
    }
    return html`<section aria-labelledby="cm-h">
      ${this.reply
        ? nothing
        : this.status === 'waiting_for_citizen'
          ? html`<h4 id="cm-h">${t('citizen.replyHeading')}</h4>
              <p class="notice">${t('citizen.waiting')}</p>`
          : html`<h4 id="cm-h">${t('citizen.heading')}</h4>
              <p>${t('citizen.intro')}</p>`}
      <form novalidate @submit=${this.send} aria-labelledby=${this.reply ? nothing : 'cm-h'} aria-label=${this.reply ? t('citizen.replyHeading') : nothing}>
        ${formField(
          { id: 'cm-message', label: t('citizen.message'), hint: t('citizen.messageHint'), error: this.errors.message, required: true },
          (aria) => html`<textarea
            id="cm-message"
            maxlength=${TEXT_MAX.details}
            .value=${this.message}
            aria-invalid=${aria.invalid}
            aria-describedby=${aria.describedBy}
            aria-required=${aria.required}
            @input=${(e: Event) => {
              this.message = (e.target as HTMLTextAreaElement).value;
              if (this.errors.message) this.errors = { ...this.errors, message: undefined };
            }}
          ></textarea>`,
        )}
        <fieldset>
          <legend>${t('citizen.photos')}</legend>
          <segnala-photo-picker
            exportparts="button"
            .ctx=${this.ctx}
            .value=${this.photos}
            error=${this.errors.photos ?? ''}
            @change=${(e: Event) => {
              this.photos = (e.target as PhotoPicker).value;
              if (this.errors.photos) this.errors = { ...this.errors, photos: undefined };
            }}
          ></segnala-photo-picker>
        </fieldset>
        ${this.failure ? html`<p class="notice error" role="alert" tabindex="-1">${this.failure}</p>` : nothing}
        <button type="submit" class="button primary" part="primary-button" ?disabled=${this.sending} aria-describedby=${this.progress !== undefined ? 'cm-progress' : nothing}>
          ${this.sending ? t('citizen.sending') : t('citizen.send')}
        </button>
        ${this.progress !== undefined ? html`<p class="muted" id="cm-progress">${t('citizen.progress', { percent: String(this.progress) })}</p>` : nothing}
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-citizen-message': CitizenMessageForm;
  }
}
