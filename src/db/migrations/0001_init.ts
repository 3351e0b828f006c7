import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function init(dialect: Dialect): Migration {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('region')
        .ifNotExists()
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_code', 'text')
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('population', 'integer')
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('street')
        .ifNotExists()
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('entity')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('uscc', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_norm', 'text', (c) => c.notNull())
        .addColumn('former_names', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('industry', 'text')
        .addColumn('street_code', 'text', (c) => c.references('street.code'))
        .addColumn('region_code', 'text')
        .addColumn('address', 'text')
        .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('founded_date', 'text')
        .addColumn('legal_representative', 'text')
        .addColumn('contact_name', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('notes', 'text')
        .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', refType)
        .execute();
      await db.schema
        .createIndex('entity_name_norm_idx')
        .ifNotExists()
        .on('entity')
        .column('name_norm')
        .execute();
      await db.schema
        .createIndex('entity_street_idx')
        .ifNotExists()
        .on('entity')
        .column('street_code')
        .execute();

      await db.schema
        .createTable('entity_name')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('entity_id', refType, (c) => c.notNull().references('entity.id').onDelete('cascade'))
        .addColumn('name_norm', 'text', (c) => c.notNull())
        .addUniqueConstraint('entity_name_uq', ['entity_id', 'name_norm'])
        .execute();
      await db.schema
        .createIndex('entity_name_lookup_idx')
        .ifNotExists()
        .on('entity_name')
        .column('name_norm')
        .execute();

      await db.schema
        .createTable('ip_asset')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('office', 'text', (c) => c.notNull())
        .addColumn('sub_type', 'text')
        .addColumn('app_key', 'text')
        .addColumn('pub_key', 'text')
        .addColumn('application_number', 'text')
        .addColumn('registration_number', 'text')
        .addColumn('publication_number', 'text')
        .addColumn('title', 'text')
        .addColumn('abstract', 'text')
        .addColumn('filing_date', 'text')
        .addColumn('publication_date', 'text')
        .addColumn('grant_date', 'text')
        .addColumn('registration_date', 'text')
        .addColumn('ipc', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('ipc_main', 'text')
        .addColumn('nice_classes', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expiry_date', 'text')
        .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', refType)
        .execute();
      await db.schema
        .createIndex('ip_asset_app_key_uq')
        .ifNotExists()
        .unique()
        .on('ip_asset')
        .columns(['office', 'kind', 'app_key'])
        .execute();
      await db.schema
        .createIndex('ip_asset_pub_key_idx')
        .ifNotExists()
        .on('ip_asset')
        .columns(['office', 'kind', 'pub_key'])
        .execute();
      await db.schema
        .createIndex('ip_asset_kind_idx')
        .ifNotExists()
        .on('ip_asset')
        .columns(['kind', 'sub_type', 'status'])
        .execute();
      await db.schema
        .createIndex('ip_asset_filing_idx')
        .ifNotExists()
        .on('ip_asset')
        .column('filing_date')
        .execute();

      await db.schema
        .createTable('ip_owner')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_norm', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text')
        .addColumn('entity_id', refType, (c) => c.references('entity.id').onDelete('set null'))
        .addColumn('share', 'real')
        .addUniqueConstraint('ip_owner_uq', ['asset_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('ip_owner_entity_idx')
        .ifNotExists()
        .on('ip_owner')
        .column('entity_id')
        .execute();
      await db.schema
        .createIndex('ip_owner_name_idx')
        .ifNotExists()
        .on('ip_owner')
        .column('name_norm')
        .execute();

      await db.schema
        .createTable('ip_event')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('ip_event_asset_idx')
        .ifNotExists()
        .on('ip_event')
        .column('asset_id')
        .execute();

      await db.schema
        .createTable('app_user')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('entity_id', refType, (c) => c.references('entity.id'))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('user_session')
        .ifNotExists()
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', refType, (c) => c.notNull().references('app_user.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('role')
        .ifNotExists()
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('role_permission')
        .ifNotExists()
        .addColumn('role', 'text', (c) => c.notNull().references('role.code').onDelete('cascade'))
        .addColumn('permission', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('role_permission_pk', ['role', 'permission'])
        .execute();

      await db.schema
        .createTable('import_job')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('format', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('user_id', refType)
        .execute();
      await db.schema
        .createTable('import_reject')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('job_id', refType, (c) => c.notNull().references('import_job.id').onDelete('cascade'))
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('field', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('import_reject_job_idx')
        .ifNotExists()
        .on('import_reject')
        .column('job_id')
        .execute();

      await db.schema
        .createTable('audit_log')
        .ifNotExists()
        .addColumn('seq', refType, (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', refType)
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('app_meta')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      // Append-only: the database itself refuses UPDATE and DELETE on the audit log.
      if (dialect === 'postgres') {
        await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
          BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`.execute(db);
        await sql`DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
      } else {
        await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }
    },
    async down() {
      throw new Error('0001_init cannot be reverted');
    },
  };
}
