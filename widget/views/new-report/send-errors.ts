/**
 * A failed filing in the form's words: which fields to send the citizen back to, which photo the
 * server refused and why, or one message for the whole send. Pure (the translator is an argument),
 * so `test/widget/new-report-send-errors.test.ts` checks every branch without a server.
 */
import { ApiError } from '../../api.ts';
import { type FieldErrors, mapFieldErrors, serverFields } from '../../forms/field-errors.ts';
import type { MessageKey, Translator } from '../../i18n.ts';
import type { Field } from './draft.ts';

/**
 * Server field paths (`contact.email`) → form fields. `privacyAccepted` is left out: the form
 * always sends it true, and its box is on step 1, not on the step the citizen is sent back to.
 */
const SERVER_FIELDS: Readonly<Record<string, Field>> = {
  streetId: 'street',
  location: 'street',
  civic: 'civic',
  categoryId: 'category',
  title: 'title',
  details: 'details',
  'contact.name': 'name',
  'contact.email': 'email',
  'contact.phone': 'phone',
  photos: 'photos',
};

/** `photos.2` → 2: the server names a refused file by its position in the filing. */
const PHOTO_FIELD = /^photos\.(\d+)$/;

/** The server refused the form token or proof: a fresh one is fetched and the send tried once more. */
const RENEWABLE = new Set(['form_token_required', 'form_token_invalid', 'form_token_expired', 'form_token_used', 'form_too_fast', 'proof_of_work_required', 'proof_of_work_failed']);

export const isRenewable = (err: unknown) => err instanceof ApiError && RENEWABLE.has(err.code);

export interface SendFailure {
  /** Errors tied to fields: the data needs fixing, back to the form. Empty otherwise. */
  errors: FieldErrors<Field>;
  /** Position of a photo → why the server refused that very file, so the form can say which to remove. */
  refused: Map<number, string>;
  /** Without field errors: what went wrong with the send as a whole ("Invio non riuscito: …"). */
  message: string;
}

export function sendFailure(err: unknown, photos: readonly { file: { name: string } }[], i18n: Translator): SendFailure {
  const fields = serverFields(err);
  const status = err instanceof ApiError ? err.status : undefined;
  const fileIndex = (field: string) => {
    const m = PHOTO_FIELD.exec(field);
    return m && photos[Number(m[1])] ? Number(m[1]) : undefined;
  };
  // `answers.<id>`: the question's own field (questions.ts).
  const answerFields = Object.fromEntries(fields.flatMap((f) => (f.field.startsWith('answers.') ? [[f.field, `a-${f.field.slice(8)}` as Field]] : [])));
  const errors = mapFieldErrors(
    fields.filter((f) => fileIndex(f.field) === undefined),
    { ...SERVER_FIELDS, ...answerFields },
    { message: (f) => i18n.t('new.err.server', { message: f.message }) },
  );
  const refused = new Map<number, string>();
  for (const f of fields) {
    const n = fileIndex(f.field);
    if (n === undefined) continue;
    // 413: the file's bytes; "too large…" on a 400: its pixels (the server judges them before decoding).
    const key: MessageKey =
      status === 413 ? 'new.err.photoTooBigServer' : /^too (large|long)|took too long/.test(f.message) ? 'new.err.photoTooManyPixels' : 'new.err.photoNotImage';
    refused.set(n, i18n.t(key, { n: n + 1, name: photos[n].file.name }));
    errors.photos ??= refused.get(n);
  }
  // The whole request refused for its size, before any file was named.
  if (status === 413 && photos.length && !errors.photos) errors.photos = i18n.t('new.err.photosTooBig');
  if (Object.keys(errors).length) return { errors, refused, message: '' };
  return { errors, refused, message: i18n.t('new.sendFailed', { message: sentence(wholeSendMessage(err, i18n)) }) };
}

function wholeSendMessage(err: unknown, { t }: Translator): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.code === 'spam_suspected') return t('new.err.spam');
    if (RENEWABLE.has(err.code)) return t('new.err.formExpired');
    if (err.status === 503) return t('new.err.busy');
    if (err.status === 429) return t('new.err.rateLimited');
  }
  return (err as Error).message;
}

const sentence = (message: string) => (message.endsWith('.') ? message : `${message}.`);
