import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PatentType } from './fees.ts';
import {
  annualFee,
  applicableReductions,
  bestReduction,
  graceEnd,
  LATE_FEE_STEPS,
  lateFee,
  lateFeeBrackets,
  patentYearOf,
  reducedFee,
  REDUCTION_POLICIES,
  RESTORATION_FEE,
} from './fees.ts';

const NOW = '2026-11-25';

test('annual fee: first and last year of every band (domain-rules §3.2 table)', () => {
  const cases: [PatentType, number, number, number][] = [
    // type, first year, last year, amount
    ['invention', 1, 3, 900],
    ['invention', 4, 6, 1200],
    ['invention', 7, 9, 2000],
    ['invention', 10, 12, 4000],
    ['invention', 13, 15, 6000],
    ['invention', 16, 20, 8000],
    ['utility_model', 1, 3, 600],
    ['utility_model', 4, 5, 900],
    ['utility_model', 6, 8, 1200],
    ['utility_model', 9, 10, 2000],
    ['design', 1, 3, 600],
    ['design', 4, 5, 900],
    ['design', 6, 8, 1200],
    ['design', 9, 10, 2000],
    ['design', 11, 15, 3000],
  ];
  for (const [type, first, last, amount] of cases) {
    assert.equal(annualFee(type, first, NOW).amount, amount, `${type} year ${first}`);
    assert.equal(annualFee(type, last, NOW).amount, amount, `${type} year ${last}`);
  }
  // beyond the table: invention 21, utility model 11, design 16, year 0
  for (const [type, year] of [
    ['invention', 21],
    ['utility_model', 11],
    ['design', 16],
    ['invention', 0],
  ] as const) {
    assert.throws(() => annualFee(type, year, NOW), { code: 'NO_ANNUAL_FEE' });
  }
  const f = annualFee('invention', 1, NOW);
  assert.equal(f.confidence, 'H');
  assert.match(f.source, /panzhihua/);
});

test('design years 11–15: 3000 from 2022-05-05, no fee before', () => {
  assert.throws(() => annualFee('design', 11, '2022-05-04'), { code: 'NO_ANNUAL_FEE' });
  const f = annualFee('design', 11, '2022-05-05');
  assert.equal(f.amount, 3000);
  assert.equal(f.effectiveFrom, '2022-05-05');
  assert.match(f.basis, /外观设计专利年费/);
  // the earlier bands are not affected by the change
  assert.equal(annualFee('design', 10, '2022-05-04').amount, 2000);
});

test('restoration fee 1000 (§3.2, §3.4)', () => {
  assert.equal(RESTORATION_FEE.amount, 1000);
});

test('patent year counts from the filing date (§3.4 examples)', () => {
  // filed 1999-06-01: year 1 = 1999-06-01..2000-05-31, year 2 = 2000-06-01..2001-05-31
  assert.equal(patentYearOf('1999-06-01', '1999-06-01'), 1);
  assert.equal(patentYearOf('1999-06-01', '2000-05-31'), 1);
  assert.equal(patentYearOf('1999-06-01', '2000-06-01'), 2);
  assert.equal(patentYearOf('1999-06-01', '2001-05-31'), 2);
  // guideline example: filed 1997-06-03, grant announced 2001-08-01 → year 5 (2001-06-03..2002-06-02)
  assert.equal(patentYearOf('1997-06-03', '2001-08-01'), 5);
  // 29 February: the anniversary in a common year is 28 February (month-end rule)
  assert.equal(patentYearOf('2000-02-29', '2001-02-27'), 1);
  assert.equal(patentYearOf('2000-02-29', '2001-02-28'), 2);
  assert.equal(patentYearOf('2000-02-29', '2004-02-28'), 4);
  assert.equal(patentYearOf('2000-02-29', '2004-02-29'), 5);
  assert.throws(() => patentYearOf('2000-02-29', '2000-02-28'), { code: 'BEFORE_FILING' });
});

test('reducedFee: 85 % off (single), 70 % off (joint), 15 % off (open licence)', () => {
  // §3.3: "85% off" → 15 % of the fee is paid; "70% off" → 30 %; open licence "reduced by 15%" → 85 %
  assert.equal(reducedFee(900, { percentOff: 85 }), 135);
  assert.equal(reducedFee(900, { percentOff: 70 }), 270);
  assert.equal(reducedFee(900, { percentOff: 15 }), 765);
  assert.equal(reducedFee(8000, { percentOff: 85 }), 1200);
  assert.equal(reducedFee(3000, { percentOff: 70 }), 900);
  assert.equal(reducedFee(900, null), 900);
  assert.throws(() => reducedFee(900, { percentOff: 120 }), { code: 'INVALID_REDUCTION' });
});

test('reduction window: 6 years from the grant year (2016), 10 years from 2018-08-01 [M]', () => {
  const single = { rate: 0.85, recordedOn: '2012-01-01' } as const;
  // grant year 2 → under 财税〔2016〕78号 years 2..7 ("自授予专利权当年起六年内")
  assert.equal(
    bestReduction({ patentYear: 7, grantYear: 2, dueDate: '2017-09-10', reduction: single })?.percentOff,
    85,
  );
  assert.equal(
    bestReduction({ patentYear: 8, grantYear: 2, dueDate: '2017-09-10', reduction: single }),
    null,
  );
  // from 2018-08-01 the window is 10 years: years 2..11
  const ext = bestReduction({ patentYear: 11, grantYear: 2, dueDate: '2018-08-01', reduction: single });
  assert.equal(ext?.percentOff, 85);
  assert.equal(ext?.confidence, 'M');
  assert.equal(
    bestReduction({ patentYear: 12, grantYear: 2, dueDate: '2018-08-01', reduction: single }),
    null,
  );
  assert.equal(
    bestReduction({ patentYear: 11, grantYear: 2, dueDate: '2018-07-31', reduction: single }),
    null,
  );
  // before 2016-09-01 no policy in the reference applies
  assert.equal(
    bestReduction({ patentYear: 3, grantYear: 2, dueDate: '2016-08-31', reduction: single }),
    null,
  );
  // years before the grant year are not annual fees of the grant
  assert.equal(
    bestReduction({ patentYear: 1, grantYear: 2, dueDate: '2017-01-01', reduction: single }),
    null,
  );
  // the recordal must precede the due date (费减备案 before payment)
  assert.equal(
    bestReduction({
      patentYear: 3,
      grantYear: 2,
      dueDate: '2017-01-01',
      reduction: { rate: 0.85, recordedOn: '2017-01-02' },
    }),
    null,
  );
  // joint applicants: 70 %
  assert.equal(
    bestReduction({
      patentYear: 3,
      grantYear: 2,
      dueDate: '2017-01-01',
      reduction: { rate: 0.7, recordedOn: '2016-12-01' },
    })?.percentOff,
    70,
  );
});

test('open licence: 15 % from 2024-07-15, the best single policy wins, never stacked', () => {
  const open = { from: '2024-01-01' };
  assert.equal(
    bestReduction({ patentYear: 15, grantYear: 2, dueDate: '2024-07-14', openLicence: open }),
    null,
  );
  const o = bestReduction({ patentYear: 15, grantYear: 2, dueDate: '2024-07-15', openLicence: open });
  assert.equal(o?.percentOff, 15);
  assert.equal(o?.policyId, 'CS-2024-23-OPEN-LICENCE');
  // outside the open-licence period
  assert.equal(
    bestReduction({
      patentYear: 15,
      grantYear: 2,
      dueDate: '2025-01-01',
      openLicence: { from: '2024-08-01', to: '2024-12-31' },
    }),
    null,
  );
  // both apply: 85 % and 15 % qualify, 85 % wins alone → 900 × 15 % = 135, not 900 × 15 % × 85 %
  const ctx = {
    patentYear: 3,
    grantYear: 2,
    dueDate: '2025-01-01',
    reduction: { rate: 0.85, recordedOn: '2024-01-01' },
    openLicence: open,
  } as const;
  assert.deepEqual(
    applicableReductions(ctx).map((r) => r.percentOff),
    [85, 15],
  );
  assert.equal(reducedFee(900, bestReduction(ctx)), 135);
  // joint applicants (70 %) still beat the open licence (15 %)
  assert.equal(bestReduction({ ...ctx, reduction: { rate: 0.7, recordedOn: '2024-01-01' } })?.percentOff, 70);
  assert.ok(REDUCTION_POLICIES.every((p) => p.basis && p.source && p.confidence));
});

test('late-fee steps on their boundary days (§3.4 table; full fee 1200)', () => {
  // due 2023-11-22; every step end (2023-11-22, 12-22, 2024-01-22, 02-22, 03-22, 04-22, 05-22) is an
  // ordinary Mon–Fri working day in the official calendar, so no holiday shift applies.
  // Table: ≤ 1 month → 0; > 1 to 2 → 5 %; … > 5 to 6 → 25 %; 5 % of 1200 = 60.
  const due = '2023-11-22';
  const cases: [string, number, number][] = [
    // payment date, percent, started months
    ['2023-11-01', 0, 0],
    ['2023-11-22', 0, 0], // on the due date
    ['2023-11-23', 0, 1],
    ['2023-12-22', 0, 1], // due + 1 month exactly: still 0 (the table wins over "each started month")
    ['2023-12-23', 5, 2], // due + 1 month + 1 day
    ['2024-01-22', 5, 2],
    ['2024-01-23', 10, 3],
    ['2024-02-22', 10, 3],
    ['2024-02-23', 15, 4],
    ['2024-03-22', 15, 4],
    ['2024-03-23', 20, 5],
    ['2024-04-22', 20, 5],
    ['2024-04-23', 25, 6],
    ['2024-05-22', 25, 6], // grace end: due + 6 months
  ];
  for (const [paid, percent, months] of cases) {
    const lf = lateFee(1200, due, paid);
    assert.deepEqual(
      lf,
      { percent, amount: (1200 * percent) / 100, monthsLate: months, restoration: false },
      paid,
    );
  }
  assert.equal(graceEnd(due), '2024-05-22');
  // after the grace end: refused
  assert.throws(() => lateFee(1200, due, '2024-05-23'), { code: 'GRACE_EXPIRED' });
  assert.deepEqual(
    LATE_FEE_STEPS.map((s) => s.percent),
    [0, 5, 10, 15, 20, 25],
  );
});

test('late-fee step ends on a rest day move to the next working day', () => {
  // due 2023-11-09 (Thu): due + 1 month = 2023-12-09, a Saturday → the free month ends Mon 2023-12-11
  assert.equal(lateFeeBrackets('2023-11-09')[1]?.until, '2023-12-11');
  assert.equal(lateFee(2000, '2023-11-09', '2023-12-11').percent, 0);
  assert.equal(lateFee(2000, '2023-11-09', '2023-12-12').percent, 5);
  // without the holiday shift the step ends on the Saturday
  assert.equal(lateFee(2000, '2023-11-09', '2023-12-11', { holidayShift: false }).percent, 5);
  // grace end on National Day: 2024-04-01 + 6 months = 2024-10-01 (rest 10-01..10-07) → 2024-10-08
  assert.equal(graceEnd('2024-04-01'), '2024-10-08');
  assert.equal(lateFee(900, '2024-04-01', '2024-10-08').percent, 25);
});

test('late fee after the grace end with a restoration: accepted at the last step (25 %) [L decision]', () => {
  const lf = lateFee(1200, '2023-11-22', '2024-07-15', { restored: true });
  assert.deepEqual(lf, { percent: 25, amount: 300, monthsLate: 8, restoration: true });
});
