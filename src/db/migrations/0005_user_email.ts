import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function userEmail(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      // where reminders and saved-search digests are sent; optional, a user without one gets in-app notices only
      await db.schema.alterTable('app_user').addColumn('email', 'text').execute();
    },
    async down() {
      throw new Error('0005_user_email cannot be reverted');
    },
  };
}
