import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_REMINDER_SETTINGS,
  dueOccasion,
  reminderHorizon,
  validateReminderSettings,
  type RemindableDeadline,
} from './reminders.ts';

// A fee due 2026-06-03 whose grace ends 2026-12-03 (due date + 6 months, a Thursday: no holiday shift).
const fee: RemindableDeadline = { dueDate: '2026-06-03', graceEnd: '2026-12-03', state: 'open' };
const code = (today: string, d: RemindableDeadline = fee, s = DEFAULT_REMINDER_SETTINGS) =>
  dueOccasion(d, today, s)?.code ?? null;

describe('reminder occasions of a fee due 2026-06-03 (default 90 / 30 / 7 days, weekly in grace)', () => {
  test('each lead falls on its day: 2026-03-05, 2026-05-04, 2026-05-27', () => {
    assert.equal(code('2026-03-04'), null);
    assert.deepEqual(dueOccasion(fee, '2026-03-05', DEFAULT_REMINDER_SETTINGS), {
      code: 'lead-90',
      on: '2026-03-05',
      phase: 'lead',
    });
    assert.equal(code('2026-05-03'), null);
    assert.equal(code('2026-05-04'), 'lead-30');
    assert.equal(code('2026-05-26'), null);
    assert.equal(code('2026-05-27'), 'lead-7');
  });

  test('an occasion missed by up to 7 days is still due, an older one never when a nearer one is', () => {
    assert.equal(code('2026-03-12'), 'lead-90');
    assert.equal(code('2026-03-13'), null);
    // the server was down from before lead-30 until after lead-7's day: only lead-7 is sent
    assert.equal(code('2026-05-28'), 'lead-7');
    assert.equal(code('2026-06-03'), 'lead-7', 'the due date itself is the last day of lead-7');
  });

  test('weekly in the grace period from the day after the due date to the grace end', () => {
    assert.deepEqual(dueOccasion({ ...fee, state: 'in_grace' }, '2026-06-04', DEFAULT_REMINDER_SETTINGS), {
      code: 'grace-week-1',
      on: '2026-06-04',
      phase: 'grace',
    });
    assert.equal(code('2026-06-10'), 'grace-week-1');
    assert.equal(code('2026-06-11'), 'grace-week-2');
    assert.equal(code('2026-12-03'), 'grace-week-27');
    assert.equal(code('2026-12-04'), null);
  });

  test('settled deadlines and switched-off grace reminders give nothing', () => {
    for (const state of ['paid', 'renewed', 'missed', 'lapsed', 'not_owed'])
      assert.equal(code('2026-05-27', { ...fee, state }), null, state);
    assert.equal(code('2026-06-11', fee, { ...DEFAULT_REMINDER_SETTINGS, graceWeekly: false }), null);
    assert.equal(code('2026-06-11', { ...fee, graceEnd: null }), null, 'the grant-year fee has no grace');
  });

  test('custom lead times: 60 and 14 days', () => {
    const s = { ...DEFAULT_REMINDER_SETTINGS, leadDays: [60, 14] };
    assert.equal(code('2026-04-04', fee, s), 'lead-60');
    assert.equal(code('2026-05-20', fee, s), 'lead-14');
    assert.equal(code('2026-05-04', fee, s), null);
  });

  test('a trademark term expiring 2026-02-28 (renewal grace to 2026-08-28)', () => {
    const tm: RemindableDeadline = { dueDate: '2026-02-28', graceEnd: '2026-08-28', state: 'in_window' };
    assert.equal(code('2025-11-30', tm), 'lead-90'); // 2026-02-28 − 90 days
    assert.equal(code('2026-01-29', tm), 'lead-30');
    assert.equal(code('2026-03-01', { ...tm, state: 'in_grace' }), 'grace-week-1');
  });

  test('the horizon of a run is today plus the longest lead', () => {
    assert.equal(reminderHorizon('2026-03-05', [90, 30, 7]), '2026-06-03');
  });

  test('settings are validated field by field', () => {
    assert.deepEqual(validateReminderSettings(DEFAULT_REMINDER_SETTINGS), []);
    assert.deepEqual(
      validateReminderSettings({
        ...DEFAULT_REMINDER_SETTINGS,
        leadDays: [0, 30, 30, 400],
        channels: ['email', 'sms' as 'email'],
      }).map((e) => e.field),
      ['leadDays/0', 'leadDays/3', 'leadDays', 'channels/1'],
    );
  });
});
