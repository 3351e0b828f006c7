import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonthsPeriod, addYearsPeriod, periodEnd, periodEndDetail } from './periods.ts';

// All four vectors are the worked examples of domain-rules §3.4 (审查指南修改公报第1号, 2008; 实施细则).
test('§3.4 worked example: filed 2007-10-30 + 2 months ends 2008-01-02 (2007-12-30..2008-01-01 holiday)', () => {
  assert.equal(addMonthsPeriod('2007-10-30', 2), '2007-12-30');
  assert.equal(periodEnd('2007-10-30', { months: 2 }, { holidayShift: true }), '2008-01-02');
  assert.deepEqual(periodEndDetail('2007-10-30', { months: 2 }, { holidayShift: true }), {
    end: '2008-01-02',
    nominalEnd: '2007-12-30',
    shifted: true,
    calendarCovered: true,
  });
});

test('§3.4 worked example: filed 2007-12-06 + 2 months ends 2008-02-13 (2008-02-06..12 holiday)', () => {
  assert.equal(addMonthsPeriod('2007-12-06', 2), '2008-02-06');
  assert.equal(periodEnd('2007-12-06', { months: 2 }, { holidayShift: true }), '2008-02-13');
  assert.equal(periodEnd('2007-12-06', { months: 2 }, { holidayShift: false }), '2008-02-06');
});

test('§3.4 worked example: filed 1998-06-01 + 3 years ends 2001-06-01, not 2001-05-31', () => {
  assert.equal(addYearsPeriod('1998-06-01', 3), '2001-06-01');
  // 2001-06-01 is a Friday; 2001 is outside the holiday data, which the detail reports
  const d = periodEndDetail('1998-06-01', { years: 3 }, { holidayShift: true });
  assert.equal(d.end, '2001-06-01');
  assert.equal(d.calendarCovered, false);
});

test('§3.4 worked example: received 1999-12-31 + 2 months ends 2000-02-29 (month-end rule)', () => {
  assert.equal(addMonthsPeriod('1999-12-31', 2), '2000-02-29');
  assert.equal(periodEnd('1999-12-31', { months: 2 }, { holidayShift: true }), '2000-02-29'); // a Tuesday
});

test('month-end rule on 29 February and 31st, across years, and backwards', () => {
  // "if that month has no such day, the period ends on that month's last day" (§3.4)
  assert.equal(addYearsPeriod('2000-02-29', 1), '2001-02-28');
  assert.equal(addYearsPeriod('2000-02-29', 4), '2004-02-29');
  assert.equal(addMonthsPeriod('2023-01-31', 1), '2023-02-28');
  assert.equal(addMonthsPeriod('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonthsPeriod('2023-08-31', 6), '2024-02-29');
  assert.equal(addMonthsPeriod('2023-11-30', 3), '2024-02-29');
  assert.equal(addMonthsPeriod('2024-03-15', -12), '2023-03-15');
  assert.equal(addMonthsPeriod('2024-02-29', 0), '2024-02-29');
  assert.throws(() => addMonthsPeriod('2024-02-30', 1), { code: 'INVALID_DATE' });
  assert.throws(() => addMonthsPeriod('2024-02-01', 1.5), { code: 'INVALID_PERIOD' });
});
