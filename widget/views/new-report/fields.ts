/**
 * The filing form's own fields, each through the shared template (`../../forms/form-field.ts`):
 * the text fields of the draft, the category (its description under the label) and the privacy
 * consent. Ids are `fieldId(field)`, what the error summary links to.
 */
import { html, nothing } from 'lit';
import type { Category } from '../../api.ts';
import type { FieldErrors } from '../../forms/field-errors.ts';
import { fieldAria, fieldError, formField, requiredMark } from '../../forms/form-field.ts';
import type { MessageKey, Translator } from '../../i18n.ts';
import { type Draft, type Field, fieldId } from './draft.ts';

/** What the fields read from the form, and how they change its draft. */
export interface DraftForm {
  i18n: Translator;
  draft: Draft;
  errors: FieldErrors<Field>;
  set<K extends keyof Draft>(key: K, value: Draft[K]): void;
}

export interface TextFieldOptions {
  label: MessageKey;
  hint?: MessageKey;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
  maxlength?: number;
}

export type TextKey = 'civic' | 'title' | 'details' | 'name' | 'email' | 'phone';

/** A labelled text field of the draft, with its hint and error tied to it. */
export function textField(form: DraftForm, key: TextKey, opts: TextFieldOptions) {
  const { t } = form.i18n;
  const id = fieldId(key);
  const value = form.draft[key];
  const onInput = (e: Event) => form.set(key, (e.target as HTMLInputElement).value);
  const field = { id, label: t(opts.label), hint: opts.hint && t(opts.hint), error: form.errors[key], required: opts.required };
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

export function categoryField(form: DraftForm, categories: readonly Category[]) {
  const { t } = form.i18n;
  const { categoryId } = form.draft;
  const category = categories.find((c) => c.id === categoryId);
  // The hint's room is kept (two lines) even before a category is chosen: its description
  // appearing does not push the title down under the citizen's finger.
  const field = { id: fieldId('category'), label: t('new.category'), hint: category?.description ?? '', hintClass: 'category-hint', error: form.errors.category, required: true };
  return formField(
    field,
    (a) => html`<select
      id=${field.id}
      aria-required=${a.required}
      aria-invalid=${a.invalid}
      aria-describedby=${a.describedBy}
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        form.set('categoryId', v ? Number(v) : undefined);
      }}
    >
      <option value="" ?selected=${!categoryId}>${t('new.categoryChoose')}</option>
      ${categories.map((c) => html`<option value=${c.id} ?selected=${categoryId === c.id}>${c.name}</option>`)}
    </select>`,
  );
}

/** The consent box, inside its label; `accepted` runs when it gets ticked. */
export function privacyField(form: DraftForm, accepted: () => void) {
  const id = fieldId('privacy');
  const error = form.errors.privacy;
  const aria = fieldAria({ id, error });
  return html`<div class="field">
    ${fieldError(id, error)}
    <label class="check" for=${id}>
      <input
        id=${id}
        type="checkbox"
        .checked=${form.draft.privacyAccepted}
        aria-invalid=${aria.invalid}
        aria-describedby=${aria.describedBy}
        @change=${(e: Event) => {
          const checked = (e.target as HTMLInputElement).checked;
          form.set('privacyAccepted', checked);
          if (checked) accepted();
        }}
      />
      <span>${form.i18n.t('new.privacyAccept')}${requiredMark}</span>
    </label>
  </div>`;
}
