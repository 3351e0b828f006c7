/**
 * The per-asset deadline schedule as the lifecycle API returns it (GET /api/v1/assets/:id/deadlines), written
 * once: the lifecycle module builds it and the web app reads it. Types only; money is in yuan.
 */
import type { CompensationPeriod, TrademarkTerm } from './deadlines.ts';

export type { CompensationPeriod };

/** One patent year's annual fee. */
export interface AnnualFeeView {
  kind: 'annual_fee';
  patentYear: number;
  /** the fee paid at registration (授予专利权当年的年费) */
  grantYearFee: boolean;
  /** nominal due date (the filing-date anniversary); late fees count from it */
  anniversary: string;
  opensOn: string;
  /** the anniversary moved off a 法定节假日 */
  dueDate: string;
  amount: number;
  reducedAmount: number;
  /** e.g. "15% (财税〔2016〕78号 …)" */
  reduction: string | null;
  graceEnd: string | null;
  state: string;
  paidOn: string | null;
  paidAmount: number | null;
  restoredOn: string | null;
  /** the late fee if paid on the as-of date (null when not payable then) */
  lateFeeIfPaidToday: { percent: number; amount: number } | null;
  feeBasis: string;
}

/** One ten-year term of a trademark registration and its renewal window (the domain term, flattened). */
export interface RenewalView extends Pick<
  TrademarkTerm,
  'kind' | 'term' | 'termStart' | 'expiry' | 'windowStart' | 'windowEnd' | 'graceEnd' | 'renewedOn'
> {
  state: string;
  /** the renewal rule's legal basis */
  basis: string;
}

/** The whole schedule of one right on an as-of date. */
export interface ScheduleView {
  assetId: number;
  asOf: string;
  /** why there is no schedule, when there is none (English, from the server) */
  note: string | null;
  deadlines: (AnnualFeeView | RenewalView)[];
  /**
   * An invention's recorded term compensation: the days after the statutory term. The annual fees above
   * stop at the statutory years; the fee for these days is unknown (fee.amount null, fee.reason says why).
   */
  termCompensation?: CompensationPeriod | null;
}
