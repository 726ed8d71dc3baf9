import { TIME_ZONE } from './time-zone.ts';

/**
 * The office's promise (README, "HTTP API": the tracking answer's `promise`): a category's target
 * days (`daysToAccept`, `daysToResolve`) counted as whole days of the municipality's calendar. A
 * report filed on Monday with a target of 3 days is due by the end of Thursday, Rome time, whatever
 * the hour of filing and across the changes of summer time. The staff queue's SQL
 * (server/services/due-dates.ts) applies the same rule; this is its copy for the browser, for the
 * filing form's summary before the report exists, and tests hold the two to the same instants.
 * Pure (no Node imports): the widget imports it.
 */

/** The calendar date (year, month 1-12, day) an instant falls on in the municipality. */
export function localDate(at: Date, timeZone = TIME_ZONE): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant a calendar day starts in the zone (midnight never falls in a summer-time gap in Italy). */
function startOfDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/**
 * When a target of `days` from `from` is due: the last millisecond of the calendar day `days`
 * days after `from`'s, in the municipality. `pausedMs`: time the clock stood still (a report
 * waiting for the citizen), added here and only here.
 */
export function dueAt(from: Date, days: number, pausedMs = 0, timeZone = TIME_ZONE): Date {
  const { year, month, day } = localDate(from, timeZone);
  return new Date(startOfDay(year, month, day + days + 1, timeZone) - 1 + pausedMs);
}

/** A category's targets, as the public `/config` lists them. */
export interface Targets {
  daysToAccept: number;
  daysToResolve: number;
}

/** The two dates promised when a report is filed at `filedAt`. */
export function promisedDates(filedAt: Date, targets: Targets, pausedMs = 0): { acceptBy: Date; resolveBy: Date } {
  return {
    acceptBy: dueAt(filedAt, targets.daysToAccept, pausedMs),
    resolveBy: dueAt(filedAt, targets.daysToResolve, pausedMs),
  };
}

/** Whether one promise is kept: still before the date, past it, done by it, done after it. */
export const PROMISE_STATES = ['pending', 'late', 'onTime', 'doneLate'] as const;
export type PromiseState = (typeof PROMISE_STATES)[number];

export function promiseState(due: Date, doneAt: Date | null, now: Date): PromiseState {
  if (doneAt) return doneAt.getTime() <= due.getTime() ? 'onTime' : 'doneLate';
  return now.getTime() <= due.getTime() ? 'pending' : 'late';
}

/** A due date in words, in the municipality's calendar: "lunedì 14 dicembre 2026". */
export function dueDateWords(due: Date | string, locale: string, timeZone = TIME_ZONE): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(due),
  );
}
