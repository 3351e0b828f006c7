import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnnualFeeDeadline, PatentScheduleInput } from './deadlines.ts';
import {
  actionablePatentFees,
  computePatentSchedule,
  patentSchedule,
  recordPayment,
  TEMPORARY_DEADLINE_MEASURES,
  terminationOf,
  trademarkSchedule,
} from './deadlines.ts';
import { expiryDate } from './term.ts';

function year(entries: AnnualFeeDeadline[], n: number): AnnualFeeDeadline {
  const e =
    entries.find((x) => x.patentYear === n && !x.grantYearFee) ?? entries.find((x) => x.patentYear === n);
  assert.ok(e, `no entry for year ${n}`);
  return e;
}

// ----------------------------------------------------------------------------------------------------
// Patents

test('§3.4 guideline example: filed 1997-06-03, granted 2001-08-01, year 5 paid at registration → year 6 due 2002-06-03', () => {
  const input: PatentScheduleInput = {
    patentType: 'invention',
    filingDate: '1997-06-03',
    grantDate: '2001-08-01',
    asOf: '2002-01-01',
  };
  const entries = patentSchedule(input);
  // grant year = the patent year containing 2001-08-01 = year 5 (2001-06-03..2002-06-02)
  const grant = entries[0];
  assert.equal(grant?.grantYearFee, true);
  assert.equal(grant?.patentYear, 5);
  assert.equal(grant?.state, 'paid');
  assert.equal(grant?.graceEnd, null);
  const y6 = year(entries, 6);
  assert.equal(y6.anniversary, '2002-06-03');
  assert.equal(y6.dueDate, '2002-06-03'); // a Monday; 2002 is outside the holiday data (weekends only)
  assert.equal(y6.calendarCovered, false);
  assert.equal(y6.amount, 1200); // invention years 4–6
  assert.equal(y6.graceEnd, '2002-12-03'); // due + 6 months, a Tuesday
  assert.equal(y6.state, 'open'); // asOf is inside year 5, the payment period for year 6
  // the grant-year fee plus years 6..20 (20-year invention term)
  assert.deepEqual(
    entries.map((e) => e.patentYear),
    [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
  );
  assert.equal(entries.at(-1)?.anniversary, '2016-06-03');
  // the same with the grant year given explicitly
  assert.equal(year(patentSchedule({ ...input, grantYearPaid: 5 }), 6).dueDate, '2002-06-03');
  // before the grant there are no annual fees
  assert.deepEqual(patentSchedule({ ...input, grantDate: undefined }), []);
  assert.throws(() => patentSchedule({ ...input, grantYearPaid: 21 }), { code: 'INVALID_GRANT_YEAR' });
});

test('a due date in the Spring Festival holiday moves to the next working day', () => {
  // §3.4: 2008-02-06..12 was a holiday and 2008-02-13 the first working day after it
  // years 2–4 paid on time (600, 600, 900)
  const paid = [
    { patentYear: 2, date: '2005-01-10', amount: 600 },
    { patentYear: 3, date: '2006-01-10', amount: 600 },
    { patentYear: 4, date: '2007-01-10', amount: 900 },
  ];
  const sf = (asOf: string) =>
    patentSchedule({
      patentType: 'utility_model',
      filingDate: '2004-02-07',
      grantDate: '2004-10-15',
      payments: paid,
      asOf,
    });
  const um = sf('2008-02-13');
  const y5 = year(um, 5);
  assert.equal(y5.anniversary, '2008-02-07');
  assert.equal(y5.dueDate, '2008-02-13');
  assert.equal(y5.state, 'open'); // still in time on the shifted due date
  assert.equal(y5.lateFeeIfPaidOn('2008-02-13').percent, 0);
  assert.equal(y5.graceEnd, '2008-08-07'); // counted from the anniversary: 2008-02-07 + 6 months, a Thursday
  assert.equal(year(sf('2008-02-14'), 5).state, 'in_grace');
  // Spring Festival 2026 (official calendar data: rest 02-15..02-23): anniversary 2026-02-16 → 2026-02-24;
  // the grace end 2026-08-16 is a Sunday → 2026-08-17
  const y6 = year(
    patentSchedule({
      patentType: 'utility_model',
      filingDate: '2021-02-16',
      grantDate: '2021-12-01',
      asOf: '2026-01-01',
    }),
    6,
  );
  assert.equal(y6.anniversary, '2026-02-16');
  assert.equal(y6.dueDate, '2026-02-24');
  assert.equal(y6.graceEnd, '2026-08-17');
  assert.equal(y6.calendarCovered, true);
  // 2026-02-14 is a 调休 working Saturday: a due date on it does not move
  assert.equal(
    year(
      patentSchedule({
        patentType: 'utility_model',
        filingDate: '2021-02-14',
        grantDate: '2021-12-01',
        asOf: '2026-01-01',
      }),
      6,
    ).dueDate,
    '2026-02-14',
  );
});

test('29 February filing date: anniversaries in common years fall on 28 February (month-end rule)', () => {
  const entries = patentSchedule({
    patentType: 'utility_model',
    filingDate: '2012-02-29',
    grantDate: '2012-11-20',
    asOf: '2012-12-01',
  });
  assert.deepEqual(
    entries.map((e) => [e.patentYear, e.anniversary]),
    [
      [1, '2012-02-29'],
      [2, '2013-02-28'],
      [3, '2014-02-28'],
      [4, '2015-02-28'],
      [5, '2016-02-29'],
      [6, '2017-02-28'],
      [7, '2018-02-28'],
      [8, '2019-02-28'],
      [9, '2020-02-29'],
      [10, '2021-02-28'],
    ],
  );
  assert.equal(year(entries, 2).dueDate, '2013-02-28'); // a Thursday
  assert.equal(year(entries, 2).graceEnd, '2013-08-28');
  // 2015-02-28 is a Saturday made a working day for Spring Festival 2015 (calendar data): no shift
  assert.equal(year(entries, 4).dueDate, '2015-02-28');
  // 2021-02-28 is an ordinary Sunday → Monday 2021-03-01
  assert.equal(year(entries, 10).dueDate, '2021-03-01');
  // the term ends the day before the 10th anniversary (term.ts): 2022-02-28 - 1 day
  assert.equal(
    expiryDate({
      kind: 'patent',
      office: 'CN',
      subType: 'utility_model',
      filingDate: '2012-02-29',
      registrationDate: null,
    }),
    '2022-02-27',
  );
});

test('every fee band shows in the schedule; design term 15 (filed ≥ 2021-06-01) owes 3000 for year 11', () => {
  const inv = patentSchedule({
    patentType: 'invention',
    filingDate: '2003-01-15',
    grantDate: '2003-12-01',
    asOf: '2004-01-01',
  });
  assert.deepEqual(
    inv.map((e) => e.amount),
    [
      900, 900, 900, 1200, 1200, 1200, 2000, 2000, 2000, 4000, 4000, 4000, 6000, 6000, 6000, 8000, 8000, 8000,
      8000, 8000,
    ],
  );
  const newDesign = patentSchedule({
    patentType: 'design',
    filingDate: '2021-06-01',
    grantDate: '2022-01-10',
    asOf: '2022-02-01',
  });
  assert.equal(newDesign.length, 15);
  const y11 = year(newDesign, 11);
  assert.equal(y11.anniversary, '2031-06-01');
  assert.equal(y11.amount, 3000);
  assert.equal(y11.dueDate, '2031-06-02'); // 2031-06-01 is a Sunday; 2031 is outside the data → weekends only
  assert.equal(y11.calendarCovered, false);
  assert.deepEqual(
    newDesign.map((e) => e.amount),
    [600, 600, 600, 900, 900, 1200, 1200, 1200, 2000, 2000, 3000, 3000, 3000, 3000, 3000],
  );
  // filed one day before 2021-06-01: 10-year term, no year 11
  const oldDesign = patentSchedule({
    patentType: 'design',
    filingDate: '2021-05-31',
    grantDate: '2022-01-10',
    asOf: '2022-02-01',
  });
  assert.equal(oldDesign.at(-1)?.patentYear, 10);
  assert.equal(
    oldDesign.find((e) => e.patentYear === 11),
    undefined,
  );
  const um = patentSchedule({
    patentType: 'utility_model',
    filingDate: '2015-03-04',
    grantDate: '2015-09-01',
    asOf: '2016-01-01',
  });
  assert.deepEqual(
    um.map((e) => e.amount),
    [600, 600, 600, 900, 900, 1200, 1200, 1200, 2000, 2000],
  );
});

test('reduction years: 85 % inside the window, full from the first year outside; 70 % for joint owners', () => {
  // invention filed 2010-09-10, grant announced 2012-03-01 → grant year 2 (2011-09-10..2012-09-09)
  const input: PatentScheduleInput = {
    patentType: 'invention',
    filingDate: '2010-09-10',
    grantDate: '2012-03-01',
    reduction: { rate: 0.85, recordedOn: '2012-01-01' },
    asOf: '2012-04-01',
  };
  const e = patentSchedule(input);
  const reduced = (n: number) => [year(e, n).amount, year(e, n).reducedAmount];
  assert.deepEqual(reduced(2), [900, 900]); // due 2012: before 财税〔2016〕78号 (2016-09-01), no policy
  assert.deepEqual(reduced(6), [1200, 1200]); // due 2015-09-10: still before 2016-09-01
  assert.deepEqual(reduced(7), [2000, 300]); // due 2016-09-10: years 2..7 are the 6 years from the grant year
  assert.deepEqual(reduced(8), [2000, 2000]); // due 2017-09-10: first year outside the 6-year window
  assert.deepEqual(reduced(9), [2000, 300]); // due 2018-09-10: 10-year window from 2018-08-01 [M] (years 2..11)
  assert.equal(year(e, 9).reduction?.confidence, 'M');
  assert.deepEqual(reduced(11), [4000, 600]); // due 2020-09-10: last year of the 10-year window
  assert.deepEqual(reduced(12), [4000, 4000]); // due 2021-09-10: first year outside it
  // joint owners: 70 % off → 30 % of 2000
  const joint = patentSchedule({ ...input, reduction: { rate: 0.7, recordedOn: '2012-01-01' } });
  assert.equal(year(joint, 7).reducedAmount, 600);
  // an open licence from 2024-07-15 takes 15 % off year 15 (due 2024-09-10, outside the reduction window)
  const open = patentSchedule({ ...input, openLicence: { from: '2024-07-15' } });
  assert.deepEqual([year(open, 15).amount, year(open, 15).reducedAmount], [6000, 5100]);
  assert.equal(year(open, 14).reducedAmount, 6000); // due 2023-09-10: before the open licence
});

// invention filed 2019-11-22, grant announced 2022-06-10 → grant year 3; year 4 due 2022-11-22 (paid);
// year 5 (1200) due 2023-11-22; its late-fee steps end on ordinary weekdays (see fees.test.ts), grace end
// 2024-05-22.
const BASE: PatentScheduleInput = {
  patentType: 'invention',
  filingDate: '2019-11-22',
  grantDate: '2022-06-10',
  payments: [{ patentYear: 4, date: '2022-11-01', amount: 1200 }],
  asOf: '2023-01-01',
};
const at = (asOf: string, extra: Partial<PatentScheduleInput> = {}) =>
  patentSchedule({ ...BASE, asOf, ...extra });

test('fee states: not yet due, open, in grace, missed', () => {
  assert.equal(year(at('2023-01-01'), 3).state, 'paid');
  assert.equal(year(at('2023-01-01'), 4).state, 'paid');
  assert.equal(year(at('2023-11-21'), 5).state, 'open'); // payment period = year 4, from 2022-11-22
  assert.equal(year(at('2023-11-21'), 6).state, 'not_yet_due'); // opens 2023-11-22
  assert.equal(year(at('2023-11-22'), 5).state, 'open'); // the due date itself
  assert.equal(year(at('2023-11-22'), 6).state, 'open');
  assert.equal(year(at('2023-11-23'), 5).state, 'in_grace');
  assert.equal(year(at('2024-05-22'), 5).state, 'in_grace');
  assert.equal(year(at('2024-05-23'), 5).state, 'missed');
  const e = year(at('2023-12-01'), 5);
  assert.equal(e.lateFeeIfPaidOn('2023-12-22').amount, 0);
  assert.equal(e.lateFeeIfPaidOn('2023-12-23').amount, 60); // 5 % of 1200
  assert.equal(e.lateFeeIfPaidOn('2024-05-22').amount, 300); // 25 %
  assert.throws(() => e.lateFeeIfPaidOn('2024-05-23'), { code: 'GRACE_EXPIRED' });
});

test('late payments: the late fee is on the full fee; underpayment and payment after the grace end are refused', () => {
  // in grace: 1200 + 5 % = 1260
  const ok = recordPayment(
    { ...BASE, asOf: '2023-12-01' },
    { patentYear: 5, date: '2023-12-23', amount: 1260 },
  );
  assert.deepEqual(
    ok.ok && [ok.fee, ok.lateFee.percent, ok.lateFee.amount, ok.restorationFee, ok.total],
    [1200, 5, 60, 0, 1260],
  );
  const under = recordPayment(BASE, { patentYear: 5, date: '2023-12-23', amount: 1200 });
  assert.equal(under.ok, false);
  assert.equal(!under.ok && under.code, 'UNDERPAID');
  // with an 85 % reduction the fee is 180 but the late fee stays 5 % of the FULL 1200 (§3.3) → 240
  const reduced = recordPayment(
    { ...BASE, reduction: { rate: 0.85, recordedOn: '2022-01-01' } },
    { patentYear: 5, date: '2023-12-23', amount: 240 },
  );
  assert.deepEqual(reduced.ok && [reduced.fee, reduced.lateFee.amount, reduced.total], [180, 60, 240]);
  // last day of grace: 25 %
  const last = recordPayment(BASE, { patentYear: 5, date: '2024-05-22', amount: 1500 });
  assert.equal(last.ok && last.total, 1500);
  // one day after the grace end: refused with a reason
  const late = recordPayment(BASE, { patentYear: 5, date: '2024-05-23', amount: 1500 });
  assert.equal(late.ok, false);
  if (!late.ok) {
    assert.equal(late.code, 'GRACE_EXPIRED');
    assert.match(late.reason, /grace period ended on 2024-05-22/);
    assert.match(late.reason, /terminated as of 2023-11-22/);
    assert.match(late.reason, /restoration \(RR01\)/);
    assert.equal(late.error.code, 'GRACE_EXPIRED');
  }
  const twice = recordPayment(BASE, { patentYear: 4, date: '2022-11-05', amount: 1200 });
  assert.equal(!twice.ok && twice.code, 'ALREADY_PAID');
  assert.equal(!twice.ok && twice.error.status, 409);
  const none = recordPayment(BASE, { patentYear: 21, date: '2023-01-01', amount: 8000 });
  assert.equal(!none.ok && none.code, 'NO_SUCH_FEE');
});

test('termination takes effect as of the original due date; later fees are not owed', () => {
  const input = { ...BASE, asOf: '2024-08-01', events: [{ code: 'CF01', date: '2024-07-05' }] };
  const r = computePatentSchedule(input);
  assert.equal(year(r.entries, 5).state, 'missed');
  for (const e of r.entries.filter((x) => x.patentYear > 5)) assert.equal(e.state, 'not_owed');
  // CF01 published 2024-07-05, but the patent terminated as of the year-5 due date
  assert.deepEqual(terminationOf(input), {
    patentYear: 5,
    terminatedAsOf: '2023-11-22',
    cf01On: '2024-07-05',
    restoredOn: null,
  });
  // without the CF01 event the lapse is derived from the dates alone
  assert.equal(terminationOf({ ...BASE, asOf: '2024-05-23' })?.terminatedAsOf, '2023-11-22');
  assert.equal(terminationOf({ ...BASE, asOf: '2024-05-22' }), null);
  // a payment for a later year is refused: the right no longer exists
  const later = recordPayment(input, { patentYear: 6, date: '2024-07-20', amount: 1200 });
  assert.equal(!later.ok && later.code, 'NOT_OWED');
});

test('restoration (RR01): the overdue fee is accepted, the right continues, the restoration fee is 1000', () => {
  const events = [
    { code: 'CF01', date: '2024-07-05' },
    { code: 'RR01', date: '2024-09-20' },
  ];
  const payment = { patentYear: 5, date: '2024-07-15', amount: 1500 };
  const res = recordPayment({ ...BASE, asOf: '2024-10-01', events }, payment);
  assert.equal(res.ok, true);
  if (res.ok) {
    assert.equal(res.lateFee.restoration, true);
    assert.equal(res.lateFee.percent, 25); // [L] decision, see fees.ts LateFeeOptions.restored
    assert.equal(res.restorationFee, 1000);
    assert.equal(res.total, 2500);
  }
  const input = { ...BASE, asOf: '2024-10-01', events, payments: [...(BASE.payments ?? []), payment] };
  const r = computePatentSchedule(input);
  assert.equal(year(r.entries, 5).state, 'paid');
  assert.equal(year(r.entries, 5).restoredOn, '2024-09-20');
  assert.equal(year(r.entries, 6).state, 'open'); // year 6 due 2024-11-22 is owed again
  assert.equal(terminationOf(input), null);
  assert.deepEqual(r.lapses, [
    { patentYear: 5, terminatedAsOf: '2023-11-22', cf01On: '2024-07-05', restoredOn: '2024-09-20' },
  ]);
  // a restoration recorded in the future (after asOf) does not count yet
  const early = recordPayment({ ...BASE, asOf: '2024-07-15', events }, payment);
  assert.equal(!early.ok && early.code, 'GRACE_EXPIRED');
});

test('surrender (AV01) ends the right: fees due after it are not owed', () => {
  const r = patentSchedule({
    ...BASE,
    payments: [...(BASE.payments ?? []), { patentYear: 5, date: '2023-11-01', amount: 1200 }],
    events: [{ code: 'AV01', date: '2024-03-01' }],
    asOf: '2025-01-01',
  });
  assert.equal(year(r, 5).state, 'paid');
  assert.equal(year(r, 6).state, 'not_owed');
});

test('the 2022 temporary extension is kept as data, unapplied until its window is known', () => {
  const m = TEMPORARY_DEADLINE_MEASURES[0];
  assert.equal(m?.confidence, 'L');
  assert.deepEqual(m?.excludes, ['grant_year_fee', 'in_late_fee_period']);
  assert.equal(m?.extension, null);
});

// ----------------------------------------------------------------------------------------------------
// Trademarks (§4.1)

test('trademark: 10-year term, 12-month window, 6-month grace; states before, inside, in grace, lapsed', () => {
  // registered 2015-03-04: expiry 2025-03-03 (term.ts), window = the last 12 months 2024-03-04..2025-03-03,
  // grace = 6 months after expiry → 2025-09-03
  const s = (asOf: string, renewals: { date: string }[] = []) =>
    trademarkSchedule({ registrationDate: '2015-03-04', renewals, asOf });
  const t = s('2024-01-01')[0];
  assert.equal(t?.expiry, '2025-03-03');
  assert.equal(t?.windowStart, '2024-03-04');
  assert.equal(t?.windowEnd, '2025-03-03');
  assert.equal(t?.graceEnd, '2025-09-03');
  assert.equal(t?.rule.id, 'TM-2014');
  assert.equal(s('2024-03-03')[0]?.state, 'before_window');
  assert.equal(s('2024-03-04')[0]?.state, 'in_window');
  assert.equal(s('2025-03-03')[0]?.state, 'in_window');
  assert.equal(s('2025-03-04')[0]?.state, 'in_grace');
  assert.equal(s('2025-09-03')[0]?.state, 'in_grace');
  assert.equal(s('2025-09-04')[0]?.state, 'lapsed');

  // renewed inside the window: the next term runs from the day after expiry
  const inWindow = s('2025-06-01', [{ date: '2024-06-01' }]);
  assert.equal(inWindow[0]?.state, 'renewed');
  assert.equal(inWindow[0]?.renewedInGrace, false);
  assert.equal(inWindow[1]?.termStart, '2025-03-04');
  assert.equal(inWindow[1]?.expiry, '2035-03-03');
  assert.equal(inWindow[1]?.windowStart, '2034-03-04');
  assert.equal(inWindow[1]?.state, 'before_window');

  // renewed in the grace period
  const inGrace = s('2025-10-01', [{ date: '2025-09-03' }]);
  assert.equal(inGrace[0]?.state, 'renewed');
  assert.equal(inGrace[0]?.renewedInGrace, true);
  assert.equal(inGrace[1]?.termStart, '2025-03-04');

  // too early, then too late: both refused, the mark lapses
  const refused = s('2025-10-01', [{ date: '2024-03-03' }, { date: '2025-09-04' }]);
  assert.equal(refused.length, 1);
  assert.equal(refused[0]?.state, 'lapsed');
  assert.deepEqual(
    refused[0]?.refusedRenewals.map((r) => r.date),
    ['2024-03-03', '2025-09-04'],
  );
  assert.match(refused[0]?.refusedRenewals[1]?.reason ?? '', /after the grace period ended on 2025-09-03/);
});

test('trademark: before 2014-05-01 the renewal window was 6 months; the rule in force when the window opens applies', () => {
  // registered 2004-03-04: expiry 2014-03-03; 6-month window opens 2013-09-04, before 2014-05-01 → old rule
  const old = trademarkSchedule({ registrationDate: '2004-03-04', asOf: '2013-09-03' })[0];
  assert.equal(old?.rule.id, 'TM-PRE-2014');
  assert.equal(old?.windowStart, '2013-09-04');
  assert.equal(old?.state, 'before_window'); // would be inside a 12-month window (from 2013-03-04)
  assert.equal(old?.graceEnd, '2014-09-03');
  assert.equal(
    trademarkSchedule({ registrationDate: '2004-03-04', asOf: '2013-09-04' })[0]?.state,
    'in_window',
  );
  const early = trademarkSchedule({
    registrationDate: '2004-03-04',
    renewals: [{ date: '2013-06-01' }],
    asOf: '2013-10-01',
  });
  assert.equal(early[0]?.renewedOn, null);
  assert.equal(early[0]?.refusedRenewals[0]?.date, '2013-06-01');

  // registered 2004-12-02: expiry 2014-12-01; the old 6-month window would open 2014-06-02, after the
  // change → the new 12-month rule, whose start 2013-12-02 predates the new law → opens 2014-05-01
  const transitional = trademarkSchedule({ registrationDate: '2004-12-02', asOf: '2014-05-01' })[0];
  assert.equal(transitional?.rule.id, 'TM-2014');
  assert.equal(transitional?.windowStart, '2014-05-01');
  assert.equal(transitional?.state, 'in_window');

  // registered 2005-06-01: expiry 2015-05-31; the full 12-month window opens 2014-06-01
  assert.equal(
    trademarkSchedule({ registrationDate: '2005-06-01', asOf: '2014-01-01' })[0]?.windowStart,
    '2014-06-01',
  );
});

test('trademark registered on 29 February: renewals chain from the day after the previous expiry', () => {
  const terms = trademarkSchedule({
    registrationDate: '2000-02-29',
    renewals: [{ date: '2009-12-01' }],
    asOf: '2010-03-01',
  });
  // 10th anniversary 2010-02-28 (month-end rule) → expiry 2010-02-27; 6-month window (pre-2014) opens 2009-08-28
  assert.equal(terms[0]?.expiry, '2010-02-27');
  assert.equal(terms[0]?.windowStart, '2009-08-28');
  assert.equal(terms[0]?.state, 'renewed');
  // next term from 2010-02-28, expiring the day before its 10th anniversary 2020-02-28
  assert.equal(terms[1]?.termStart, '2010-02-28');
  assert.equal(terms[1]?.expiry, '2020-02-27');
  assert.equal(terms[1]?.rule.id, 'TM-2014');
});

test('the stored (actionable) fees of the §3.4 guideline example: year 6 open, year 7 the next not yet due', () => {
  const input: PatentScheduleInput = {
    patentType: 'invention',
    filingDate: '1997-06-03',
    grantDate: '2001-08-01',
    asOf: '2002-05-01',
  };
  assert.deepEqual(actionablePatentFees(input), [
    {
      patentYear: 6,
      dueDate: '2002-06-03',
      amount: 1200,
      reducedAmount: 1200,
      graceEnd: '2002-12-03',
      state: 'open',
    },
    {
      patentYear: 7,
      dueDate: '2003-06-03',
      amount: 2000,
      reducedAmount: 2000,
      graceEnd: '2003-12-03',
      state: 'not_yet_due',
    },
  ]);
  // year 6 unpaid past its grace end: missed, and nothing after it is owed (terminated as of 2002-06-03)
  assert.deepEqual(
    actionablePatentFees({ ...input, asOf: '2003-01-10' }).map((f) => [f.patentYear, f.state]),
    [[6, 'missed']],
  );
});
