import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/**
 * Search speed (src/db/search/sql-common.ts idSetOf): a `status:` or `type:` condition of a search becomes a
 * set of ids read from an index of that column alone (covering on SQLite: the rowid is in the index), so a
 * broad word with such a drill-down never reads the wide ip_asset rows.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function searchSpeed(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('ip_asset_status_idx')
        .ifNotExists()
        .on('ip_asset')
        .column('status')
        .execute();
      await db.schema
        .createIndex('ip_asset_sub_type_idx')
        .ifNotExists()
        .on('ip_asset')
        .column('sub_type')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('ip_asset_sub_type_idx').ifExists().execute();
      await db.schema.dropIndex('ip_asset_status_idx').ifExists().execute();
    },
  };
}
