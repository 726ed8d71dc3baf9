import { z } from 'zod';
import { TEXT_MAX } from '../domain/formats.ts';

/**
 * Control characters a paste or a script can carry, invisible on screen: C0 (but tab, line feed,
 * carriage return, and NUL, refused below), DEL and C1. Vertical tab and form feed are the line
 * breaks of some word processors: they become line feeds.
 */
const CONTROL_CHARACTERS = /[\u0001-\u0008\u000E-\u001F\u007F-\u009F]/g;
const stripControlCharacters = (s: string) => s.replace(/[\u000B\u000C]/g, '\n').replace(CONTROL_CHARACTERS, '');

/**
 * Text typed by a person: control characters removed, trimmed, bounded, without NUL characters
 * (PostgreSQL refuses them: a clear 400 rather than a silent change).
 */
export const text = (min: number, max: number) =>
  z
    .string()
    .overwrite(stripControlCharacters)
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** An optional text where an empty field (as a form sends it) means "not given". */
export const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(1, max).optional());

export const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.email('must be an e-mail address').max(TEXT_MAX.email).optional(),
);

/** A day as `YYYY-MM-DD` that exists in the calendar (a query's `from` or `to`). */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD', abort: true })
  // Round-tripped: Date.parse takes 2026-02-31 for 3 March, which PostgreSQL would refuse with a 5xx.
  // Without abort zod would run this after a failed regex too, and toISOString throws on `to=0` (a 500).
  .refine((d) => {
    const day = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === d;
  }, 'must be a real date');

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
