import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/**
 * The search index (src/db/search/).
 *
 * Both dialects: `search_key` — exact keys of an asset: `num` (identifier keys, see domain/search/numbers.ts),
 * `ipc` (IPC symbols), `nice` (Nice classes). Rows go with their asset (foreign key, cascade).
 *
 * SQLite: two contentless FTS5 tables keyed by rowid = ip_asset.id — `search_fts` (jieba-segmented words
 * and Han 1/2-grams, for words and bm25 ranking) and `search_tri` (trigram tokenizer over the normalised
 * text, for substrings); a trigger removes an asset's rows when the asset is deleted.
 *
 * PostgreSQL: `search_doc` — one row per asset with a weighted tsvector of the same tokens (GIN) and the
 * normalised text with pg_trgm GIN indexes for substrings.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function search(dialect: Dialect): Migration {
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('search_key')
        .ifNotExists()
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('k', 'text', (c) => c.notNull())
        // byte order on PostgreSQL too, so IPC prefix ranges (v >= 'G06F' AND v < 'G06G') mean the same
        .addColumn('v', 'text', (c) =>
          dialect === 'postgres' ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull(),
        )
        .addPrimaryKeyConstraint('search_key_pk', ['asset_id', 'k', 'v'])
        .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await db.schema
        .createIndex('search_key_kv_idx')
        .ifNotExists()
        .on('search_key')
        .columns(['k', 'v', 'asset_id'])
        .execute();

      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
          title, abstract, applicants,
          content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
        await sql`CREATE VIRTUAL TABLE IF NOT EXISTS search_tri USING fts5(
          title, abstract, applicants, numbers,
          content='', contentless_delete=1, tokenize='trigram case_sensitive 0')`.execute(db);
        await sql`CREATE TRIGGER IF NOT EXISTS search_asset_deleted AFTER DELETE ON ip_asset BEGIN
          DELETE FROM search_fts WHERE rowid = old.id;
          DELETE FROM search_tri WHERE rowid = old.id;
        END`.execute(db);
      } else {
        await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
        await db.schema
          .createTable('search_doc')
          .ifNotExists()
          .addColumn('asset_id', 'bigint', (c) =>
            c.primaryKey().references('ip_asset.id').onDelete('cascade'),
          )
          .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('abstract', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('applicants', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('numbers', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await sql`CREATE INDEX IF NOT EXISTS search_doc_tsv_idx ON search_doc USING gin (tsv)`.execute(db);
        for (const col of ['title', 'abstract', 'applicants', 'numbers'])
          await sql`CREATE INDEX IF NOT EXISTS ${sql.id(`search_doc_${col}_trgm_idx`)}
            ON search_doc USING gin (${sql.id(col)} gin_trgm_ops)`.execute(db);
      }
    },
    async down(db: Kysely<any>) {
      if (dialect === 'sqlite') {
        await sql`DROP TRIGGER IF EXISTS search_asset_deleted`.execute(db);
        await sql`DROP TABLE IF EXISTS search_tri`.execute(db);
        await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
      } else {
        await db.schema.dropTable('search_doc').ifExists().execute();
      }
      await db.schema.dropTable('search_key').ifExists().execute();
    },
  };
}
