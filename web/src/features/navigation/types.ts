/** A 专利导航 report as the server lists it (GET /analytics/navigation/reports). */
export type NavReportStatus = 'running' | 'done' | 'failed';
export type NavReportFormat = 'pdf' | 'xlsx';

export interface NavReportParams {
  ipc: string[];
  industry: string | null;
  sei: { code: string; name: string } | null;
  from: number | null;
  to: number | null;
  region: string;
}

export interface NavReport {
  id: number;
  title: string;
  params: NavReportParams;
  status: NavReportStatus;
  progress: number;
  step: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  files: { format: NavReportFormat; size: number }[];
}

export interface NavReportInput {
  title?: string;
  ipc?: string[];
  industry?: string;
  sei?: string;
  from?: number;
  to?: number;
}
