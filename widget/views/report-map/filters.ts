/**
 * The filter bar of the map and list (status, category, street, words). A template rendered in the
 * view's own shadow root, as `report-list.ts` renders the list's items: the view keeps the values,
 * because the list and the map both ask with them, and is told of every change. A select or a
 * street applies at once; the words apply when the form is sent, and only if they can be searched
 * (`isSearchable`), otherwise the error shows next to the box and nothing is sent.
 */
import { html, nothing } from 'lit';
import type { Street } from '../../api.ts';
import '../../components/street-picker.ts';
import type { WidgetContext } from '../../context.ts';
import { isSearchable } from '../../search-text.ts';

export type StatusFilter = 'open' | 'closed' | 'all';

/** What the citizen chose; the list and the map ask for the reports matching it. */
export interface ReportFilterValues {
  status: StatusFilter;
  category?: number;
  street?: Street;
  q: string;
}

export interface ReportFilterHandlers {
  /** A value changed and applies now. */
  change(change: Partial<ReportFilterValues>): void;
  /** The words typed cannot be searched (true), or the error can go (false). */
  qError(shown: boolean): void;
  /** "Azzera": every value back to the view's start. */
  reset(): void;
}

export function reportFilters(ctx: WidgetContext, value: ReportFilterValues, qError: boolean, on: ReportFilterHandlers) {
  const { i18n, config, fixedStreet } = ctx;
  const { t } = i18n;
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = form.elements.namedItem('q') as HTMLInputElement;
    const q = input.value.trim();
    const invalid = q !== '' && !isSearchable(q);
    on.qError(invalid);
    if (invalid) {
      input.focus();
      return;
    }
    on.change({ q: input.value });
  };
  return html`<form class="filters" role="search" aria-label=${t('filters.label')} @submit=${submit}>
    <div class="field">
      <label for="f-status">${t('filters.status')}</label>
      <select id="f-status" @change=${(e: Event) => on.change({ status: (e.target as HTMLSelectElement).value as StatusFilter })}>
        ${(['open', 'closed', 'all'] as const).map(
          (s) => html`<option value=${s} ?selected=${value.status === s}>${t(`filters.status.${s}`)}</option>`,
        )}
      </select>
    </div>
    <div class="field">
      <label for="f-category">${t('filters.category')}</label>
      <select
        id="f-category"
        @change=${(e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          on.change({ category: v ? Number(v) : undefined });
        }}
      >
        <option value="" ?selected=${!value.category}>${t('filters.category.all')}</option>
        ${config.categories.map((c) => html`<option value=${c.id} ?selected=${value.category === c.id}>${c.name}</option>`)}
      </select>
    </div>
    ${fixedStreet
      ? nothing
      : html`<div class="field">
          <segnala-street-picker
            .ctx=${ctx}
            .value=${value.street}
            label=${t('filters.street')}
            @change=${(e: Event) => on.change({ street: (e.target as HTMLElement & { value?: Street }).value })}
          ></segnala-street-picker>
        </div>`}
    <div class="field">
      <label for="f-q">${t('filters.q')}</label>
      <span class="hint" id="h-q">${t('filters.qHint')}</span>
      ${qError ? html`<span class="error-text" id="e-q" role="alert">${t('filters.qTooShort')}</span>` : nothing}
      <input
        id="f-q"
        name="q"
        type="search"
        .value=${value.q}
        aria-describedby=${qError ? 'h-q e-q' : 'h-q'}
        aria-invalid=${qError ? 'true' : nothing}
        @input=${() => on.qError(false)}
      />
    </div>
    <div class="buttons">
      <button type="submit" class="primary" part="primary-button">${t('filters.apply')}</button>
      <button type="button" part="button" @click=${() => on.reset()}>${t('filters.reset')}</button>
    </div>
  </form>`;
}
