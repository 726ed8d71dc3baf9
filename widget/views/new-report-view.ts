import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type FiledReport, type LatLon, type NewReport, type ReportSummary, type Street, type UploadProgress, newIdempotencyKey } from '../api.ts';
import { type PhotoDraft, type PhotoPicker, draftPhoto, fileSize, previewFallback, releasePhotos } from '../components/photo-picker.ts';
import '../components/street-picker.ts';
import '../components/support-button.ts';
import { FormGuard } from '../anti-spam.ts';
import type { WidgetContext } from '../context.ts';
import { type ReportFiledDetail, emit } from '../events.ts';
import type { MessageKey } from '../i18n.ts';
import { L, createMap, leafletStyles, mapStyles, pickIcon, toLatLon } from '../map.ts';
import { reportChanges } from '../report-changes.ts';
import { reportItem, reportListStyles } from '../report-list.ts';
import { baseStyles } from '../styles.ts';

type Step = 1 | 2 | 3 | 4;

interface Draft {
  privacyAccepted: boolean;
  street?: Street;
  /** Text typed in the street box without picking a street: told apart from "no street". */
  streetText: string;
  civic: string;
  location?: LatLon;
  categoryId?: number;
  title: string;
  details: string;
  name: string;
  email: string;
  phone: string;
  /** The honeypot: people never see it, so it stays empty (see anti-spam.ts). */
  website: string;
  /** Kept across steps and failed sends; their preview URLs are released when they go. */
  photos: PhotoDraft[];
}

type Field = 'privacy' | 'street' | 'civic' | 'category' | 'title' | 'details' | 'photos' | 'name' | 'email' | 'phone';

/** Field order in the form: the error summary lists errors in this order. */
const FIELD_ORDER: Field[] = ['privacy', 'street', 'civic', 'category', 'title', 'details', 'photos', 'name', 'email', 'phone'];

/** Server field names (`contact.email`) → form fields. */
const SERVER_FIELDS: Record<string, Field> = {
  privacyAccepted: 'privacy',
  streetId: 'street',
  location: 'street',
  civic: 'civic',
  categoryId: 'category',
  title: 'title',
  details: 'details',
  'contact.name': 'name',
  'contact.email': 'email',
  'contact.phone': 'phone',
  photos: 'photos',
};

/** `photos.2` → 2: the server names a refused file by its position in the filing. */
const PHOTO_FIELD = /^photos\.(\d+)$/;

/** A finger rather than a mouse: "Tocca la mappa", not "Fai clic". */
const coarsePointer = () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{4,24}$/;

const emptyDraft = (): Draft => ({
  privacyAccepted: false,
  streetText: '',
  civic: '',
  title: '',
  details: '',
  name: '',
  email: '',
  phone: '',
  website: '',
  photos: [],
});

/** The server refused the form token or proof: a fresh one is fetched and the send tried once more. */
const RENEWABLE = new Set(['form_token_required', 'form_token_invalid', 'form_token_expired', 'form_token_used', 'form_too_fast', 'proof_of_work_required', 'proof_of_work_failed']);

/**
 * A new report in the three steps of the national model (Designers Italia, "Segnalazione
 * disservizio"): privacy → data → summary with "Conferma e invia" → confirmation with the
 * reference and the tracking code. Going back keeps everything typed; a failed send keeps it too.
 */
@customElement('segnala-new-report')
export class NewReportView extends LitElement {
  static override styles = [
    leafletStyles,
    baseStyles,
    mapStyles,
    reportListStyles,
    css`
      /* The honeypot: off-screen rather than display:none, which form-filling bots skip. */
      .hp {
        position: absolute;
        left: -10000px;
        width: 1px;
        height: 1px;
        overflow: hidden;
      }
      .step-of {
        display: block;
        font-size: 0.65em;
        font-weight: 600;
        color: var(--_muted);
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      ol.progress {
        display: flex;
        /* Our own short words: whole, never "segnalazion-e" (the host breaks only typed text). */
        overflow-wrap: normal;
        list-style: none;
        padding: 0;
        margin: 0 0 1.25rem;
        gap: 0.25rem;
        counter-reset: step;
      }
      ol.progress li {
        flex: 1;
        padding: 0.4rem 0.25rem 0.3rem;
        border-bottom: 5px solid var(--_border);
        color: var(--_muted);
        font-size: 0.9em;
        font-weight: 600;
        counter-increment: step;
      }
      /*
       * After the dot a no-break space (U+00A0, typed as such: a CSS escape with a backslash in this
       * template does not survive the production build): on a phone the number never stays alone
       * on its line ("1." / "Informativa…").
       */
      ol.progress li::before {
        content: counter(step) '. ';
      }
      @media (max-width: 480px) {
        ol.progress li {
          font-size: 0.8em;
          hyphens: auto;
        }
      }
      ol.progress li.done {
        border-bottom-color: var(--_success);
        color: var(--_text);
      }
      ol.progress li[aria-current='step'] {
        border-bottom-color: var(--_primary);
        color: var(--_primary);
      }
      .narrow {
        max-width: 40rem;
      }
      .place-tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin: 0.5rem 0 0.75rem;
      }
      .map {
        height: 300px;
      }
      .error-summary {
        border: 3px solid var(--_danger);
        border-radius: var(--_radius);
        padding: 1rem;
        margin-bottom: 1.25rem;
        background: #fdf0f2;
      }
      .error-summary h3 {
        color: var(--_danger-text);
      }
      .error-summary ul {
        margin: 0;
        padding-left: 1.25rem;
      }
      .category-hint {
        min-height: 2.7em;
      }
      .duplicates {
        background: var(--_surface);
        border-color: var(--_surface);
      }
      .duplicates .report-item {
        background: var(--_bg);
        padding: 0.75rem;
      }
      .summary dl.facts {
        grid-template-columns: minmax(8em, 17rem) 1fr;
      }
      @media (max-width: 480px) {
        .summary dl.facts {
          grid-template-columns: 1fr;
        }
      }
      .summary section {
        border-bottom: 1px solid var(--_border);
        padding: 0.75rem 0;
      }
      .summary .section-head {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 1rem;
      }
      .code {
        font-family: ui-monospace, 'Roboto Mono', Menlo, Consolas, monospace;
        font-size: 1.6em;
        font-weight: 700;
        letter-spacing: 0.08em;
        user-select: all;
      }
      .req {
        color: var(--_danger-text);
      }
      .pre {
        white-space: pre-line;
      }
      ul.photo-summary {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin: 0 0 0.75rem;
        padding: 0;
      }
      .photo-summary li {
        width: 8.5rem;
        font-size: 0.85em;
        overflow-wrap: anywhere;
      }
      .photo-summary img {
        display: block;
        width: 100%;
        aspect-ratio: 4 / 3;
        object-fit: cover;
        border-radius: var(--_radius);
        background: var(--_surface);
        margin-bottom: 0.25rem;
      }
      .upload {
        margin: 1rem 0 0;
      }
      .upload progress {
        display: block;
        width: 100%;
        max-width: 28rem;
        height: 1rem;
        accent-color: var(--_primary);
      }
    `,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** A street to start from (the street page the user came from); what the user picked wins. */
  @property({ attribute: false }) presetStreet?: Street;

  @state() private step: Step = 1;
  @state() private draft: Draft = emptyDraft();
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private showSummary = false;
  @state() private nearest?: Street;
  @state() private duplicates: ReportSummary[] = [];
  @state() private locating = false;
  @state() private placeMessage = '';
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
  private map?: L.Map;
  private pin?: L.Marker;
  private duplicatesKey = '';
  private duplicatesAbort?: AbortController;

  focusHeading() {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
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

  protected override updated() {
    if (this.step === 2) {
      this.setUpMap();
      void this.refreshDuplicates();
    }
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

  private validate(step: Step): Partial<Record<Field, string>> {
    const d = this.draft;
    const { t } = this.ctx.i18n;
    const e: Partial<Record<Field, string>> = {};
    if (step === 1) {
      if (!d.privacyAccepted) e.privacy = t('new.privacyRequired');
      return e;
    }
    if (!d.street && !d.location) e.street = d.streetText.trim() ? t('new.err.streetPick') : t('new.err.place');
    if (!d.categoryId) e.category = t('new.err.category');
    const title = d.title.trim();
    if (!title) e.title = t('new.err.title');
    else if (title.length < 3) e.title = t('new.err.titleShort');
    else if (title.length > 150) e.title = t('new.err.titleLong');
    const details = d.details.trim();
    if (!details) e.details = t('new.err.details');
    else if (details.length > 5000) e.details = t('new.err.detailsLong');
    if (d.email.trim() && !EMAIL.test(d.email.trim())) e.email = t('new.err.email');
    if (d.phone.trim() && !PHONE.test(d.phone.trim())) e.phone = t('new.err.phone');
    const refused = d.photos.find((p) => p.refused);
    if (refused) e.photos = refused.refused;
    return e;
  }

  private async next(e: Event) {
    e.preventDefault();
    const errors = this.validate(this.step);
    this.errors = errors;
    const count = Object.keys(errors).length;
    if (count) {
      this.showSummary = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
      this.ctx.announce(this.ctx.i18n.plural('new.errorsTitle', count));
      return;
    }
    this.showSummary = false;
    if (this.step === 2) this.idempotencyKey = newIdempotencyKey();
    this.sendError = '';
    await this.goTo((this.step + 1) as Step);
  }

  private focusField(field: Field) {
    const el = this.renderRoot.querySelector<HTMLElement>(`#f-${field}`);
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  }

  // ------------------------------------------------------------------------------------------
  // Place: street list, map pin, device position

  private setUpMap() {
    const el = this.renderRoot.querySelector<HTMLElement>('.map');
    if (!el) return;
    if (this.map && this.map.getContainer() === el) return;
    this.map?.remove();
    this.pin = undefined;
    this.map = createMap(el, this.ctx, this.ctx.i18n.t('new.mapLabel')).map;
    this.map.on('click', (e: L.LeafletMouseEvent) => this.setLocation(toLatLon(e.latlng), false));
    if (this.draft.location) this.showPin(this.draft.location, true);
  }

  private showPin(p: LatLon, center: boolean) {
    if (!this.map) return;
    const ll = L.latLng(p.lat, p.lon);
    if (!this.pin) {
      this.pin = L.marker(ll, { icon: pickIcon(this.ctx.i18n.t('new.pin')), draggable: true, keyboard: false }).addTo(this.map);
      this.pin.on('dragend', () => this.setLocation(toLatLon(this.pin!.getLatLng()), false));
    } else this.pin.setLatLng(ll);
    if (center) this.map.setView(ll, Math.max(this.map.getZoom(), 17), { animate: false });
  }

  private async setLocation(p: LatLon, center: boolean) {
    const b = this.ctx.config.map.bounds;
    if (b && (p.lat < b.south || p.lat > b.north || p.lon < b.west || p.lon > b.east)) {
      this.placeMessage = this.ctx.i18n.t('new.positionOutside');
      this.ctx.announce(this.placeMessage);
      return;
    }
    this.set('location', p);
    this.showPin(p, center);
    const { errors } = this;
    if (errors.street) this.errors = { ...errors, street: undefined };
    this.placeMessage = this.ctx.i18n.t('new.pinSet', { lat: p.lat.toFixed(5), lon: p.lon.toFixed(5) });
    this.nearest = undefined;
    try {
      const { street } = await this.ctx.api.nearestStreet(p);
      if (street && street.id !== this.draft.street?.id) {
        this.nearest = street;
        this.placeMessage += ' ' + this.ctx.i18n.t('new.nearestStreet', { street: street.name });
      }
    } catch {
      /* a suggestion only: without it the point alone is enough */
    }
    this.ctx.announce(this.placeMessage);
  }

  private clearLocation() {
    this.set('location', undefined);
    this.pin?.remove();
    this.pin = undefined;
    this.nearest = undefined;
    this.placeMessage = '';
  }

  private useMyPosition() {
    const { t } = this.ctx.i18n;
    if (!('geolocation' in navigator)) {
      this.placeMessage = t('new.positionFailed');
      return;
    }
    this.locating = true;
    this.placeMessage = t('new.locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        this.locating = false;
        void this.setLocation({ lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)) }, true);
      },
      () => {
        this.locating = false;
        this.placeMessage = t('new.positionFailed');
        this.ctx.announce(this.placeMessage);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  }

  private onPhotosChange(e: Event) {
    const photos = (e.target as PhotoPicker).value;
    this.draft = { ...this.draft, photos };
    if (this.errors.photos && !photos.some((p) => p.refused)) this.errors = { ...this.errors, photos: undefined };
  }

  private onStreetChange(e: Event) {
    const picker = e.target as HTMLElement & { value?: Street };
    const input = picker.shadowRoot?.querySelector('input');
    this.draft = { ...this.draft, street: picker.value, streetText: input?.value ?? '' };
    if (picker.value && this.errors.street) this.errors = { ...this.errors, street: undefined };
    if (picker.value && this.nearest?.id === picker.value.id) this.nearest = undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Nearby open reports of the same category: join one instead of filing a duplicate

  private async refreshDuplicates() {
    const { categoryId, location, street } = this.draft;
    const key = categoryId && (location || street) ? `${categoryId}|${location?.lat},${location?.lon}|${street?.id ?? ''}` : '';
    if (key === this.duplicatesKey) return;
    this.duplicatesKey = key;
    this.duplicatesAbort?.abort();
    if (!key) {
      this.duplicates = [];
      return;
    }
    const abort = new AbortController();
    this.duplicatesAbort = abort;
    try {
      const reports = location
        ? (await this.ctx.api.nearby(location, categoryId, abort.signal)).reports
        : (await this.ctx.api.reports({ status: 'active', category: categoryId, street: street!.id, limit: 5 }, abort.signal)).reports;
      if (!abort.signal.aborted) this.duplicates = reports.slice(0, 5);
    } catch {
      if (!abort.signal.aborted) this.duplicates = [];
    }
  }

  // ------------------------------------------------------------------------------------------
  // Sending

  private body(): NewReport {
    const d = this.draft;
    const contact = { name: d.name.trim(), email: d.email.trim(), phone: d.phone.trim() };
    const hasContact = contact.name || contact.email || contact.phone;
    return {
      categoryId: d.categoryId!,
      title: d.title.trim(),
      details: d.details.trim(),
      ...(d.street ? { streetId: d.street.id } : {}),
      ...(d.civic.trim() ? { civic: d.civic.trim() } : {}),
      ...(d.location ? { location: d.location } : {}),
      ...(hasContact
        ? {
            contact: {
              ...(contact.name ? { name: contact.name } : {}),
              ...(contact.email ? { email: contact.email } : {}),
              ...(contact.phone ? { phone: contact.phone } : {}),
            },
          }
        : {}),
      privacyAccepted: true,
    };
  }

  private async send() {
    if (this.sending) return;
    const { i18n } = this.ctx;
    const { photos } = this.draft;
    this.sending = true;
    this.sendError = '';
    this.upload = photos.length ? { loaded: 0 } : undefined;
    try {
      const file = async () => {
        this.startGuard();
        const antiSpam = await this.guard!.fields(this.draft.website, () => (this.sendStatus = i18n.t('new.checking')));
        this.sendStatus = i18n.t('new.sending');
        return this.ctx.api.fileReport(
          { ...this.body(), antiSpam },
          this.idempotencyKey,
          photos.map((p) => p.file),
          (progress) => this.onUploadProgress(progress),
        );
      };
      let filed: FiledReport;
      try {
        filed = await file();
      } catch (err) {
        if (!(err instanceof ApiError && RENEWABLE.has(err.code))) throw err;
        this.guard!.renew();
        filed = await file();
      }
      // A token files one report: the next report gets a fresh one.
      this.guard!.renew();
      this.filed = filed;
      // Filed: the previews are no longer needed.
      releasePhotos(photos);
      this.draft = { ...this.draft, photos: [] };
      this.ctx.supporters.markFiled(filed.reference);
      reportChanges.changed(filed.reference);
      emit<ReportFiledDetail>(this, 'segnala-report-filed', {
        reference: filed.reference,
        status: filed.status,
        published: filed.published ?? true,
      });
      await this.goTo(4);
    } catch (err) {
      const e = err as ApiError;
      const fieldErrors: Partial<Record<Field, string>> = {};
      if (e instanceof ApiError) {
        const refused = new Map<number, string>();
        for (const f of e.fields) {
          const photo = PHOTO_FIELD.exec(f.field);
          if (photo && photos[Number(photo[1])]) {
            // The very file at fault is marked, so the form can say which one to remove.
            const n = Number(photo[1]);
            const vars = { n: n + 1, name: photos[n].file.name };
            // 413: the file's bytes; "too large…" on a 400: its pixels (the server judges them before decoding).
            const key = e.status === 413 ? 'new.err.photoTooBigServer' : /^too (large|long)|took too long/.test(f.message) ? 'new.err.photoTooManyPixels' : 'new.err.photoNotImage';
            refused.set(n, i18n.t(key, vars));
            fieldErrors.photos ??= refused.get(n);
            continue;
          }
          const field = SERVER_FIELDS[f.field];
          if (field && field !== 'privacy') fieldErrors[field] = i18n.t('new.err.server', { message: f.message });
        }
        // The whole request refused for its size, before any file was named.
        if (e.status === 413 && photos.length && !fieldErrors.photos) fieldErrors.photos = i18n.t('new.err.photosTooBig');
        if (refused.size) {
          this.draft = { ...this.draft, photos: photos.map((p, i) => (refused.has(i) ? { ...p, refused: refused.get(i) } : p)) };
        }
      }
      if (Object.keys(fieldErrors).length) {
        // The data needs fixing: back to the form, errors tied to their fields.
        this.errors = fieldErrors;
        this.showSummary = true;
        await this.goTo(2);
        this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
        this.ctx.announce(i18n.plural('new.errorsTitle', Object.keys(fieldErrors).length));
      } else {
        const message =
          e instanceof ApiError && e.status === 0
            ? i18n.t('error.network')
            : e instanceof ApiError && e.code === 'spam_suspected'
              ? i18n.t('new.err.spam')
              : e instanceof ApiError && RENEWABLE.has(e.code)
                ? i18n.t('new.err.formExpired')
                : e instanceof ApiError && e.status === 503
                  ? i18n.t('new.err.busy')
                  : e instanceof ApiError && e.status === 429
                    ? i18n.t('new.err.rateLimited')
                    : e.message;
        this.sendError = i18n.t('new.sendFailed', { message: message.endsWith('.') ? message : `${message}.` });
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.send-error')?.focus();
      }
    } finally {
      this.sending = false;
      this.upload = undefined;
      this.sendStatus = '';
    }
  }

  private onUploadProgress(progress: UploadProgress) {
    this.upload = progress;
    if (progress.total && progress.loaded >= progress.total) this.sendStatus = this.ctx.i18n.t('new.processing');
  }

  private async copyCode() {
    const code = this.filed?.trackingCode ?? '';
    const { t } = this.ctx.i18n;
    try {
      await navigator.clipboard.writeText(code);
      this.copyMessage = t('new.copied');
    } catch {
      const el = this.renderRoot.querySelector('.code');
      const selection = window.getSelection();
      if (el && selection) {
        selection.selectAllChildren(el);
        this.copyMessage = document.execCommand?.('copy') ? t('new.copied') : t('new.copyFailed');
      } else this.copyMessage = t('new.copyFailed');
    }
  }

  private startOver() {
    releasePhotos(this.draft.photos);
    this.draft = emptyDraft();
    this.applyPresets();
    this.filed = undefined;
    this.errors = {};
    this.showSummary = false;
    this.nearest = undefined;
    this.placeMessage = '';
    this.duplicates = [];
    this.duplicatesKey = '';
    this.pin = undefined;
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
              href="#f-${field}"
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

  /** A labelled input with its hint and error tied to it by aria-describedby. */
  private input(field: Field, key: keyof Draft, opts: { label: MessageKey; hint?: MessageKey; type?: string; required?: boolean; autocomplete?: string; multiline?: boolean; maxlength?: number }) {
    const { t } = this.ctx.i18n;
    const error = this.errors[field];
    const describedBy = [opts.hint ? `h-${field}` : '', error ? `e-${field}` : ''].filter(Boolean).join(' ') || nothing;
    const value = this.draft[key] as string;
    const onInput = (e: Event) => this.set(key, (e.target as HTMLInputElement).value as never);
    return html`<div class="field">
      <label for="f-${field}">${t(opts.label)}${opts.required ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}</label>
      ${opts.hint ? html`<span class="hint" id="h-${field}">${t(opts.hint)}</span>` : nothing}
      ${error ? html`<span class="error-text" id="e-${field}">${error}</span>` : nothing}
      ${opts.multiline
        ? html`<textarea
            id="f-${field}"
            .value=${value}
            ?required=${opts.required}
            aria-required=${opts.required ? 'true' : nothing}
            aria-invalid=${error ? 'true' : nothing}
            aria-describedby=${describedBy}
            maxlength=${opts.maxlength ?? nothing}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id="f-${field}"
            type=${opts.type ?? 'text'}
            .value=${value}
            autocomplete=${opts.autocomplete ?? nothing}
            aria-required=${opts.required ? 'true' : nothing}
            aria-invalid=${error ? 'true' : nothing}
            aria-describedby=${describedBy}
            maxlength=${opts.maxlength ?? nothing}
            @input=${onInput}
          />`}
    </div>`;
  }

  private renderStep1() {
    const { t } = this.ctx.i18n;
    const url = this.ctx.config.privacyUrl;
    const error = this.errors.privacy;
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
          ${error ? html`<span class="error-text" id="e-privacy">${error}</span>` : nothing}
          <label class="check" for="f-privacy">
            <input
              id="f-privacy"
              type="checkbox"
              .checked=${this.draft.privacyAccepted}
              aria-invalid=${error ? 'true' : nothing}
              aria-describedby=${error ? 'e-privacy' : nothing}
              @change=${(e: Event) => {
                this.set('privacyAccepted', (e.target as HTMLInputElement).checked);
                if (this.draft.privacyAccepted) this.errors = {};
              }}
            />
            <span>${t('new.privacyAccept')}<span class="req" aria-hidden="true"> *</span></span>
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="primary" part="primary-button">${t('new.next')}</button>
        </div>
      </form>`;
  }

  private renderPlace() {
    const { t } = this.ctx.i18n;
    const d = this.draft;
    return html`<fieldset>
      <legend>${t('new.place')}<span class="req" aria-hidden="true"> *</span></legend>
      <p class="hint">${t('new.placeHint')}</p>
      <div class="field">
        <segnala-street-picker
          id="f-street"
          .ctx=${this.ctx}
          .value=${d.street}
          label=${t('new.street')}
          hint=${t('new.streetHint')}
          error=${this.errors.street ?? ''}
          @change=${this.onStreetChange}
        ></segnala-street-picker>
      </div>
      ${this.input('civic', 'civic', { label: 'new.civic', hint: 'new.civicHint', maxlength: 100 })}
      <div class="place-tools">
        <button type="button" part="button" ?disabled=${this.locating} @click=${this.useMyPosition}>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
            <circle cx="12" cy="12" r="7" /><circle cx="12" cy="12" r="2" fill="currentColor" /><path d="M12 1v4M12 19v4M1 12h4M19 12h4" />
          </svg>
          ${t('new.useMyPosition')}
        </button>
        ${d.location ? html`<button type="button" class="link" @click=${this.clearLocation}>${t('new.removePin')}</button>` : nothing}
      </div>
      <p class="hint">${t(coarsePointer() ? 'new.mapHintTouch' : 'new.mapHint')}</p>
      <div class="map" part="map"></div>
      <div role="status" aria-live="polite">
        ${this.placeMessage ? html`<p>${this.placeMessage}</p>` : nothing}
      </div>
      ${this.nearest
        ? html`<p>
            <button type="button" part="button" @click=${() => {
              this.set('street', this.nearest);
              this.nearest = undefined;
              if (this.errors.street) this.errors = { ...this.errors, street: undefined };
            }}>
              ${t('new.useNearestStreet', { street: this.nearest.name })}
            </button>
          </p>`
        : nothing}
    </fieldset>`;
  }

  private renderDuplicates() {
    const { t } = this.ctx.i18n;
    if (!this.duplicates.length) return nothing;
    return html`<section class="card duplicates" aria-labelledby="dup-h">
      <h3 id="dup-h">${t('new.duplicatesHeading')}</h3>
      <p>${t('new.duplicatesHint')}</p>
      <ul class="reports">
        ${this.duplicates.map((r) =>
          reportItem(this.ctx, r, {
            headingLevel: 4,
            extra: html`${r.distanceMeters !== undefined ? html`<p class="muted">${t('new.distance', { meters: r.distanceMeters })}</p>` : nothing}
              <segnala-support-button exportparts="primary-button,button" .ctx=${this.ctx} reference=${r.reference} .count=${r.supportCount} compact></segnala-support-button>`,
          }),
        )}
      </ul>
    </section>`;
  }

  private renderStep2() {
    const { t } = this.ctx.i18n;
    const d = this.draft;
    const categoryError = this.errors.category;
    const category = this.ctx.config.categories.find((c) => c.id === d.categoryId);
    return html`${this.heading('new.step2', 2)} ${this.progress()}
      <form novalidate @submit=${this.next}>
        ${this.errorSummary()}
        <p class="muted">${t('new.requiredNote')}</p>
        ${this.renderPlace()}
        <fieldset>
          <legend>${t('new.step2')}</legend>
          <div class="field">
            <label for="f-category">${t('new.category')}<span class="req" aria-hidden="true"> *</span></label>
            <!-- Room for two lines kept even before a category is chosen: its description appearing
                 does not push the title down under the citizen's finger. -->
            <span class="hint category-hint" id=${category?.description ? 'h-category' : nothing}>${category?.description ?? ''}</span>
            ${categoryError ? html`<span class="error-text" id="e-category">${categoryError}</span>` : nothing}
            <select
              id="f-category"
              aria-required="true"
              aria-invalid=${categoryError ? 'true' : nothing}
              aria-describedby=${[category?.description ? 'h-category' : '', categoryError ? 'e-category' : ''].filter(Boolean).join(' ') || nothing}
              @change=${(e: Event) => {
                const v = (e.target as HTMLSelectElement).value;
                this.set('categoryId', v ? Number(v) : undefined);
              }}
            >
              <option value="" ?selected=${!d.categoryId}>${t('new.categoryChoose')}</option>
              ${this.ctx.config.categories.map((c) => html`<option value=${c.id} ?selected=${d.categoryId === c.id}>${c.name}</option>`)}
            </select>
          </div>
          ${this.input('title', 'title', { label: 'new.title', hint: 'new.titleHint', required: true, maxlength: 150 })}
          ${this.input('details', 'details', { label: 'new.details', hint: 'new.detailsHint', required: true, multiline: true, maxlength: 5000 })}
          <!-- After the fields, not above them: appearing when a category is chosen, it must not move
               the title the citizen is about to tap. -->
          ${this.renderDuplicates()}
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
          ${this.input('name', 'name', { label: 'new.name', autocomplete: 'name', maxlength: 200 })}
          ${this.input('email', 'email', { label: 'new.email', type: 'email', autocomplete: 'email', maxlength: 254 })}
          ${this.input('phone', 'phone', { label: 'new.phone', type: 'tel', autocomplete: 'tel', maxlength: 26 })}
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
    const d = this.draft;
    const category = this.ctx.config.categories.find((c) => c.id === d.categoryId)?.name;
    const value = (v: string | undefined) => (v ? v : html`<span class="muted">${t('new.notGiven')}</span>`);
    const section = (headingKey: MessageKey, field: Field, body: unknown) => html`<section>
      <div class="section-head">
        <h3>${t(headingKey)}</h3>
        <button type="button" class="link" @click=${() => this.goTo(2, field)}>
          ${t('new.edit')}<span class="visually-hidden">: ${t(headingKey)}</span>
        </button>
      </div>
      ${body}
    </section>`;
    return html`${this.heading('new.step3', 3)} ${this.progress()}
      <div class="summary narrow">
        <p>${t('new.summaryIntro')}</p>
        ${section(
          'new.place',
          'street',
          html`<dl class="facts">
            <dt>${t('new.street')}</dt>
            <dd>${value(d.street?.name)}</dd>
            <dt>${t('new.civic')}</dt>
            <dd>${value(d.civic.trim())}</dd>
            <dt>${t('new.pin')}</dt>
            <dd>${value(d.location ? t('new.onMap', { lat: d.location.lat.toFixed(5), lon: d.location.lon.toFixed(5) }) : '')}</dd>
          </dl>`,
        )}
        ${section(
          'new.step2',
          'category',
          html`<dl class="facts">
            <dt>${t('new.category')}</dt>
            <dd>${value(category)}</dd>
            <dt>${t('new.title')}</dt>
            <dd>${d.title.trim()}</dd>
            <dt>${t('new.details')}</dt>
            <dd class="pre">${d.details.trim()}</dd>
          </dl>`,
        )}
        ${section(
          'new.photos',
          'photos',
          d.photos.length
            ? html`<ul class="photo-summary">
                ${d.photos.map(
                  (p, i) => html`<li>
                    <img
                      src=${p.url}
                      alt=${t('new.photoAlt', { n: i + 1, name: p.file.name })}
                      @error=${(e: Event) => previewFallback(e, p.file)}
                    />
                    ${p.file.name} · ${fileSize(this.ctx.i18n, p.file.size)}
                  </li>`,
                )}
              </ul>`
            : html`<p class="muted">${t('new.notGiven')}</p>`,
        )}
        ${section(
          'new.contact',
          'name',
          html`<dl class="facts">
            <dt>${t('new.name')}</dt>
            <dd>${value(d.name.trim())}</dd>
            <dt>${t('new.email')}</dt>
            <dd>${value(d.email.trim())}</dd>
            <dt>${t('new.phone')}</dt>
            <dd>${value(d.phone.trim())}</dd>
          </dl>`,
        )}
        <p><span aria-hidden="true">✓ </span>${t('new.privacyAccept')}</p>
        ${this.sendError ? html`<div class="notice error send-error" role="alert" tabindex="-1">${this.sendError}</div>` : nothing}
        ${this.renderUpload()}
        <div class="visually-hidden" role="status" aria-live="polite">${this.sendStatus}</div>
        <div class="actions">
          <button type="button" part="button" ?disabled=${this.sending} @click=${() => this.goTo(2)}>${t('new.prev')}</button>
          <button type="button" class="primary" part="primary-button" aria-disabled=${this.sending ? 'true' : 'false'} @click=${this.send}>
            ${this.sending ? t('new.sending') : t('new.submit')}
          </button>
        </div>
      </div>`;
  }

  /** Real progress while the photos go up; indeterminate while the server re-encodes them. */
  private renderUpload() {
    const u = this.upload;
    if (!u) return nothing;
    const { t } = this.ctx.i18n;
    const percent = u.total ? Math.min(100, Math.round((u.loaded / u.total) * 100)) : undefined;
    const processing = percent === 100;
    return html`<div class="upload">
      <label for="upload-progress">${t('new.uploadLabel')}</label>
      <progress id="upload-progress" max="100" value=${percent === undefined || processing ? nothing : percent}></progress>
      <span class="muted">${processing ? t('new.processing') : percent !== undefined ? t('new.uploaded', { percent }) : t('new.sending')}</span>
    </div>`;
  }

  private renderDone() {
    const { t } = this.ctx.i18n;
    const f = this.filed!;
    return html`${this.heading('new.doneHeading')}
      <div class="narrow">
        <div class="notice success">
          <p>${t('new.doneText')}</p>
          ${this.draft.email.trim() ? html`<p class="receipt">${t('new.doneReceipt', { email: this.draft.email.trim() })}</p>` : nothing}
          ${f.published === false ? html`<p>${t('new.notYetPublic')}</p>` : nothing}
        </div>
        <dl class="facts">
          <dt>${t('new.reference')}</dt>
          <dd><strong class="reference">${f.reference}</strong></dd>
          <dt>${t('new.trackingCode')}</dt>
          <dd><span class="code" id="code">${f.trackingCode}</span></dd>
        </dl>
        <p id="keep">${t('new.keepCode')}</p>
        <div class="actions">
          <button type="button" part="button" aria-describedby="keep" @click=${this.copyCode}>${t('new.copy')}</button>
          <span role="status" aria-live="polite">${this.copyMessage}</span>
        </div>
        <div class="actions">
          <button type="button" class="primary" part="primary-button" @click=${() => this.ctx.navigate({ view: 'track', code: f.trackingCode })}>
            ${t('new.trackIt')}
          </button>
          <button type="button" part="button" @click=${this.startOver}>${t('new.another')}</button>
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
        return this.renderDone();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-new-report': NewReportView;
  }
}
