import type { NavigationInput, NavReportSummary } from '../../../../src/domain/analytics/views.ts';

/** A 专利导航 report as the server lists it (GET /analytics/navigation/reports). */
export type {
  NavigationParams as NavReportParams,
  NavReportSummary as NavReport,
  ReportFormat as NavReportFormat,
} from '../../../../src/domain/analytics/views.ts';
export type NavReportStatus = NavReportSummary['status'];

/** The web app asks for the bureau's own region (the server's default). */
export type NavReportInput = Omit<NavigationInput, 'region'>;
