import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIsoDate, parseDate, plusDays, weekday } from './dates.ts';
import { buildCalendar, calendarCovers, isWorkingDay, nextWorkingDay } from './holidays.ts';

test('dates: strict YYYY-MM-DD, leap years, weekdays in UTC', () => {
  assert.equal(isIsoDate('2000-02-29'), true);
  assert.equal(isIsoDate('1900-02-29'), false);
  assert.equal(isIsoDate('2023-02-29'), false);
  assert.equal(isIsoDate('2023-2-01'), false);
  assert.throws(() => parseDate('2023-13-01'), { code: 'INVALID_DATE' });
  assert.equal(weekday('2008-01-02'), 3); // Wednesday
  assert.equal(plusDays('2007-12-31', 1), '2008-01-01');
  assert.equal(plusDays('2000-03-01', -1), '2000-02-29');
});

// domain-rules §3.4 (审查指南修改公报第1号, 2008): "2007-12-30..2008-01-01 was a holiday", "2008-02-06..12 was a holiday"
test('official calendar: the 2008 worked-example holidays are rest days', () => {
  for (const d of ['2007-12-30', '2007-12-31', '2008-01-01']) assert.equal(isWorkingDay(d), false, d);
  for (let i = 6; i <= 12; i++) assert.equal(isWorkingDay(`2008-02-${String(i).padStart(2, '0')}`), false);
  assert.equal(nextWorkingDay('2007-12-30'), '2008-01-02');
  assert.equal(nextWorkingDay('2008-02-06'), '2008-02-13');
  assert.equal(isWorkingDay('2008-01-02'), true);
  assert.equal(isWorkingDay('2008-02-13'), true);
});

test('official calendar: a 调休 swapped Saturday is a working day; other weekends are rest days', () => {
  // 2007-12-29 (Sat) and 2008-02-02 (Sat) were announced working days (State Council arrangements for
  // New Year 2008 and Spring Festival 2008, as in the package data)
  assert.equal(weekday('2007-12-29'), 6);
  assert.equal(isWorkingDay('2007-12-29'), true);
  assert.equal(isWorkingDay('2008-02-02'), true);
  assert.equal(nextWorkingDay('2008-02-02'), '2008-02-02');
  // an ordinary weekend
  assert.equal(isWorkingDay('2008-03-08'), false);
  assert.equal(isWorkingDay('2008-03-09'), false);
  assert.equal(nextWorkingDay('2008-03-08'), '2008-03-10');
  // Spring Festival 2026: rest 02-15..02-23, working Saturdays 02-14 and 02-28
  assert.equal(isWorkingDay('2026-02-14'), true);
  assert.equal(nextWorkingDay('2026-02-15'), '2026-02-24');
  assert.equal(isWorkingDay('2026-02-28'), true);
});

test('calendarCovers: data years only; outside them weekends are the only rest days', () => {
  for (let y = 2004; y <= 2026; y++) assert.equal(calendarCovers(y), true, String(y));
  assert.equal(calendarCovers(2003), false);
  assert.equal(calendarCovers(2100), false);
  // 2100-01-01 is a Friday: not covered → a working day, though New Year's Day
  assert.equal(weekday('2100-01-01'), 5);
  assert.equal(isWorkingDay('2100-01-01'), true);
  assert.equal(nextWorkingDay('2100-01-02'), '2100-01-04');
  assert.throws(() => isWorkingDay('2100-02-29'), { code: 'INVALID_DATE' });
});

test('buildCalendar: a calendar is data; a year counts once its Spring Festival and National Day are in it', () => {
  const cal = buildCalendar(
    {
      holidays: {
        '2030-02-04': 'Spring Festival,春节,3',
        '2030-10-01': 'National Day,国庆节,3',
        '2031-01-01': "New Year's Day,元旦,1",
      },
      workdays: { '2030-02-09': 'Spring Festival,春节,3' },
    },
    'test',
    'test data',
  );
  assert.equal(calendarCovers(2030, cal), true);
  assert.equal(calendarCovers(2031, cal), false);
  assert.equal(isWorkingDay('2030-02-04', cal), false);
  assert.equal(isWorkingDay('2030-02-09', cal), true); // a Saturday made a working day
  assert.equal(isWorkingDay('2031-01-01', cal), false); // listed rest day, even in an uncovered year
});
