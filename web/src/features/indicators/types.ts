import type { HighValueCategory } from '../../../../src/domain/analytics/high-value.ts';
import type { DenominatorKind } from '../../../../src/domain/analytics/indicators.ts';

export type { HighValueCategory } from '../../../../src/domain/analytics/high-value.ts';
export type { DenominatorKind } from '../../../../src/domain/analytics/indicators.ts';
export type { SeiRow } from '../../../../src/domain/analytics/sei.ts';
export type {
  DenominatorView as Denominator,
  IndicatorValue,
  SnapshotView as Snapshot,
} from '../../../../src/domain/analytics/views.ts';
export type { PledgeInput, PledgeView as Pledge } from '../../../../src/domain/finance/views.ts';

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

export interface AnalyticsSettings {
  pledgeThreshold: number | null;
  pledgeCategoryApplied: boolean;
  note: string;
}

export interface AssetHighValue extends AnalyticsSettings {
  assetId: number;
  at: string;
  valid: boolean;
  highValue: boolean;
  categories: HighValueCategory[];
  since: Partial<Record<HighValueCategory, string>>;
  marks: { category: 'foreign_family' | 'award'; since: string; note: string | null }[];
}
