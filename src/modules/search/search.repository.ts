import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { SavedSearchTable } from '../../db/schema.ts';

export type SavedSearchRow = Selectable<SavedSearchTable>;

/** A saved search with the mark its next digest starts from: the later of subscribing and the last digest. */
export type SubscribedRow = SavedSearchRow & { digest_from: number };

/** SQL of saved searches and their digests (the index itself is db/search). */
export class SearchRepository {
  async insertSaved(tx: Executor, row: Omit<SavedSearchRow, 'id'>): Promise<number> {
    const r = await tx.insertInto('saved_search').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async savedOf(exec: Executor, userId: number): Promise<SavedSearchRow[]> {
    return exec
      .selectFrom('saved_search')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  async getSaved(exec: Executor, id: number): Promise<SavedSearchRow | undefined> {
    return exec.selectFrom('saved_search').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async nameTaken(exec: Executor, userId: number, name: string, exceptId = 0): Promise<boolean> {
    const r = await exec
      .selectFrom('saved_search')
      .select('id')
      .where('user_id', '=', userId)
      .where('name', '=', name)
      .where('id', '<>', exceptId)
      .executeTakeFirst();
    return r !== undefined;
  }

  async updateSaved(
    tx: Executor,
    id: number,
    patch: Partial<Omit<SavedSearchRow, 'id' | 'user_id' | 'created_at'>>,
  ): Promise<void> {
    await tx.updateTable('saved_search').set(patch).where('id', '=', id).execute();
  }

  async deleteSaved(tx: Executor, id: number): Promise<void> {
    await tx.deleteFrom('saved_search').where('id', '=', id).execute();
  }

  /** Every subscribed search, with the mark its next digest starts from, by user. */
  async subscribed(exec: Executor): Promise<SubscribedRow[]> {
    const rows = await exec
      .selectFrom('saved_search as s')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('saved_search_digest')
            .select(['saved_search_id', (b) => b.fn.max('up_to_asset_id').as('last_up_to')])
            .groupBy('saved_search_id')
            .as('d'),
        (j) => j.onRef('d.saved_search_id', '=', 's.id'),
      )
      .selectAll('s')
      .select('d.last_up_to')
      .where('s.subscribed', '=', 1)
      .orderBy('s.user_id')
      .orderBy('s.name')
      .execute();
    return rows.map(({ last_up_to, ...s }) => ({
      ...s,
      digest_from: Math.max(Number(s.digest_asset_id), Number(last_up_to ?? 0)),
    }));
  }

  /** Record today's digest of a search; false when one is already recorded (another run sent it). */
  async claimDigest(
    tx: Executor,
    row: { saved_search_id: number; day: string; new_count: number; up_to_asset_id: number; sent_at: string },
  ): Promise<boolean> {
    const r = await tx
      .insertInto('saved_search_digest')
      .values(row)
      .onConflict((oc) => oc.columns(['saved_search_id', 'day']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async releaseDigests(tx: Executor, savedSearchIds: number[], day: string): Promise<void> {
    if (savedSearchIds.length === 0) return;
    await tx
      .deleteFrom('saved_search_digest')
      .where('saved_search_id', 'in', savedSearchIds)
      .where('day', '=', day)
      .execute();
  }
}
