import { request } from '../../../lib/api.ts';
import type { NavReport } from '../types.ts';

/** Past reports, newest first, with their build state (polled while one is building). */
export function getReports(signal?: AbortSignal): Promise<{ items: NavReport[] }> {
  return request('/analytics/navigation/reports', { signal });
}
