import { lateFee } from '../../../../../src/domain/lifecycle/fees.ts';
import type { AnnualFeeDeadline } from '../types.ts';

export type Owed =
  | { ok: true; fee: number; lateFee: number; percent: number; total: number }
  | { ok: false; graceEnd: string | null };

/** States of an annual fee that a payment can still settle (the server decides the rest). */
export const UNPAID_STATES = new Set(['open', 'in_grace', 'missed', 'not_yet_due']);

/**
 * What a payment of this fee on `date` must cover, by the server's rule (src/domain/lifecycle): the fee
 * after reduction plus the late fee, counted on the FULL fee from the nominal due date (the anniversary).
 * After the grace end the payment is refused unless the right was restored (RR01).
 */
export function owedOn(fee: AnnualFeeDeadline, date: string): Owed {
  if (fee.grantYearFee)
    return { ok: true, fee: fee.reducedAmount, lateFee: 0, percent: 0, total: fee.reducedAmount };
  try {
    const lf = lateFee(fee.amount, fee.anniversary, date, { restored: fee.restoredOn !== null });
    return {
      ok: true,
      fee: fee.reducedAmount,
      lateFee: lf.amount,
      percent: lf.percent,
      total: Math.round((fee.reducedAmount + lf.amount) * 100) / 100,
    };
  } catch {
    return { ok: false, graceEnd: fee.graceEnd };
  }
}

/** The fee a payment is most likely for: the open or in-grace one, else the first unpaid one. */
export function nextUnpaid(fees: readonly AnnualFeeDeadline[]): AnnualFeeDeadline | undefined {
  return (
    fees.find((f) => f.state === 'open' || f.state === 'in_grace') ??
    fees.find((f) => UNPAID_STATES.has(f.state))
  );
}
