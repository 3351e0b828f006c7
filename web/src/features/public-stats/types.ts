import type { IndicatorValue } from '../../../../src/domain/analytics/views.ts';

/** One indicator of GET /api/v1/public/indicators (part A): the latest published version of each period. */
export type PublicIndicator = IndicatorValue;

export interface PublishedPeriod {
  region: string;
  street: string | null;
  period: string;
  at: string;
  version: number;
  publishedAt: string;
  recordCount: number;
  items: PublicIndicator[];
}
