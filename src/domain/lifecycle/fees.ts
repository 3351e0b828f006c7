/**
 * Patent annual fees (年费), late fees (滞纳金), restoration fee and fee-reduction policies, as versioned
 * data with their legal basis (domain-rules §3.2, §3.3, §3.4). Every amount below is from
 * domain-rules.md; none is made up. Confidence: H = read in the cited source, M = secondary sources
 * agree / well-known but unconfirmed, L = weak (see domain-rules.md header).
 *
 * Money is in yuan. Late fees are computed on the FULL annual fee, never on a reduced one
 * ("加收当年全额年费的5%", 实施细则, domain-rules §3.3).
 */
import { parseDate } from '../calendar/dates.ts';
import type { HolidayCalendar } from '../calendar/holidays.ts';
import { RuleError } from '../errors.ts';
import { addMonthsPeriod, addYearsPeriod, holidayShift } from './periods.ts';

export type PatentType = 'invention' | 'utility_model' | 'design';
export type Confidence = 'H' | 'M' | 'L';

export interface AnnualFeeRow {
  patentType: PatentType;
  /** first patent year of the band (inclusive) */
  fromYear: number;
  /** last patent year of the band (inclusive) */
  toYear: number;
  /** yuan per patent year */
  amount: number;
  /**
   * first date on which the amount applies; null = the amount is the schedule in force when the source
   * was read and its start date is not in the source (treated as applying on every date)
   */
  effectiveFrom: string | null;
  basis: string;
  source: string;
  confidence: Confidence;
}

const FEE_TABLE_BASIS =
  '专利收费标准: 年费 (domain-rules §3.2; the issuing notice of the base table is not named there)';
const FEE_TABLE_SOURCE =
  'http://scjgj.panzhihua.gov.cn/pzhszscqfwzx/zlksyw/zlfy/10142119.shtml; http://www.lzpat.com/m/view.php?aid=348';

function bands(patentType: PatentType, rows: readonly [number, number, number][]): AnnualFeeRow[] {
  return rows.map(([fromYear, toYear, amount]) => ({
    patentType,
    fromYear,
    toYear,
    amount,
    effectiveFrom: null,
    basis: FEE_TABLE_BASIS,
    source: FEE_TABLE_SOURCE,
    confidence: 'H',
  }));
}

/** The table of domain-rules §3.2 [H]. Bands: invention 1–3/4–6/7–9/10–12/13–15/16–20; UM and design 1–3/4–5/6–8/9–10. */
export const ANNUAL_FEE_ROWS: readonly AnnualFeeRow[] = [
  ...bands('invention', [
    [1, 3, 900],
    [4, 6, 1200],
    [7, 9, 2000],
    [10, 12, 4000],
    [13, 15, 6000],
    [16, 20, 8000],
  ]),
  ...bands('utility_model', [
    [1, 3, 600],
    [4, 5, 900],
    [6, 8, 1200],
    [9, 10, 2000],
  ]),
  ...bands('design', [
    [1, 3, 600],
    [4, 5, 900],
    [6, 8, 1200],
    [9, 10, 2000],
  ]),
  {
    // only designs with the 15-year term (filed on or after 2021-06-01, term.ts) ever reach year 11
    patentType: 'design',
    fromYear: 11,
    toYear: 15,
    amount: 3000,
    effectiveFrom: '2022-05-05',
    basis:
      '国家发展改革委 财政部 关于外观设计专利年费和指定费收费标准的通知 (design annual fees, years 11–15)',
    source: 'http://www.maoshuacom.cn/p/55781.html (domain-rules §3.2)',
    confidence: 'H',
  },
];

export interface AnnualFee {
  amount: number;
  basis: string;
  source: string;
  confidence: Confidence;
  effectiveFrom: string | null;
}

/**
 * The full annual fee for `patentYear` under the schedule in force on `onDate` (the fee's due date).
 * Among the rows covering the year, the one with the latest effectiveFrom not after `onDate` wins.
 * Throws RuleError NO_ANNUAL_FEE when no row applies (e.g. design year 11 before 2022-05-05, year 21).
 */
export function annualFee(patentType: PatentType, patentYear: number, onDate: string): AnnualFee {
  // the answer depends on the date only through which effective dates it has reached
  let reached = 0;
  while (reached < EFFECTIVE_DATES.length && EFFECTIVE_DATES[reached]! <= onDate) reached++;
  const key = `${patentType}|${patentYear}|${reached}`;
  let fee = feeMemo.get(key);
  if (!fee) {
    fee = Object.freeze(lookUpAnnualFee(patentType, patentYear, onDate));
    feeMemo.set(key, fee);
  }
  return fee;
}

const EFFECTIVE_DATES = [
  ...new Set(ANNUAL_FEE_ROWS.map((r) => r.effectiveFrom).filter((d): d is string => d !== null)),
].sort();
/** bounded by the table: types × years × effective dates */
const feeMemo = new Map<string, AnnualFee>();

function lookUpAnnualFee(patentType: PatentType, patentYear: number, onDate: string): AnnualFee {
  const latest = ANNUAL_FEE_ROWS.filter(
    (r) =>
      r.patentType === patentType &&
      r.fromYear <= patentYear &&
      patentYear <= r.toYear &&
      (r.effectiveFrom === null || r.effectiveFrom <= onDate),
  ).reduce<AnnualFeeRow | undefined>(
    (best, r) => (!best || (r.effectiveFrom ?? '') > (best.effectiveFrom ?? '') ? r : best),
    undefined,
  );
  if (!latest) {
    throw new RuleError(
      'NO_ANNUAL_FEE',
      `no ${patentType} annual fee for patent year ${patentYear} on ${onDate}`,
      [{ field: 'patentYear', reason: 'outside the fee schedule in force on that date' }],
    );
  }
  return {
    amount: latest.amount,
    basis: latest.basis,
    source: latest.source,
    confidence: latest.confidence,
    effectiveFrom: latest.effectiveFrom,
  };
}

// ---------------------------------------------------------------------------------------------------
// Restoration, grace, late fees

/** 恢复权利请求费 (domain-rules §3.2 "other items on the same gov page", §3.4) [H]. */
export const RESTORATION_FEE = {
  amount: 1000,
  basis: '恢复权利请求费',
  source: FEE_TABLE_SOURCE,
  confidence: 'H' as Confidence,
};

/**
 * Restoration request window: 2 months after the termination notice (domain-rules §3.4) [M]: from the
 * implementing regulations per secondary sources only. Kept as data; not enforced by the schedule,
 * which trusts a recorded RR01 (the restoration was granted).
 */
export const RESTORATION_WINDOW = {
  months: 2,
  after: 'termination notice',
  basis: '专利法实施细则 (恢复权利)',
  confidence: 'M' as Confidence,
};

/** Late payment is possible for 6 months after the due date (domain-rules §3.4, 实施细则 (2010) 第九十八条) [H]. */
export const GRACE_MONTHS = 6;

export interface LateFeeStep {
  /** paid more than `afterMonths` months after the due date … */
  afterMonths: number;
  /** … and at most `upToMonths` months after it */
  upToMonths: number;
  /** percent of the FULL annual fee */
  percent: number;
}

/** Late-fee table of domain-rules §3.4 [H] (http://m.ljsggw.cn/falvzhishi/2fd61bf739e6f6517a848ca27476e106.html). */
export const LATE_FEE_STEPS: readonly LateFeeStep[] = [
  { afterMonths: 0, upToMonths: 1, percent: 0 },
  { afterMonths: 1, upToMonths: 2, percent: 5 },
  { afterMonths: 2, upToMonths: 3, percent: 10 },
  { afterMonths: 3, upToMonths: 4, percent: 15 },
  { afterMonths: 4, upToMonths: 5, percent: 20 },
  { afterMonths: 5, upToMonths: 6, percent: 25 },
];
export const LATE_FEE_BASIS =
  '专利法实施细则 (2010) 第九十八条; 审查指南 第五部分第九章 §2 (domain-rules §3.4)';

export interface LateFeeOptions {
  /** move each step's last day off a 法定节假日 (default true, as for every period end) */
  holidayShift?: boolean;
  calendar?: HolidayCalendar;
  /**
   * a restoration (RR01) was granted: a payment after the grace end is then accepted at the last step
   * (25 %). [L] decision: domain-rules says only that restoration costs a 1000 request fee; which
   * late-fee step applies to the overdue fee on restoration is not in the source.
   */
  restored?: boolean;
}

export interface LateFeeBracket {
  /** started months after the due date: 0 = paid in time, 1 = within the first month, … 6 */
  monthsLate: number;
  /** last day of this bracket (holiday-shifted when asked) */
  until: string;
  percent: number;
}

/**
 * The dated brackets of the late-fee table for one due date. `dueDate` is the NOMINAL due date (the
 * filing-date anniversary); bracket k ends on dueDate + k months (month-end rule), each end then moved
 * off a 法定节假日 like any period end. Bracket 0 ends on the (shifted) due date itself; bracket 6 ends
 * on the grace end.
 */
export function lateFeeBrackets(dueDate: string, options: LateFeeOptions = {}): LateFeeBracket[] {
  return [
    { monthsLate: 0, until: bracketEnd(dueDate, 0, options), percent: 0 },
    ...LATE_FEE_STEPS.map((s) => ({
      monthsLate: s.upToMonths,
      until: bracketEnd(dueDate, s.upToMonths, options),
      percent: s.percent,
    })),
  ];
}

/** The end of bracket `upToMonths` of a due date: due + months, moved off a 法定节假日 when asked. */
function bracketEnd(dueDate: string, upToMonths: number, options: LateFeeOptions): string {
  const nominal = upToMonths === 0 ? dueDate : addMonthsPeriod(dueDate, upToMonths);
  return (options.holidayShift ?? true) ? holidayShift(nominal, options.calendar).end : nominal;
}

/** Last day on which an overdue annual fee can still be paid with a late fee (the last bracket's end). */
export function graceEnd(dueDate: string, options: LateFeeOptions = {}): string {
  const last = LATE_FEE_STEPS.at(-1);
  if (!last || last.upToMonths !== GRACE_MONTHS)
    throw new Error('late-fee table does not end at the grace period');
  return bracketEnd(dueDate, last.upToMonths, options);
}

export interface LateFee {
  percent: number;
  /** yuan, on the full fee */
  amount: number;
  /** started months after the due date (0 when paid by the due date) */
  monthsLate: number;
  /** true when accepted only because of a restoration (after the grace end) */
  restoration: boolean;
}

function roundYuan(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Late fee for paying an annual fee of `fullFee` (the FULL, unreduced fee) due on `dueDate` (nominal,
 * see lateFeeBrackets) on `paymentDate`.
 *
 * "Started month": the source text says each started month beyond the due date adds 5 %, while its
 * table says ≤ 1 month → 0. The table wins: a payment up to and including due + 1 month costs 0, from
 * the next day 5 %, …, 25 % up to and including the grace end (due + 6 months). `monthsLate` counts the
 * started months (1 for the first, free month). After the grace end the payment is refused with
 * RuleError GRACE_EXPIRED, unless `restored`.
 */
export function lateFee(
  fullFee: number,
  dueDate: string,
  paymentDate: string,
  options: LateFeeOptions = {},
): LateFee {
  // the brackets of lateFeeBrackets, ended one by one: most payments fall in the first
  const steps = [{ upToMonths: 0, percent: 0 }, ...LATE_FEE_STEPS];
  let until = '';
  for (const s of steps) {
    until = bracketEnd(dueDate, s.upToMonths, options);
    if (paymentDate <= until)
      return {
        percent: s.percent,
        amount: roundYuan((fullFee * s.percent) / 100),
        monthsLate: s.upToMonths,
        restoration: false,
      };
  }
  const last = { until, percent: steps[steps.length - 1]!.percent };
  if (!options.restored) {
    throw new RuleError(
      'GRACE_EXPIRED',
      `paid ${paymentDate}, after the grace period for the fee due ${dueDate} ended on ${last.until}`,
      [{ field: 'date', reason: 'after the 6-month grace period: the patent terminated as of the due date' }],
    );
  }
  let months = GRACE_MONTHS;
  while (addMonthsPeriod(dueDate, months) < paymentDate) months++;
  return {
    percent: last.percent,
    amount: roundYuan((fullFee * last.percent) / 100),
    monthsLate: months,
    restoration: true,
  };
}

// ---------------------------------------------------------------------------------------------------
// Patent years

/**
 * The patent year (专利年度) containing `date`: year 1 runs from the filing date to the day before its
 * first anniversary, and so on (domain-rules §3.4: filed 1999-06-01 → year 2 = 2000-06-01..2001-05-31).
 * Anniversaries follow the month-end rule: a 29 February filing has its anniversary on 28 February in
 * common years.
 */
export function patentYearOf(filingDate: string, date: string): number {
  parseDate(filingDate, 'filingDate');
  parseDate(date);
  if (date < filingDate) {
    throw new RuleError('BEFORE_FILING', `${date} is before the filing date ${filingDate}`, [
      { field: 'date', reason: 'before the filing date' },
    ]);
  }
  let n = Number(date.slice(0, 4)) - Number(filingDate.slice(0, 4));
  // patent year n+1 starts on the n-th anniversary
  while (n > 0 && addYearsPeriod(filingDate, n) > date) n--;
  while (addYearsPeriod(filingDate, n + 1) <= date) n++;
  return n + 1;
}

/** The nominal due date of the fee for patent year N: the filing-date anniversary that starts year N. */
export function anniversaryStarting(filingDate: string, patentYear: number): string {
  return addYearsPeriod(filingDate, patentYear - 1);
}

// ---------------------------------------------------------------------------------------------------
// Reductions

export interface ReductionPolicy {
  id: string;
  kind: 'fee_reduction' | 'open_licence';
  effectiveFrom: string;
  /** percent off the annual fee, by eligibility */
  rates: readonly { percentOff: number; who: string }[];
  /**
   * annual fees covered: the grant year and the following years, `windowYears` in all (the grant year
   * counts as the first); null = every annual fee due in the qualifying period
   */
  windowYears: number | null;
  basis: string;
  source: string;
  confidence: Confidence;
  note?: string;
}

export const REDUCTION_POLICIES: readonly ReductionPolicy[] = [
  {
    id: 'CS-2016-78',
    kind: 'fee_reduction',
    effectiveFrom: '2016-09-01',
    rates: [
      { percentOff: 85, who: 'a single eligible applicant / patentee' },
      { percentOff: 70, who: 'two or more co-applicants, each eligible' },
    ],
    // "自授予专利权当年起六年内": the grant year and the five following patent years
    windowYears: 6,
    basis: '专利收费减缴办法, 财税〔2016〕78号',
    source: 'http://www.specbsh.com/newsshow.php?Id=3651&SortID=69 (domain-rules §3.3)',
    confidence: 'H',
  },
  {
    id: 'CS-2016-78-10Y',
    kind: 'fee_reduction',
    effectiveFrom: '2018-08-01',
    rates: [
      { percentOff: 85, who: 'a single eligible applicant / patentee' },
      { percentOff: 70, who: 'two or more co-applicants, each eligible' },
    ],
    windowYears: 10,
    basis: '财税〔2016〕78号 as extended to 10 years from the grant year',
    source: 'domain-rules §3.3 (the pages seen only allude to it)',
    // [M]: the extension's date and scope come from secondary pages that only allude to it
    confidence: 'M',
    note: 'verify the notice that extended the window before relying on years 7–10',
  },
  {
    id: 'CS-2024-23-OPEN-LICENCE',
    kind: 'open_licence',
    effectiveFrom: '2024-07-15',
    rates: [
      { percentOff: 15, who: 'a patent under an open licence (专利开放许可, 专利法 第五十至五十二条)' },
    ],
    windowYears: null,
    basis: '财政部 国家发展改革委 关于调整优化专利收费政策的通知, 财税〔2024〕23号',
    source: 'http://www.pixixi.cn/policy/2024-08/05/content_1038136.html (domain-rules §3.3)',
    confidence: 'H',
  },
];

/** The fee-reduction recordal (费减备案) of the patentee: 0.85 single, 0.70 joint. */
export interface ReductionRecordal {
  rate: 0.85 | 0.7;
  recordedOn: string;
}

export interface OpenLicencePeriod {
  from: string;
  /** last day of the open licence; open-ended when absent */
  to?: string;
}

export interface ReductionContext {
  patentYear: number;
  /** the patent year of the grant (the year whose fee is paid at registration) */
  grantYear: number;
  /** the fee's nominal due date: decides which policy version is in force */
  dueDate: string;
  reduction?: ReductionRecordal;
  openLicence?: OpenLicencePeriod;
}

export interface AppliedReduction {
  policyId: string;
  percentOff: number;
  basis: string;
  confidence: Confidence;
}

/** The version of a policy kind in force on `date` (latest effectiveFrom not after it). */
export function policyInForce(kind: ReductionPolicy['kind'], date: string): ReductionPolicy | undefined {
  return REDUCTION_POLICIES.filter((p) => p.kind === kind && p.effectiveFrom <= date).reduce<
    ReductionPolicy | undefined
  >((best, p) => (!best || p.effectiveFrom > best.effectiveFrom ? p : best), undefined);
}

/** Every reduction the fee qualifies for (at most one per policy kind). */
export function applicableReductions(ctx: ReductionContext): AppliedReduction[] {
  const out: AppliedReduction[] = [];
  const reduction = ctx.reduction;
  if (reduction && reduction.recordedOn <= ctx.dueDate) {
    const policy = policyInForce('fee_reduction', ctx.dueDate);
    const percentOff = Math.round(reduction.rate * 100);
    const inWindow =
      policy &&
      ctx.patentYear >= ctx.grantYear &&
      (policy.windowYears === null || ctx.patentYear < ctx.grantYear + policy.windowYears);
    if (policy && inWindow && policy.rates.some((r) => r.percentOff === percentOff)) {
      out.push({ policyId: policy.id, percentOff, basis: policy.basis, confidence: policy.confidence });
    }
  }
  const open = ctx.openLicence;
  if (open && open.from <= ctx.dueDate && (open.to === undefined || ctx.dueDate <= open.to)) {
    const policy = policyInForce('open_licence', ctx.dueDate);
    const rate = policy?.rates[0];
    if (policy && rate) {
      out.push({
        policyId: policy.id,
        percentOff: rate.percentOff,
        basis: policy.basis,
        confidence: policy.confidence,
      });
    }
  }
  return out;
}

/** The most favourable single reduction: reductions are never stacked (财税〔2024〕23号). */
export function bestReduction(ctx: ReductionContext): AppliedReduction | null {
  return applicableReductions(ctx).reduce<AppliedReduction | null>(
    (best, r) => (!best || r.percentOff > best.percentOff ? r : best),
    null,
  );
}

/** The fee after a reduction of `percentOff` percent (85 → 15 % of the fee is paid), in yuan. */
export function reducedFee(full: number, policy: { percentOff: number } | null): number {
  if (!policy) return full;
  if (policy.percentOff < 0 || policy.percentOff > 100) {
    throw new RuleError('INVALID_REDUCTION', `percentOff out of range: ${policy.percentOff}`);
  }
  return roundYuan((full * (100 - policy.percentOff)) / 100);
}
