/**
 * One way to send a form and put a refusal (a 4xx naming fields, see `ApiError.fields` in
 * `widget/api.ts` and the server's error shape in `server/http/errors.ts`) on the form's own
 * fields, for the citizen widget and the staff console alike. No catalogue here: the caller words
 * the messages.
 *
 * API (stable: other views build on it):
 * - `FieldErrors<F>`: message by form field; a field left out has no error.
 * - `serverFields(err)`: the `{ field, message }` list of an `ApiError` (empty for anything else).
 * - `mapFieldErrors(fields, map, options?)`: pure; each server path (`contact.email`) through
 *   `map` to a form field; unmapped paths go to `options.fallback` or are dropped; the message is
 *   `options.message(f)` (default: the server's own). A later error on a field replaces an earlier one.
 * - `sendForm(send, map, options?)`: awaits `send()`; `{ ok: true, value }`, or
 *   `{ ok: false, error, errors }` where `errors` is the mapping above (empty when the refusal
 *   named no field of this form: then word `error` as a message for the whole form).
 * - `hasFieldErrors(errors)`, `firstFieldError(errors, order)`: for the summary and the focus.
 */
import { ApiError, type FieldError } from '../api.ts';

export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

export interface MapOptions<F extends string> {
  /** Where a server path absent from the map goes; without it such errors are dropped. */
  fallback?: F;
  /** The text shown for one server error; default its own message. */
  message?: (error: FieldError, field: F) => string;
}

export type SendResult<T, F extends string> = { ok: true; value: T } | { ok: false; error: unknown; errors: FieldErrors<F> };

export function serverFields(err: unknown): readonly FieldError[] {
  return err instanceof ApiError ? err.fields : [];
}

export function mapFieldErrors<F extends string>(fields: readonly FieldError[], map: Readonly<Record<string, F>>, options: MapOptions<F> = {}): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const f of fields) {
    const field = Object.hasOwn(map, f.field) ? map[f.field] : options.fallback;
    if (field !== undefined) errors[field] = options.message ? options.message(f, field) : f.message;
  }
  return errors;
}

export async function sendForm<T, F extends string>(send: () => Promise<T>, map: Readonly<Record<string, F>>, options?: MapOptions<F>): Promise<SendResult<T, F>> {
  try {
    return { ok: true, value: await send() };
  } catch (error) {
    return { ok: false, error, errors: mapFieldErrors(serverFields(error), map, options) };
  }
}

export function hasFieldErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** The first field in form order that has an error: the one to focus. */
export function firstFieldError<F extends string>(errors: FieldErrors<F>, order: readonly F[]): F | undefined {
  return order.find((f) => errors[f]);
}
