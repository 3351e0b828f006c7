/** Shapes of the lifecycle API (src/modules/lifecycle/lifecycle.service.ts). Money is in yuan. */

export type {
  AnnualFeeView as AnnualFeeDeadline,
  CompensationPeriod,
  RenewalView as RenewalDeadline,
  ScheduleView as Schedule,
} from '../../../../src/domain/lifecycle/views.ts';

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
