import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/** Permissions this migration introduces, granted on databases whose roles were seeded before it. */
const NEW_GRANTS: { role: string; permission: string }[] = [
  { role: 'admin', permission: 'lifecycle:watch' },
  { role: 'analyst', permission: 'lifecycle:watch' },
  { role: 'admin', permission: 'jobs:manage' },
  ...['admin', 'analyst', 'enforcement', 'mediator', 'member_unit', 'enterprise', 'finance'].map((role) => ({
    role,
    permission: 'notification:read',
  })),
];

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function reminders(dialect: Dialect): Migration {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      // scheduled jobs claim each schedule slot once: a unique (job, slot) row; manual runs have no slot
      await db.schema.alterTable('job_run').addColumn('slot', 'text').execute();
      await db.schema.alterTable('job_run').addColumn('trigger', 'text').execute();
      await db.schema
        .createIndex('job_run_slot_uq')
        .ifNotExists()
        .unique()
        .on('job_run')
        .columns(['job', 'slot'])
        .execute();
      await db.schema
        .createIndex('job_run_job_idx')
        .ifNotExists()
        .on('job_run')
        .columns(['job', 'id'])
        .execute();
      // per-entity reminder settings; an entity without a row uses the defaults of domain/lifecycle/reminders
      await db.schema
        .createTable('reminder_setting')
        .ifNotExists()
        .addColumn('entity_id', refType, (c) => c.primaryKey().references('entity.id').onDelete('cascade'))
        .addColumn('lead_days', 'text', (c) => c.notNull())
        .addColumn('grace_weekly', 'integer', (c) => c.notNull())
        .addColumn('channels', 'text', (c) => c.notNull())
        .addColumn('tracked', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', refType)
        .execute();
      // in-app notifications of a user
      await db.schema
        .createTable('notification')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('user_id', refType, (c) => c.notNull().references('app_user.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('link', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .execute();
      await db.schema
        .createIndex('notification_user_idx')
        .ifNotExists()
        .on('notification')
        .columns(['user_id', 'id'])
        .execute();
      // every reminder sent (or tried), so none is sent twice: one row per occasion, channel and recipient
      await db.schema
        .createTable('reminder_sent')
        .ifNotExists()
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('asset_id', refType, (c) => c.notNull().references('ip_asset.id').onDelete('cascade'))
        .addColumn('deadline_kind', 'text', (c) => c.notNull())
        .addColumn('period', 'integer', (c) => c.notNull())
        .addColumn('occasion', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('user_id', refType, (c) => c.notNull().references('app_user.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('reminder_sent_once_uq', [
          'asset_id',
          'deadline_kind',
          'period',
          'occasion',
          'channel',
          'user_id',
        ])
        .execute();
      const seeded = await sql<{ n: number }>`select count(*) as n from role_permission`.execute(db);
      if (Number(seeded.rows[0]?.n ?? 0) > 0)
        await db
          .insertInto('role_permission')
          .values(NEW_GRANTS)
          .onConflict((oc) => oc.doNothing())
          .execute();
    },
    async down() {
      throw new Error('0006_reminders cannot be reverted');
    },
  };
}
