import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayNumber, fromDayNumber, isIsoDate, plusDays, weekday } from './dates.ts';

test('day numbers agree with the Gregorian calendar of Date for every day 1900–2100', () => {
  const start = Date.UTC(1900, 0, 1) / 86_400_000;
  const end = Date.UTC(2100, 11, 31) / 86_400_000;
  for (let n = start; n <= end; n++) {
    const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    if (dayNumber(y, m, d) !== n || fromDayNumber(n) !== iso)
      assert.fail(`${iso}: ${dayNumber(y, m, d)} / ${fromDayNumber(n)}`);
  }
});

test('plusDays, weekday and validity across month ends and leap days', () => {
  assert.equal(plusDays('2000-02-28', 1), '2000-02-29');
  assert.equal(plusDays('1900-02-28', 1), '1900-03-01');
  assert.equal(plusDays('2026-12-31', 1), '2027-01-01');
  assert.equal(plusDays('2026-03-01', -1), '2026-02-28');
  assert.equal(weekday('2026-11-25'), 3); // a Wednesday
  assert.equal(weekday('1970-01-01'), 4);
  assert.equal(weekday('1969-12-31'), 3);
  assert.equal(isIsoDate('2023-02-29'), false);
  assert.equal(isIsoDate('2024-02-29'), true);
});
