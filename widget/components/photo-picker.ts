import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { WidgetContext } from '../context.ts';
import type { Translator } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import { MAX_PHOTOS, MAX_PHOTO_BYTES } from '../../server/domain/formats.ts';
import { photoPickerStyles } from './photo-picker.styles.ts';

// The server's limits (at most 3 photos of at most 10 MB each), said before sending; the type is
// the server's call, by content.
export { MAX_PHOTOS, MAX_PHOTO_BYTES };
/** HEIC too: iPhones take it, and the server decodes it when its image library can. */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic';

/** A photo attached to a report being written: the file, its preview URL, and the server's refusal if any. */
export interface PhotoDraft {
  file: File;
  /** An object URL of `file`; revoke it with `releasePhotos` when the photo goes. */
  url: string;
  /** Set when the server refused this very file (not an image, too large): it must be removed. */
  refused?: string;
}

export const draftPhoto = (file: File): PhotoDraft => ({ file, url: URL.createObjectURL(file) });

export function releasePhotos(photos: readonly PhotoDraft[]) {
  for (const p of photos) URL.revokeObjectURL(p.url);
}

/** `1,2 MB`, `340 KB` in the language's number format. */
export function fileSize(i18n: Translator, bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 0.1 ? `${i18n.number(Math.round(mb * 10) / 10)} MB` : `${i18n.number(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

const fallbacks = new WeakMap<File, Promise<string | undefined>>();

/** A small JPEG `data:` copy of an image file, drawn on a canvas; undefined when it is no image the browser decodes. */
function dataThumbnail(file: File): Promise<string | undefined> {
  let made = fallbacks.get(file);
  if (!made) {
    made = (async () => {
      try {
        const bitmap = await createImageBitmap(file);
        const scale = Math.min(1, 480 / Math.max(bitmap.width, bitmap.height));
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return canvas.toDataURL('image/jpeg', 0.8);
      } catch {
        return undefined;
      }
    })();
    fallbacks.set(file, made);
  }
  return made;
}

/**
 * `@error` of a preview `<img>`: a page whose Content-Security-Policy has no `blob:` in `img-src`
 * refuses object URLs, so the preview falls back to a `data:` copy (most policies allow `data:`).
 */
export async function previewFallback(e: Event, file: File) {
  const img = e.target as HTMLImageElement;
  if (img.src.startsWith('data:')) return;
  const src = await dataThumbnail(file);
  if (src) img.src = src;
}

let uid = 0;

/** "Rimuovi foto 1": on a narrow card the number never goes alone to a line of its own. */
const keepLastWord = (label: string) => label.replace(/ (\S+)$/, '\u00a0$1');

/**
 * Photos for a new report: pick from the gallery or take one with the camera (on phones), previews
 * with "Remove photo N", and the client-side checks (count, size). The label is a button-looking
 * `<label>` for a visually hidden native file input, so the keyboard and screen readers get the
 * real control. The error shown is the form's (`error`) or this element's own refusal of a file.
 *
 * @event change - Photos were added or removed; read `value`.
 */
@customElement('segnala-photo-picker')
export class PhotoPicker extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    baseStyles,
    photoPickerStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** The attached photos. */
  @property({ attribute: false }) value: PhotoDraft[] = [];
  /** The form's error for the photos (from its checks or the server), shown and tied to the input. */
  @property() error = '';

  /** This element's own refusal of files just picked (too many, too large). */
  @state() private refusal = '';

  @query('#pick') private input?: HTMLInputElement;

  private readonly idPrefix = `pp${++uid}`;

  override focus() {
    this.input?.focus();
  }

  private onPick(e: Event) {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Emptied so that picking the same file again (after removing it) is a change too.
    input.value = '';
    if (!files.length) return;
    const { i18n } = this.ctx;
    const added: PhotoDraft[] = [];
    const tooBig: string[] = [];
    const tooMany: string[] = [];
    for (const file of files) {
      if (file.size > MAX_PHOTO_BYTES) tooBig.push(i18n.t('new.err.photoTooBig', { name: file.name, size: fileSize(i18n, file.size) }));
      else if (this.value.length + added.length >= MAX_PHOTOS) tooMany.push(`“${file.name}”`);
      else added.push(draftPhoto(file));
    }
    const problems = [...tooBig];
    if (tooMany.length) problems.push(i18n.plural('new.err.photosTooMany', tooMany.length, { max: MAX_PHOTOS, names: tooMany.join(', ') }));
    this.refusal = problems.join(' ');
    if (added.length) {
      this.value = [...this.value, ...added];
      this.dispatchEvent(new Event('change', { bubbles: true }));
    }
    const count = i18n.plural('new.photosCount', this.value.length, { max: MAX_PHOTOS });
    this.ctx.announce(this.refusal ? `${this.refusal} ${count}` : count);
  }

  private async removePhoto(index: number) {
    const gone = this.value[index];
    if (!gone) return;
    releasePhotos([gone]);
    this.value = this.value.filter((p) => p !== gone);
    this.refusal = '';
    this.dispatchEvent(new Event('change', { bubbles: true }));
    this.ctx.announce(
      `${this.ctx.i18n.t('new.photoRemoved', { n: index + 1 })} ${this.ctx.i18n.plural('new.photosCount', this.value.length, { max: MAX_PHOTOS })}`,
    );
    // Focus stays in the list: on the photo that took its place, the one before, or the picker.
    await this.updateComplete;
    const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('.previews button');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.input)?.focus();
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const id = this.idPrefix;
    const error = this.error || this.refusal;
    const describedBy = [`${id}-hint`, `${id}-count`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const camera = html`<svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" /><circle cx="12" cy="13" r="3.5" />
    </svg>`;
    return html`<span class="hint" id="${id}-hint">${t('new.photosHint')}</span>
      ${error ? html`<span class="error-text" id="${id}-error">${error}</span>` : nothing}
      <div class="pick">
        <input
          id="pick"
          class="visually-hidden"
          type="file"
          accept=${ACCEPT}
          multiple
          aria-describedby=${describedBy}
          aria-invalid=${error ? 'true' : nothing}
          @change=${this.onPick}
        />
        <label for="pick" class="button" part="button">${camera}${t('new.photosAdd')}</label>
        <span class="take">
          <input
            id="take"
            class="visually-hidden"
            type="file"
            accept=${ACCEPT}
            capture="environment"
            aria-describedby=${describedBy}
            aria-invalid=${error ? 'true' : nothing}
            @change=${this.onPick}
          />
          <label for="take" class="button" part="button">${camera}${t('new.photosTake')}</label>
        </span>
      </div>
      <p class="muted" id="${id}-count">${i18n.plural('new.photosCount', this.value.length, { max: MAX_PHOTOS })}</p>
      ${this.value.length
        ? html`<ul class="previews" aria-label=${t('new.photosList')}>
            ${this.value.map(
              (p, i) => html`<li class=${p.refused ? 'refused' : ''}>
                <img
                  class="thumb"
                  src=${p.url}
                  alt=${t('new.photoAlt', { n: i + 1, name: p.file.name })}
                  @error=${(e: Event) => previewFallback(e, p.file)}
                />
                <span class="name">${p.file.name} · ${fileSize(i18n, p.file.size)}</span>
                ${p.refused ? html`<span class="error-text">${p.refused}</span>` : nothing}
                <button type="button" part="button" @click=${() => this.removePhoto(i)}>${keepLastWord(t('new.photoRemove', { n: i + 1 }))}</button>
              </li>`,
            )}
          </ul>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-photo-picker': PhotoPicker;
  }
}
