/**
 * Period arithmetic of the 专利法实施细则 (domain-rules §3.4 "Period arithmetic" [M]: the article number
 * differs between the 2010 and 2023 versions; the rule itself is quoted from the text):
 * - the first day is not counted: a period starts on the day after the triggering date;
 * - a period of months or years ends on the corresponding day of the final month; where that month has
 *   no such day, it ends on the last day of that month (1999-12-31 + 2 months → 2000-02-29);
 * - an end that falls on a 法定节假日 moves to the first working day after it (审查指南修改公报第1号,
 *   2008, domain-rules §3.4 [H]; the calendar is src/domain/calendar/holidays.ts).
 */
import { daysInMonth, formatDate, parseDate } from '../calendar/dates.ts';
import type { HolidayCalendar } from '../calendar/holidays.ts';
import { CN_OFFICIAL_CALENDAR, calendarCovers, nextWorkingDay } from '../calendar/holidays.ts';
import { RuleError } from '../errors.ts';

/** `start` + `months` calendar months, month-end rule; `months` may be negative (for look-backs). */
export function addMonthsPeriod(start: string, months: number): string {
  if (!Number.isInteger(months))
    throw new RuleError('INVALID_PERIOD', `months must be an integer: ${months}`);
  const { year, month, day } = parseDate(start, 'start');
  const index = year * 12 + (month - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return formatDate(ty, tm, Math.min(day, daysInMonth(ty, tm)));
}

export function addYearsPeriod(start: string, years: number): string {
  if (!Number.isInteger(years)) throw new RuleError('INVALID_PERIOD', `years must be an integer: ${years}`);
  return addMonthsPeriod(start, years * 12);
}

export type PeriodLength = { months: number; years?: never } | { years: number; months?: never };

export interface PeriodEndOptions {
  /** move an end on a 法定节假日 to the next working day */
  holidayShift: boolean;
  calendar?: HolidayCalendar;
}

export interface PeriodEndDetail {
  /** the last day of the period after the holiday rule (equal to `nominalEnd` without the shift) */
  end: string;
  /** the corresponding day of the final month, before any holiday shift */
  nominalEnd: string;
  shifted: boolean;
  /**
   * false when the shift was decided without the official holiday arrangement for the year (weekends
   * only): the caller should flag the date as provisional.
   */
  calendarCovered: boolean;
}

/**
 * Shifts on the official calendar, memoised: a region-wide recompute asks for the same few thousand
 * anniversaries and grace ends a million times. Bounded like the date parser's memo.
 */
const officialShifts = new Map<string, PeriodEndDetail>();
const SHIFTS_MAX = 100_000;

function computeShift(date: string, calendar: HolidayCalendar): PeriodEndDetail {
  const end = nextWorkingDay(date, calendar);
  const covered =
    calendarCovers(parseDate(date).year, calendar) && calendarCovers(parseDate(end).year, calendar);
  return Object.freeze({ end, nominalEnd: date, shifted: end !== date, calendarCovered: covered });
}

/** Moves a date on a 法定节假日 to the next working day, and tells whether the calendar covered it. */
export function holidayShift(
  date: string,
  calendar: HolidayCalendar = CN_OFFICIAL_CALENDAR,
): PeriodEndDetail {
  if (calendar !== CN_OFFICIAL_CALENDAR) return computeShift(date, calendar);
  let hit = officialShifts.get(date);
  if (!hit) {
    hit = computeShift(date, calendar);
    if (officialShifts.size >= SHIFTS_MAX) officialShifts.clear();
    officialShifts.set(date, hit);
  }
  return hit;
}

export function periodEndDetail(
  start: string,
  length: PeriodLength,
  options: PeriodEndOptions,
): PeriodEndDetail {
  const months = length.months ?? (length.years ?? Number.NaN) * 12;
  const nominalEnd = addMonthsPeriod(start, months);
  if (!options.holidayShift) {
    return { end: nominalEnd, nominalEnd, shifted: false, calendarCovered: true };
  }
  return holidayShift(nominalEnd, options.calendar);
}

/** Last day of a period of months or years that starts after `start` (the first day is not counted). */
export function periodEnd(start: string, length: PeriodLength, options: PeriodEndOptions): string {
  return periodEndDetail(start, length, options).end;
}
