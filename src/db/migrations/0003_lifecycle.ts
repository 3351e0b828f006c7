import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function lifecycle(dialect: Dialect): Migration {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      // payments recorded against a right: annual fees (by patent year), trademark renewals, restoration fees
      await db.schema
        .createTable('fee_payment')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('patent_year', 'integer')
        .addColumn('paid_on', 'text', (c) => c.notNull())
        .addColumn('amount', 'real', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .execute();
      await db.schema
        .createIndex('fee_payment_asset_idx')
        .ifNotExists()
        .on('fee_payment')
        .column('asset_id')
        .execute();
      // 费减备案: a recorded fee reduction (85 % single / 70 % joint) for a right, from a date
      await db.schema
        .createTable('fee_reduction')
        .ifNotExists()
        .addColumn('asset_id', refType, (c) => c.primaryKey().references('ip_asset.id').onDelete('cascade'))
        .addColumn('rate', 'real', (c) => c.notNull())
        .addColumn('recorded_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .execute();
      // computed deadlines (a cache of the rules' output for region-wide lists); recomputed, never edited
      await db.schema
        .createTable('deadline')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('period', 'integer', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('amount', 'real')
        .addColumn('reduced_amount', 'real')
        .addColumn('grace_end', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('computed_on', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('deadline_asset_idx')
        .ifNotExists()
        .on('deadline')
        .column('asset_id')
        .execute();
      await db.schema
        .createIndex('deadline_state_idx')
        .ifNotExists()
        .on('deadline')
        .columns(['state', 'due_date'])
        .execute();
      // job runs (recomputations, reminders): what ran when, so a restart neither loses nor repeats them
      await db.schema
        .createTable('job_run')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .execute();
    },
    async down() {
      throw new Error('0003_lifecycle cannot be reverted');
    },
  };
}
