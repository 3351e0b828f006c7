import { apiUrl, request } from '../../../lib/api.ts';
import type { PublishedPeriod } from '../types.ts';

export function fetchPublicIndicators(signal?: AbortSignal): Promise<{ items: PublishedPeriod[] }> {
  return request('/public/indicators', { signal });
}

/** The server's CSV of every published figure (UTF-8 with BOM). */
export const PUBLIC_CSV_URL = apiUrl('/public/indicators.csv');
