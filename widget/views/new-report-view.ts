import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type FiledReport, type LatLon, type Street, type UploadProgress, newIdempotencyKey } from '../api.ts';
import { type PhotoPicker, draftPhoto, releasePhotos } from '../components/photo-picker.ts';
import { FormGuard } from '../anti-spam.ts';
import type { WidgetContext } from '../context.ts';
import { type ReportFiledDetail, emit } from '../events.ts';
import { type FieldErrors, hasFieldErrors, sendForm } from '../forms/field-errors.ts';
import { fieldAria, fieldError, formField, requiredMark } from '../forms/form-field.ts';
import type { MessageKey } from '../i18n.ts';
import { leafletStyles, mapStyles } from '../map.ts';
import { reportChanges } from '../report-changes.ts';
import { reportListStyles } from '../report-list.ts';
import { baseStyles } from '../styles.ts';
import { confirmation, copyCode } from './new-report/confirmation.ts';
import { type Draft, FIELD_ORDER, type Field, type Step, emptyDraft, fieldId, validate } from './new-report/draft.ts';
import { fileDraft } from './new-report/filing.ts';
import { PlacePicker } from './new-report/place-picker.ts';
import { sendFailure } from './new-report/send-errors.ts';
import { SimilarReports } from './new-report/similar-reports.ts';
import { summarySections, uploadProgress } from './new-report/summary.ts';
import styles from './new-report-view.styles.ts';

/** A text field of the draft: what `textField` needs besides the field's name. */
interface TextFieldOptions {
  label: MessageKey;
  hint?: MessageKey;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
  maxlength?: number;
}

type TextKey = 'civic' | 'title' | 'details' | 'name' | 'email' | 'phone';

/**
 * A new report in the three steps of the national model (Designers Italia, "Segnalazione
 * disservizio"): privacy → data → summary with "Conferma e invia" → confirmation with the
 * reference and the tracking code. Going back keeps everything typed; a failed send keeps it too.
 * The parts live in `./new-report/`: the draft and its checks, the place picker, the similar
 * reports offered, the sending and the wording of a refusal, the summary and the confirmation.
 *
 * @event segnala-report-filed - A report was filed. `detail`: `{ reference, status, published }`.
 */
@customElement('segnala-new-report')
export class NewReportView extends LitElement {
  static override styles = [leafletStyles, baseStyles, mapStyles, reportListStyles, styles];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** A street to start from (the street page the user came from); what the user picked wins. */
  @property({ attribute: false }) presetStreet?: Street;

  @state() private step: Step = 1;
  @state() private draft: Draft = emptyDraft();
  @state() private errors: FieldErrors<Field> = {};
  @state() private showSummary = false;
  @state() private sending = false;
  @state() private sendError = '';
  /** How much of a filing with photos has been sent; undefined when not sending photos. */
  @state() private upload?: UploadProgress;
  /** What the live region says while sending. */
  @state() private sendStatus = '';
  @state() private filed?: FiledReport;
  @state() private copyMessage = '';

  private idempotencyKey = '';
  private guard?: FormGuard;
  private readonly place = new PlacePicker(this, {
    ctx: () => this.ctx,
    draft: () => this.draft,
    patch: (change) => (this.draft = { ...this.draft, ...change }),
    placeGiven: () => {
      if (this.errors.street) this.errors = { ...this.errors, street: undefined };
    },
  });
  private readonly similar = new SimilarReports(this, () => this.ctx);

  focusHeading() {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  /** Puts the pin at `p`, as a click on the map does (tests and the street page use it). */
  setLocation(p: LatLon, center: boolean) {
    return this.place.setLocation(p, center);
  }

  override connectedCallback() {
    super.connectedCallback();
    // The token's clock (minimum fill time) starts when the form is first shown.
    if (this.ctx) this.startGuard();
    // Back in the page (the widget keeps views while another is shown): fresh previews.
    if (this.draft.photos.some((p) => !p.url)) {
      this.draft = { ...this.draft, photos: this.draft.photos.map((p) => (p.url ? p : { ...draftPhoto(p.file), refused: p.refused })) };
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    // Out of the page: the preview URLs would keep the files in memory for as long as the page lives.
    releasePhotos(this.draft.photos);
    this.draft = { ...this.draft, photos: this.draft.photos.map((p) => ({ ...p, url: '' })) };
  }

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('ctx') && !changed.get('ctx')) {
      this.applyPresets();
      this.startGuard();
    }
    if (changed.has('presetStreet') && this.presetStreet && this.step <= 2 && !this.draft.street) {
      this.draft = { ...this.draft, street: this.presetStreet };
    }
  }

  protected override updated() {
    if (this.step === 2) void this.similar.refresh(this.draft);
  }

  private startGuard() {
    this.guard ??= new FormGuard(this.ctx.api);
    this.guard.start();
  }

  private applyPresets() {
    this.draft = {
      ...this.draft,
      street: this.draft.street ?? this.ctx.fixedStreet,
      categoryId: this.draft.categoryId ?? this.ctx.presetCategory,
    };
  }

  // ------------------------------------------------------------------------------------------
  // Moving between steps

  private async goTo(step: Step, focusField?: Field) {
    this.step = step;
    this.copyMessage = '';
    await this.updateComplete;
    if (focusField) this.focusField(focusField);
    else this.focusHeading();
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]) {
    this.draft = { ...this.draft, [key]: value };
  }

  private async next(e: Event) {
    e.preventDefault();
    const errors = validate(this.draft, this.step, this.ctx.i18n);
    this.errors = errors;
    if (hasFieldErrors(errors)) {
      await this.showErrors(errors);
      return;
    }
    this.showSummary = false;
    if (this.step === 2) this.idempotencyKey = newIdempotencyKey();
    this.sendError = '';
    await this.goTo((this.step + 1) as Step);
  }

  /** The error summary shown, focused and announced (GOV.UK's pattern). */
  private async showErrors(errors: FieldErrors<Field>) {
    this.showSummary = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    this.ctx.announce(this.ctx.i18n.plural('new.errorsTitle', Object.keys(errors).length));
  }

  private focusField(field: Field) {
    const el = this.renderRoot.querySelector<HTMLElement>(`#${fieldId(field)}`);
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  }

  private onPhotosChange(e: Event) {
    const photos = (e.target as PhotoPicker).value;
    this.draft = { ...this.draft, photos };
    if (this.errors.photos && !photos.some((p) => p.refused)) this.errors = { ...this.errors, photos: undefined };
  }

  // ------------------------------------------------------------------------------------------
  // Sending

  private async send() {
    if (this.sending) return;
    const { i18n } = this.ctx;
    const draft = this.draft;
    const { photos } = draft;
    this.sending = true;
    this.sendError = '';
    this.upload = photos.length ? { loaded: 0 } : undefined;
    try {
      this.startGuard();
      const sent = await sendForm(
        () =>
          fileDraft(this.ctx, this.guard!, draft, this.idempotencyKey, {
            status: (text) => (this.sendStatus = text),
            upload: (progress) => this.onUploadProgress(progress),
          }),
        {},
      );
      if (sent.ok) {
        await this.onFiled(sent.value);
        return;
      }
      const failure = sendFailure(sent.error, photos, i18n);
      if (failure.refused.size) {
        this.draft = { ...this.draft, photos: photos.map((p, i) => (failure.refused.has(i) ? { ...p, refused: failure.refused.get(i) } : p)) };
      }
      if (hasFieldErrors(failure.errors)) {
        // The data needs fixing: back to the form, errors tied to their fields.
        this.errors = failure.errors;
        this.showSummary = true;
        await this.goTo(2);
        await this.showErrors(failure.errors);
      } else {
        this.sendError = failure.message;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.send-error')?.focus();
      }
    } finally {
      this.sending = false;
      this.upload = undefined;
      this.sendStatus = '';
    }
  }

  private async onFiled(filed: FiledReport) {
    this.filed = filed;
    // Filed: the previews are no longer needed.
    releasePhotos(this.draft.photos);
    this.draft = { ...this.draft, photos: [] };
    this.ctx.supporters.markFiled(filed.reference);
    reportChanges.changed(filed.reference);
    emit<ReportFiledDetail>(this, 'segnala-report-filed', {
      reference: filed.reference,
      status: filed.status,
      published: filed.published ?? true,
    });
    await this.goTo(4);
  }

  private onUploadProgress(progress: UploadProgress) {
    this.upload = progress;
    if (progress.total && progress.loaded >= progress.total) this.sendStatus = this.ctx.i18n.t('new.processing');
  }

  private async copyCode() {
    this.copyMessage = await copyCode(this.filed?.trackingCode ?? '', this.renderRoot.querySelector('.code'), this.ctx.i18n);
  }

  private startOver() {
    releasePhotos(this.draft.photos);
    this.draft = emptyDraft();
    this.applyPresets();
    this.filed = undefined;
    this.errors = {};
    this.showSummary = false;
    this.place.reset();
    this.similar.reset();
    void this.goTo(1);
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private heading(titleKey: MessageKey, n?: number) {
    const { t } = this.ctx.i18n;
    return html`<h2 tabindex="-1">
      ${n ? html`<span class="step-of">${t('new.stepOf', { n, total: 3 })}</span>` : nothing}${t(titleKey)}
    </h2>`;
  }

  private progress() {
    const { t } = this.ctx.i18n;
    const steps: MessageKey[] = ['new.step1', 'new.step2', 'new.step3'];
    return html`<ol class="progress" aria-label=${t('new.steps')}>
      ${steps.map(
        (key, i) => html`<li class=${i + 1 < this.step ? 'done' : ''} aria-current=${i + 1 === this.step ? 'step' : nothing}>${t(key)}</li>`,
      )}
    </ol>`;
  }

  private errorSummary() {
    const entries = FIELD_ORDER.filter((f) => this.errors[f]).map((f) => [f, this.errors[f]!] as const);
    if (!this.showSummary || !entries.length) return nothing;
    return html`<div class="error-summary" tabindex="-1" role="group" aria-labelledby="err-h">
      <h3 id="err-h">${this.ctx.i18n.plural('new.errorsTitle', entries.length)}</h3>
      <ul>
        ${entries.map(
          ([field, message]) => html`<li>
            <a
              href="#${fieldId(field)}"
              @click=${(e: Event) => {
                e.preventDefault();
                this.focusField(field);
              }}
              >${message}</a
            >
          </li>`,
        )}
      </ul>
    </div>`;
  }

  /** A labelled text field of the draft, with its hint and error tied to it. */
  private textField(key: TextKey, opts: TextFieldOptions) {
    const { t } = this.ctx.i18n;
    const id = fieldId(key);
    const value = this.draft[key];
    const onInput = (e: Event) => this.set(key, (e.target as HTMLInputElement).value);
    const field = { id, label: t(opts.label), hint: opts.hint && t(opts.hint), error: this.errors[key], required: opts.required };
    return formField(field, (a) =>
      opts.multiline
        ? html`<textarea
            id=${id}
            .value=${value}
            ?required=${opts.required}
            aria-required=${a.required}
            aria-invalid=${a.invalid}
            aria-describedby=${a.describedBy}
            maxlength=${opts.maxlength ?? nothing}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${id}
            type=${opts.type ?? 'text'}
            .value=${value}
            autocomplete=${opts.autocomplete ?? nothing}
            aria-required=${a.required}
            aria-invalid=${a.invalid}
            aria-describedby=${a.describedBy}
            maxlength=${opts.maxlength ?? nothing}
            @input=${onInput}
          />`,
    );
  }

  private renderStep1() {
    const { t } = this.ctx.i18n;
    const url = this.ctx.config.privacyUrl;
    const id = fieldId('privacy');
    const error = this.errors.privacy;
    const aria = fieldAria({ id, error });
    return html`${this.heading('new.step1', 1)} ${this.progress()}
      <form class="narrow" novalidate @submit=${this.next}>
        ${this.errorSummary()}
        <p>${t('new.privacyText')}</p>
        ${url
          ? html`<p>
              <a href=${url} target="_blank" rel="noopener">${t('new.privacyLink')}<span class="visually-hidden"> ${t('new.privacyLinkNewTab')}</span></a>
            </p>`
          : nothing}
        <div class="field">
          ${fieldError(id, error)}
          <label class="check" for=${id}>
            <input
              id=${id}
              type="checkbox"
              .checked=${this.draft.privacyAccepted}
              aria-invalid=${aria.invalid}
              aria-describedby=${aria.describedBy}
              @change=${(e: Event) => {
                this.set('privacyAccepted', (e.target as HTMLInputElement).checked);
                if (this.draft.privacyAccepted) this.errors = {};
              }}
            />
            <span>${t('new.privacyAccept')}${requiredMark}</span>
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="primary" part="primary-button">${t('new.next')}</button>
        </div>
      </form>`;
  }

  private renderCategory() {
    const { t } = this.ctx.i18n;
    const { categoryId } = this.draft;
    const { categories } = this.ctx.config;
    const category = categories.find((c) => c.id === categoryId);
    // The hint's room is kept (two lines) even before a category is chosen: its description
    // appearing does not push the title down under the citizen's finger.
    const field = { id: fieldId('category'), label: t('new.category'), hint: category?.description ?? '', hintClass: 'category-hint', error: this.errors.category, required: true };
    return formField(
      field,
      (a) => html`<select
        id=${field.id}
        aria-required=${a.required}
        aria-invalid=${a.invalid}
        aria-describedby=${a.describedBy}
        @change=${(e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          this.set('categoryId', v ? Number(v) : undefined);
        }}
      >
        <option value="" ?selected=${!categoryId}>${t('new.categoryChoose')}</option>
        ${categories.map((c) => html`<option value=${c.id} ?selected=${categoryId === c.id}>${c.name}</option>`)}
      </select>`,
    );
  }

  private renderStep2() {
    const { t } = this.ctx.i18n;
    const d = this.draft;
    return html`${this.heading('new.step2', 2)} ${this.progress()}
      <form novalidate @submit=${this.next}>
        ${this.errorSummary()}
        <p class="muted">${t('new.requiredNote')}</p>
        ${this.place.render(this.errors.street, this.textField('civic', { label: 'new.civic', hint: 'new.civicHint', maxlength: 100 }))}
        <fieldset>
          <legend>${t('new.step2')}</legend>
          ${this.renderCategory()}
          ${this.textField('title', { label: 'new.title', hint: 'new.titleHint', required: true, maxlength: 150 })}
          ${this.textField('details', { label: 'new.details', hint: 'new.detailsHint', required: true, multiline: true, maxlength: 5000 })}
          <!-- After the fields, not above them: appearing when a category is chosen, it must not move
               the title the citizen is about to tap. -->
          ${this.similar.render()}
        </fieldset>
        <fieldset>
          <legend>${t('new.photos')}</legend>
          <segnala-photo-picker
            id="f-photos"
            exportparts="button"
            .ctx=${this.ctx}
            .value=${d.photos}
            error=${this.errors.photos ?? ''}
            @change=${this.onPhotosChange}
          ></segnala-photo-picker>
        </fieldset>
        <fieldset>
          <legend>${t('new.contact')}</legend>
          <p class="hint">${t('new.contactHint')}</p>
          ${this.textField('name', { label: 'new.name', autocomplete: 'name', maxlength: 200 })}
          ${this.textField('email', { label: 'new.email', type: 'email', autocomplete: 'email', maxlength: 254 })}
          ${this.textField('phone', { label: 'new.phone', type: 'tel', autocomplete: 'tel', maxlength: 26 })}
          <div class="hp" aria-hidden="true">
            <label for="f-website">${t('new.honeypot')}</label>
            <input
              id="f-website"
              name="website"
              type="text"
              tabindex="-1"
              autocomplete="off"
              .value=${d.website}
              @input=${(e: Event) => (this.draft = { ...this.draft, website: (e.target as HTMLInputElement).value })}
            />
          </div>
        </fieldset>
        <div class="actions">
          <button type="button" part="button" @click=${() => { this.showSummary = false; void this.goTo(1); }}>${t('new.prev')}</button>
          <button type="submit" class="primary" part="primary-button">${t('new.next')}</button>
        </div>
      </form>`;
  }

  private renderStep3() {
    const { t } = this.ctx.i18n;
    return html`${this.heading('new.step3', 3)} ${this.progress()}
      <div class="summary narrow">
        <p>${t('new.summaryIntro')}</p>
        ${summarySections(this.ctx, this.draft, (field) => this.goTo(2, field))}
        <p><span aria-hidden="true">✓ </span>${t('new.privacyAccept')}</p>
        ${this.sendError ? html`<div class="notice error send-error" role="alert" tabindex="-1">${this.sendError}</div>` : nothing}
        ${uploadProgress(this.ctx, this.upload)}
        <div class="visually-hidden" role="status" aria-live="polite">${this.sendStatus}</div>
        <div class="actions">
          <button type="button" part="button" ?disabled=${this.sending} @click=${() => this.goTo(2)}>${t('new.prev')}</button>
          <button type="button" class="primary" part="primary-button" aria-disabled=${this.sending ? 'true' : 'false'} @click=${this.send}>
            ${this.sending ? t('new.sending') : t('new.submit')}
          </button>
        </div>
      </div>`;
  }

  override render() {
    switch (this.step) {
      case 1:
        return this.renderStep1();
      case 2:
        return this.renderStep2();
      case 3:
        return this.renderStep3();
      default:
        return html`${this.heading('new.doneHeading')}
          ${confirmation(this.ctx, this.filed!, this.draft.email.trim(), this.copyMessage, { copy: () => this.copyCode(), another: () => this.startOver() })}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-new-report': NewReportView;
  }
}
