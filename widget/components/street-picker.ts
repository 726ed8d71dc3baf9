import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Street } from '../api.ts';
import type { WidgetContext } from '../context.ts';
import { baseStyles } from '../styles.ts';
import { streetPickerStyles } from './street-picker.styles.ts';

let uid = 0;

/**
 * Street autocomplete from the municipal street list: an ARIA 1.2 combobox (input + listbox),
 * usable with the keyboard alone (type, ↓/↑ to move, Enter to pick, Esc to close).
 * Label, hint and error live here with the input, so they stay tied to it across the shadow root.
 *
 * @event change - A street was picked or cleared; read `value`.
 */
@customElement('segnala-street-picker')
export class StreetPicker extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    baseStyles,
    streetPickerStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** The picked street. */
  @property({ attribute: false }) value?: Street;
  @property() label = '';
  @property() hint = '';
  /** Error message shown under the input and tied to it. */
  @property() error = '';
  @property({ type: Boolean }) required = false;

  @state() private text = '';
  @state() private options: Street[] = [];
  @state() private open = false;
  @state() private active = -1;
  @state() private status = '';

  @query('input') private input!: HTMLInputElement;

  private readonly idPrefix = `sp${++uid}`;
  private abort?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;

  protected override willUpdate(changed: Map<string, unknown>) {
    // A street set from outside (the nearest street to a pin, a fixed street) shows its name.
    if (changed.has('value') && this.value) this.text = this.value.name;
  }

  private onInput(e: Event) {
    this.text = (e.target as HTMLInputElement).value;
    if (this.value) {
      this.value = undefined;
      this.dispatchEvent(new Event('change', { bubbles: true }));
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.search(), 180);
  }

  private async search() {
    const q = this.text.trim();
    this.abort?.abort();
    if (q.length < 2) {
      this.options = [];
      this.open = false;
      this.status = '';
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    try {
      const { streets } = await this.ctx.api.searchStreets(q, 8, abort.signal);
      if (abort.signal.aborted) return;
      this.options = streets;
      this.open = true;
      this.active = -1;
      this.status = streets.length ? this.ctx.i18n.plural('combo.results', streets.length) : this.ctx.i18n.t('combo.noResults');
    } catch (err) {
      if ((err as Error).name !== 'AbortError') this.status = (err as Error).message;
    }
  }

  private onKeyDown(e: KeyboardEvent) {
    const n = this.options.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!this.open && n) this.open = true;
      else if (n) this.active = (this.active + 1) % n;
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) this.active = this.active <= 0 ? n - 1 : this.active - 1;
    } else if (e.key === 'Enter') {
      if (this.open && this.active >= 0) {
        e.preventDefault();
        this.pick(this.options[this.active]);
      } else if (this.open && n === 1) {
        e.preventDefault();
        this.pick(this.options[0]);
      }
    } else if (e.key === 'Escape') {
      if (this.open) {
        e.preventDefault();
        e.stopPropagation();
        this.open = false;
        this.active = -1;
      }
    }
  }

  private pick(street: Street) {
    this.value = street;
    this.text = street.name;
    this.open = false;
    this.active = -1;
    this.status = this.ctx.i18n.t('combo.selected', { street: street.name });
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private clear() {
    this.value = undefined;
    this.text = '';
    this.options = [];
    this.open = false;
    this.status = '';
    this.dispatchEvent(new Event('change', { bubbles: true }));
    this.input.focus();
  }

  override focus() {
    this.input?.focus();
  }

  override render() {
    const id = this.idPrefix;
    const describedBy = [this.hint ? `${id}-hint` : '', this.error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const showList = this.open && this.options.length > 0;
    return html`<div class="combo">
      <label for="${id}-input">${this.label}${this.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
      ${this.hint ? html`<span class="hint" id="${id}-hint">${this.hint}</span>` : nothing}
      ${this.error ? html`<span class="error-text" id="${id}-error">${this.error}</span>` : nothing}
      <div class="row">
        <input
          id="${id}-input"
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          aria-autocomplete="list"
          aria-expanded=${showList ? 'true' : 'false'}
          aria-controls="${id}-list"
          aria-activedescendant=${showList && this.active >= 0 ? `${id}-opt-${this.active}` : nothing}
          aria-describedby=${describedBy || nothing}
          aria-invalid=${this.error ? 'true' : nothing}
          aria-required=${this.required ? 'true' : nothing}
          .value=${this.text}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
          @blur=${() => setTimeout(() => (this.open = false), 150)}
        />
        ${this.value || this.text
          ? html`<button type="button" class="clear" part="button" @click=${this.clear} aria-label=${this.ctx.i18n.t('combo.clear')}>
              <span aria-hidden="true">✕</span>
            </button>`
          : nothing}
      </div>
      <ul id="${id}-list" role="listbox" aria-label=${this.label} ?hidden=${!showList}>
        ${showList
          ? this.options.map(
              (s, i) => html`<li
                id="${id}-opt-${i}"
                role="option"
                aria-selected=${i === this.active ? 'true' : 'false'}
                @mousedown=${(e: Event) => e.preventDefault()}
                @click=${() => this.pick(s)}
              >
                ${s.name}${s.locality ? html`<small>${s.locality}</small>` : nothing}
              </li>`,
            )
          : nothing}
      </ul>
      <div class="visually-hidden" role="status" aria-live="polite">${this.status}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-street-picker': StreetPicker;
  }
}
