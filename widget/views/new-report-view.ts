import { LitElement, html, nothing } from 'lit';
import { TEXT_MAX } from '../../server/domain/formats.ts';
import { customElement, property, state } from 'lit/decorators.js';
import { type FiledReport, type LatLon, type Street, type UploadProgress, newIdempotencyKey } from '../api.ts';
import { type PhotoPicker, draftPhoto, releasePhotos } from '../components/photo-picker.ts';
import { FormGuard } from '../anti-spam.ts';
import type { WidgetContext } from '../context.ts';
import { type ReportFiledDetail, emit } from '../events.ts';
import { type FieldErrors, hasFieldErrors, sendForm } from '../forms/field-errors.ts';
import type { MessageKey } from '../i18n.ts';
import { leafletStyles, mapStyles } from '../map.ts';
import { reportChanges } from '../report-changes.ts';
import { reportListStyles } from '../report-list.ts';
import { baseStyles } from '../styles.ts';
import { confirmation, copyCode } from './new-report/confirmation.ts';
import { type Draft, type Field, type Step, emptyDraft, fieldId, validate } from './new-report/draft.ts';
import { type DraftForm, categoryField, privacyField, textField } from './new-report/fields.ts';
import { categoryNotice, questionFields } from './new-report/questions.ts';
import { fileDraft } from './new-report/filing.ts';
import { PlacePicker } from './new-report/place-picker.ts';
import { sendFailure } from './new-report/send-errors.ts';
import { SimilarReports } from './new-report/similar-reports.ts';
import { errorSummary, stepBar, stepHeading } from './new-report/step-parts.ts';
import { summarySections, uploadProgress } from './new-report/summary.ts';
import styles from './new-report-view.styles.ts';

/**
 * A new report in the three steps of the national model (Designers Italia, "Segnalazione
 * disservizio"): privacy → data → summary with "Conferma e invia" → confirmation with the
 * reference and the tracking code. Going back keeps everything typed; a failed send keeps it too.
 * The parts live in `./new-report/`: the draft and its checks (`draft.ts`), its fields
 * (`fields.ts`), the heading, step bar and error summary (`step-parts.ts`), the place picker, the
 * similar reports offered, the sending (`filing.ts`) and the wording of a refusal
 * (`send-errors.ts`), the summary and the confirmation. This element keeps the state and the steps.
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

  /** The type of problem chosen, with its notice and questions. */
  private category() {
    return this.ctx.config.categories.find((c) => c.id === this.draft.categoryId);
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]) {
    this.draft = { ...this.draft, [key]: value };
    // A notice appears for the type chosen ("gas leak: call 112"): screen readers hear it at once.
    const notice = key === 'categoryId' && this.category()?.notice;
    if (notice) this.ctx.announce(notice);
  }

  private async next(e: Event) {
    e.preventDefault();
    const errors = validate(this.draft, this.step, this.ctx.i18n, this.category());
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

  /** The draft's fields read and change the form through this. */
  private get form(): DraftForm {
    // The draft read when a field changes, not when it was rendered: two changes before the next
    // render (a select, then another) must not undo each other.
    const view = this;
    return { i18n: this.ctx.i18n, get draft() { return view.draft; }, errors: this.errors, set: (key, value) => this.set(key, value) };
  }

  private top(titleKey: MessageKey) {
    const { i18n } = this.ctx;
    return html`${stepHeading(i18n, titleKey, this.step)} ${stepBar(i18n, this.step)}`;
  }

  private errorSummary() {
    return this.showSummary ? errorSummary(this.ctx.i18n, this.errors, (field) => this.focusField(field)) : nothing;
  }

  private renderStep1() {
    const { t } = this.ctx.i18n;
    const url = this.ctx.config.privacyUrl;
    return html`${this.top('new.step1')}
      <form class="narrow" novalidate @submit=${this.next}>
        ${this.errorSummary()}
        <p>${t('new.privacyText')}</p>
        ${url
          ? html`<p>
              <a href=${url} target="_blank" rel="noopener">${t('new.privacyLink')}<span class="visually-hidden"> ${t('new.privacyLinkNewTab')}</span></a>
            </p>`
          : nothing}
        ${privacyField(this.form, () => (this.errors = {}))}
        <div class="actions">
          <button type="submit" class="primary" part="primary-button">${t('new.next')}</button>
        </div>
      </form>`;
  }

  private renderStep2() {
    const { t } = this.ctx.i18n;
    const d = this.draft;
    return html`${this.top('new.step2')}
      <form novalidate @submit=${this.next}>
        ${this.errorSummary()}
        <p class="muted">${t('new.requiredNote')}</p>
        ${this.place.render(this.errors.street, textField(this.form, 'civic', { label: 'new.civic', hint: 'new.civicHint', maxlength: TEXT_MAX.civic }))}
        <fieldset>
          <legend>${t('new.step2')}</legend>
          ${categoryField(this.form, this.ctx.config.categories)}
          ${textField(this.form, 'title', { label: 'new.title', hint: 'new.titleHint', required: true, maxlength: TEXT_MAX.title })}
          ${textField(this.form, 'details', { label: 'new.details', hint: 'new.detailsHint', required: true, multiline: true, maxlength: TEXT_MAX.details })}
          <!-- The type's notice and questions come after the description, like the similar reports:
               appearing when a type is chosen, they must not move the title the citizen is about to
               tap. The notice is read out at once (set()). -->
          ${categoryNotice(this.form, this.category())}
          ${questionFields(this.form, this.category())}
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
          ${textField(this.form, 'name', { label: 'new.name', autocomplete: 'name', maxlength: TEXT_MAX.name })}
          ${textField(this.form, 'email', { label: 'new.email', type: 'email', autocomplete: 'email', maxlength: TEXT_MAX.email })}
          ${textField(this.form, 'phone', { label: 'new.phone', type: 'tel', autocomplete: 'tel', maxlength: TEXT_MAX.phone })}
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
    return html`${this.top('new.step3')}
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
        return html`${stepHeading(this.ctx.i18n, 'new.doneHeading')}
          ${confirmation(this.ctx, this.filed!, this.draft.email.trim(), this.copyMessage, { copy: () => this.copyCode(), another: () => this.startOver() })}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-new-report': NewReportView;
  }
}
