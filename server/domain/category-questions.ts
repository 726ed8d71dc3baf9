import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { text } from '../http/schemas.ts';
import type { FieldError } from '../http/validate.ts';

/**
 * Issue 15 §4: a category may ask extra questions when a report is filed ("How deep is the
 * hole?", "Is the road blocked?"), defined by an admin (migration 0030, `category.questions`)
 * and answered in the citizen's form, by staff filing for a citizen, or by an Open311 partner as
 * service attributes. A report keeps its answers with the question's words as they were asked
 * (`report.answers`), so changing a question later does not change what an old report says.
 */

export const QUESTION_TYPES = ['text', 'number', 'yes_no', 'choice'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A question's id: short, stable, the Open311 attribute `code`. */
export const QUESTION_ID = /^[a-z0-9]{1,16}$/;
export const QUESTIONS_MAX = 10;
export const ANSWER_TEXT_MAX = 500;

export const Question = z.object({
  id: z.string(),
  label: z.string(),
  type: z.enum(QUESTION_TYPES),
  required: z.boolean(),
  /** For `choice`: the options, in order; the answer is one of them, as written. */
  choices: z.array(z.string()).optional(),
});
export type Question = z.infer<typeof Question>;

export type AnswerValue = string | number | boolean;

/** One answer as stored with the report: the question as it was asked, and the value given. */
export const Answer = z.object({
  id: z.string(),
  label: z.string(),
  type: z.enum(QUESTION_TYPES),
  value: z.union([z.string(), z.number(), z.boolean()]),
});
export type Answer = z.infer<typeof Answer>;

/** A question as an admin sends it: without `id` it is new and gets one. */
export const QuestionInput = z
  .object({
    id: z.string().regex(QUESTION_ID, 'not a question id this server gave').optional(),
    label: text(1, 200),
    type: z.enum(QUESTION_TYPES),
    required: z.boolean(),
    choices: z.array(text(1, 100)).min(2).max(20).optional(),
  })
  .refine((q) => (q.type === 'choice') === (q.choices !== undefined), {
    message: 'choices are given for a choice question, and only for it',
    path: ['choices'],
  })
  .refine((q) => !q.choices || new Set(q.choices).size === q.choices.length, { message: 'a choice is listed twice', path: ['choices'] });

export const QuestionsInput = z
  .array(QuestionInput)
  .max(QUESTIONS_MAX)
  .refine((qs) => new Set(qs.flatMap((q) => (q.id ? [q.id] : []))).size === qs.filter((q) => q.id).length, 'a question is listed twice');

/** The category's questions after an edit: kept ids stay, new questions get a fresh one. */
export function withIds(questions: z.output<typeof QuestionsInput>, existing: readonly Question[]): Question[] {
  const known = new Set(existing.map((q) => q.id));
  return questions.map((q) => ({
    id: q.id && known.has(q.id) ? q.id : randomBytes(4).toString('hex'),
    label: q.label,
    type: q.type,
    required: q.required,
    ...(q.choices ? { choices: q.choices } : {}),
  }));
}

/** Answers as a client sends them: by question id, a text, a number or true/false (Open311 sends text). */
export const AnswersInput = z.record(z.string().regex(QUESTION_ID, 'not a question of this category'), z.union([z.string().max(2000), z.number(), z.boolean()]));

type Checked = { value: AnswerValue } | { error: string };

function normalised(q: Question, raw: AnswerValue): Checked {
  switch (q.type) {
    case 'text': {
      if (typeof raw !== 'string') return { error: 'must be a text' };
      const v = raw.trim();
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) return { error: 'must not contain control characters' };
      return v.length > ANSWER_TEXT_MAX ? { error: `must be at most ${ANSWER_TEXT_MAX} characters` } : { value: v };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(raw) ? Number(raw.trim().replace(',', '.')) : NaN;
      return Number.isFinite(n) && Math.abs(n) < 1e9 ? { value: n } : { error: 'must be a number' };
    }
    case 'yes_no':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { error: 'must be true or false' };
    case 'choice':
      return typeof raw === 'string' && q.choices?.includes(raw) ? { value: raw } : { error: `must be one of: ${(q.choices ?? []).join(', ')}` };
  }
}

/**
 * The answers to store, or the fields at fault (`answers.<id>`): every required question answered,
 * each answer of its question's type, no answer to a question the category does not ask.
 */
export function checkAnswers(questions: readonly Question[], given: Record<string, AnswerValue> | undefined): { answers: Answer[] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const answers: Answer[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(given ?? {})) {
    if (!byId.has(id)) errors.push({ field: `answers.${id}`, message: 'not a question of this category' });
  }
  for (const q of questions) {
    const raw = given?.[q.id];
    const empty = raw === undefined || (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (q.required) errors.push({ field: `answers.${q.id}`, message: 'an answer is required' });
      continue;
    }
    const checked = normalised(q, raw);
    if ('error' in checked) errors.push({ field: `answers.${q.id}`, message: checked.error });
    else answers.push({ id: q.id, label: q.label, type: q.type, value: checked.value });
  }
  return errors.length ? { errors } : { answers };
}
