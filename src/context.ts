import { openDatabase, type Database } from './db/connect.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { migrateToLatest } from './db/migrations.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { ImportsService } from './modules/imports/imports.service.ts';
import { LifecycleService } from './modules/lifecycle/lifecycle.service.ts';
import { SearchService } from './modules/search/search.service.ts';
import { ReferenceService } from './modules/reference/reference.service.ts';
import { RegistryService } from './modules/registry/registry.service.ts';
import { NavigationService } from './modules/analytics/navigation.service.ts';
import { JobsService } from './modules/jobs/jobs.service.ts';
import { platformJobs } from './modules/jobs/platform-jobs.ts';
import { NotificationsService } from './modules/notifications/notifications.service.ts';
import { DashboardService } from './modules/analytics/dashboard.service.ts';
import { AnalyticsService } from './modules/analytics/analytics.service.ts';
import { SnapshotService } from './modules/analytics/snapshot.service.ts';
import { FinanceService } from './modules/finance/finance.service.ts';

/** The composition root: one database and the services on it, shared by the HTTP app and the CLI. */
export interface AppContext {
  database: Database;
  /** outgoing e-mail (disabled unless ZHIHUI_SMTP_URL is set) */
  mailer: Mailer;
  audit: AuditService;
  auth: AuthService;
  registry: RegistryService;
  imports: ImportsService;
  lifecycle: LifecycleService;
  search: SearchService;
  reference: ReferenceService;
  /** 专利导航 report builds */
  navigation: NavigationService;
  /** reminders of deadlines and in-app notifications */
  notifications: NotificationsService;
  /** scheduled jobs (started by `zhihui serve` only) */
  jobs: JobsService;
  /** dashboards: breakdowns, trend, rankings, drill-down records, region outlines */
  dashboard: DashboardService;
  /** indicators as of a date, high-value classification, denominators, SEI table */
  analytics: AnalyticsService;
  /** indicator snapshots (versions, publication, the public figures) */
  snapshots: SnapshotService;
  /** pledge register */
  finance: FinanceService;
  close(): Promise<void>;
}

export const DEFAULT_REGION = '310104';

export interface ContextOptions {
  /** replaces the mailer from the environment (tests pass one pointed at a local SMTP sink) */
  mailer?: Mailer;
}

export async function createContext(dbUrl: string, opts: ContextOptions = {}): Promise<AppContext> {
  const database = openDatabase(dbUrl);
  const mailer = opts.mailer ?? createMailer();
  await migrateToLatest(database);
  const audit = new AuditService(database);
  const auth = new AuthService(database, audit);
  await auth.init();
  const registry = new RegistryService(database, audit);
  const lifecycle = new LifecycleService(database, audit, registry);
  const finance = new FinanceService(database, audit, registry);
  const analytics = new AnalyticsService(database, audit, registry, finance);
  await analytics.init();
  const snapshots = new SnapshotService(database, audit, analytics);
  const imports = new ImportsService(database, registry, (changedIds) =>
    lifecycle.recompute(changedIds).then(() => analytics.sync()),
  );
  const search = new SearchService(database, registry, auth, audit, mailer);
  await imports.init();
  const reference = new ReferenceService(database);
  await reference.ensureRegionProfile(process.env.ZHIHUI_REGION ?? DEFAULT_REGION, true);
  const notifications = new NotificationsService(database, audit, auth, registry, lifecycle, mailer);
  const jobs = new JobsService(database, audit);
  const dashboard = new DashboardService(database, audit, process.env.ZHIHUI_REGION ?? DEFAULT_REGION);
  dashboard.useHighValue((ids, at) => analytics.highValue(ids, at));
  const navigation = new NavigationService(database, audit, process.env.ZHIHUI_REGION ?? DEFAULT_REGION, {
    highValue: (ids, at) => analytics.highValue(ids, at),
    seiRows: () => analytics.seiRows(),
  });
  await navigation.init();
  const ctx: AppContext = {
    database,
    mailer,
    audit,
    auth,
    registry,
    imports,
    lifecycle,
    search,
    reference,
    navigation,
    notifications,
    jobs,
    dashboard,
    analytics,
    snapshots,
    finance,
    close: async () => {
      jobs.stop();
      await search.close();
      mailer.close();
      await database.close();
    },
  };
  for (const job of platformJobs(ctx)) jobs.register(job);
  return ctx;
}
