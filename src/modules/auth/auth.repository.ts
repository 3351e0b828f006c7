import type { Executor } from '../../db/connect.ts';
import type { UserTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';

export type UserRow = Selectable<UserTable>;

export class AuthRepository {
  async findUserByName(tx: Executor, username: string): Promise<UserRow | undefined> {
    return tx.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async getUser(tx: Executor, id: number): Promise<UserRow | undefined> {
    return tx.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listUsers(tx: Executor): Promise<UserRow[]> {
    return tx.selectFrom('app_user').selectAll().orderBy('id').execute();
  }

  async countUsers(tx: Executor): Promise<number> {
    const r = await tx
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertUser(
    tx: Executor,
    u: Omit<UserRow, 'id' | 'active' | 'created_at'> & { created_at: string },
  ): Promise<number> {
    const r = await tx.insertInto('app_user').values(u).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async updateUser(
    tx: Executor,
    id: number,
    patch: Partial<
      Pick<UserRow, 'password_hash' | 'display_name' | 'role' | 'entity_id' | 'email' | 'active'>
    >,
  ): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await tx.updateTable('app_user').set(patch).where('id', '=', id).execute();
  }

  async insertSession(
    tx: Executor,
    s: { token_hash: string; user_id: number; created_at: string; expires_at: string },
  ): Promise<void> {
    await tx.insertInto('user_session').values(s).execute();
  }

  async findSession(
    tx: Executor,
    tokenHash: string,
    now: string,
  ): Promise<(UserRow & { expires_at: string }) | undefined> {
    return tx
      .selectFrom('user_session')
      .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
      .selectAll('app_user')
      .select('user_session.expires_at')
      .where('user_session.token_hash', '=', tokenHash)
      .where('user_session.expires_at', '>', now)
      .where('app_user.active', '=', 1)
      .executeTakeFirst();
  }

  async deleteSession(tx: Executor, tokenHash: string): Promise<void> {
    await tx.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(tx: Executor, now: string): Promise<void> {
    await tx.deleteFrom('user_session').where('expires_at', '<=', now).execute();
  }

  async upsertRole(tx: Executor, code: string, zh: string, en: string): Promise<void> {
    await tx
      .insertInto('role')
      .values({ code, name_zh: zh, name_en: en })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }

  async roleCount(tx: Executor): Promise<number> {
    const r = await tx
      .selectFrom('role_permission')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertPermissions(tx: Executor, rows: { role: string; permission: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx
      .insertInto('role_permission')
      .values(rows)
      .onConflict((oc) => oc.columns(['role', 'permission']).doNothing())
      .execute();
  }

  async allPermissions(tx: Executor): Promise<{ role: string; permission: string }[]> {
    return tx.selectFrom('role_permission').selectAll().execute();
  }

  async roles(tx: Executor): Promise<{ code: string; name_zh: string; name_en: string }[]> {
    return tx.selectFrom('role').selectAll().orderBy('code').execute();
  }
}
