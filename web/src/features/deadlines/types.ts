/** Shapes of the lifecycle API (src/modules/lifecycle/lifecycle.service.ts). Money is in yuan. */

export interface AnnualFeeDeadline {
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
  lateFeeIfPaidToday: { percent: number; amount: number } | null;
  feeBasis: string;
}

export interface RenewalDeadline {
  kind: 'trademark_renewal';
  term: number;
  termStart: string;
  expiry: string;
  windowStart: string;
  windowEnd: string;
  graceEnd: string;
  state: string;
  renewedOn: string | null;
  basis: string;
}

export interface Schedule {
  assetId: number;
  asOf: string;
  /** why there is no schedule, when there is none (English, from the server) */
  note: string | null;
  deadlines: (AnnualFeeDeadline | RenewalDeadline)[];
}

export interface PaymentInput {
  patentYear: number;
  paidOn: string;
  amount: number;
  note?: string;
}

export interface ReductionInput {
  rate: 0.85 | 0.7;
  recordedOn: string;
}

/** One row of the region-wide deadline list (GET /api/v1/deadlines). */
export interface DeadlineItem {
  assetId: number;
  kind: 'annual_fee' | 'trademark_renewal';
  /** patent year or trademark term */
  period: number;
  dueDate: string;
  amount: number | null;
  reducedAmount: number | null;
  graceEnd: string | null;
  state: string;
  asset: {
    kind: 'patent' | 'trademark' | 'copyright';
    subType: string | null;
    number: string | null;
    title: string | null;
    status: string;
    owners: { name: string; entityId: number | null }[];
  };
}

export interface DeadlineFilter {
  state?: string[];
  kind?: string;
  dueFrom?: string;
  dueTo?: string;
  entityId?: number;
}

export interface FeeForecast {
  entityId: number;
  asOf: string;
  forecast: { year: number; fees: number; count: number }[];
  next: {
    assetId: number;
    kind: 'annual_fee' | 'trademark_renewal';
    period: number;
    dueDate: string;
    amount: number | null;
    state: string;
  }[];
}
