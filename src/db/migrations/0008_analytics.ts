import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function analytics(dialect: Dialect): Migration {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      // indicator denominators: population / market entities at a date, new market entities per period
      await db.schema
        .createTable('analytics_denominator')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('street_code', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('period_from', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('value', 'real', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('confidence', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', refType)
        .execute();
      await db.schema
        .createIndex('analytics_denominator_uq')
        .ifNotExists()
        .unique()
        .on('analytics_denominator')
        .columns(['region_code', 'street_code', 'kind', 'period_from', 'at'])
        .execute();
      // pledge register (质押登记): one row per pledged right and registration
      await db.schema
        .createTable('finance_pledge')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('registration_number', 'text', (c) => c.notNull())
        .addColumn('registration_date', 'text', (c) => c.notNull())
        .addColumn('amount', 'real', (c) => c.notNull())
        .addColumn('pledgee', 'text', (c) => c.notNull())
        .addColumn('pledgor', 'text', (c) => c.notNull())
        .addColumn('release_date', 'text')
        .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('finance_pledge_reg_uq')
        .ifNotExists()
        .unique()
        .on('finance_pledge')
        .columns(['asset_id', 'registration_number'])
        .execute();
      await db.schema
        .createIndex('finance_pledge_date_idx')
        .ifNotExists()
        .on('finance_pledge')
        .column('registration_date')
        .execute();
      // hand marks of the high-value categories that no record carries (foreign family granted, awards)
      await db.schema
        .createTable('analytics_hv_mark')
        .ifNotExists()
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .addPrimaryKeyConstraint('analytics_hv_mark_pk', ['asset_id', 'category'])
        .execute();
      // the strategic-emerging-industry concordance as loaded (seeded with the rows of domain-rules §7)
      await db.schema
        .createTable('analytics_sei_row')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('ipc_patterns', 'text', (c) => c.notNull())
        .addColumn('ipc_exclusions', 'text', (c) => c.notNull())
        .addColumn('keywords', 'text', (c) => c.notNull())
        .addColumn('ipc_only', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('analytics_setting')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', refType)
        .execute();
      // per-asset validity interval, attribution and high-value start, precomputed from the rules
      await db.schema
        .createTable('analytics_validity')
        .ifNotExists()
        .addColumn('asset_id', refType, (c) => c.primaryKey().references('ip_asset.id').onDelete('cascade'))
        .addColumn('kind_key', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text')
        .addColumn('street_code', 'text')
        .addColumn('filing_date', 'text')
        .addColumn('registration_date', 'text')
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('hv_from', 'text')
        .addColumn('hv_since', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('analytics_validity_region_idx')
        .ifNotExists()
        .on('analytics_validity')
        .columns(['region_code', 'kind_key'])
        .execute();
      // frozen indicator values with their inputs; a correction is a new version, never an update
      await db.schema
        .createTable('analytics_snapshot')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('street_code', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('supersedes', refType)
        .addColumn('reason', 'text')
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('data_version', 'integer', (c) => c.notNull())
        .addColumn('record_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .addColumn('published_at', 'text')
        .addColumn('published_by', refType)
        .execute();
      await db.schema
        .createIndex('analytics_snapshot_version_uq')
        .ifNotExists()
        .unique()
        .on('analytics_snapshot')
        .columns(['region_code', 'street_code', 'period', 'version'])
        .execute();
    },
    async down() {
      throw new Error('0008_analytics cannot be reverted');
    },
  };
}
