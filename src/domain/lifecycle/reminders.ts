/**
 * Reminders of coming and overdue deadlines (issue 4 item 4): which reminder occasion of a deadline is due
 * on a given day under an entity's settings. Pure: the notifications module applies it to the stored
 * deadlines and records every reminder it sends, so an occasion is sent once per recipient and channel.
 */
import { dayNumber, parseDate, plusDays } from '../calendar/dates.ts';
import type { FieldError } from '../errors.ts';

export const REMINDER_CHANNELS = ['email', 'in_app'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export interface ReminderSettings {
  /** days before the due date on which a reminder goes out, e.g. 90 / 30 / 7 */
  leadDays: number[];
  /** once a week while the fee or renewal is in its grace period (宽展期 / 滞纳期) */
  graceWeekly: boolean;
  channels: ReminderChannel[];
  /** the bureau tracks this entity's rights: staff holding lifecycle:watch are reminded too */
  tracked: boolean;
}

export const DEFAULT_REMINDER_SETTINGS: Readonly<ReminderSettings> = Object.freeze({
  leadDays: [90, 30, 7],
  graceWeekly: true,
  channels: [...REMINDER_CHANNELS],
  tracked: false,
});

/** An occasion whose day passed while no run happened (server down) is still sent up to this many days late. */
export const CATCH_UP_DAYS = 7;
export const MAX_LEAD_DAYS = 365;
export const MAX_LEADS = 6;

/** What the rule needs of a stored deadline. */
export interface RemindableDeadline {
  /** the last day to pay or renew without a late fee (trademarks: the expiry of the term) */
  dueDate: string;
  graceEnd: string | null;
  state: string;
}

export interface ReminderOccasion {
  /** `lead-90`, `lead-30`, `lead-7`, `grace-week-2` … — part of the never-twice key */
  code: string;
  /** the day the occasion falls on */
  on: string;
  phase: 'lead' | 'grace';
}

/** States after which nothing is owed any more (paid, renewed, lapsed or no longer owed). */
const SETTLED = new Set(['paid', 'renewed', 'missed', 'lapsed', 'not_owed']);

export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return dayNumber(b.year, b.month, b.day) - dayNumber(a.year, a.month, a.day);
}

/**
 * The reminder occasion of a deadline due today, if any. Before the due date: the nearest lead whose day
 * has come (an older lead is never sent when a nearer one is due), at most CATCH_UP_DAYS late. After the
 * due date and up to the grace end: `grace-week-N`, N counted from the day after the due date.
 */
export function dueOccasion(
  d: RemindableDeadline,
  today: string,
  s: Pick<ReminderSettings, 'leadDays' | 'graceWeekly'>,
): ReminderOccasion | null {
  if (SETTLED.has(d.state)) return null;
  const left = daysBetween(today, d.dueDate);
  if (left >= 0) {
    const reached = s.leadDays.filter((lead) => lead >= left);
    if (reached.length === 0) return null;
    const nearest = Math.min(...reached);
    const on = plusDays(d.dueDate, -nearest);
    if (daysBetween(on, today) > CATCH_UP_DAYS) return null;
    return { code: `lead-${nearest}`, on, phase: 'lead' };
  }
  if (!s.graceWeekly || d.graceEnd === null || today > d.graceEnd) return null;
  const week = Math.floor((-left - 1) / 7) + 1;
  return { code: `grace-week-${week}`, on: plusDays(d.dueDate, (week - 1) * 7 + 1), phase: 'grace' };
}

/** The furthest ahead a deadline can be to have an occasion due today under any settings. */
export function reminderHorizon(today: string, leads: number[]): string {
  return plusDays(today, Math.max(0, ...leads));
}

/** Field-level problems of reminder settings as a user enters them. */
export function validateReminderSettings(s: ReminderSettings): FieldError[] {
  const errors: FieldError[] = [];
  if (s.leadDays.length > MAX_LEADS)
    errors.push({ field: 'leadDays', reason: `at most ${MAX_LEADS} lead times` });
  s.leadDays.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1 || d > MAX_LEAD_DAYS)
      errors.push({
        field: `leadDays/${i}`,
        reason: `must be a whole number of days from 1 to ${MAX_LEAD_DAYS}`,
      });
  });
  if (new Set(s.leadDays).size !== s.leadDays.length)
    errors.push({ field: 'leadDays', reason: 'each lead time may appear once' });
  s.channels.forEach((c, i) => {
    if (!(REMINDER_CHANNELS as readonly string[]).includes(c))
      errors.push({ field: `channels/${i}`, reason: `must be one of ${REMINDER_CHANNELS.join(', ')}` });
  });
  if (new Set(s.channels).size !== s.channels.length)
    errors.push({ field: 'channels', reason: 'each channel may appear once' });
  return errors;
}
