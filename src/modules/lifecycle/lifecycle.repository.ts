import type { Statement as SQLiteStatement } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { Database, Executor } from '../../db/connect.ts';
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

/**
 * The assets a bulk step covers: a list of ids, or every asset with an id in (afterId, lastId] — a page
 * of the full scan, which range conditions read and clear far faster than long IN lists.
 */
export type AssetScope = { ids: number[] } | { afterId: number; lastId: number };

const DEADLINE_COLUMNS = [
  'asset_id',
  'kind',
  'period',
  'due_date',
  'amount',
  'reduced_amount',
  'grace_end',
  'state',
  'computed_on',
] as const satisfies readonly (keyof DeadlineInsert)[];

export class LifecycleRepository {
  /** on the embedded database, deadline rows go in through one cached prepared statement */
  private insertDeadline: SQLiteStatement | undefined;

  constructor(private readonly sqlite?: Database['sqlite']) {}

  async payments(tx: Executor, scope: number[] | AssetScope): Promise<PaymentRow[]> {
    const s = Array.isArray(scope) ? { ids: scope } : scope;
    if ('ids' in s && s.ids.length === 0) return [];
    return tx
      .selectFrom('fee_payment')
      .selectAll()
      .$call((q) =>
        'ids' in s
          ? q.where('asset_id', 'in', s.ids)
          : q.where('asset_id', '>', s.afterId).where('asset_id', '<=', s.lastId),
      )
      .orderBy('paid_on')
      .execute();
  }

  async insertPayments(tx: Executor, rows: Omit<PaymentRow, 'id'>[]): Promise<void> {
    // 8 parameters a row: well under either database's bind-parameter limit
    for (let i = 0; i < rows.length; i += 1000)
      await tx
        .insertInto('fee_payment')
        .values(rows.slice(i, i + 1000))
        .execute();
  }

  async reductions(tx: Executor, scope: number[] | AssetScope): Promise<ReductionRow[]> {
    const s = Array.isArray(scope) ? { ids: scope } : scope;
    if ('ids' in s && s.ids.length === 0) return [];
    return tx
      .selectFrom('fee_reduction')
      .selectAll()
      .$call((q) =>
        'ids' in s
          ? q.where('asset_id', 'in', s.ids)
          : q.where('asset_id', '>', s.afterId).where('asset_id', '<=', s.lastId),
      )
      .execute();
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

  /** The stored deadlines of the assets in scope. */
  async deadlinesOf(tx: Executor, scope: AssetScope): Promise<DeadlineRow[]> {
    if ('ids' in scope && scope.ids.length === 0) return [];
    return tx
      .selectFrom('deadline')
      .selectAll()
      .$call((q) =>
        'ids' in scope
          ? q.where('asset_id', 'in', scope.ids)
          : q.where('asset_id', '>', scope.afterId).where('asset_id', '<=', scope.lastId),
      )
      .execute();
  }

  async deleteDeadlines(tx: Executor, ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000)
      await tx
        .deleteFrom('deadline')
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
  }

  async insertDeadlines(tx: Executor, rows: DeadlineInsert[]): Promise<void> {
    if (this.sqlite) {
      this.insertDeadline ??= this.sqlite.prepare(
        `INSERT INTO deadline (${DEADLINE_COLUMNS.join(', ')}) VALUES (${DEADLINE_COLUMNS.map(() => '?').join(', ')})`,
      );
      for (const r of rows) this.insertDeadline.run(DEADLINE_COLUMNS.map((c) => r[c]));
      return;
    }
    // 9 parameters a row: 1000 rows stay well under PostgreSQL's 65 535 bind parameters
    for (let i = 0; i < rows.length; i += 1000)
      await tx
        .insertInto('deadline')
        .values(rows.slice(i, i + 1000))
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

  /**
   * Stored deadlines that may have a reminder due (reminders): not settled, due by the horizon and not past
   * their grace end, keyset-paged by id.
   */
  async remindable(
    tx: Executor,
    today: string,
    horizon: string,
    afterId: number,
    limit: number,
  ): Promise<DeadlineRow[]> {
    return tx
      .selectFrom('deadline')
      .selectAll()
      .where('state', 'not in', ['paid', 'renewed', 'missed', 'lapsed', 'not_owed'])
      .where('due_date', '<=', horizon)
      .where((eb) =>
        eb.or([
          eb('due_date', '>=', today),
          eb.and([eb('grace_end', 'is not', null), eb('grace_end', '>=', today)]),
        ]),
      )
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}
