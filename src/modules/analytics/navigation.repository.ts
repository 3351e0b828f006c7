import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { NavReportTable } from '../../db/schema.ts';

export type NavReportRow = Selectable<NavReportTable>;

/**
 * Which patents a report reads (candidates; the service applies the exact rules): for every group of prefixes, some
 * IPC symbol starts with one of them; and the first owner's industry starts with `industry`.
 */
export interface ScopeFilter {
  ipcPrefixGroups: string[][];
  industry: string | null;
}

export interface ScopeAssetRow {
  id: number;
  filing_date: string | null;
  ipc: string;
  sub_type: string | null;
  title: string | null;
  abstract: string | null;
  application_number: string | null;
  publication_number: string | null;
}

export interface ScopeOwnerRow {
  asset_id: number;
  seq: number;
  name: string;
  entity_name: string | null;
  region_code: string | null;
}

const SUMMARY_COLUMNS = [
  'id',
  'title',
  'params',
  'status',
  'progress',
  'step',
  'error',
  'created_at',
  'created_by',
  'finished_at',
] as const;

export class NavigationRepository {
  async create(
    tx: Executor,
    r: { title: string; params: string; created_at: string; created_by: number | null },
  ) {
    const row = await tx
      .insertInto('nav_report')
      .values({ ...r, status: 'running', progress: 0, step: 'queued' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async setProgress(tx: Executor, id: number, progress: number, step: string): Promise<void> {
    await tx
      .updateTable('nav_report')
      .set({ progress, step })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async finish(tx: Executor, id: number, result: string, finishedAt: string): Promise<void> {
    await tx
      .updateTable('nav_report')
      .set({ status: 'done', progress: 100, step: 'done', result, finished_at: finishedAt })
      .where('id', '=', id)
      .execute();
  }

  async fail(tx: Executor, id: number, error: string, finishedAt: string): Promise<void> {
    await tx
      .updateTable('nav_report')
      .set({ status: 'failed', error, finished_at: finishedAt })
      .where('id', '=', id)
      .execute();
  }

  /** Builds left running by a process that stopped: failed, with no result and no files. */
  async failStale(tx: Executor, error: string, finishedAt: string): Promise<number> {
    const r = await tx
      .updateTable('nav_report')
      .set({ status: 'failed', error, finished_at: finishedAt })
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async insertFile(tx: Executor, f: { report_id: number; format: string; content: Buffer }): Promise<void> {
    await tx
      .insertInto('nav_report_file')
      .values({ ...f, size: f.content.length })
      .execute();
  }

  async list(tx: Executor, limit: number) {
    return tx.selectFrom('nav_report').select(SUMMARY_COLUMNS).orderBy('id', 'desc').limit(limit).execute();
  }

  async get(tx: Executor, id: number): Promise<NavReportRow | undefined> {
    return tx.selectFrom('nav_report').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async fileSizes(tx: Executor, ids: number[]) {
    if (ids.length === 0) return [];
    return tx
      .selectFrom('nav_report_file')
      .select(['report_id', 'format', 'size'])
      .where('report_id', 'in', ids)
      .execute();
  }

  async file(tx: Executor, id: number, format: string): Promise<Buffer | undefined> {
    const r = await tx
      .selectFrom('nav_report_file')
      .select('content')
      .where('report_id', '=', id)
      .where('format', '=', format)
      .executeTakeFirst();
    return r ? Buffer.from(r.content) : undefined;
  }

  async regionName(tx: Executor, code: string): Promise<string | undefined> {
    const r = await tx.selectFrom('region').select('name').where('code', '=', code).executeTakeFirst();
    return r?.name;
  }

  private scoped(tx: Executor, f: ScopeFilter) {
    return tx
      .selectFrom('ip_asset as a')
      .where('a.kind', '=', 'patent')
      .$call((q0) =>
        f.ipcPrefixGroups.reduce(
          (q, group) => q.where((eb) => eb.or(group.map((p) => eb('a.ipc', 'like', `%"${p}%`)))),
          q0,
        ),
      )
      .$if(f.industry !== null, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('ip_owner as o')
              .innerJoin('entity as e', 'e.id', 'o.entity_id')
              .select(sql`1`.as('one'))
              .whereRef('o.asset_id', '=', 'a.id')
              .where('o.seq', '=', 1)
              .where('e.industry', 'like', `${f.industry}%`),
          ),
        ),
      );
  }

  async countScope(tx: Executor, f: ScopeFilter): Promise<number> {
    const r = await this.scoped(tx, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** One keyset page of the patents in scope (candidates: the caller applies the exact pattern rule). */
  async scopePage(tx: Executor, f: ScopeFilter, afterId: number, limit: number): Promise<ScopeAssetRow[]> {
    const rows = await this.scoped(tx, f)
      .select([
        'a.id',
        'a.filing_date',
        'a.ipc',
        'a.sub_type',
        'a.title',
        'a.abstract',
        'a.application_number',
        'a.publication_number',
      ])
      .where('a.id', '>', afterId)
      .orderBy('a.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Owners of the assets in published order, with the linked entity's name and region. */
  async owners(tx: Executor, assetIds: number[]): Promise<ScopeOwnerRow[]> {
    if (assetIds.length === 0) return [];
    const rows = await tx
      .selectFrom('ip_owner as o')
      .leftJoin('entity as e', 'e.id', 'o.entity_id')
      .select(['o.asset_id', 'o.seq', 'o.name', 'e.name as entity_name', 'e.region_code'])
      .where('o.asset_id', 'in', assetIds)
      .orderBy('o.asset_id')
      .orderBy('o.seq')
      .execute();
    return rows.map((r) => ({ ...r, asset_id: Number(r.asset_id) }));
  }
}
