import { z } from 'zod';

/** Text typed by a person: trimmed, bounded, without NUL characters (PostgreSQL refuses them). */
export const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** An optional text where an empty field (as a form sends it) means "not given". */
export const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(1, max).optional());

export const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.email('must be an e-mail address').max(254).optional(),
);

export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);
export const LatLonSchema = z.object({ lat: latitude, lon: longitude });

/** A number from a query string: `?lat=` or `?lat=abc` is refused, not read as 0 or NaN. */
export const queryNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^[-+]?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const queryInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const id = z.number().int().positive().max(2_147_483_647);
