/**
 * What every step of the filing form shows around its fields: the heading ("Passo 2 di 3"), the
 * bar of the three steps, and the error summary (GOV.UK's pattern: every error in form order,
 * each a link that takes the focus to its field).
 */
import { html, nothing } from 'lit';
import type { FieldErrors } from '../../forms/field-errors.ts';
import type { MessageKey, Translator } from '../../i18n.ts';
import { type AnswerField, FIELD_ORDER, type Field, type Step, fieldId } from './draft.ts';

const STEPS: readonly MessageKey[] = ['new.step1', 'new.step2', 'new.step3'];

/** The view's `h2`, focused after each move (`tabindex=-1`); `n` adds "Passo n di 3". */
export function stepHeading({ t }: Translator, titleKey: MessageKey, n?: number) {
  return html`<h2 tabindex="-1">
    ${n ? html`<span class="step-of">${t('new.stepOf', { n, total: STEPS.length })}</span>` : nothing}${t(titleKey)}
  </h2>`;
}

export function stepBar({ t }: Translator, step: Step) {
  return html`<ol class="progress" aria-label=${t('new.steps')}>
    ${STEPS.map((key, i) => html`<li class=${i + 1 < step ? 'done' : ''} aria-current=${i + 1 === step ? 'step' : nothing}>${t(key)}</li>`)}
  </ol>`;
}

export function errorSummary(i18n: Translator, errors: FieldErrors<Field>, focusField: (field: Field) => void) {
  // A category's questions sit after the description, in their own order.
  const answers = Object.keys(errors).filter((f): f is AnswerField => f.startsWith('a-'));
  const entries = FIELD_ORDER.flatMap((f) => (f === 'details' ? [f, ...answers] : [f])).filter((f) => errors[f]).map((f) => [f, errors[f]!] as const);
  if (!entries.length) return nothing;
  return html`<div class="error-summary" tabindex="-1" role="group" aria-labelledby="err-h">
    <h3 id="err-h">${i18n.plural('new.errorsTitle', entries.length)}</h3>
    <ul>
      ${entries.map(
        ([field, message]) => html`<li>
          <a
            href="#${fieldId(field)}"
            @click=${(e: Event) => {
              e.preventDefault();
              focusField(field);
            }}
            >${message}</a
          >
        </li>`,
      )}
    </ul>
  </div>`;
}
