/**
 * The analytics API's response shapes (indicators, denominators, snapshots, dashboards, 专利导航 reports), written
 * once: the services build them and the web app reads them. Types only.
 */
import type { Dim, Measure } from './dimensions.ts';
import type { DenominatorKind, IndicatorId } from './indicators.ts';

export type { Dim, Measure };

/** One official indicator for a region or street on a date (GET /analytics/indicators). */
export interface IndicatorValue {
  id: IndicatorId;
  nameZh: string;
  nameEn: string;
  unit: string;
  /** null when a denominator is missing (reason says which) */
  value: number | null;
  numerator: number;
  denominator: number | null;
  denominatorSource?: string;
  ruleVersion: string;
  reason?: string;
}

/** A population or market-entity count, the denominator of the per-capita indicators. */
export interface DenominatorView {
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

/** One version of the indicators of a period, frozen. */
export interface SnapshotView {
  id: number;
  region: string;
  street: string | null;
  period: string;
  at: string;
  version: number;
  /** the version this one corrects */
  supersedes: number | null;
  /** a later version exists */
  superseded: boolean;
  reason: string | null;
  dataVersion: number;
  recordCount: number;
  createdAt: string;
  publishedAt: string | null;
  items: IndicatorValue[];
}

export interface BreakdownRow {
  key: string | null;
  label: string | null;
  value: number;
}

/** A measure counted by one dimension (GET /analytics/dashboard/breakdown). */
export interface Breakdown {
  dim: Dim;
  measure: Measure;
  region: string;
  /** the day stock measures (valid, high-value) are counted on */
  asOf: string;
  /** the period the measure's date was restricted to (null for stock measures) */
  period: { from: string | null; to: string | null } | null;
  total: number;
  rows: BreakdownRow[];
  dataVersion: number;
}

/** A record behind a dashboard number (GET /analytics/dashboard/records). */
export interface RecordRow {
  id: number;
  kind: string;
  sub_type: string | null;
  title: string | null;
  application_number: string | null;
  registration_number: string | null;
  publication_number: string | null;
  filing_date: string | null;
  grant_date: string | null;
  status: string;
  ipc_main: string | null;
  entity_id: number;
  owner: string;
}

export type ReportFormat = 'pdf' | 'xlsx';

/** What a 专利导航 report is asked to cover (POST /analytics/navigation/reports). */
export interface NavigationInput {
  title?: string;
  /** IPC patterns (H01M*, G06N3/*); or */
  ipc?: string[];
  /** a GB/T 4754 industry of the first owner (C39) */
  industry?: string;
  /** a 战略性新兴产业 category of the loaded concordance (1.6) */
  sei?: string;
  /** filing years, inclusive */
  from?: number;
  to?: number;
  region?: string;
}

/** What a 专利导航 report covers, resolved. */
export interface NavigationParams {
  ipc: string[];
  industry: string | null;
  sei: { code: string; name: string } | null;
  from: number | null;
  to: number | null;
  region: string;
}

/** A 专利导航 report as the server lists it (GET /analytics/navigation/reports). */
export interface NavReportSummary {
  id: number;
  title: string;
  params: NavigationParams;
  status: 'running' | 'done' | 'failed';
  progress: number;
  step: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  files: { format: ReportFormat; size: number }[];
}
