import { request, type Page, type QueryValue } from '../../../lib/api.ts';
import type {
  Breakdown,
  DashFilters,
  Dim,
  IndicatorValue,
  Measure,
  RecordRow,
  RegionGeo,
  Street,
  Trend,
} from '../types.ts';

const q = (f: DashFilters, extra: Record<string, QueryValue> = {}): Record<string, QueryValue> => ({
  from: f.from,
  to: f.to,
  street: f.street,
  industry: f.industry,
  kind: f.kind,
  ...extra,
});

export function fetchBreakdown(
  f: DashFilters,
  dim: Dim,
  measure: Measure,
  signal?: AbortSignal,
  limit?: number,
): Promise<Breakdown> {
  return request('/analytics/breakdown', { query: q(f, { dim, measure, limit }), signal });
}

export function fetchTrend(
  f: DashFilters,
  measure: 'filings' | 'grants',
  signal?: AbortSignal,
): Promise<Trend> {
  return request('/analytics/trend', { query: q(f, { measure }), signal });
}

export function fetchRecords(
  f: DashFilters,
  t: { measure: Measure; dim?: Dim; key?: string | null; subType?: string | null },
  cursor: string | undefined,
  limit: number,
  signal?: AbortSignal,
): Promise<Page<RecordRow>> {
  return request('/analytics/records', {
    query: {
      ...q(f, { measure: t.measure, dim: t.dim, subType: t.subType, cursor, limit }),
      // `_none` is the key of the rows without a value (no street, no IPC)
      ...(t.dim ? { key: t.key ?? '_none' } : {}),
    },
    signal,
  }).then((p) => p as Page<RecordRow>);
}

export function fetchGeo(signal?: AbortSignal): Promise<RegionGeo> {
  return request('/analytics/geo', { signal });
}

export function fetchStreets(signal?: AbortSignal): Promise<Street[]> {
  return request('/streets', { signal });
}

export function fetchIndicators(
  region: string,
  at: string,
  street: string | undefined,
  signal?: AbortSignal,
): Promise<{ items: IndicatorValue[] }> {
  return request('/analytics/indicators', { query: { region, at, street }, signal });
}

export function putStreetOutlines(
  featureCollection: unknown,
  source: string,
): Promise<{ region: string; features: number; missing: string[] }> {
  return request('/analytics/geo/streets', { method: 'PUT', query: { source }, body: featureCollection });
}

export function deleteStreetOutlines(): Promise<{ deleted: number }> {
  return request('/analytics/geo/streets', { method: 'DELETE' });
}
