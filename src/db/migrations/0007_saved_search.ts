import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function savedSearch(dialect: Dialect): Migration {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      // a user's named query. "New since the last visit" = matching assets whose id is above seen_asset_id, the
      // highest asset id when the search was last opened (asset ids only grow); digest_asset_id is the same
      // mark for the daily e-mail digest (set when subscribing and after every digest sent)
      await db.schema
        .createTable('saved_search')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('user_id', refType, (c) => c.notNull().references('app_user.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('subscribed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seen_asset_id', refType, (c) => c.notNull().defaultTo(0))
        .addColumn('digest_asset_id', refType, (c) => c.notNull().defaultTo(0))
        .addColumn('last_visited_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('saved_search_user_name_uq')
        .ifNotExists()
        .unique()
        .on('saved_search')
        .columns(['user_id', 'name'])
        .execute();
      // one digest per saved search and day (Asia/Shanghai): a restart or a second instance does not resend
      await db.schema
        .createTable('saved_search_digest')
        .ifNotExists()
        .addColumn('saved_search_id', refType, (c) =>
          c.notNull().references('saved_search.id').onDelete('cascade'),
        )
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('new_count', 'integer', (c) => c.notNull())
        .addColumn('up_to_asset_id', refType, (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('saved_search_digest_uq')
        .ifNotExists()
        .unique()
        .on('saved_search_digest')
        .columns(['saved_search_id', 'day'])
        .execute();
      // applicant-name suggestions by prefix of the normalised name (LIKE 'p%' needs text_pattern_ops on
      // PostgreSQL under a non-C collation); the asset id makes it covering for the per-name asset counts
      if (dialect === 'postgres')
        await sql`CREATE INDEX IF NOT EXISTS ip_owner_name_prefix_idx ON ip_owner (name_norm text_pattern_ops, asset_id)`.execute(
          db,
        );
      else
        await db.schema
          .createIndex('ip_owner_name_prefix_idx')
          .ifNotExists()
          .on('ip_owner')
          .columns(['name_norm', 'asset_id'])
          .execute();
    },
    async down() {
      throw new Error('0007_saved_search cannot be reverted');
    },
  };
}
