import type { Statement as SQLiteStatement } from 'better-sqlite3';
import { sql, type Insertable } from 'kysely';
import type { Database, Executor } from '../../db/connect.ts';
import type { AnalyticsDenominatorTable, AnalyticsValidityTable } from '../../db/schema.ts';

export type ValidityInsert = Insertable<AnalyticsValidityTable>;
export type DenominatorInsert = Insertable<AnalyticsDenominatorTable>;

/** Where a count is taken: the region, or one of its streets. */
export interface Scope {
  region: string;
  street?: string;
}

const VALIDITY_COLUMNS = [
  'asset_id',
  'kind_key',
  'region_code',
  'street_code',
  'filing_date',
  'registration_date',
  'valid_from',
  'valid_to',
  'hv_from',
  'hv_since',
] as const;

export class AnalyticsRepository {
  /** the raw handle of the embedded database (bulk writes as cached prepared statements), absent on PostgreSQL */
  private readonly sqlite: Database['sqlite'];
  private readonly statements = new Map<string, SQLiteStatement>();

  constructor(database: Database) {
    this.sqlite = database.sqlite;
  }

  private statement(text: string): SQLiteStatement {
    let st = this.statements.get(text);
    if (!st) this.statements.set(text, (st = this.sqlite!.prepare(text)));
    return st;
  }

  /** Rights with their first owner's region and street (docs/analytics.md: first_owner attribution). */
  async scanAssets(tx: Executor, afterId: number, limit: number, ids?: number[]) {
    return tx
      .selectFrom('ip_asset as a')
      .leftJoin('ip_owner as o', (j) => j.onRef('o.asset_id', '=', 'a.id').on('o.seq', '=', 1))
      .leftJoin('entity as e', 'e.id', 'o.entity_id')
      .select([
        'a.id',
        'a.kind',
        'a.office',
        'a.sub_type',
        'a.filing_date',
        'a.grant_date',
        'a.registration_date',
        'a.ipc',
        'a.title',
        // the abstract is read for inventions only (keyword rows of the SEI concordance)
        sql<string | null>`case when a.sub_type = 'invention' then a.abstract end`.as('abstract'),
        // details only where an invention records 专利权期限补偿 days (they move the term end)
        sql<
          string | null
        >`case when a.sub_type = 'invention' and a.details like '%"termCompensationDays"%' then a.details end`.as(
          'details',
        ),
        'e.region_code',
        'e.street_code',
      ])
      .where('a.id', '>', afterId)
      .where('a.kind', 'in', ['patent', 'trademark'])
      .$if(ids !== undefined, (q) => q.where('a.id', 'in', ids!.length ? ids! : [-1]))
      .orderBy('a.id')
      .limit(limit)
      .execute();
  }

  async eventsOf(tx: Executor, ids: number[]) {
    if (ids.length === 0) return [];
    return tx
      .selectFrom('ip_event')
      .select(['asset_id', 'code', 'date'])
      .where('asset_id', 'in', ids)
      .execute();
  }

  async marksOf(tx: Executor, ids: number[]) {
    if (ids.length === 0) return [];
    return tx.selectFrom('analytics_hv_mark').selectAll().where('asset_id', 'in', ids).execute();
  }

  async setMark(
    tx: Executor,
    m: { asset_id: number; category: string; since: string; note: string | null; created_by: number | null },
  ) {
    const row = { ...m, created_at: new Date().toISOString() };
    await tx
      .insertInto('analytics_hv_mark')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['asset_id', 'category'])
          .doUpdateSet({ since: m.since, note: m.note, created_by: m.created_by }),
      )
      .execute();
  }

  async deleteMark(tx: Executor, assetId: number, category: string): Promise<number> {
    const r = await tx
      .deleteFrom('analytics_hv_mark')
      .where('asset_id', '=', assetId)
      .where('category', '=', category)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async seiRows(tx: Executor) {
    return tx.selectFrom('analytics_sei_row').selectAll().orderBy('id').execute();
  }

  async replaceSeiRows(
    tx: Executor,
    rows: {
      code: string;
      name: string;
      ipc_patterns: string;
      ipc_exclusions: string;
      keywords: string;
      ipc_only: number;
      source: string;
    }[],
  ) {
    await tx.deleteFrom('analytics_sei_row').execute();
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('analytics_sei_row')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  async setting(tx: Executor, key: string): Promise<string | null | undefined> {
    const r = await tx
      .selectFrom('analytics_setting')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return r?.value;
  }

  async setSetting(tx: Executor, key: string, value: string | null, by: number | null) {
    const row = { key, value, updated_at: new Date().toISOString(), updated_by: by };
    await tx
      .insertInto('analytics_setting')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: row.updated_at, updated_by: by }))
      .execute();
  }

  async replaceValidity(tx: Executor, ids: number[], rows: ValidityInsert[]) {
    if (this.sqlite) {
      // one cached prepared statement on the same connection (inside the caller's transaction)
      const del = this.statement('DELETE FROM analytics_validity WHERE asset_id = ?');
      for (const id of ids) del.run(id);
      const ins = this.statement(
        `INSERT INTO analytics_validity (${VALIDITY_COLUMNS.join(', ')}) VALUES (${VALIDITY_COLUMNS.map(() => '?').join(', ')})`,
      );
      for (const r of rows) ins.run(VALIDITY_COLUMNS.map((c) => r[c] ?? null));
      return;
    }
    if (ids.length) await tx.deleteFrom('analytics_validity').where('asset_id', 'in', ids).execute();
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('analytics_validity')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  async clearValidity(tx: Executor) {
    await tx.deleteFrom('analytics_validity').execute();
  }

  private static readonly COUNT_COLUMNS = [
    'asset_id',
    'region_code',
    'street_code',
    'kind_key',
    'valid_from',
    'valid_to',
    'hv_from',
    'filing_date',
    'registration_date',
  ] as const;

  /** The rows the count index is built from, in primary-key pages (rights without a region are skipped by the index). */
  async scanCountRows(tx: Executor, afterId: number, limit: number) {
    return tx
      .selectFrom('analytics_validity')
      .select(AnalyticsRepository.COUNT_COLUMNS)
      .where('asset_id', '>', afterId)
      .orderBy('asset_id')
      .limit(limit)
      .execute();
  }

  /**
   * Rights whose validity can change between two days without a write: trademarks in or entering their 宽展期
   * (no end yet, or an end that has just passed) and rights with legal events dated in (fromDay, toDay].
   */
  async dayChanged(tx: Executor, fromDay: string, toDay: string): Promise<number[]> {
    const marks = await tx
      .selectFrom('analytics_validity')
      .select('asset_id')
      .where('kind_key', '=', 'trademark')
      .where('valid_from', 'is not', null)
      .where((eb) =>
        eb.or([
          eb('valid_to', 'is', null),
          eb.and([eb('valid_to', '>', fromDay), eb('valid_to', '<=', toDay)]),
        ]),
      )
      .execute();
    const events = await tx
      .selectFrom('ip_event')
      .select('asset_id')
      .where('date', '>', fromDay)
      .where('date', '<=', toDay)
      .execute();
    return [...new Set([...marks, ...events].map((r) => Number(r.asset_id)))];
  }

  async countRows(tx: Executor, ids: number[]) {
    if (ids.length === 0) return [];
    return tx
      .selectFrom('analytics_validity')
      .select(AnalyticsRepository.COUNT_COLUMNS)
      .where('asset_id', 'in', ids)
      .execute();
  }

  async attributionOf(tx: Executor, ids: number[]) {
    if (ids.length === 0) return [];
    return tx
      .selectFrom('analytics_validity')
      .select(['asset_id', 'region_code', 'street_code', 'valid_from', 'valid_to', 'hv_since'])
      .where('asset_id', 'in', ids)
      .execute();
  }

  /** Granted, still valid inventions of a region with their first owner's name (the demo pledges them). */
  async grantedInventions(tx: Executor, region: string, on: string, limit: number) {
    return tx
      .selectFrom('analytics_validity as v')
      .leftJoin('ip_owner as o', (j) => j.onRef('o.asset_id', '=', 'v.asset_id').on('o.seq', '=', 1))
      .select(['v.asset_id', 'v.valid_from', 'o.name as owner'])
      .where('v.region_code', '=', region)
      .where('v.kind_key', '=', 'patent:invention')
      .where('v.valid_from', 'is not', null)
      .where('v.valid_from', '<=', on)
      .where((eb) => eb.or([eb('v.valid_to', 'is', null), eb('v.valid_to', '>', on)]))
      .orderBy('v.asset_id')
      .limit(limit)
      .execute();
  }

  // denominators

  async denominators(tx: Executor, f: { region?: string; kind?: string }) {
    return tx
      .selectFrom('analytics_denominator')
      .selectAll()
      .$if(f.region !== undefined, (q) => q.where('region_code', '=', f.region!))
      .$if(f.kind !== undefined, (q) => q.where('kind', '=', f.kind!))
      .orderBy('region_code')
      .orderBy('street_code')
      .orderBy('kind')
      .orderBy('at')
      .execute();
  }

  /** The latest figure of a kind dated on or before `at`. */
  async denominatorAt(tx: Executor, s: Scope, kind: string, at: string) {
    return tx
      .selectFrom('analytics_denominator')
      .selectAll()
      .where('region_code', '=', s.region)
      .where('street_code', '=', s.street ?? '')
      .where('kind', '=', kind)
      .where('at', '<=', at)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async denominator(tx: Executor, id: number) {
    return tx.selectFrom('analytics_denominator').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Insert or replace the figure with the same key (region, street, kind, period, date); returns its id and whether it was new. */
  async upsertDenominator(tx: Executor, d: DenominatorInsert): Promise<{ id: number; inserted: boolean }> {
    const cur = await tx
      .selectFrom('analytics_denominator')
      .select('id')
      .where('region_code', '=', d.region_code)
      .where('street_code', '=', d.street_code ?? '')
      .where('kind', '=', d.kind)
      .where('period_from', '=', d.period_from ?? '')
      .where('at', '=', d.at)
      .executeTakeFirst();
    if (cur) {
      await tx.updateTable('analytics_denominator').set(d).where('id', '=', cur.id).execute();
      return { id: Number(cur.id), inserted: false };
    }
    const r = await tx
      .insertInto('analytics_denominator')
      .values(d)
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(r.id), inserted: true };
  }

  async deleteDenominator(tx: Executor, id: number): Promise<number> {
    const r = await tx.deleteFrom('analytics_denominator').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
