import type { Insertable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { AnalyticsSnapshotTable } from '../../db/schema.ts';

export type SnapshotRow = Awaited<ReturnType<SnapshotRepository['get']>> & object;

export class SnapshotRepository {
  async get(tx: Executor, id: number) {
    return tx.selectFrom('analytics_snapshot').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async versions(tx: Executor, f: { region: string; street: string; period?: string }) {
    return tx
      .selectFrom('analytics_snapshot')
      .selectAll()
      .where('region_code', '=', f.region)
      .where('street_code', '=', f.street)
      .$if(f.period !== undefined, (q) => q.where('period', '=', f.period!))
      .orderBy('at', 'desc')
      .orderBy('version', 'desc')
      .execute();
  }

  async latest(tx: Executor, region: string, street: string, period: string) {
    return tx
      .selectFrom('analytics_snapshot')
      .selectAll()
      .where('region_code', '=', region)
      .where('street_code', '=', street)
      .where('period', '=', period)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insert(tx: Executor, row: Insertable<AnalyticsSnapshotTable>): Promise<number> {
    const r = await tx.insertInto('analytics_snapshot').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async publish(tx: Executor, id: number, by: number | null, at: string) {
    await tx
      .updateTable('analytics_snapshot')
      .set({ published_at: at, published_by: by })
      .where('id', '=', id)
      .where('published_at', 'is', null)
      .execute();
  }

  /** Every published version (the caller keeps the latest per region, street and period). */
  async published(tx: Executor, region?: string) {
    return tx
      .selectFrom('analytics_snapshot')
      .selectAll()
      .where('published_at', 'is not', null)
      .$if(region !== undefined, (q) => q.where('region_code', '=', region!))
      .orderBy('at', 'desc')
      .orderBy('street_code')
      .orderBy('version', 'desc')
      .execute();
  }
}
