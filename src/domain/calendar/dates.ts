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

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * Parsed dates, memoised: schedules parse the same few thousand dates over and over (a recompute of a
 * million rights would otherwise spend most of its time here). Bounded so it cannot grow without limit.
 */
const parsed = new Map<string, DateParts>();
const PARSED_MAX = 200_000;

function parseValid(date: string): DateParts | undefined {
  const hit = parsed.get(date);
  if (hit) return hit;
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const p = Object.freeze({ year, month, day });
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(date, p);
  return p;
}

export function isIsoDate(date: string): boolean {
  return parseValid(date) !== undefined;
}

/** Parses a `YYYY-MM-DD` date; throws a RuleError (INVALID_DATE) for anything else, e.g. 2023-02-29. */
export function parseDate(date: string, field = 'date'): DateParts {
  const p = parseValid(date);
  if (!p) {
    throw new RuleError('INVALID_DATE', `not a calendar date: ${JSON.stringify(date)}`, [
      { field, reason: 'expected a real calendar date as YYYY-MM-DD' },
    ]);
  }
  return p;
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; no Date objects). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (civil_from_days). */
export function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return formatDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const { year, month, day } = parseDate(date);
  return (((dayNumber(year, month, day) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: string): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

export function plusDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return fromDayNumber(dayNumber(year, month, day) + days);
}

export function yearOf(date: string): number {
  return parseDate(date).year;
}
