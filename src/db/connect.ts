import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  url: string;
  /** the raw better-sqlite3 handle on the embedded database (backup, bulk paths in repositories) */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export type Tx = Transaction<DB>;
export type Executor = Kysely<DB> | Tx;

export const DEFAULT_DB_URL = 'sqlite:./data/zhihui.db';

/** `sqlite:path`, `sqlite::memory:`, a bare file path, or `postgres://…` / `postgresql://…`. */
export function parseDbUrl(url: string): { dialect: Dialect; target: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', target: url };
  const target = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (!target) throw new Error(`database URL "${url}" names no file`);
  return { dialect: 'sqlite', target };
}

// int8 (bigserial ids, counts) as JS numbers; ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openDatabase(url: string = DEFAULT_DB_URL): Database {
  const { dialect, target } = parseDbUrl(url);
  if (dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target, max: 10 });
    // an idle connection the server ends (restart, failover, pg_terminate_backend) is dropped by the pool; without
    // a listener its 'error' event would end the process
    pool.on('error', (e) => console.error(`PostgreSQL: an idle connection ended: ${e.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect, url, close: () => db.destroy() };
  }
  if (target !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const sqlite = new SQLite(target);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives a crash of the process (kill -9).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MiB page cache (the default is 2 MiB): index pages of large tables stay in memory during imports
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect, url, sqlite, close: () => db.destroy() };
}

/** Describe where the data lives without leaking a password. */
export function describeDbUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
