/** The dashboard API (docs/analytics.md, part B) as the web app sees it. */

export const DIMS = [
  'street',
  'industry',
  'ipc_section',
  'ipc_class',
  'ipc_subclass',
  'wipo_field',
  'sub_type',
  'filing_year',
  'grant_year',
  'entity',
] as const;
export type Dim = (typeof DIMS)[number];

export const MEASURES = ['filings', 'grants', 'valid', 'high_value'] as const;
export type Measure = (typeof MEASURES)[number];

/** The filters every chart shares; kept in the page URL. */
export interface DashFilters {
  from?: string;
  to?: string;
  street?: string;
  industry?: string;
  kind?: string;
}

export interface BreakdownRow {
  key: string | null;
  label: string | null;
  value: number;
}

export interface Breakdown {
  dim: Dim;
  measure: Measure;
  region: string;
  asOf: string;
  period: { from: string | null; to: string | null } | null;
  total: number;
  rows: BreakdownRow[];
  dataVersion: number;
}

export interface TrendRow {
  year: number;
  subType: string | null;
  value: number;
}

export interface Trend {
  measure: 'filings' | 'grants';
  region: string;
  rows: TrendRow[];
}

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

/** A number a user clicked: which chart's measure and dimension value, with a caption for the drawer. */
export interface DrillTarget {
  measure: Measure;
  dim?: Dim;
  key?: string | null;
  /** a sub-type the clicked mark stands for (trend bars) */
  subType?: string | null;
  caption: string;
}

export interface GeoFeature {
  type: 'Feature';
  properties: { code?: string; name?: string; adcode?: number | string } & Record<string, unknown>;
  geometry: unknown;
}

export interface RegionGeo {
  type: 'FeatureCollection';
  features: GeoFeature[];
  zhihui: { region: string; layer: string; streetsLoaded: boolean; source: string; uploadedAt?: string };
}

/** One indicator of part A's engine (GET /analytics/indicators). */
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

export interface Street {
  code: string;
  name: string;
}
