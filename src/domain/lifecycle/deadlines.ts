/**
 * Lifecycle deadlines: patent annual fees (domain-rules §3.4) and trademark renewals (§4.1), derived
 * from dates, payments and legal-status events only (§10: CF01 未缴年费专利权终止, RR01 权利的恢复,
 * AV01 主动放弃, IW01 全部无效, CX01 有效期届满).
 *
 * Patent annual fees:
 * - the grant-year fee is paid at registration (within 2 months of the 办理登记手续通知书); a granted
 *   patent therefore has it paid: unpaid, the applicant is deemed to have abandoned the right to obtain
 *   the patent and no grant is announced;
 * - the fee for year N (N > grant year) is due on the filing-date anniversary that STARTS year N ("paid
 *   before the previous year expires … the anniversary of the filing date in that year"; guideline
 *   example: filed 1997-06-03, grant announced 2001-08-01, year 5 paid at registration → year 6 due
 *   2002-06-03). A due date on a 法定节假日 moves to the next working day;
 * - it may be paid late within 6 months after the due date with a late fee on the full fee; unpaid, the
 *   patent terminates AS OF THE ORIGINAL DUE DATE (CF01). A payment after the grace end is refused
 *   unless a restoration (RR01) is recorded.
 */
import { plusDays, parseDate } from '../calendar/dates.ts';
import type { HolidayCalendar } from '../calendar/holidays.ts';
import { CN_OFFICIAL_CALENDAR, calendarCovers } from '../calendar/holidays.ts';
import { RuleError } from '../errors.ts';
import type {
  AppliedReduction,
  Confidence,
  LateFee,
  OpenLicencePeriod,
  PatentType,
  ReductionRecordal,
} from './fees.ts';
import {
  anniversaryStarting,
  annualFee,
  bestReduction,
  graceEnd as graceEndOf,
  lateFee,
  patentYearOf,
  reducedFee,
  RESTORATION_FEE,
} from './fees.ts';
import { addMonthsPeriod, addYearsPeriod, holidayShift, type PeriodEndDetail } from './periods.ts';
import { expiryDate, termRule, TERM_COMPENSATION_RULE } from './term.ts';

// ---------------------------------------------------------------------------------------------------
// Patents

/**
 * The days a recorded 专利权期限补偿 adds after the statutory term of an invention. The annual-fee schedule
 * keeps the statutory years only: what is paid for the compensated days is not in the reference sources
 * (domain-rules §3.1 covers the compensation, §3.2 lists fees for patent years 1–20 only), so the fee is
 * reported as unknown with that reason instead of a made-up amount.
 */
export interface CompensationPeriod {
  days: number;
  /** last day of the statutory term */
  statutoryExpiry: string;
  /** first compensated day */
  from: string;
  /** last protected day (statutory expiry + days) */
  to: string;
  basis: string;
  fee: { amount: null; confidence: Confidence; reason: string };
}

export const COMPENSATION_FEE_UNKNOWN =
  'annual fees for the compensated days are not in the reference sources (domain-rules §3.2 lists patent ' +
  'years 1–20 only): not computed; ask CNIPA for the amount';

/** The compensation period of an invention with recorded days, or null when there is none. */
export function compensationPeriod(
  patentType: string,
  filingDate: string,
  days: number | null | undefined,
): CompensationPeriod | null {
  if (patentType !== 'invention' || !days || days <= 0) return null;
  const base = { kind: 'patent', office: 'CN', subType: patentType, filingDate, registrationDate: null };
  const statutoryExpiry = expiryDate(base);
  const to = expiryDate({ ...base, termCompensationDays: days });
  if (!statutoryExpiry || !to) return null;
  return {
    days,
    statutoryExpiry,
    from: plusDays(statutoryExpiry, 1),
    to,
    basis: TERM_COMPENSATION_RULE.basis,
    fee: { amount: null, confidence: 'L', reason: COMPENSATION_FEE_UNKNOWN },
  };
}

export interface FeePayment {
  patentYear: number;
  date: string;
  /** yuan actually paid for this patent year: fee (reduced when a reduction applies) + late fee */
  amount: number;
}

export interface LegalEvent {
  code: string;
  date: string;
}

export interface PatentScheduleInput {
  patentType: PatentType;
  filingDate: string;
  /** grant announcement date (授权公告日); without it there are no annual fees yet */
  grantDate?: string;
  /** the patent year paid at registration; default: the patent year containing the grant date */
  grantYearPaid?: number;
  payments?: readonly FeePayment[];
  reduction?: ReductionRecordal;
  /** an open-licence period (专利开放许可): 15 % off fees due in it, from 2024-07-15 */
  openLicence?: OpenLicencePeriod;
  events?: readonly LegalEvent[];
  asOf: string;
  calendar?: HolidayCalendar;
}

/**
 * - paid: an accepted payment for the year exists (the grant-year fee is paid by definition)
 * - not_yet_due: before the payment period, i.e. before the patent year preceding year N starts
 * - open: within the payment period, up to and including the (holiday-shifted) due date
 * - in_grace: after the due date, up to and including the grace end: payable with a late fee
 * - missed: unpaid after the grace end (the patent terminated as of the due date unless restored)
 * - not_owed: the right had ended before this fee fell due (an earlier missed fee, CF01, AV01, IW01, CX01)
 */
export type FeeState = 'paid' | 'open' | 'in_grace' | 'missed' | 'not_yet_due' | 'not_owed';

export interface AcceptedPayment extends FeePayment {
  lateFee: LateFee;
  /** fee + late fee that the payment had to cover */
  required: number;
}

export interface RefusedPayment {
  payment: FeePayment;
  code: 'GRACE_EXPIRED' | 'ALREADY_PAID' | 'NOT_OWED' | 'UNDERPAID' | 'NO_SUCH_FEE';
  reason: string;
}

export interface AnnualFeeDeadline {
  kind: 'annual_fee';
  patentYear: number;
  /** the fee paid at registration (授予专利权当年的年费): no grace period, no late fee */
  grantYearFee: boolean;
  /** nominal due date: the filing-date anniversary that starts the patent year */
  anniversary: string;
  /**
   * the last day to pay without a late fee: the anniversary moved off a 法定节假日. For the grant-year
   * fee the grant announcement date stands in (the registration date is not in the input).
   */
  dueDate: string;
  /** first day of the payment period: the start of the previous patent year */
  opensOn: string;
  /** full fee */
  amount: number;
  /** after the best single reduction (equal to amount when none applies) */
  reducedAmount: number;
  reduction: AppliedReduction | null;
  feeBasis: string;
  feeConfidence: Confidence;
  /** due + 6 months, holiday-shifted; null for the grant-year fee */
  graceEnd: string | null;
  state: FeeState;
  payment: AcceptedPayment | null;
  refusedPayments: RefusedPayment[];
  /** date of the RR01 that restored the right after this fee was missed */
  restoredOn: string | null;
  /** false when a holiday shift of this entry used a year outside the official calendar data */
  calendarCovered: boolean;
  /** late fee if the fee were paid on `date`; throws RuleError GRACE_EXPIRED after the grace end unless restored */
  lateFeeIfPaidOn(date: string): LateFee;
}

export interface FeeLapse {
  patentYear: number;
  /** the patent terminates as of the original (nominal) due date of the missed fee */
  terminatedAsOf: string;
  /** the CF01 event that published it, when recorded */
  cf01On: string | null;
  restoredOn: string | null;
}

export interface PatentScheduleResult {
  entries: AnnualFeeDeadline[];
  lapses: FeeLapse[];
  /** the right ended by AV01 / IW01 / CX01 on this date */
  endedOn: { code: string; date: string } | null;
}

/**
 * One-off policy windows that moved annual-fee deadlines (domain-rules §3.4 "2022 temporary extension").
 * Kept as data. Not applied: domain-rules gives neither the dates covered nor the length of the
 * extension, only its scope; fill in `dueFrom`/`dueTo`/`extension` from CNIPA 公告第四八六号 before use.
 */
export interface TemporaryDeadlineMeasure {
  id: string;
  basis: string;
  appliesTo: 'annual_fee';
  /** not applicable to the grant-year fee, nor to fees already in the late-fee period */
  excludes: readonly ('grant_year_fee' | 'in_late_fee_period')[];
  dueFrom: string | null;
  dueTo: string | null;
  extension: { months: number } | null;
  confidence: Confidence;
}

export const TEMPORARY_DEADLINE_MEASURES: readonly TemporaryDeadlineMeasure[] = [
  {
    id: 'CNIPA-486-2022',
    basis: 'CNIPA 公告第四八六号 (2022 COVID temporary extension of annual-fee deadlines)',
    appliesTo: 'annual_fee',
    excludes: ['grant_year_fee', 'in_late_fee_period'],
    // [L] window and length unknown (not in domain-rules §3.4)
    dueFrom: null,
    dueTo: null,
    extension: null,
    confidence: 'L',
  },
];

const END_CODES = new Set(['AV01', 'IW01', 'CX01']);
const ZERO_LATE_FEE: LateFee = { percent: 0, amount: 0, monthsLate: 0, restoration: false };

function byDate<T extends { date: string }>(a: T, b: T): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/** One patent year as the rules settle it: dates, fee, state and the payments taken or refused. */
interface YearStep {
  year: number;
  anniversary: string;
  due: { end: string; calendarCovered: boolean };
  grace: string;
  opensOn: string;
  fee: { amount: number; basis: string; confidence: Confidence };
  reduction: AppliedReduction | null;
  reducedAmount: number;
  state: FeeState;
  payment: AcceptedPayment | null;
  refused: RefusedPayment[];
  restoredOn: string | null;
}

/** A granted patent's inputs, checked, with the state that carries from one patent year to the next. */
interface PatentRun {
  input: PatentScheduleInput;
  grantDate: string;
  grantYear: number;
  lastYear: number;
  payments: FeePayment[];
  endEvent: LegalEvent | null;
  rr01: { date: string; used: boolean }[];
  cf01: { date: string; used: boolean }[];
  lapses: FeeLapse[];
  terminatedAsOf: string | null;
}

/** Checks the input and gathers what the year steps need; null before the grant (no annual fees). */
function startPatentRun(input: PatentScheduleInput): PatentRun | null {
  const { patentType, filingDate, asOf } = input;
  parseDate(filingDate, 'filingDate');
  parseDate(asOf, 'asOf');
  if (!input.grantDate) return null;
  const grantDate = input.grantDate;
  parseDate(grantDate, 'grantDate');
  const rule = termRule(patentType, filingDate);
  if (!rule) throw new RuleError('NO_TERM_RULE', `no term rule for a ${patentType} filed ${filingDate}`);
  const grantYear = input.grantYearPaid ?? patentYearOf(filingDate, grantDate);
  if (!Number.isInteger(grantYear) || grantYear < 1 || grantYear > rule.years) {
    throw new RuleError(
      'INVALID_GRANT_YEAR',
      `grant year ${grantYear} is outside the ${rule.years}-year term`,
      [{ field: 'grantYearPaid', reason: 'must be a patent year within the term' }],
    );
  }
  const run: PatentRun = {
    input,
    grantDate,
    grantYear,
    lastYear: rule.years,
    payments: input.payments?.length ? upTo(input.payments, asOf) : [],
    endEvent: null,
    rr01: [],
    cf01: [],
    lapses: [],
    terminatedAsOf: null,
  };
  // plain loops here and in the year steps: this runs for every right of a region-wide recompute
  for (const e of input.events?.length ? upTo(input.events, asOf) : []) {
    if (run.endEvent === null && END_CODES.has(e.code)) run.endEvent = e;
    if (e.code === 'RR01') run.rr01.push({ date: e.date, used: false });
    if (e.code === 'CF01') run.cf01.push({ date: e.date, used: false });
  }
  return run;
}

/** The items dated on or before `asOf`, in date order. */
function upTo<T extends { date: string }>(items: readonly T[], asOf: string): T[] {
  const out: T[] = [];
  for (const x of items) if (x.date <= asOf) out.push(x);
  return out.sort(byDate);
}

function paymentsOfYear(payments: readonly FeePayment[], year: number): FeePayment[] {
  const out: FeePayment[] = [];
  for (const p of payments) if (p.patentYear === year) out.push(p);
  return out;
}

/** The first restoration (RR01) not yet used that was recorded after `grace`. */
function restorationAfter(rr01: PatentRun['rr01'], grace: string): PatentRun['rr01'][number] | undefined {
  for (const r of rr01) if (!r.used && r.date > grace) return r;
  return undefined;
}

/** The first CF01 not yet used that was published after `grace` and, when given, not after `nextGrace`. */
function cf01Between(
  cf01: PatentRun['cf01'],
  grace: string,
  nextGrace: string | null,
): PatentRun['cf01'][number] | undefined {
  for (const c of cf01)
    if (!c.used && c.date > grace && (nextGrace === null || c.date <= nextGrace)) return c;
  return undefined;
}

function feeFor(run: PatentRun, patentYear: number, onDate: string) {
  const fee = annualFee(run.input.patentType, patentYear, onDate);
  const { reduction, openLicence } = run.input;
  const applied =
    reduction || openLicence
      ? bestReduction({ patentYear, grantYear: run.grantYear, dueDate: onDate, reduction, openLicence })
      : null;
  return { fee, reduction: applied, reducedAmount: reducedFee(fee.amount, applied) };
}

interface YearDates {
  anniversary: string;
  due: PeriodEndDetail;
  grace: string;
  opensOn: string;
}

/**
 * The dates of patent year N of a filing date on the official calendar, memoised: a region shares a
 * few thousand filing dates, so a recompute of a million rights asks for the same ones again and again.
 */
const yearDatesMemo = new Map<string, YearDates>();
const YEAR_DATES_MAX = 400_000;

function computeYearDates(filingDate: string, year: number, calendar?: HolidayCalendar): YearDates {
  const anniversary = anniversaryStarting(filingDate, year);
  return {
    anniversary,
    due: holidayShift(anniversary, calendar),
    grace: graceEndOf(anniversary, { calendar }),
    opensOn: anniversaryStarting(filingDate, year - 1),
  };
}

function yearDates(filingDate: string, year: number, calendar: HolidayCalendar | undefined): YearDates {
  if (calendar !== undefined && calendar !== CN_OFFICIAL_CALENDAR)
    return computeYearDates(filingDate, year, calendar);
  const key = `${filingDate}|${year}`;
  let hit = yearDatesMemo.get(key);
  if (!hit) {
    hit = Object.freeze(computeYearDates(filingDate, year));
    if (yearDatesMemo.size >= YEAR_DATES_MAX) yearDatesMemo.clear();
    yearDatesMemo.set(key, hit);
  }
  return hit;
}

/** The grant-year fee: paid at registration, implied by the grant announcement. */
function grantYearEntry(run: PatentRun): AnnualFeeDeadline {
  const { grantYear, grantDate } = run;
  const grantFee = feeFor(run, grantYear, grantDate);
  const [first, ...rest] = run.payments.filter((p) => p.patentYear === grantYear);
  return {
    kind: 'annual_fee',
    patentYear: grantYear,
    grantYearFee: true,
    anniversary: anniversaryStarting(run.input.filingDate, grantYear),
    dueDate: grantDate,
    opensOn: anniversaryStarting(run.input.filingDate, grantYear),
    amount: grantFee.fee.amount,
    reducedAmount: grantFee.reducedAmount,
    reduction: grantFee.reduction,
    feeBasis: grantFee.fee.basis,
    feeConfidence: grantFee.fee.confidence,
    graceEnd: null,
    state: 'paid',
    payment: first ? { ...first, lateFee: ZERO_LATE_FEE, required: grantFee.reducedAmount } : null,
    refusedPayments: rest.map((p) => ({
      payment: p,
      code: 'ALREADY_PAID',
      reason: `the grant-year fee (year ${grantYear}) is paid at registration`,
    })),
    restoredOn: null,
    calendarCovered: true,
    lateFeeIfPaidOn: () => ZERO_LATE_FEE,
  };
}

/** Payments for a year, in date order: the first that covers the fee (and late fee) is taken. */
function settlePayments(
  run: PatentRun,
  step: Pick<YearStep, 'year' | 'anniversary' | 'grace' | 'fee' | 'reducedAmount'>,
  own: readonly FeePayment[],
): { payment: AcceptedPayment | null; refused: RefusedPayment[]; restoredOn: string | null } {
  const { year, anniversary, grace, fee, reducedAmount } = step;
  const calendar = run.input.calendar;
  const refused: RefusedPayment[] = [];
  let payment: AcceptedPayment | null = null;
  let restoredOn: string | null = null;
  for (const p of own) {
    if (payment) {
      refused.push({ payment: p, code: 'ALREADY_PAID', reason: `year ${year} was paid on ${payment.date}` });
      continue;
    }
    // a restoration recorded after this year's grace end (payment is made with the restoration request)
    const r = p.date > grace ? restorationAfter(run.rr01, grace) : undefined;
    let lf: LateFee;
    try {
      lf = lateFee(fee.amount, anniversary, p.date, { calendar, restored: r !== undefined });
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      refused.push({
        payment: p,
        code: 'GRACE_EXPIRED',
        reason:
          `paid ${p.date}, after the grace period ended on ${grace}: the patent terminated as of ` +
          `${anniversary}; a payment is accepted only with a restoration (RR01)`,
      });
      continue;
    }
    const required = Math.round((reducedAmount + lf.amount) * 100) / 100;
    if (p.amount + 0.005 < required) {
      refused.push({
        payment: p,
        code: 'UNDERPAID',
        reason: `paid ${p.amount}, required ${required} (fee ${reducedAmount} + late fee ${lf.amount})`,
      });
      continue;
    }
    payment = { ...p, lateFee: lf, required };
    if (r) {
      r.used = true;
      restoredOn = r.date;
    }
  }
  return { payment, refused, restoredOn };
}

const NO_PAYMENTS: readonly FeePayment[] = Object.freeze([]);

/**
 * The patent years after the grant year, in order, each settled against payments and events. The run
 * carries terminations, restorations and CF01s from one year to the next, so a caller may stop early:
 * once a year is not owed every later one is too.
 */
function* yearSteps(run: PatentRun): Generator<YearStep> {
  const { filingDate, asOf, calendar } = run.input;
  for (let year = run.grantYear + 1; year <= run.lastYear; year++) {
    const { anniversary, due, grace, opensOn } = yearDates(filingDate, year, calendar);
    const { fee, reduction, reducedAmount } = feeFor(run, year, anniversary);
    const own = run.payments.length ? paymentsOfYear(run.payments, year) : NO_PAYMENTS;
    const { terminatedAsOf, endEvent } = run;
    const ended =
      (terminatedAsOf !== null && terminatedAsOf <= anniversary) ||
      (endEvent !== null && endEvent.date <= anniversary);

    if (ended) {
      const reason =
        terminatedAsOf !== null && terminatedAsOf <= anniversary
          ? `the patent terminated as of ${terminatedAsOf} for an unpaid annual fee`
          : `the right ended on ${endEvent?.date} (${endEvent?.code})`;
      const refused = own.map((p) => ({ payment: p, code: 'NOT_OWED' as const, reason }));
      yield {
        year,
        anniversary,
        due,
        grace,
        opensOn,
        fee,
        reduction,
        reducedAmount,
        state: 'not_owed',
        payment: null,
        refused,
        restoredOn: null,
      };
      continue;
    }
    const settled = own.length
      ? settlePayments(run, { year, anniversary, grace, fee, reducedAmount }, own)
      : { payment: null, refused: [], restoredOn: null };
    let { restoredOn } = settled;
    const state: FeeState = settled.payment
      ? 'paid'
      : asOf < opensOn
        ? 'not_yet_due'
        : asOf <= due.end
          ? 'open'
          : asOf <= grace
            ? 'in_grace'
            : 'missed';

    // a CF01 published after this year's grace end and before the next one's is this year's lapse
    let cf: { date: string; used: boolean } | undefined;
    if (run.cf01.length) {
      const nextGrace = year < run.lastYear ? yearDates(filingDate, year + 1, calendar).grace : null;
      cf = cf01Between(run.cf01, grace, nextGrace);
    }
    if (cf) cf.used = true;
    if ((state === 'missed' || cf) && restoredOn === null) {
      const r = restorationAfter(run.rr01, grace);
      if (r) {
        r.used = true;
        restoredOn = r.date;
      }
      run.lapses.push({
        patentYear: year,
        terminatedAsOf: anniversary,
        cf01On: cf?.date ?? null,
        restoredOn,
      });
      if (restoredOn === null) run.terminatedAsOf = anniversary;
    } else if (restoredOn !== null) {
      run.lapses.push({
        patentYear: year,
        terminatedAsOf: anniversary,
        cf01On: cf?.date ?? null,
        restoredOn,
      });
    }
    yield {
      year,
      anniversary,
      due,
      grace,
      opensOn,
      fee,
      reduction,
      reducedAmount,
      state,
      payment: settled.payment,
      refused: settled.refused,
      restoredOn,
    };
  }
}

/** Full computation behind patentSchedule: entries, lapses (terminations and restorations) and end events. */
export function computePatentSchedule(input: PatentScheduleInput): PatentScheduleResult {
  const run = startPatentRun(input);
  if (!run) return { entries: [], lapses: [], endedOn: null };
  const calendar = input.calendar;
  const entries: AnnualFeeDeadline[] = [grantYearEntry(run)];
  for (const s of yearSteps(run)) {
    const isRestored = s.restoredOn !== null;
    entries.push({
      kind: 'annual_fee',
      patentYear: s.year,
      grantYearFee: false,
      anniversary: s.anniversary,
      dueDate: s.due.end,
      opensOn: s.opensOn,
      amount: s.fee.amount,
      reducedAmount: s.reducedAmount,
      reduction: s.reduction,
      feeBasis: s.fee.basis,
      feeConfidence: s.fee.confidence,
      graceEnd: s.grace,
      state: s.state,
      payment: s.payment,
      refusedPayments: s.refused,
      restoredOn: s.restoredOn,
      calendarCovered: s.due.calendarCovered && calendarCovers(parseDate(s.grace).year, calendar),
      lateFeeIfPaidOn: (date: string) =>
        lateFee(s.fee.amount, s.anniversary, date, { calendar, restored: isRestored }),
    });
  }
  const endEvent = run.endEvent;
  return {
    entries,
    lapses: run.lapses,
    endedOn: endEvent ? { code: endEvent.code, date: endEvent.date } : null,
  };
}

/** The states of the annual fees worth storing region-wide (lists, reminders): what is or was payable. */
export type ActionableFeeState = 'open' | 'in_grace' | 'missed' | 'not_yet_due';

export interface ActionableFee {
  patentYear: number;
  dueDate: string;
  amount: number;
  reducedAmount: number;
  graceEnd: string;
  state: ActionableFeeState;
}

/**
 * The annual fees worth storing region-wide: every unpaid fee that is open, in grace or missed, and the
 * first one not yet due — the same as picking them from computePatentSchedule(input).entries, computed
 * without the full schedule: the years are settled in order only until the answer is known. A year not owed means every
 * later year is not owed; after the first year not yet due, every later year is paid in advance or not
 * yet due as well (its payment period opens later still), so neither can add a stored row.
 */
export function actionablePatentFees(input: PatentScheduleInput): ActionableFee[] {
  const run = startPatentRun(input);
  if (!run) return [];
  const out: ActionableFee[] = [];
  for (const s of yearSteps(run)) {
    if (s.state === 'not_owed') break;
    if (s.state !== 'paid')
      out.push({
        patentYear: s.year,
        dueDate: s.due.end,
        amount: s.fee.amount,
        reducedAmount: s.reducedAmount,
        graceEnd: s.grace,
        state: s.state,
      });
    if (s.state === 'not_yet_due') break;
  }
  return out;
}

/**
 * The annual-fee schedule of a patent: the grant-year fee, then one entry per patent year from the year
 * after the grant year to the last year of the term (term.ts). Empty before the grant.
 */
export function patentSchedule(input: PatentScheduleInput): AnnualFeeDeadline[] {
  return computePatentSchedule(input).entries;
}

/** The termination for an unpaid fee that is in force (not restored), or null. */
export function terminationOf(input: PatentScheduleInput): FeeLapse | null {
  return computePatentSchedule(input).lapses.find((l) => l.restoredOn === null) ?? null;
}

export type RecordPaymentResult =
  | {
      ok: true;
      patentYear: number;
      fee: number;
      lateFee: LateFee;
      /** 恢复权利请求费, due separately when the payment relies on a restoration */
      restorationFee: number;
      total: number;
    }
  | { ok: false; code: RefusedPayment['code']; reason: string; error: RuleError };

/**
 * Checks one payment against the schedule (as of the later of input.asOf and the payment date). A
 * payment after the grace end is refused with a reason unless a restoration (RR01) is recorded.
 */
export function recordPayment(input: PatentScheduleInput, payment: FeePayment): RecordPaymentResult {
  const asOf = payment.date > input.asOf ? payment.date : input.asOf;
  const refuse = (code: RefusedPayment['code'], reason: string): RecordPaymentResult => ({
    ok: false,
    code,
    reason,
    error: new RuleError(code, reason, [{ field: 'payment', reason }], code === 'ALREADY_PAID' ? 409 : 400),
  });
  const before = patentSchedule({ ...input, asOf }).find((e) => e.patentYear === payment.patentYear);
  if (!before)
    return refuse('NO_SUCH_FEE', `no annual fee for patent year ${payment.patentYear} in the schedule`);
  if (before.payment) {
    return refuse('ALREADY_PAID', `year ${payment.patentYear} was already paid on ${before.payment.date}`);
  }
  const after = patentSchedule({ ...input, asOf, payments: [...(input.payments ?? []), payment] }).find(
    (e) => e.patentYear === payment.patentYear,
  );
  const refused = after?.refusedPayments.find((r) => r.payment === payment);
  if (refused) return refuse(refused.code, refused.reason);
  const accepted = after?.payment;
  if (!accepted) throw new Error('payment neither accepted nor refused');
  const restorationFee = accepted.lateFee.restoration ? RESTORATION_FEE.amount : 0;
  return {
    ok: true,
    patentYear: payment.patentYear,
    fee: after.reducedAmount,
    lateFee: accepted.lateFee,
    restorationFee,
    total: accepted.required + restorationFee,
  };
}

// ---------------------------------------------------------------------------------------------------
// Trademarks (商标法 2019 第三十九条, 第四十条; domain-rules §4.1)

export interface TrademarkRenewalRule {
  id: string;
  /** the renewal window is the last `windowMonths` months of the term */
  windowMonths: number;
  graceMonths: number;
  inForceFrom: string;
  inForceTo: string | null;
  basis: string;
  confidence: Confidence;
}

/** Renewal rules by the date they were in force (the 2013 amendment took effect 2014-05-01). */
export const TRADEMARK_RENEWAL_RULES: readonly TrademarkRenewalRule[] = [
  {
    id: 'TM-PRE-2014',
    windowMonths: 6,
    // [M] the 6-month grace before 2014 is not stated in domain-rules §4.1, which only says the window
    // changed; the grace is taken as unchanged.
    graceMonths: 6,
    inForceFrom: '1983-03-01',
    inForceTo: '2014-04-30',
    basis: '商标法 before the 2013 amendment: renewal within the 6 months before expiry',
    // [M] "as older pages show" (domain-rules §4.1); no primary copy was read
    confidence: 'M',
  },
  {
    id: 'TM-2014',
    windowMonths: 12,
    graceMonths: 6,
    inForceFrom: '2014-05-01',
    inForceTo: null,
    basis: '商标法 (2013, 2019) 第四十条: renewal within the 12 months before expiry, 6-month grace',
    confidence: 'H',
  },
];

function renewalRuleOn(date: string): TrademarkRenewalRule {
  const rule = TRADEMARK_RENEWAL_RULES.find(
    (r) => r.inForceFrom <= date && (r.inForceTo === null || date <= r.inForceTo),
  );
  if (!rule) throw new RuleError('NO_RENEWAL_RULE', `no trademark renewal rule in force on ${date}`);
  return rule;
}

export interface TrademarkScheduleInput {
  registrationDate: string;
  /** dates on which renewal applications were filed */
  renewals?: readonly { date: string }[];
  asOf: string;
  /**
   * move the grace end off a 法定节假日. Default false: domain-rules sources the holiday rule for patent
   * periods only (审查指南); the trademark equivalent is not in the reference.
   */
  holidayShift?: boolean;
  calendar?: HolidayCalendar;
}

export type RenewalState = 'renewed' | 'before_window' | 'in_window' | 'in_grace' | 'lapsed';

export interface TrademarkTerm {
  kind: 'trademark_renewal';
  /** 1 = the registration term, 2 = after the first renewal, … */
  term: number;
  termStart: string;
  /** last day of the term: the day before the 10th anniversary of termStart */
  expiry: string;
  windowStart: string;
  /** the window ends with the term */
  windowEnd: string;
  /** expiry + 6 months (first day not counted) */
  graceEnd: string;
  rule: Pick<TrademarkRenewalRule, 'id' | 'windowMonths' | 'graceMonths' | 'basis' | 'confidence'>;
  renewedOn: string | null;
  renewedInGrace: boolean;
  refusedRenewals: { date: string; reason: string }[];
  state: RenewalState;
}

const TM_LAW_CHANGE = '2014-05-01';

/**
 * Window start for a term whose day after expiry is `anniversary`. The window is the last N months of
 * the term under the rule in force on the window's start date: the old 6-month window when it opened
 * before 2014-05-01; otherwise the 12-month window, which cannot open before the new law took effect.
 */
function renewalWindow(anniversary: string): { start: string; rule: TrademarkRenewalRule } {
  const newRule = renewalRuleOn(TM_LAW_CHANGE);
  const oldRule = renewalRuleOn(plusDays(TM_LAW_CHANGE, -1));
  const oldStart = addMonthsPeriod(anniversary, -oldRule.windowMonths);
  if (oldStart < TM_LAW_CHANGE) return { start: oldStart, rule: oldRule };
  const newStart = addMonthsPeriod(anniversary, -newRule.windowMonths);
  return { start: newStart < TM_LAW_CHANGE ? TM_LAW_CHANGE : newStart, rule: newRule };
}

/**
 * Trademark terms and renewal windows: 10 years from registration; each renewal runs 10 years from the
 * day after the previous term's expiry. Lists every renewed term and the current (unrenewed) one.
 */
export function trademarkSchedule(input: TrademarkScheduleInput): TrademarkTerm[] {
  const { registrationDate, asOf } = input;
  parseDate(registrationDate, 'registrationDate');
  parseDate(asOf, 'asOf');
  const years = termRule('trademark', registrationDate)?.years;
  if (!years) throw new RuleError('NO_TERM_RULE', `no trademark term rule for ${registrationDate}`);
  const renewals = [...(input.renewals ?? [])].filter((r) => r.date <= asOf).sort(byDate);
  const out: TrademarkTerm[] = [];
  let termStart = registrationDate;
  let i = 0;
  for (let term = 1; term < 1000; term++) {
    const anniversary = addYearsPeriod(termStart, years);
    const expiry = plusDays(anniversary, -1);
    const { start: windowStart, rule } = renewalWindow(anniversary);
    const nominalGrace = addMonthsPeriod(expiry, rule.graceMonths);
    const graceEnd = input.holidayShift ? holidayShift(nominalGrace, input.calendar).end : nominalGrace;
    const refused: { date: string; reason: string }[] = [];
    let renewedOn: string | null = null;
    for (; i < renewals.length; i++) {
      const r = renewals[i] as { date: string };
      if (r.date < windowStart) {
        refused.push({ date: r.date, reason: `before the renewal window opened on ${windowStart}` });
      } else if (r.date <= graceEnd) {
        renewedOn = r.date;
        i++;
        break;
      } else {
        refused.push({
          date: r.date,
          reason: `after the grace period ended on ${graceEnd}: the mark lapsed`,
        });
      }
    }
    const state: RenewalState = renewedOn
      ? 'renewed'
      : asOf < windowStart
        ? 'before_window'
        : asOf <= expiry
          ? 'in_window'
          : asOf <= graceEnd
            ? 'in_grace'
            : 'lapsed';
    out.push({
      kind: 'trademark_renewal',
      term,
      termStart,
      expiry,
      windowStart,
      windowEnd: expiry,
      graceEnd,
      rule: {
        id: rule.id,
        windowMonths: rule.windowMonths,
        graceMonths: rule.graceMonths,
        basis: rule.basis,
        confidence: rule.confidence,
      },
      renewedOn,
      renewedInGrace: renewedOn !== null && renewedOn > expiry,
      refusedRenewals: refused,
      state,
    });
    if (!renewedOn) break;
    termStart = anniversary; // the day after the previous term's expiry
  }
  return out;
}
