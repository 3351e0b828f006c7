/**
 * The deadline table's fast path (storedRows: only the years it needs) against the full schedule
 * (storedRowsFromSchedule(scheduleOf(…))), over seeded pseudo-random rights: the three patent types,
 * trademarks registered before and after the 2014 law, 29 February dates, anniversaries on holidays,
 * reductions, on-time / late / too-late / short / duplicate payments, CF01 and RR01, AV01 / IW01 / CX01,
 * events after the as-of date, and data the rules refuse. The two must agree row for row, and both must
 * refuse the same inputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plusDays } from '../../src/domain/calendar/dates.ts';
import { annualFee } from '../../src/domain/lifecycle/fees.ts';
import { addMonthsPeriod, addYearsPeriod } from '../../src/domain/lifecycle/periods.ts';
import { pick, rng } from '../../src/modules/demo/generate.ts';
import type { PaymentRow, ReductionRow } from '../../src/modules/lifecycle/lifecycle.repository.ts';
import {
  scheduleOf,
  storedRows,
  storedRowsFromSchedule,
  type LifecycleInput,
} from '../../src/modules/lifecycle/lifecycle.schedule.ts';

const r = rng(20260401);
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const chance = (p: number) => r() < p;

/** Rest days of the official calendar (Spring Festival, National Day, Qingming, Labour Day …). */
const HOLIDAYS = [
  '2010-02-15',
  '2012-01-23',
  '2015-02-19',
  '2016-10-03',
  '2018-02-16',
  '2019-02-05',
  '2019-10-01',
  '2020-01-27',
  '2021-02-12',
  '2022-04-05',
  '2023-01-23',
  '2023-10-02',
  '2024-02-12',
  '2024-05-01',
  '2025-01-29',
  '2025-10-06',
  '2026-02-17',
];

function randomDate(fromYear: number, toYear: number): string {
  return plusDays(`${int(fromYear, toYear)}-01-01`, int(0, 364));
}

/** A filing or registration date: plain, 29 February, or one whose anniversary falls on a holiday. */
function startDate(fromYear: number, toYear: number): string {
  const x = r();
  if (x < 0.1) return `${pick(r, [1988, 1992, 1996, 2000, 2004, 2008, 2012, 2016, 2020, 2024])}-02-29`;
  if (x < 0.3) {
    const h = pick(r, HOLIDAYS);
    const back = int(1, 12);
    const start = addYearsPeriod(h, -back);
    return start.slice(0, 4) >= String(fromYear) ? start : randomDate(fromYear, toYear);
  }
  return randomDate(fromYear, toYear);
}

/** An as-of date: anywhere, or next to a due date / a late-fee step / a grace end of the right. */
function asOfNear(start: string): string {
  if (chance(0.4)) return randomDate(Number(start.slice(0, 4)) - 1, 2046);
  const anniversary = addYearsPeriod(start, int(1, 16));
  return plusDays(addMonthsPeriod(anniversary, pick(r, [0, 0, 1, 6, 6, 12])), int(-2, 3));
}

let paymentId = 0;
function payment(assetId: number, patentYear: number, paidOn: string, amount: number): PaymentRow {
  return {
    id: ++paymentId,
    asset_id: assetId,
    kind: 'annual_fee',
    patent_year: patentYear,
    paid_on: paidOn,
    amount,
    note: null,
    created_at: '2026-01-01T00:00:00Z',
    created_by: null,
  };
}

interface Case {
  a: LifecycleInput;
  payments: PaymentRow[];
  reduction: ReductionRow | undefined;
  asOf: string;
}

function randomPatent(id: number): Case {
  const subType = pick(r, ['invention', 'utility_model', 'design'] as const);
  const filingDate = chance(0.02) ? randomDate(1980, 1984) : startDate(1986, 2025);
  const grantDate = chance(0.1)
    ? null
    : chance(0.03)
      ? plusDays(filingDate, -int(1, 400)) // refused: granted before it was filed
      : plusDays(filingDate, int(30, 2600));
  const events: { code: string; date: string }[] = [];
  const payments: PaymentRow[] = [];
  const asOf = asOfNear(filingDate);
  if (grantDate && grantDate > filingDate) {
    let year = 2;
    while (addYearsPeriod(filingDate, year) <= grantDate) year++;
    // fees of the following years: on time, early, late, after the grace, short or twice
    for (let y = year; y <= 20 && chance(0.8); y++) {
      const anniversary = addYearsPeriod(filingDate, y - 1);
      let full: number;
      try {
        full = annualFee(subType, y, anniversary).amount;
      } catch {
        break;
      }
      const paidOn = plusDays(
        anniversary,
        pick(r, [-200, -20, 0, 20, 45, 75, 140, 180, 200, 260]) + int(-3, 3),
      );
      const amount = pick(r, [full, full * 1.25, full * 0.15, full * 0.3, full * 0.15 - 1, full * 1.05]);
      payments.push(payment(id, y, paidOn, Math.round(amount * 100) / 100));
      if (chance(0.05)) payments.push(payment(id, y, plusDays(paidOn, int(1, 30)), full * 1.25));
    }
    if (chance(0.3)) {
      const k = int(1, 12);
      const cf01 = plusDays(addMonthsPeriod(addYearsPeriod(filingDate, k), 6), int(1, 120));
      events.push({ code: 'CF01', date: cf01 });
      if (chance(0.5)) events.push({ code: 'RR01', date: plusDays(cf01, int(10, 90)) });
    }
    if (chance(0.06))
      events.push({ code: pick(r, ['AV01', 'IW01', 'CX01']), date: plusDays(grantDate, int(100, 5000)) });
    if (chance(0.05)) events.push({ code: 'RR01', date: plusDays(grantDate, int(300, 4000)) });
  }
  const reduction: ReductionRow | undefined = chance(0.3)
    ? {
        asset_id: id,
        rate: pick(r, [0.85, 0.7]),
        recorded_on: plusDays(filingDate, int(0, 3000)),
        created_at: '2026-01-01T00:00:00Z',
        created_by: null,
      }
    : undefined;
  return {
    a: {
      id,
      kind: 'patent',
      office: chance(0.02) ? 'US' : 'CN',
      subType: chance(0.01) ? null : subType,
      filingDate: chance(0.01) ? null : filingDate,
      grantDate,
      registrationDate: null,
      events,
    },
    payments,
    reduction,
    asOf,
  };
}

function randomTrademark(id: number): Case {
  const registrationDate = startDate(1984, 2025);
  const events: { code: string; date: string }[] = [];
  let expiry = plusDays(addYearsPeriod(registrationDate, 10), -1);
  for (let t = 0; t < 4 && chance(0.6); t++) {
    // renewals before the window, inside it, in the grace, after the grace
    const date = plusDays(expiry, pick(r, [-500, -300, -150, -10, 30, 150, 200]) + int(-3, 3));
    events.push({ code: 'TM_RENEW', date });
    expiry = plusDays(addYearsPeriod(expiry, 10), 0);
  }
  return {
    a: {
      id,
      kind: 'trademark',
      office: 'CN',
      subType: null,
      filingDate: null,
      grantDate: null,
      registrationDate: chance(0.03) ? null : registrationDate,
      events,
    },
    payments: [],
    reduction: undefined,
    asOf: asOfNear(registrationDate),
  };
}

function outcome<T>(f: () => T): T | { throws: string } {
  try {
    return f();
  } catch (e) {
    return { throws: (e as { code?: string }).code ?? String(e) };
  }
}

test('the fast path stores exactly the rows the full schedule gives, for 6000 seeded rights', () => {
  const seen = new Map<string, number>();
  const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
  for (let id = 1; id <= 6000; id++) {
    const c = id % 5 === 0 ? randomTrademark(id) : randomPatent(id);
    if (id % 997 === 0) c.a.kind = 'copyright';
    const full = outcome(() => storedRowsFromSchedule(scheduleOf(c.a, c.payments, c.reduction, c.asOf)));
    const fast = outcome(() => storedRows(c.a, c.payments, c.reduction, c.asOf));
    assert.deepEqual(fast, full, `right ${id}: ${JSON.stringify(c)}`);

    // what the cases covered, so that a generator that drifts cannot make the test trivially true
    if (!Array.isArray(full)) count('refused');
    else for (const row of full) count(`${row.kind}:${row.state}`);
    if (c.a.filingDate?.endsWith('-02-29') || c.a.registrationDate?.endsWith('-02-29')) count('29 February');
    const s = outcome(() => scheduleOf(c.a, c.payments, c.reduction, c.asOf));
    if ('deadlines' in s)
      for (const d of s.deadlines) {
        if (d.kind === 'annual_fee') {
          if (d.restoredOn) count('restored');
          if (d.reduction) count('reduced');
          if (d.paidAmount !== null && !d.grantYearFee && d.paidAmount > d.amount) count('paid late');
          if (d.dueDate !== d.anniversary && !d.grantYearFee) count('holiday-shifted');
          if (d.state === 'not_owed') count('not owed');
        } else if (d.state === 'renewed') count('renewed');
      }
  }
  const atLeast = (k: string, n: number) => assert.ok((seen.get(k) ?? 0) >= n, `${k}: ${seen.get(k) ?? 0}`);
  for (const st of ['open', 'in_grace', 'missed', 'not_yet_due']) atLeast(`annual_fee:${st}`, 50);
  for (const st of ['before_window', 'in_window', 'in_grace', 'lapsed'])
    atLeast(`trademark_renewal:${st}`, 10);
  for (const k of ['refused', '29 February', 'restored', 'reduced', 'paid late', 'holiday-shifted'])
    atLeast(k, 20);
  atLeast('not owed', 500);
  atLeast('renewed', 100);
});
