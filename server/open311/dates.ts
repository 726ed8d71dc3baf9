import { TIME_ZONE } from '../domain/time-zone.ts';
import { Open311Error } from './errors.ts';

/**
 * Dates as GeoReport v2 wants them: the w3 profile of ISO 8601, always with a zone
 * (http://www.w3.org/TR/NOTE-datetime). We answer in the municipality's local time
 * (`2026-11-26T08:15:30+01:00`), which a clerk reading the raw answer recognises.
 */
const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export function formatW3(date: Date): string {
  const p = Object.fromEntries(localParts.formatToParts(date).map((x) => [x.type, x.value]));
  // "GMT+01:00", or plain "GMT" when the offset is zero.
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/**
 * `2026-11-26T08:15:30+01:00`, `…Z`, with optional fractions of a second and an optional colon in
 * the offset. A space where the offset's "+" should be is read as "+": a query string written
 * without percent-encoding turns "+" into a space, and such clients are common.
 */
const W3_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant a w3 date-time names, or undefined when it is not one (no zone, impossible date). */
export function parseW3(text: string): Date | undefined {
  const m = W3_DATETIME.exec(text.trim().replace(/^(.*T.*) (\d{2}:?\d{2})$/, '$1+$2'));
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 59) return undefined;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone[0]}${zone.slice(1, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 31 February over into March: refuse dates the calendar does not have.
  const check = new Date(Date.UTC(+y, +mo - 1, +d));
  if (check.getUTCMonth() !== +mo - 1) return undefined;
  return date;
}

/** GeoReport v2: a query may not span more than 90 days, and covers the last 90 days by default. */
export const MAX_SPAN_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The range of `start_date`/`end_date` (either may be absent or empty): both given, at most 90
 * days apart; one given, 90 days from or up to it; neither, the last 90 days.
 */
export function dateWindow(start: string | undefined, end: string | undefined, now = new Date()): { from: Date; to: Date } {
  const read = (name: string, v: string | undefined) => {
    if (v === undefined || v.trim() === '') return undefined;
    const d = parseW3(v);
    if (!d) throw new Open311Error(400, `${name} must be a w3 date-time with a time zone, e.g. 2026-11-26T08:15:30+01:00 or 2026-11-26T07:15:30Z`);
    return d;
  };
  const from = read('start_date', start);
  const to = read('end_date', end);
  const span = MAX_SPAN_DAYS * DAY_MS;
  if (from && to) {
    if (from > to) throw new Open311Error(400, 'start_date must not be after end_date');
    if (to.getTime() - from.getTime() > span) throw new Open311Error(400, `start_date and end_date may not span more than ${MAX_SPAN_DAYS} days`);
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + span) };
  if (to) return { from: new Date(to.getTime() - span), to };
  return { from: new Date(now.getTime() - span), to: now };
}
