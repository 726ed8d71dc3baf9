/**
 * One way to build a form field, for the citizen widget and the staff console alike: a label, an
 * optional hint, an optional error message, and a control tied to both by `aria-describedby`,
 * marked by `aria-invalid` while it has an error and by `aria-required` (plus a visible " *") when
 * it must be filled. Texts come in already translated, so the module knows no catalogue.
 *
 * API (stable: other views build on it):
 * - `formField(options, control)`: the `<div class="field">` with label, hint, error and the
 *   control; `control(aria)` renders the `<input>` / `<select>` / `<textarea>` with the given id
 *   and spreads `aria.invalid`, `aria.describedBy`, `aria.required` onto it.
 * - `fieldAria(options)`: just those attributes, for a field laid out differently (a checkbox
 *   inside its label).
 * - `fieldError(id, message)`: the error line alone (`nothing` without a message).
 * - Ids: the hint is `<id>-hint`, the error `<id>-error`, so a summary or a test finds them.
 * - Classes: `field`, `hint`, `error-text` and `req` (the asterisk), styled by the host's sheet
 *   (`widget/styles.ts` gives the first three).
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface FormFieldOptions {
  /** The control's id; the label points at it, the hint and error ids derive from it. */
  id: string;
  /** The label's content (text or a template). */
  label: unknown;
  /**
   * Help under the label. `undefined`: no hint element. An empty string keeps the element (with
   * `hintClass`, to reserve its room) without pointing the control at it.
   */
  hint?: unknown;
  /** Extra class of the hint element (e.g. one that reserves its height). */
  hintClass?: string;
  /** The error shown on this field; empty or undefined when it has none. */
  error?: string;
  /** Invalid though the message is elsewhere (one alert for a whole form): sets `aria-invalid`. */
  invalid?: boolean;
  /** Ids of other elements describing the control (such an alert), after the hint and error. */
  describedBy?: string;
  /** Must be filled: a " *" after the label (hidden from screen readers) and `aria-required`. */
  required?: boolean;
}

/** Attribute values for the control; `nothing` leaves an attribute out. */
export interface FieldAria {
  invalid: 'true' | typeof nothing;
  describedBy: string | typeof nothing;
  required: 'true' | typeof nothing;
}

export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

export function fieldAria(o: Omit<FormFieldOptions, 'label'>): FieldAria {
  const ids = [o.hint ? hintId(o.id) : '', o.error ? errorId(o.id) : '', o.describedBy ?? ''].filter(Boolean).join(' ');
  return {
    invalid: o.error || o.invalid ? 'true' : nothing,
    describedBy: ids || nothing,
    required: o.required ? 'true' : nothing,
  };
}

/** The marker after a required field's label: seen, not read (`aria-required` says it). */
export const requiredMark = html`<span class="req" aria-hidden="true"> *</span>`;

export function fieldError(id: string, message: string | undefined) {
  return message ? html`<span class="error-text" id=${errorId(id)}>${message}</span>` : nothing;
}

export function formField(o: FormFieldOptions, control: (aria: FieldAria) => unknown): TemplateResult {
  return html`<div class="field">
    <label for=${o.id}>${o.label}${o.required ? requiredMark : nothing}</label>
    ${o.hint !== undefined
      ? html`<span class=${o.hintClass ? `hint ${o.hintClass}` : 'hint'} id=${o.hint ? hintId(o.id) : nothing}>${o.hint}</span>`
      : nothing}
    ${fieldError(o.id, o.error)} ${control(fieldAria(o))}
  </div>`;
}
