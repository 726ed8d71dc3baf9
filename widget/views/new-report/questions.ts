/**
 * What a category asks before filing (issue 15 §4): its notice (one that blocks stops the form)
 * and its questions, both after the description. Answers
 * live in the draft by question id as typed; `answersBody` turns them into the request's values.
 */
import { html, nothing } from 'lit';
import type { Category } from '../../api.ts';
import { formField } from '../../forms/form-field.ts';
import type { DraftForm } from './fields.ts';
import { type AnswerField, fieldId } from './draft.ts';

type Question = Category['questions'][number];

export const answerField = (q: Question): AnswerField => `a-${q.id}`;

export function categoryNotice(form: DraftForm, category: Category | undefined) {
  if (!category?.notice) return nothing;
  return html`<div class="notice ${category.noticeBlocks ? 'error' : ''}" id="f-notice" role="note">
    <strong>${form.i18n.t(category.noticeBlocks ? 'new.noticeBlocks' : 'new.notice')}</strong> ${category.notice}
  </div>`;
}

export function questionFields(form: DraftForm, category: Category | undefined) {
  const { t } = form.i18n;
  return (category?.questions ?? []).map((q) => {
    const id = fieldId(answerField(q));
    const value = form.draft.answers[q.id] ?? '';
    const set = (e: Event) => form.set('answers', { ...form.draft.answers, [q.id]: (e.target as HTMLInputElement).value });
    return formField({ id, label: q.label, error: form.errors[answerField(q)], required: q.required }, (a) =>
      q.type === 'text' || q.type === 'number'
        ? html`<input id=${id} .value=${value} inputmode=${q.type === 'number' ? 'decimal' : nothing} maxlength="500"
            aria-required=${a.required} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${set} />`
        : html`<select id=${id} aria-required=${a.required} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @change=${set}>
            <option value="">${t('new.categoryChoose')}</option>
            ${(q.type === 'yes_no' ? [['true', t('new.yes')], ['false', t('new.no')]] : q.choices!.map((c) => [c, c])).map(
              ([v, label]) => html`<option value=${v} ?selected=${value === v}>${label}</option>`,
            )}
          </select>`,
    );
  });
}

const NUMBER = /^-?\d+([.,]\d+)?$/;

/** The answers' errors: a required one left empty, a number that is not one. */
export function answerErrors(answers: Record<string, string>, category: Category | undefined, t: (key: 'new.answerRequired' | 'new.answerNumber') => string) {
  const e: Partial<Record<AnswerField, string>> = {};
  for (const q of category?.questions ?? []) {
    const v = (answers[q.id] ?? '').trim();
    if (!v) {
      if (q.required) e[answerField(q)] = t('new.answerRequired');
    } else if (q.type === 'number' && !NUMBER.test(v)) e[answerField(q)] = t('new.answerNumber');
  }
  return e;
}

/** The request's `answers`: only the chosen category's questions, each value of its kind. */
export function answersBody(answers: Record<string, string>, category: Category | undefined) {
  const body: Record<string, string | number | boolean> = {};
  for (const q of category?.questions ?? []) {
    const v = (answers[q.id] ?? '').trim();
    if (v) body[q.id] = q.type === 'number' ? Number(v.replace(',', '.')) : q.type === 'yes_no' ? v === 'true' : v;
  }
  return Object.keys(body).length ? { answers: body } : {};
}

/** An answer as the summary shows it. */
export const answerText = (q: Question, v: string, t: (key: 'new.yes' | 'new.no') => string) => (q.type === 'yes_no' ? t(v === 'true' ? 'new.yes' : 'new.no') : v);
