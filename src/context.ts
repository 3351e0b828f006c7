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
  const imports = new ImportsService(database, registry, () => lifecycle.recompute());
  const search = new SearchService(database, registry);
  await imports.init();
  const reference = new ReferenceService(database);
  await reference.ensureRegionProfile(process.env.ZHIHUI_REGION ?? DEFAULT_REGION, true);
  return {
    database,
    mailer,
    audit,
    auth,
    registry,
    imports,
    lifecycle,
    search,
    reference,
    close: async () => {
      mailer.close();
      await database.close();
    },
  };
}
