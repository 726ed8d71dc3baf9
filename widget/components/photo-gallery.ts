import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Photo } from '../api.ts';
import type { WidgetContext } from '../context.ts';
import { baseStyles } from '../styles.ts';
import { photoGalleryStyles } from './photo-gallery.styles.ts';

/**
 * A report's photos: a strip of thumbnails, each a button opening a modal `<dialog>` with the full
 * image, previous / next (buttons or ← →), Escape or "Chiudi" to close; focus then returns to the
 * thumbnail that opened it. The opening fade is skipped under `prefers-reduced-motion`.
 */
@customElement('segnala-photo-gallery')
export class PhotoGallery extends LitElement {
  static override styles = [
    baseStyles,
    photoGalleryStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property({ attribute: false }) photos: Photo[] = [];
  /** The report's public reference, named in each photo's alt text. */
  @property() reference = '';

  /** The photo shown in the viewer. */
  @state() private current = 0;
  /** The full image is only in the page while the viewer is open: nobody downloads it unasked. */
  @state() private viewing = false;

  @query('dialog') private dialog?: HTMLDialogElement;

  private opener = 0;

  private alt(i: number) {
    return this.ctx.i18n.t('detail.photo', { n: i + 1, total: this.photos.length, reference: this.reference });
  }

  /** Opens the viewer on photo `index` (0-based). */
  async open(index: number) {
    this.current = index;
    this.opener = index;
    this.viewing = true;
    await this.updateComplete;
    if (!this.dialog?.open) this.dialog?.showModal();
    this.renderRoot.querySelector<HTMLElement>('.close')?.focus();
  }

  close() {
    this.dialog?.close();
  }

  private show(step: number) {
    const n = this.photos.length;
    this.current = (this.current + step + n) % n;
  }

  private onKeyDown(e: KeyboardEvent) {
    if (this.photos.length < 2) return;
    if (e.key === 'ArrowRight') this.show(1);
    else if (e.key === 'ArrowLeft') this.show(-1);
    else return;
    e.preventDefault();
  }

  private onClosed() {
    this.viewing = false;
    this.renderRoot.querySelectorAll<HTMLButtonElement>('.strip button')[this.opener]?.focus();
  }

  override render() {
    const { t } = this.ctx.i18n;
    const api = this.ctx.api;
    if (!this.photos.length) return nothing;
    const photo = this.photos[Math.min(this.current, this.photos.length - 1)];
    const many = this.photos.length > 1;
    return html`<ul class="strip">
        ${this.photos.map(
          (p, i) => html`<li>
            <button type="button" aria-haspopup="dialog" @click=${() => this.open(i)}>
              <img src=${api.resolve(p.thumbnailUrl)} alt=${this.alt(i)} loading="lazy" />
            </button>
          </li>`,
        )}
      </ul>
      <dialog
        aria-labelledby="viewer-h"
        @keydown=${this.onKeyDown}
        @close=${this.onClosed}
        @click=${(e: Event) => {
          // A click on the backdrop (outside the box) closes, as Escape does.
          if (e.target === this.dialog) this.close();
        }}
      >
        <div class="head">
          <h3 id="viewer-h" aria-live="polite">${t('photos.position', { n: this.current + 1, total: this.photos.length })}</h3>
          <button type="button" class="close" part="button" @click=${this.close}>${t('photos.close')}</button>
        </div>
        <figure>
          ${this.viewing
            ? html`<img
            class="full"
            src=${api.resolve(photo.url)}
            alt=${this.alt(this.current)}
            width=${photo.width ?? nothing}
            height=${photo.height ?? nothing}
              />`
            : nothing}
        </figure>
        ${many
          ? html`<div class="nav">
              <button type="button" class="prev" part="button" @click=${() => this.show(-1)}>
                <span aria-hidden="true">←</span> ${t('photos.prev')}
              </button>
              <button type="button" class="next" part="button" @click=${() => this.show(1)}>
                ${t('photos.next')} <span aria-hidden="true">→</span>
              </button>
            </div>`
          : nothing}
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-photo-gallery': PhotoGallery;
  }
}
