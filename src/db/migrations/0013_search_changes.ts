import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/**
 * `search_change`: one row per asset whose search document was written or deleted, in the same transaction
 * as the write (SearchIndex.upsert / remove, and a trigger on ip_asset deletes). The in-memory token index of
 * each process (src/db/search/memory-index.ts) replays the rows after the ones it has seen, so it follows every
 * write of every process. A row with asset_id 0 means "everything changed" (`zhihui reindex`).
 *
 * PostgreSQL also records the writing transaction (`txid`): sequence numbers are taken before commit, so a
 * reader catching up also re-reads the rows of transactions that were still running at its last read.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function searchChanges(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'sqlite') {
        await sql`CREATE TABLE IF NOT EXISTS search_change (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          asset_id INTEGER NOT NULL)`.execute(db);
        await sql`CREATE TRIGGER IF NOT EXISTS search_change_asset_deleted AFTER DELETE ON ip_asset BEGIN
          INSERT INTO search_change (asset_id) VALUES (old.id);
        END`.execute(db);
        return;
      }
      await sql`CREATE TABLE IF NOT EXISTS search_change (
        seq bigserial PRIMARY KEY,
        asset_id bigint NOT NULL,
        txid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint))`.execute(db);
      await sql`CREATE INDEX IF NOT EXISTS search_change_txid_idx ON search_change (txid)`.execute(db);
      await sql`CREATE OR REPLACE FUNCTION search_change_asset_deleted() RETURNS trigger AS $$
        BEGIN
          INSERT INTO search_change (asset_id) VALUES (OLD.id);
          RETURN OLD;
        END $$ LANGUAGE plpgsql`.execute(db);
      await sql`DROP TRIGGER IF EXISTS search_change_asset_deleted ON ip_asset`.execute(db);
      await sql`CREATE TRIGGER search_change_asset_deleted AFTER DELETE ON ip_asset
        FOR EACH ROW EXECUTE FUNCTION search_change_asset_deleted()`.execute(db);
    },
    async down(db: Kysely<any>) {
      if (dialect === 'sqlite') await sql`DROP TRIGGER IF EXISTS search_change_asset_deleted`.execute(db);
      else {
        await sql`DROP TRIGGER IF EXISTS search_change_asset_deleted ON ip_asset`.execute(db);
        await sql`DROP FUNCTION IF EXISTS search_change_asset_deleted()`.execute(db);
      }
      await db.schema.dropTable('search_change').ifExists().execute();
    },
  };
}
