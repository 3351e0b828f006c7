import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { parseDbUrl, type Database } from './connect.ts';

/** Online backup of the embedded database (consistent even while the server writes). */
export async function backupSqlite(database: Database, file: string): Promise<void> {
  if (!database.sqlite)
    throw new Error('backup works on the embedded SQLite database; for PostgreSQL use pg_dump');
  await database.sqlite.backup(file);
}

/** Replace the database file with a backup after checking that the backup is a sound Zhihui database. */
export async function restoreSqlite(dbUrl: string, file: string): Promise<void> {
  const { dialect, target } = parseDbUrl(dbUrl);
  if (dialect !== 'sqlite')
    throw new Error('restore works on the embedded SQLite database; for PostgreSQL use pg_restore');
  const probe = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const ok = probe.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`${file} fails the integrity check: ${String(ok)}`);
    const t = probe.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='ip_asset'").get();
    if (!t) throw new Error(`${file} is not a Zhihui database (no ip_asset table)`);
  } finally {
    probe.close();
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.copyFileSync(file, `${target}.restoring`);
  fs.renameSync(`${target}.restoring`, target);
}
