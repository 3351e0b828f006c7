/** GET /api/v1/public/indicators (part A): the latest published version of each period. */
export interface PublicIndicator {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  denominatorSource?: string;
  ruleVersion: string;
  reason?: string;
}

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
