/** The dashboard API (docs/analytics.md, part B) as the web app sees it. */
import type { Dim, Measure } from '../../../../src/domain/analytics/dimensions.ts';

export type {
  Breakdown,
  BreakdownRow,
  Dim,
  IndicatorValue,
  Measure,
  RecordRow,
} from '../../../../src/domain/analytics/views.ts';

export { DIMS, MEASURES } from '../../../../src/domain/analytics/dimensions.ts';

/** The filters every chart shares; kept in the page URL. */
export interface DashFilters {
  from?: string;
  to?: string;
  street?: string;
  industry?: string;
  kind?: string;
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

export interface Street {
  code: string;
  name: string;
}
