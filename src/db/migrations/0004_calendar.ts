import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function calendar(dialect: Dialect): Migration {
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      // one iCalendar feed per entity, reached by an unguessable token; only its SHA-256 is stored
      await db.schema
        .createTable('calendar_token')
        .ifNotExists()
        .addColumn('entity_id', refType, (c) => c.primaryKey().references('entity.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', refType)
        .execute();
    },
    async down() {
      throw new Error('0004_calendar cannot be reverted');
    },
  };
}
