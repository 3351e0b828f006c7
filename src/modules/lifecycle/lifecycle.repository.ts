import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { DeadlineTable, FeePaymentTable, FeeReductionTable } from '../../db/schema.ts';

export type PaymentRow = Selectable<FeePaymentTable>;
export type ReductionRow = Selectable<FeeReductionTable>;
export type DeadlineRow = Selectable<DeadlineTable>;
export type DeadlineInsert = Omit<DeadlineRow, 'id'>;

export interface DeadlineFilter {
  state?: string[];
  kind?: string;
  dueFrom?: string;
  dueTo?: string;
  assetIds?: number[];
}

export class LifecycleRepository {
  async payments(tx: Executor, assetIds: number[]): Promise<PaymentRow[]> {
    if (assetIds.length === 0) return [];
    return tx
      .selectFrom('fee_payment')
      .selectAll()
      .where('asset_id', 'in', assetIds)
      .orderBy('paid_on')
      .execute();
  }

  async insertPayment(tx: Executor, p: Omit<PaymentRow, 'id'>): Promise<number> {
    const r = await tx.insertInto('fee_payment').values(p).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async reductions(tx: Executor, assetIds: number[]): Promise<ReductionRow[]> {
    if (assetIds.length === 0) return [];
    return tx.selectFrom('fee_reduction').selectAll().where('asset_id', 'in', assetIds).execute();
  }

  async setReduction(tx: Executor, r: ReductionRow): Promise<void> {
    await tx
      .insertInto('fee_reduction')
      .values(r)
      .onConflict((oc) =>
        oc.column('asset_id').doUpdateSet({
          rate: r.rate,
          recorded_on: r.recorded_on,
          created_at: r.created_at,
          created_by: r.created_by,
        }),
      )
      .execute();
  }

  async replaceDeadlines(tx: Executor, assetIds: number[], rows: DeadlineInsert[]): Promise<void> {
    for (let i = 0; i < assetIds.length; i += 500)
      await tx
        .deleteFrom('deadline')
        .where('asset_id', 'in', assetIds.slice(i, i + 500))
        .execute();
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('deadline')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  async listDeadlines(
    tx: Executor,
    f: DeadlineFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: DeadlineRow[]; total: number }> {
    const base = tx
      .selectFrom('deadline')
      .$if(!!f.state?.length, (q) => q.where('state', 'in', f.state!))
      .$if(!!f.kind, (q) => q.where('kind', '=', f.kind!))
      .$if(!!f.dueFrom, (q) => q.where('due_date', '>=', f.dueFrom!))
      .$if(!!f.dueTo, (q) => q.where('due_date', '<=', f.dueTo!))
      .$if(f.assetIds !== undefined, (q) =>
        q.where('asset_id', 'in', f.assetIds!.length ? f.assetIds! : [-1]),
      );
    const rows = await base
      .selectAll()
      .orderBy('due_date')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  async setCalendarToken(
    tx: Executor,
    entityId: number,
    tokenHash: string,
    actorId: number | null,
  ): Promise<void> {
    const created_at = new Date().toISOString();
    await tx
      .insertInto('calendar_token')
      .values({ entity_id: entityId, token_hash: tokenHash, created_at, created_by: actorId })
      .onConflict((oc) =>
        oc.column('entity_id').doUpdateSet({ token_hash: tokenHash, created_at, created_by: actorId }),
      )
      .execute();
  }

  async entityOfCalendarToken(tx: Executor, tokenHash: string): Promise<number | undefined> {
    const r = await tx
      .selectFrom('calendar_token')
      .select('entity_id')
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r ? Number(r.entity_id) : undefined;
  }

  async startJob(tx: Executor, job: string): Promise<number> {
    const r = await tx
      .insertInto('job_run')
      .values({ job, status: 'running', started_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async finishJob(
    tx: Executor,
    id: number,
    status: 'done' | 'failed',
    items: number,
    error: string | null,
  ): Promise<void> {
    await tx
      .updateTable('job_run')
      .set({ status, items, error, finished_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }
}
