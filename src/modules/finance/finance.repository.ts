import type { Executor } from '../../db/connect.ts';
import type { FinancePledgeTable } from '../../db/schema.ts';
import type { Insertable } from 'kysely';

export type PledgeRow = Awaited<ReturnType<FinanceRepository['pledgesOf']>>[number];

export class FinanceRepository {
  async pledgesOf(tx: Executor, assetIds: number[]) {
    if (assetIds.length === 0) return [];
    return tx
      .selectFrom('finance_pledge')
      .selectAll()
      .where('asset_id', 'in', assetIds)
      .orderBy('registration_date')
      .orderBy('id')
      .execute();
  }

  async pledge(tx: Executor, id: number) {
    return tx.selectFrom('finance_pledge').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async registeredBetween(tx: Executor, from: string, to: string) {
    return tx
      .selectFrom('finance_pledge')
      .select(['asset_id', 'amount', 'registration_date'])
      .where('registration_date', '>=', from)
      .where('registration_date', '<=', to)
      .execute();
  }

  async insert(tx: Executor, row: Insertable<FinancePledgeTable>): Promise<number> {
    const r = await tx.insertInto('finance_pledge').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async setRelease(tx: Executor, id: number, releaseDate: string | null, at: string): Promise<void> {
    await tx
      .updateTable('finance_pledge')
      .set({ release_date: releaseDate, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async delete(tx: Executor, id: number): Promise<void> {
    await tx.deleteFrom('finance_pledge').where('id', '=', id).execute();
  }
}
