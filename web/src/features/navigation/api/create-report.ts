import { request } from '../../../lib/api.ts';
import type { NavReport, NavReportInput } from '../types.ts';

/** Start building a report; the server answers at once with the job (status running). */
export function createReport(input: NavReportInput): Promise<NavReport> {
  return request<NavReport>('/analytics/navigation/reports', { method: 'POST', body: input });
}
