/** GET /api/v1/analytics/indicators (src/modules/analytics/analytics.service.ts IndicatorValue). */
export interface IndicatorValue {
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

export type DenominatorKind = 'population' | 'market_entities' | 'new_market_entities';

export interface Denominator {
  id: number;
  region: string;
  street: string | null;
  kind: DenominatorKind;
  periodFrom: string | null;
  at: string;
  value: number;
  source: string;
  confidence: string;
  note: string | null;
  isDemo: boolean;
}

export interface DenominatorInput {
  region: string;
  street?: string | null;
  kind: DenominatorKind;
  periodFrom?: string | null;
  at: string;
  value: number;
  source: string;
  confidence?: 'H' | 'M' | 'L';
  note?: string | null;
}

export interface LineReject {
  ref: string;
  field: string;
  reason: string;
}

export interface Snapshot {
  id: number;
  region: string;
  street: string | null;
  period: string;
  at: string;
  version: number;
  supersedes: number | null;
  superseded: boolean;
  reason: string | null;
  dataVersion: number;
  recordCount: number;
  createdAt: string;
  publishedAt: string | null;
  items: IndicatorValue[];
}

export interface SnapshotCompare {
  a: { id: number; version: number; publishedAt: string | null; reason: string | null };
  b: { id: number; version: number; publishedAt: string | null; reason: string | null };
  rows: {
    id: string;
    nameZh: string;
    nameEn: string;
    a: { value: number | null; numerator: number; denominator: number | null } | null;
    b: { value: number | null; numerator: number; denominator: number | null } | null;
    changed: boolean;
  }[];
}

export interface SeiRow {
  code: string;
  name: string;
  ipcPatterns: string[];
  ipcExclusions: string[];
  keywords: string[];
  ipcOnly: boolean;
  source: string;
}

export interface AnalyticsSettings {
  pledgeThreshold: number | null;
  pledgeCategoryApplied: boolean;
  note: string;
}

export type HighValueCategory = 'sei' | 'foreign_family' | 'maintained_10y' | 'pledge' | 'award';

export interface AssetHighValue extends AnalyticsSettings {
  assetId: number;
  at: string;
  valid: boolean;
  highValue: boolean;
  categories: HighValueCategory[];
  since: Partial<Record<HighValueCategory, string>>;
  marks: { category: 'foreign_family' | 'award'; since: string; note: string | null }[];
}

export interface Pledge {
  id: number;
  assetId: number;
  registrationNumber: string;
  registrationDate: string;
  amount: number;
  pledgee: string;
  pledgor: string;
  releaseDate: string | null;
  isDemo: boolean;
}

export interface PledgeInput {
  registrationNumber: string;
  registrationDate: string;
  amount: number;
  pledgee: string;
  pledgor: string;
  releaseDate?: string | null;
}
