import { apiUrl } from '../../../lib/api.ts';
import type { NavReportFormat } from '../types.ts';

/** Where a report's PDF or XLSX is downloaded (a plain link: the browser saves the attachment). */
export function reportFileUrl(id: number, format: NavReportFormat): string {
  return apiUrl(`/analytics/navigation/reports/${id}/${format}`);
}
