/**
 * The lifecycle rules applied to one stored right (pure: no I/O). Two outputs: the full schedule of a
 * right (the per-asset view, `zhihui deadlines`), and the rows the deadline table keeps for it. The rows
 * come from a fast path that settles only the years it needs (domain actionablePatentFees);
 * `storedRowsFromSchedule` derives the same rows from the full schedule and is what the tests hold the
 * fast path to.
 */
import {
  actionablePatentFees,
  compensationPeriod,
  computePatentSchedule,
  trademarkSchedule,
  type ActionableFee,
  type AnnualFeeDeadline,
  type FeePayment,
  type PatentScheduleInput,
  type TrademarkTerm,
} from '../../domain/lifecycle/deadlines.ts';
import type { AnnualFeeView, RenewalView, ScheduleView } from '../../domain/lifecycle/views.ts';
import type { DeadlineInsert, PaymentRow, ReductionRow } from './lifecycle.repository.ts';

export type { AnnualFeeView, RenewalView, ScheduleView };

/** A right as the registry hands it to the lifecycle rules (RegistryService.lifecycleInputs). */
export interface LifecycleInput {
  id: number;
  kind: string;
  office: string;
  subType: string | null;
  filingDate: string | null;
  grantDate: string | null;
  registrationDate: string | null;
  events: { code: string; date: string }[];
  /** 专利权期限补偿 days recorded for an invention (0 or absent: none) */
  termCompensationDays?: number;
}

const PATENT_TYPES = new Set(['invention', 'utility_model', 'design']);

function annualView(d: AnnualFeeDeadline, asOf: string): AnnualFeeView {
  let late: AnnualFeeView['lateFeeIfPaidToday'] = null;
  if (d.state === 'open' || d.state === 'in_grace' || d.state === 'not_yet_due') {
    try {
      const l = d.lateFeeIfPaidOn(asOf);
      late = { percent: l.percent, amount: l.amount };
    } catch {
      late = null;
    }
  }
  return {
    kind: 'annual_fee',
    patentYear: d.patentYear,
    grantYearFee: d.grantYearFee,
    anniversary: d.anniversary,
    opensOn: d.opensOn,
    dueDate: d.dueDate,
    amount: d.amount,
    reducedAmount: d.reducedAmount,
    reduction: d.reduction ? `${d.reduction.percentOff}% (${d.reduction.basis})` : null,
    graceEnd: d.graceEnd,
    state: d.state,
    paidOn: d.payment?.date ?? null,
    paidAmount: d.payment?.amount ?? null,
    restoredOn: d.restoredOn,
    lateFeeIfPaidToday: late,
    feeBasis: d.feeBasis,
  };
}

function renewalView(t: TrademarkTerm): RenewalView {
  return {
    kind: 'trademark_renewal',
    term: t.term,
    termStart: t.termStart,
    expiry: t.expiry,
    windowStart: t.windowStart,
    windowEnd: t.windowEnd,
    graceEnd: t.graceEnd,
    state: t.state,
    renewedOn: t.renewedOn,
    basis: t.rule.basis,
  };
}

export function patentInput(
  a: LifecycleInput,
  payments: readonly PaymentRow[],
  reduction: ReductionRow | undefined,
  asOf: string,
): PatentScheduleInput {
  // plain loops: this runs for every patent of a region-wide recompute
  const paid: FeePayment[] = [];
  for (const p of payments)
    if (p.kind === 'annual_fee' && p.patent_year !== null)
      paid.push({ patentYear: p.patent_year, date: p.paid_on, amount: p.amount });
  const input: PatentScheduleInput = {
    patentType: a.subType as PatentScheduleInput['patentType'],
    filingDate: a.filingDate!,
    payments: paid,
    events: a.events,
    asOf,
  };
  if (a.grantDate) input.grantDate = a.grantDate;
  if (reduction) input.reduction = { rate: reduction.rate as 0.85 | 0.7, recordedOn: reduction.recorded_on };
  return input;
}

/** Which rules apply to a right: a granted CN patent, a registered CN trademark, or none (and why). */
type Applicable = { rules: 'patent' } | { rules: 'trademark'; registrationDate: string } | { note: string };

function applicable(a: LifecycleInput): Applicable {
  if (a.office !== 'CN') return { note: 'deadlines are computed for CN rights only' };
  if (a.kind === 'patent') {
    if (!a.subType || !PATENT_TYPES.has(a.subType)) return { note: 'the patent type is not known' };
    if (!a.filingDate) return { note: 'no filing date: annual fees cannot be computed' };
    if (!a.grantDate) return { note: 'not granted yet (no grant announcement date): no annual fees are due' };
    return { rules: 'patent' };
  }
  if (a.kind === 'trademark') {
    if (!a.registrationDate) return { note: 'not registered yet: no renewal is due' };
    return { rules: 'trademark', registrationDate: a.registrationDate };
  }
  return { note: 'copyright registrations have no renewals or fees' };
}

function trademarkTerms(a: LifecycleInput, registrationDate: string, asOf: string): TrademarkTerm[] {
  const renewals = a.events.filter((e) => e.code === 'TM_RENEW').map((e) => ({ date: e.date }));
  return trademarkSchedule({ registrationDate, renewals, asOf });
}

/** The full schedule of one right from its data, events, payments and reduction, as of a date. */
export function scheduleOf(
  a: LifecycleInput,
  payments: readonly PaymentRow[],
  reduction: ReductionRow | undefined,
  asOf: string,
): ScheduleView {
  const base = { assetId: a.id, asOf };
  const rules = applicable(a);
  if ('note' in rules) return { ...base, note: rules.note, deadlines: [] };
  if (rules.rules === 'patent') {
    const r = computePatentSchedule(patentInput(a, payments, reduction, asOf));
    return {
      ...base,
      note: null,
      deadlines: r.entries.map((d) => annualView(d, asOf)),
      termCompensation: compensationPeriod(a.subType!, a.filingDate!, a.termCompensationDays),
    };
  }
  const terms = trademarkTerms(a, rules.registrationDate, asOf);
  return { ...base, note: null, deadlines: terms.map(renewalView) };
}

function feeRow(assetId: number, f: ActionableFee, asOf: string): DeadlineInsert {
  return {
    asset_id: assetId,
    kind: 'annual_fee',
    period: f.patentYear,
    due_date: f.dueDate,
    amount: f.amount,
    reduced_amount: f.reducedAmount,
    grace_end: f.graceEnd,
    state: f.state,
    computed_on: asOf,
  };
}

function renewalRow(
  assetId: number,
  t: Pick<RenewalView, 'term' | 'expiry' | 'graceEnd' | 'state'>,
  asOf: string,
): DeadlineInsert {
  return {
    asset_id: assetId,
    kind: 'trademark_renewal',
    period: t.term,
    due_date: t.expiry,
    amount: null,
    reduced_amount: null,
    grace_end: t.graceEnd,
    state: t.state,
    computed_on: asOf,
  };
}

/**
 * The rows the deadline table keeps for a right: every unpaid annual fee that is open, in grace or
 * missed, and the next one not yet due; for a trademark its current term. Paid and no-longer-owed years
 * stay computable per right but are not stored (a million rights would otherwise mean twenty million
 * rows). Throws what the rules throw for data they cannot take.
 */
export function storedRows(
  a: LifecycleInput,
  payments: readonly PaymentRow[],
  reduction: ReductionRow | undefined,
  asOf: string,
): DeadlineInsert[] {
  const rules = applicable(a);
  if ('note' in rules) return [];
  if (rules.rules === 'patent') {
    const rows: DeadlineInsert[] = [];
    for (const f of actionablePatentFees(patentInput(a, payments, reduction, asOf)))
      rows.push(feeRow(a.id, f, asOf));
    return rows;
  }
  // the trademark schedule already stops at the current (unrenewed) term
  const current = trademarkTerms(a, rules.registrationDate, asOf).at(-1);
  return current ? [renewalRow(a.id, current, asOf)] : [];
}

/**
 * The stored rows picked from a full schedule: the reference that storedRows is tested against (the
 * selection the recompute made before the fast path existed).
 */
export function storedRowsFromSchedule(s: ScheduleView): DeadlineInsert[] {
  const rows: DeadlineInsert[] = [];
  let nextDue = false;
  for (const d of s.deadlines) {
    if (d.kind !== 'annual_fee') continue;
    const keep =
      d.state === 'open' ||
      d.state === 'in_grace' ||
      d.state === 'missed' ||
      (d.state === 'not_yet_due' && !nextDue);
    if (d.state === 'not_yet_due') nextDue = true;
    if (keep)
      rows.push({
        asset_id: s.assetId,
        kind: d.kind,
        period: d.patentYear,
        due_date: d.dueDate,
        amount: d.amount,
        reduced_amount: d.reducedAmount,
        grace_end: d.graceEnd,
        state: d.state,
        computed_on: s.asOf,
      });
  }
  const current = s.deadlines.filter((d): d is RenewalView => d.kind === 'trademark_renewal').at(-1);
  if (current) rows.push(renewalRow(s.assetId, current, s.asOf));
  return rows;
}
