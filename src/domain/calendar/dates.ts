/**
 * Calendar dates as `YYYY-MM-DD` strings (no time, no time zone). All arithmetic is done in UTC
 * so that a date never shifts with the machine's zone.
 */
import { RuleError } from '../errors.ts';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isIsoDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses a `YYYY-MM-DD` date; throws a RuleError (INVALID_DATE) for anything else, e.g. 2023-02-29. */
export function parseDate(date: string, field = 'date'): DateParts {
  if (!isIsoDate(date)) {
    throw new RuleError('INVALID_DATE', `not a calendar date: ${JSON.stringify(date)}`, [
      { field, reason: 'expected a real calendar date as YYYY-MM-DD' },
    ]);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { year: y, month: m, day: d };
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

export function plusDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function yearOf(date: string): number {
  return parseDate(date).year;
}
