import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database, Dialect } from './connect.ts';
import { init } from './migrations/0001_init.ts';
import { search } from './migrations/0002_search.ts';
import { lifecycle } from './migrations/0003_lifecycle.ts';
import { calendar } from './migrations/0004_calendar.ts';
import { userEmail } from './migrations/0005_user_email.ts';
import { reminders } from './migrations/0006_reminders.ts';
import { savedSearch } from './migrations/0007_saved_search.ts';
import { analytics } from './migrations/0008_analytics.ts';
import { geo } from './migrations/0009_geo.ts';
import { navigation } from './migrations/0010_navigation.ts';
import { searchSpeed } from './migrations/0012_search_speed.ts';
import { searchChanges } from './migrations/0013_search_changes.ts';

function allMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_init': init(dialect),
    '0002_search': search(dialect),
    '0003_lifecycle': lifecycle(dialect),
    '0004_calendar': calendar(dialect),
    '0005_user_email': userEmail(dialect),
    '0006_reminders': reminders(dialect),
    '0007_saved_search': savedSearch(dialect),
    '0008_analytics': analytics(dialect),
    '0009_geo': geo(dialect),
    '0010_navigation': navigation(dialect),
    '0012_search_speed': searchSpeed(dialect),
    '0013_search_changes': searchChanges(dialect),
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(allMigrations(this.dialect));
  }
}

/** Bring the schema up to date. Safe to run on every start: applied migrations are skipped. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new StaticProvider(database.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
