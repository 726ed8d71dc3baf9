import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ref } from 'lit/directives/ref.js';
import { baseStyles } from '../../styles.ts';
import type { StaffPhoto } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { errorMessage } from './errors.ts';
import { THUMB_WIDTH, photosPanelStyles } from './photos-panel.styles.ts';

/**
 * The photos of one report for staff: thumbnails (hidden ones marked), one photo large in a
 * `<dialog>`, and per photo the button that hides it from the public or shows it again. The staff
 * photo URLs need the bearer token, so each image is fetched and shown through an object URL,
 * revoked when the photo leaves the report or the panel leaves the page.
 *
 * @event segnala-admin-photo-changed - A photo was hidden or shown again: the report has a new version and history entry.
 */
@customElement('segnala-admin-photos')
export class AdminPhotosPanel extends LitElement {
  static override styles = [baseStyles, adminStyles, photosPanelStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  /** The report's reference, for the moderation call and the alt texts. */
  @property() reference = '';
  @property({ attribute: false }) photos: StaffPhoto[] = [];

  /** Object URLs of the thumbnails by photo id; `''` when the image could not be loaded. */
  @state() private thumbs = new Map<string, string>();
  /** The photo shown large, and its object URL once loaded. */
  @state() private large?: { photo: StaffPhoto; url?: string; failed?: boolean };
  @state() private busy?: string;
  @state() private done = '';
  @state() private error = '';

  @query('dialog') private dialog?: HTMLDialogElement;

  private abort = new AbortController();
  private largeAbort?: AbortController;
  private opener?: HTMLElement;

  override connectedCallback() {
    super.connectedCallback();
    if (this.abort.signal.aborted) this.abort = new AbortController();
    if (this.hasUpdated) this.loadThumbnails();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.abort.abort();
    this.closeLarge();
    for (const url of this.thumbs.values()) if (url) URL.revokeObjectURL(url);
    this.thumbs = new Map();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('reference') && changed.get('reference') !== undefined) {
      this.done = '';
      this.error = '';
    }
    if (changed.has('photos')) this.loadThumbnails();
  }

  /** Fetches the thumbnails not yet here; drops those of photos no longer in the report. */
  private loadThumbnails() {
    const ids = new Set(this.photos.map((p) => p.id));
    const thumbs = new Map(this.thumbs);
    for (const [id, url] of thumbs) {
      if (ids.has(id)) continue;
      if (url) URL.revokeObjectURL(url);
      thumbs.delete(id);
    }
    this.thumbs = thumbs;
    const signal = this.abort.signal;
    for (const photo of this.photos) {
      if (this.thumbs.has(photo.id)) continue;
      this.ctx.api
        .photo(photo.thumbnailUrl, signal)
        .then((blob) => URL.createObjectURL(blob))
        .catch(() => '')
        .then((url) => {
          if (signal.aborted || !this.photos.some((p) => p.id === photo.id)) {
            if (url) URL.revokeObjectURL(url);
            return;
          }
          this.thumbs = new Map(this.thumbs).set(photo.id, url);
        });
    }
  }

  private async openLarge(photo: StaffPhoto, opener: HTMLElement) {
    this.closeLarge();
    this.opener = opener;
    this.large = { photo };
    await this.updateComplete;
    this.dialog?.showModal();
    const abort = new AbortController();
    this.largeAbort = abort;
    try {
      const url = URL.createObjectURL(await this.ctx.api.photo(photo.url, abort.signal));
      if (abort.signal.aborted || this.large?.photo.id !== photo.id) URL.revokeObjectURL(url);
      else this.large = { photo, url };
    } catch {
      if (!abort.signal.aborted && this.large?.photo.id === photo.id) this.large = { photo, failed: true };
    }
  }

  /** Forgets the large photo (the dialog is closed or closing) and gives focus back to its thumbnail. */
  private closeLarge() {
    this.largeAbort?.abort();
    if (this.large?.url) URL.revokeObjectURL(this.large.url);
    if (this.dialog?.open) this.dialog.close();
    this.large = undefined;
  }

  private onDialogClose() {
    if (this.large?.url) URL.revokeObjectURL(this.large.url);
    this.largeAbort?.abort();
    this.large = undefined;
    this.opener?.focus();
    this.opener = undefined;
  }

  private async toggle(photo: StaffPhoto, n: number) {
    if (this.busy) return;
    const { t } = this.ctx.i18n;
    this.busy = photo.id;
    this.done = '';
    this.error = '';
    try {
      await this.ctx.api.setPhotoHidden(this.reference, photo.id, !photo.hidden);
      this.done = t(photo.hidden ? 'photos.shownDone' : 'photos.hiddenDone', { n });
      this.ctx.announce(this.done);
      this.dispatchEvent(new CustomEvent('segnala-admin-photo-changed', { bubbles: true, composed: true, detail: { id: photo.id, hidden: !photo.hidden } }));
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = undefined;
    }
  }

  private alt(n: number) {
    return this.ctx.i18n.t('photos.alt', { n, reference: this.reference });
  }

  private renderThumb(photo: StaffPhoto, n: number) {
    const { t } = this.ctx.i18n;
    const url = this.thumbs.get(photo.id);
    const height = Math.round(((THUMB_WIDTH - 4) * photo.height) / Math.max(photo.width, 1));
    // Same box before and after the image arrives: nothing below it jumps. Set through the CSSOM,
    // not a style attribute, which a page's CSP (style-src 'self') refuses.
    const box = ref((el) => (el as HTMLElement | undefined)?.style.setProperty('height', `${height}px`));
    const image = url
      ? html`<img src=${url} alt=${this.alt(n)} width=${THUMB_WIDTH - 4} height=${height} />`
      : html`<span class="placeholder" ${box} aria-hidden="true">${url === undefined ? t('loading') : t('photos.unavailable')}</span>`;
    return html`<li class=${photo.hidden ? 'hidden-photo' : 'public-photo'} data-photo=${photo.id}>
      <button type="button" class="thumb" aria-haspopup="dialog" @click=${(e: Event) => this.openLarge(photo, e.currentTarget as HTMLElement)}>
        ${image}<span class="visually-hidden">${url ? '' : this.alt(n)}: ${t('photos.enlarge')}</span>
      </button>
      ${photo.hidden ? html`<span class="badge internal"><span aria-hidden="true">◇</span>${t('photos.hiddenBadge')}</span>` : nothing}
      <button type="button" class="small" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.toggle(photo, n)}>
        ${this.busy === photo.id ? t('action.busy') : t(photo.hidden ? 'photos.show' : 'photos.hide')}<span class="visually-hidden">: ${t('photos.photoN', { n })}</span>
      </button>
    </li>`;
  }

  private renderDialog() {
    const { t } = this.ctx.i18n;
    const large = this.large;
    const n = large ? this.photos.findIndex((p) => p.id === large.photo.id) + 1 : 0;
    return html`<dialog aria-labelledby="photo-dialog-title" @close=${this.onDialogClose}>
      ${large
        ? html`<div class="bar">
              <h4 id="photo-dialog-title">
                ${t('photos.large', { n, total: this.photos.length })}
                ${large.photo.hidden ? html` <span class="badge internal"><span aria-hidden="true">◇</span>${t('photos.hiddenBadge')}</span>` : nothing}
              </h4>
              <button type="button" class="small" @click=${() => this.closeLarge()} autofocus>${t('photos.close')}</button>
            </div>
            ${large.url
              ? html`<img src=${large.url} alt=${this.alt(n)} width=${large.photo.width} height=${large.photo.height} />`
              : html`<p class="muted">${large.failed ? t('photos.unavailable') : t('loading')}</p>`}`
        : nothing}
    </dialog>`;
  }

  override render() {
    if (!this.photos.length) return nothing;
    return html`<ul aria-label=${this.ctx.i18n.t('detail.photos')}>
        ${repeat(this.photos, (p) => p.id, (p, i) => this.renderThumb(p, i + 1))}
      </ul>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      ${this.done ? html`<div class="notice success">${this.done}</div>` : nothing} ${this.renderDialog()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-photos': AdminPhotosPanel;
  }
}
