import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Statement as SQLiteStatement } from 'better-sqlite3';
import type { Database, Executor } from '../../db/connect.ts';
import type { Cursor } from '../../db/pagination.ts';
import type { DB, EntityTable, IpAssetTable, IpEventTable, IpOwnerTable } from '../../db/schema.ts';

export type EntityRow = Selectable<EntityTable>;
export type AssetRow = Selectable<IpAssetTable>;
export type OwnerRow = Selectable<IpOwnerTable>;
export type EventRow = Selectable<IpEventTable>;

export interface EntityFilter {
  q?: string;
  kind?: string;
  streetCode?: string;
  flag?: string;
  industry?: string;
  isDemo?: boolean;
}

export interface AssetFilter {
  q?: string;
  kind?: string;
  subType?: string;
  status?: string;
  office?: string;
  entityId?: number;
  streetCode?: string;
  filingFrom?: string;
  filingTo?: string;
  /** hide confidential assets except those owned by this entity (undefined = show all) */
  confidentialVisibleTo?: number | null;
}

export interface Sort {
  column: string;
  desc: boolean;
}

export type EntityInsert = Omit<EntityRow, 'id' | 'version'>;
export type AssetInsert = Omit<AssetRow, 'id' | 'version'>;
export type OwnerInsert = Omit<OwnerRow, 'id' | 'asset_id'>;
export type EventInsert = Omit<EventRow, 'id' | 'asset_id'>;

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** keyset condition on (coalesce(column,''), id) */
function keyset<T extends keyof DB>(table: T, sort: Sort, cursor: Cursor | undefined) {
  const idRef = sql.ref(`${table}.id`);
  const col = sort.column === 'id' ? idRef : sql`coalesce(${sql.ref(`${table}.${sort.column}`)}, '')`;
  return {
    order: col,
    idRef,
    where: (eb: ExpressionBuilder<DB, T>): Expression<SqlBool> | undefined => {
      if (!cursor) return undefined;
      if (sort.column === 'id') return eb(idRef, sort.desc ? '<' : '>', cursor.id);
      const v = cursor.v ?? '';
      const op = sort.desc ? '<' : '>';
      return eb.or([eb(col, op, v), eb.and([eb(col, '=', v), eb(idRef, op, cursor.id)])]);
    },
  };
}

const ASSET_COLUMNS = [
  'kind',
  'office',
  'sub_type',
  'app_key',
  'pub_key',
  'application_number',
  'registration_number',
  'publication_number',
  'title',
  'abstract',
  'filing_date',
  'publication_date',
  'grant_date',
  'registration_date',
  'ipc',
  'ipc_main',
  'nice_classes',
  'details',
  'status',
  'expiry_date',
  'confidential',
  'content_hash',
  'source',
  'is_demo',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof AssetInsert)[];
const OWNER_COLUMNS = ['asset_id', 'seq', 'name', 'name_norm', 'uscc', 'entity_id', 'share'] as const;
const EVENT_COLUMNS = ['asset_id', 'code', 'date', 'note'] as const;

export class RegistryRepository {
  /**
   * On the embedded database, bulk inserts run as cached prepared statements on the same connection
   * (so inside the caller's transaction): Kysely would build and prepare a new statement per batch.
   */
  private readonly sqlite: Database['sqlite'];
  private readonly statements = new Map<string, SQLiteStatement>();

  constructor(database: Database) {
    this.sqlite = database.sqlite;
  }

  private prepared(table: string, columns: readonly string[]): SQLiteStatement {
    const key = `${table}(${columns.join(',')})`;
    let st = this.statements.get(key);
    if (!st) {
      st = this.sqlite!.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      this.statements.set(key, st);
    }
    return st;
  }
  // ---------- entities ----------

  private entityQuery(tx: Executor, f: EntityFilter) {
    return tx
      .selectFrom('entity')
      .$if(!!f.q, (q) =>
        q.where((eb) =>
          eb.or([
            eb('entity.name', 'like', likePattern(f.q!)),
            eb('entity.uscc', 'like', likePattern(f.q!.toUpperCase())),
            eb('entity.former_names', 'like', likePattern(f.q!)),
          ]),
        ),
      )
      .$if(!!f.kind, (q) => q.where('entity.kind', '=', f.kind!))
      .$if(!!f.streetCode, (q) => q.where('entity.street_code', '=', f.streetCode!))
      .$if(!!f.industry, (q) => q.where('entity.industry', 'like', `${f.industry!}%`))
      .$if(!!f.flag, (q) => q.where('entity.flags', 'like', likePattern(`"${f.flag!}"`)))
      .$if(f.isDemo !== undefined, (q) => q.where('entity.is_demo', '=', f.isDemo ? 1 : 0));
  }

  async listEntities(
    tx: Executor,
    f: EntityFilter,
    sort: Sort,
    cursor: Cursor | undefined,
    limit: number,
  ): Promise<{ rows: (EntityRow & { asset_count: number })[]; total: number }> {
    const k = keyset('entity', sort, cursor);
    const dir = sort.desc ? 'desc' : 'asc';
    const rows = await this.entityQuery(tx, f)
      .selectAll('entity')
      .select((eb) =>
        eb
          .selectFrom('ip_owner')
          .select((e2) => e2.fn.count<number>(sql`distinct ip_owner.asset_id`).as('n'))
          .whereRef('ip_owner.entity_id', '=', 'entity.id')
          .as('asset_count'),
      )
      .$if(cursor !== undefined, (q) => q.where((eb) => k.where(eb)!))
      .orderBy(k.order, dir)
      .orderBy(k.idRef, dir)
      .limit(limit)
      .execute();
    const total = await this.entityQuery(tx, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      rows: rows.map((r) => ({ ...r, asset_count: Number(r.asset_count ?? 0) })),
      total: Number(total.n),
    };
  }

  async getEntity(tx: Executor, id: number): Promise<EntityRow | undefined> {
    return tx.selectFrom('entity').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findEntityByUscc(tx: Executor, uscc: string): Promise<EntityRow | undefined> {
    return tx.selectFrom('entity').selectAll().where('uscc', '=', uscc).executeTakeFirst();
  }

  /** entity ids whose current or former name normalises to one of these names */
  async entitiesByNames(tx: Executor, names: string[]): Promise<Map<string, number[]>> {
    const m = new Map<string, number[]>();
    for (let i = 0; i < names.length; i += 500) {
      const chunk = names.slice(i, i + 500);
      const rows = await tx
        .selectFrom('entity_name')
        .select(['name_norm', 'entity_id'])
        .where('name_norm', 'in', chunk)
        .execute();
      for (const r of rows) {
        const list = m.get(r.name_norm) ?? [];
        if (!list.includes(Number(r.entity_id))) list.push(Number(r.entity_id));
        m.set(r.name_norm, list);
      }
    }
    return m;
  }

  async entitiesByUsccs(tx: Executor, usccs: string[]): Promise<Map<string, number>> {
    const m = new Map<string, number>();
    for (let i = 0; i < usccs.length; i += 500) {
      const rows = await tx
        .selectFrom('entity')
        .select(['uscc', 'id'])
        .where('uscc', 'in', usccs.slice(i, i + 500))
        .execute();
      for (const r of rows) if (r.uscc) m.set(r.uscc, Number(r.id));
    }
    return m;
  }

  async insertEntity(tx: Executor, e: EntityInsert): Promise<number> {
    const r = await tx.insertInto('entity').values(e).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async updateEntity(tx: Executor, id: number, patch: Partial<EntityInsert>): Promise<void> {
    await tx
      .updateTable('entity')
      .set({ ...patch, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
  }

  async deleteEntity(tx: Executor, id: number): Promise<void> {
    await tx.deleteFrom('entity').where('id', '=', id).execute();
  }

  async namesOfEntity(tx: Executor, entityId: number): Promise<string[]> {
    const rows = await tx
      .selectFrom('entity_name')
      .select('name_norm')
      .where('entity_id', '=', entityId)
      .execute();
    return rows.map((r) => r.name_norm);
  }

  async setEntityNames(tx: Executor, entityId: number, names: string[]): Promise<void> {
    await tx.deleteFrom('entity_name').where('entity_id', '=', entityId).execute();
    const unique = [...new Set(names)];
    if (unique.length)
      await tx
        .insertInto('entity_name')
        .values(unique.map((name_norm) => ({ entity_id: entityId, name_norm })))
        .execute();
  }

  async entityAssetSummary(
    tx: Executor,
    entityId: number,
  ): Promise<{ kind: string; sub_type: string | null; status: string; n: number }[]> {
    const rows = await tx
      .selectFrom('ip_asset')
      .innerJoin('ip_owner', 'ip_owner.asset_id', 'ip_asset.id')
      .where('ip_owner.entity_id', '=', entityId)
      .select(['ip_asset.kind', 'ip_asset.sub_type', 'ip_asset.status'])
      .select((eb) => eb.fn.count<number>(sql`distinct ip_asset.id`).as('n'))
      .groupBy(['ip_asset.kind', 'ip_asset.sub_type', 'ip_asset.status'])
      .execute();
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  async linkOwnersToEntity(tx: Executor, nameNorm: string, entityId: number): Promise<number> {
    const r = await tx
      .updateTable('ip_owner')
      .set({ entity_id: entityId })
      .where('name_norm', '=', nameNorm)
      .where('entity_id', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async linkOwnersByUscc(tx: Executor, uscc: string, entityId: number): Promise<number> {
    const r = await tx
      .updateTable('ip_owner')
      .set({ entity_id: entityId })
      .where('uscc', '=', uscc)
      .where('entity_id', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async unmatchedNames(
    tx: Executor,
    q: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: { name_norm: string; name: string; assets: number }[]; total: number }> {
    const base = tx
      .selectFrom('ip_owner')
      .where('entity_id', 'is', null)
      .$if(!!q, (qq) => qq.where('name', 'like', likePattern(q!)));
    const rows = await base
      .select(['name_norm'])
      .select((eb) => [eb.fn.min('name').as('name'), eb.fn.count<number>('asset_id').as('assets')])
      .groupBy('name_norm')
      .orderBy('assets', 'desc')
      .orderBy('name_norm')
      .limit(limit)
      .offset(offset)
      .execute();
    const total = await tx
      .selectFrom(base.select('name_norm').distinct().as('u'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      rows: rows.map((r) => ({ name_norm: r.name_norm, name: String(r.name), assets: Number(r.assets) })),
      total: Number(total.n),
    };
  }

  // ---------- assets ----------

  private assetQuery(tx: Executor, f: AssetFilter) {
    return (
      tx
        .selectFrom('ip_asset')
        .$if(!!f.q, (q) =>
          q.where((eb) =>
            eb.or([
              eb('ip_asset.title', 'like', likePattern(f.q!)),
              eb('ip_asset.application_number', 'like', likePattern(f.q!.toUpperCase())),
              eb('ip_asset.publication_number', 'like', likePattern(f.q!.toUpperCase())),
              eb('ip_asset.registration_number', 'like', likePattern(f.q!.toUpperCase())),
            ]),
          ),
        )
        .$if(!!f.kind, (q) => q.where('ip_asset.kind', '=', f.kind!))
        .$if(!!f.subType, (q) => q.where('ip_asset.sub_type', '=', f.subType!))
        .$if(!!f.status, (q) => q.where('ip_asset.status', '=', f.status!))
        .$if(!!f.office, (q) => q.where('ip_asset.office', '=', f.office!))
        .$if(!!f.filingFrom, (q) => q.where('ip_asset.filing_date', '>=', f.filingFrom!))
        .$if(!!f.filingTo, (q) => q.where('ip_asset.filing_date', '<=', f.filingTo!))
        // IN (subquery) lets the planner start from the entity's few owner rows (ip_owner_entity_idx)
        .$if(f.entityId !== undefined, (q) =>
          q.where('ip_asset.id', 'in', (eb) =>
            eb
              .selectFrom('ip_owner')
              .select('ip_owner.asset_id')
              .where('ip_owner.entity_id', '=', f.entityId!),
          ),
        )
        .$if(!!f.streetCode, (q) =>
          q.where('ip_asset.id', 'in', (eb) =>
            eb
              .selectFrom('ip_owner')
              .innerJoin('entity', 'entity.id', 'ip_owner.entity_id')
              .select('ip_owner.asset_id')
              .where('entity.street_code', '=', f.streetCode!),
          ),
        )
        .$if(f.confidentialVisibleTo !== undefined, (q) =>
          q.where((eb) =>
            eb.or([
              eb('ip_asset.confidential', '=', 0),
              eb.exists(
                eb
                  .selectFrom('ip_owner')
                  .select('ip_owner.id')
                  .whereRef('ip_owner.asset_id', '=', 'ip_asset.id')
                  .where('ip_owner.entity_id', '=', f.confidentialVisibleTo ?? -1),
              ),
            ]),
          ),
        )
    );
  }

  async listAssets(
    tx: Executor,
    f: AssetFilter,
    sort: Sort,
    cursor: Cursor | undefined,
    limit: number,
  ): Promise<{ rows: AssetRow[]; total: number }> {
    const k = keyset('ip_asset', sort, cursor);
    const dir = sort.desc ? 'desc' : 'asc';
    const rows = await this.assetQuery(tx, f)
      .selectAll('ip_asset')
      .$if(cursor !== undefined, (q) => q.where((eb) => k.where(eb)!))
      .orderBy(k.order, dir)
      .orderBy(k.idRef, dir)
      .limit(limit)
      .execute();
    const total = await this.assetQuery(tx, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  async assetsByIds(tx: Executor, ids: number[]): Promise<AssetRow[]> {
    if (ids.length === 0) return [];
    return tx.selectFrom('ip_asset').selectAll().where('id', 'in', ids).execute();
  }

  async getAsset(tx: Executor, id: number): Promise<AssetRow | undefined> {
    return tx.selectFrom('ip_asset').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async ownersOf(tx: Executor, assetIds: number[]): Promise<(OwnerRow & { entity_name: string | null })[]> {
    if (assetIds.length === 0) return [];
    return tx
      .selectFrom('ip_owner')
      .leftJoin('entity', 'entity.id', 'ip_owner.entity_id')
      .selectAll('ip_owner')
      .select('entity.name as entity_name')
      .where('ip_owner.asset_id', 'in', assetIds)
      .orderBy('ip_owner.asset_id')
      .orderBy('ip_owner.seq')
      .execute();
  }

  /** Assets in id order after `afterId`, with the fields the lifecycle rules need. */
  async scanAssets(tx: Executor, afterId: number, limit: number, ids?: number[]) {
    return tx
      .selectFrom('ip_asset')
      .select([
        'id',
        'kind',
        'office',
        'sub_type',
        'filing_date',
        'grant_date',
        'registration_date',
        'details',
      ])
      .where('id', '>', afterId)
      .$if(ids !== undefined, (q) => q.where('id', 'in', ids!.length ? ids! : [-1]))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async eventsOfMany(tx: Executor, assetIds: number[]): Promise<EventRow[]> {
    if (assetIds.length === 0) return [];
    return tx
      .selectFrom('ip_event')
      .selectAll()
      .where('asset_id', 'in', assetIds)
      .orderBy('date')
      .orderBy('id')
      .execute();
  }

  async assetIdsOfEntity(tx: Executor, entityId: number): Promise<number[]> {
    const rows = await tx
      .selectFrom('ip_owner')
      .select('asset_id')
      .distinct()
      .where('entity_id', '=', entityId)
      .execute();
    return rows.map((r) => Number(r.asset_id));
  }

  async deleteEvent(tx: Executor, assetId: number, eventId: number): Promise<number> {
    const r = await tx
      .deleteFrom('ip_event')
      .where('id', '=', eventId)
      .where('asset_id', '=', assetId)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async setStatus(tx: Executor, id: number, status: string, expiryDate: string | null): Promise<void> {
    await tx
      .updateTable('ip_asset')
      .set({ status, expiry_date: expiryDate, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** ids of assets whose application/registration or publication key is one of these (any office, kind) */
  async idsByKeys(tx: Executor, keys: string[]): Promise<number[]> {
    if (keys.length === 0) return [];
    const rows = await tx
      .selectFrom('ip_asset')
      .select('id')
      .where((eb) => eb.or([eb('app_key', 'in', keys), eb('pub_key', 'in', keys)]))
      .orderBy('id')
      .execute();
    return rows.map((r) => Number(r.id));
  }

  async eventsOf(tx: Executor, assetId: number): Promise<EventRow[]> {
    return tx
      .selectFrom('ip_event')
      .selectAll()
      .where('asset_id', '=', assetId)
      .orderBy('date')
      .orderBy('id')
      .execute();
  }

  /** Existing assets matching any of these identity keys (same office and kind). */
  async findAssetsByKeys(
    tx: Executor,
    keys: { office: string; kind: string; appKey: string | null; pubKey: string | null }[],
  ): Promise<
    Pick<AssetRow, 'id' | 'office' | 'kind' | 'app_key' | 'pub_key' | 'content_hash' | 'version'>[]
  > {
    const cols = ['id', 'office', 'kind', 'app_key', 'pub_key', 'content_hash', 'version'] as const;
    const out: Pick<AssetRow, (typeof cols)[number]>[] = [];
    // group by (office, kind) so each lookup uses the (office, kind, key) indexes
    const groups = new Map<string, { office: string; kind: string; app: Set<string>; pub: Set<string> }>();
    for (const k of keys) {
      const g = groups.get(`${k.office}|${k.kind}`) ?? {
        office: k.office,
        kind: k.kind,
        app: new Set<string>(),
        pub: new Set<string>(),
      };
      if (k.appKey) g.app.add(k.appKey);
      if (k.pubKey) g.pub.add(k.pubKey);
      groups.set(`${k.office}|${k.kind}`, g);
    }
    for (const g of groups.values())
      for (const [column, set] of [
        ['app_key', g.app],
        ['pub_key', g.pub],
      ] as const) {
        const list = [...set];
        for (let i = 0; i < list.length; i += 500)
          out.push(
            ...(await tx
              .selectFrom('ip_asset')
              .select(cols)
              .where('office', '=', g.office)
              .where('kind', '=', g.kind)
              .where(column, 'in', list.slice(i, i + 500))
              .execute()),
          );
      }
    return out;
  }

  async insertAsset(tx: Executor, a: AssetInsert): Promise<number> {
    const r = await tx.insertInto('ip_asset').values(a).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /** Insert many assets at once (bulk import); returns ids in input order. */
  async insertAssets(tx: Executor, rows: AssetInsert[]): Promise<number[]> {
    if (this.sqlite) {
      const st = this.prepared('ip_asset', ASSET_COLUMNS);
      return rows.map((r) => Number(st.run(ASSET_COLUMNS.map((c) => r[c])).lastInsertRowid));
    }
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const r = await tx
        .insertInto('ip_asset')
        .values(rows.slice(i, i + 200))
        .returning('id')
        .execute();
      ids.push(...r.map((x) => Number(x.id)));
    }
    return ids;
  }

  async updateAsset(tx: Executor, id: number, patch: Partial<AssetInsert>): Promise<void> {
    await tx
      .updateTable('ip_asset')
      .set({ ...patch, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
  }

  async deleteAsset(tx: Executor, id: number): Promise<void> {
    await tx.deleteFrom('ip_asset').where('id', '=', id).execute();
  }

  async replaceOwners(tx: Executor, assetId: number, owners: OwnerInsert[]): Promise<void> {
    await tx.deleteFrom('ip_owner').where('asset_id', '=', assetId).execute();
    await this.insertOwners(
      tx,
      owners.map((o) => ({ ...o, asset_id: assetId })),
    );
  }

  async insertOwners(tx: Executor, rows: (OwnerInsert & { asset_id: number })[]): Promise<void> {
    if (this.sqlite) {
      const st = this.prepared('ip_owner', OWNER_COLUMNS);
      for (const r of rows) st.run(OWNER_COLUMNS.map((c) => r[c]));
      return;
    }
    for (let i = 0; i < rows.length; i += 300)
      await tx
        .insertInto('ip_owner')
        .values(rows.slice(i, i + 300))
        .execute();
  }

  async replaceEvents(tx: Executor, assetId: number, events: EventInsert[]): Promise<void> {
    await tx.deleteFrom('ip_event').where('asset_id', '=', assetId).execute();
    await this.insertEvents(
      tx,
      events.map((e) => ({ ...e, asset_id: assetId })),
    );
  }

  async insertEvents(tx: Executor, rows: (EventInsert & { asset_id: number })[]): Promise<void> {
    if (this.sqlite) {
      const st = this.prepared('ip_event', EVENT_COLUMNS);
      for (const r of rows) st.run(EVENT_COLUMNS.map((c) => r[c]));
      return;
    }
    for (let i = 0; i < rows.length; i += 300)
      await tx
        .insertInto('ip_event')
        .values(rows.slice(i, i + 300))
        .execute();
  }

  async entityIdsOfAsset(tx: Executor, assetId: number): Promise<number[]> {
    const rows = await tx
      .selectFrom('ip_owner')
      .select('entity_id')
      .where('asset_id', '=', assetId)
      .where('entity_id', 'is not', null)
      .execute();
    return rows.map((r) => Number(r.entity_id));
  }

  async streets(
    tx: Executor,
    regionCode?: string,
  ): Promise<{ code: string; name: string; region_code: string }[]> {
    return tx
      .selectFrom('street')
      .selectAll()
      .$if(!!regionCode, (q) => q.where('region_code', '=', regionCode!))
      .orderBy('code')
      .execute();
  }

  async streetExists(tx: Executor, code: string): Promise<boolean> {
    return !!(await tx.selectFrom('street').select('code').where('code', '=', code).executeTakeFirst());
  }
}
