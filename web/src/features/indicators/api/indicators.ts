import { request } from '../../../lib/api.ts';
import type { AnalyticsSettings, IndicatorValue, SeiRow, LineReject } from '../types.ts';

/** All indicators of a region (or one street) as of a date. */
export function getIndicators(
  q: { region: string; at: string; street?: string },
  signal?: AbortSignal,
): Promise<{ region: string; at: string; items: IndicatorValue[] }> {
  return request('/analytics/indicators', { query: q, signal });
}

export function getSettings(signal?: AbortSignal): Promise<AnalyticsSettings> {
  return request('/analytics/settings', { signal });
}

/** Set (or clear with null) the pledge threshold of the high-value category, in yuan. */
export function setPledgeThreshold(pledgeThreshold: number | null): Promise<AnalyticsSettings> {
  return request('/analytics/settings', { method: 'PUT', body: { pledgeThreshold } });
}

export function getSei(
  signal?: AbortSignal,
): Promise<{ rows: SeiRow[]; template: { key: string; zh: string; en: string }[] }> {
  return request('/analytics/sei', { signal });
}

/** Replace the concordance from a CSV/XLSX file; nothing changes when a line is rejected (each is listed). */
export function importSei(
  file: File,
  source: string,
): Promise<{ imported: number; rejected: number; rejects: LineReject[] }> {
  const fd = new FormData();
  fd.append('file', file);
  return request('/analytics/sei/import', { method: 'POST', body: fd, query: { source } });
}
