import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function navigation(dialect: Dialect): Migration {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  const blobType = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<any>) {
      // 专利导航 reports: a build job (status, progress, step, error) and, once done, its sections as JSON
      await db.schema
        .createTable('nav_report')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('step', 'text')
        .addColumn('error', 'text')
        .addColumn('result', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .addColumn('finished_at', 'text')
        .execute();
      // the rendered files (PDF, XLSX) as blobs, so a database backup contains them; written with the result
      await db.schema
        .createTable('nav_report_file')
        .ifNotExists()
        .addColumn('report_id', refType, (c) => c.notNull().references('nav_report.id').onDelete('cascade'))
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('content', blobType, (c) => c.notNull())
        .addPrimaryKeyConstraint('nav_report_file_pk', ['report_id', 'format'])
        .execute();
    },
    async down() {
      throw new Error('0010_navigation cannot be reverted');
    },
  };
}
