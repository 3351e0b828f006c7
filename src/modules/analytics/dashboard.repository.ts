import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { DB } from '../../db/schema.ts';
import type { Dim, Measure, RecordRow } from '../../domain/analytics/views.ts';

export type { Dim, Measure, RecordRow };

/** Filters every dashboard query shares; dates are resolved `YYYY-MM-DD` bounds. */
export interface DashFilter {
  region: string;
  from?: string;
  to?: string;
  street?: string;
  /** GB/T 4754 section letter or a longer code prefix */
  industry?: string;
  kind?: string;
  subType?: string;
  /** leave out confidential assets (actors without registry:read_private) */
  publicOnly: boolean;
}

/** A dimension value to drill into: a column equal to a key, a code prefix, a year, or IPC prefixes. */
export type DimKey =
  | { dim: Dim; key: string | null }
  | { dim: 'wipo_field'; prefixes: string[] | null; excludePrefixes?: string[] };

export interface GroupRow {
  key: string | null;
  label: string | null;
  value: number;
}

type QB = ExpressionBuilder<DB & { a: DB['ip_asset']; o: DB['ip_owner']; e: DB['entity'] }, 'a' | 'o' | 'e'>;

const RECORD_COLUMNS = [
  'a.id',
  'a.kind',
  'a.sub_type',
  'a.title',
  'a.application_number',
  'a.registration_number',
  'a.publication_number',
  'a.filing_date',
  'a.grant_date',
  'a.status',
  'a.ipc_main',
  'e.id as entity_id',
  'e.name as owner',
] as const;

const GRANTED = sql<string>`coalesce(a.grant_date, a.registration_date)`;
const IPC_LEN: Partial<Record<Dim, number>> = { ipc_section: 1, ipc_class: 3, ipc_subclass: 4 };

/** The expression a dimension groups by. */
function dimExpr(dim: Dim): RawBuilder<string | null> {
  if (dim === 'street') return sql`e.street_code`;
  if (dim === 'industry') return sql`substr(e.industry, 1, 1)`;
  if (dim === 'sub_type') return sql`a.sub_type`;
  if (dim === 'filing_year') return sql`substr(a.filing_date, 1, 4)`;
  if (dim === 'grant_year') return sql`substr(${GRANTED}, 1, 4)`;
  if (dim === 'entity') return sql`cast(e.id as text)`;
  if (dim === 'wipo_field') return sql`a.ipc_main`;
  return sql`substr(a.ipc_main, 1, ${sql.lit(IPC_LEN[dim]!)})`;
}

/** The date a measure is counted on (period filters apply to it); stock measures have none. */
function measureDate(m: Measure): RawBuilder<string> | undefined {
  if (m === 'filings') return sql`a.filing_date`;
  if (m === 'grants') return GRANTED;
  return undefined;
}

/** codes are validated by the routes (letters, digits and `/` only), so no LIKE escaping is needed */
const likePrefix = (p: string): string => `${p}%`;

function anyPrefix(eb: QB, prefixes: string[]): Expression<SqlBool> {
  return eb.or(prefixes.map((p) => sql<SqlBool>`a.ipc_main like ${likePrefix(p)}`));
}

/** The condition that selects the records behind one value of a dimension. */
function dimCondition(eb: QB, k: DimKey): Expression<SqlBool> {
  if ('prefixes' in k) {
    if (k.prefixes) return anyPrefix(eb, k.prefixes);
    return eb.or([sql<SqlBool>`a.ipc_main is null`, eb.not(anyPrefix(eb, k.excludePrefixes ?? []))]);
  }
  const expr = dimExpr(k.dim);
  if (k.key === null) return sql<SqlBool>`${expr} is null`;
  if (k.dim === 'entity') return sql<SqlBool>`e.id = ${Number(k.key)}`;
  if (k.dim === 'filing_year' || k.dim === 'grant_year') {
    const date = k.dim === 'filing_year' ? sql`a.filing_date` : GRANTED;
    return sql<SqlBool>`${date} >= ${`${k.key}-01-01`} and ${date} <= ${`${k.key}-12-31`}`;
  }
  return sql<SqlBool>`${expr} = ${k.key}`;
}

/**
 * Aggregates over the region's rights, attributed by first owner (docs/analytics.md): an asset counts for the
 * region (street, industry) of the entity linked to its owner with seq = 1.
 */
export class DashboardRepository {
  private base(tx: Executor, f: DashFilter, m: Measure) {
    const date = measureDate(m);
    return tx
      .selectFrom('ip_asset as a')
      .innerJoin('ip_owner as o', (j) => j.onRef('o.asset_id', '=', 'a.id').on('o.seq', '=', 1))
      .innerJoin('entity as e', 'e.id', 'o.entity_id')
      .where('e.region_code', '=', f.region)
      .$if(!!f.street, (q) => q.where('e.street_code', '=', f.street!))
      .$if(!!f.industry, (q) => q.where('e.industry', 'like', likePrefix(f.industry!)))
      .$if(!!f.kind, (q) => q.where('a.kind', '=', f.kind!))
      .$if(!!f.subType, (q) => q.where('a.sub_type', '=', f.subType!))
      .$if(f.publicOnly, (q) => q.where('a.confidential', '=', 0))
      .$if(date !== undefined, (q) => q.where(sql<SqlBool>`${date!} is not null`))
      .$if(date !== undefined && !!f.from, (q) => q.where(sql<SqlBool>`${date!} >= ${f.from!}`))
      .$if(date !== undefined && !!f.to, (q) => q.where(sql<SqlBool>`${date!} <= ${f.to!}`))
      .$if(m === 'high_value', (q) => q.where('a.kind', '=', 'patent').where('a.sub_type', '=', 'invention'))
      .$if(m === 'valid' || m === 'high_value', (q) => q.where('a.status', '=', 'in_force'));
  }

  /** Counts by one dimension; `entity` rows carry the entity name as label. */
  async groupCounts(tx: Executor, f: DashFilter, m: Measure, dim: Dim): Promise<GroupRow[]> {
    const expr = dimExpr(dim);
    const label: RawBuilder<string | null> = dim === 'entity' ? sql`max(e.name)` : sql`null`;
    const rows = await this.base(tx, f, m)
      .select([expr.as('key'), label.as('label'), sql<number>`count(*)`.as('value')])
      .$if(dim === 'wipo_field' || IPC_LEN[dim] !== undefined, (q) => q.where('a.ipc_main', 'is not', null))
      .groupBy(expr)
      .execute();
    return rows.map((r) => ({ key: r.key, label: r.label, value: Number(r.value) }));
  }

  /** Counts by year of the measure's date and sub-type. */
  async trend(
    tx: Executor,
    f: DashFilter,
    m: 'filings' | 'grants',
  ): Promise<{ year: string; sub_type: string | null; value: number }[]> {
    const year = sql<string>`substr(${measureDate(m)!}, 1, 4)`;
    const rows = await this.base(tx, f, m)
      .select([year.as('year'), 'a.sub_type', sql<number>`count(*)`.as('value')])
      .groupBy([year, 'a.sub_type'])
      .orderBy(year)
      .orderBy('a.sub_type')
      .execute();
    return rows.map((r) => ({ year: r.year, sub_type: r.sub_type, value: Number(r.value) }));
  }

  /** The rights behind one number, in id order after a keyset cursor. */
  async records(
    tx: Executor,
    f: DashFilter,
    m: Measure,
    k: DimKey | undefined,
    afterId: number,
    limit: number,
  ): Promise<{ rows: RecordRow[]; total: number }> {
    const q = this.base(tx, f, m).$if(k !== undefined, (x) => x.where((eb) => dimCondition(eb as QB, k!)));
    const rows = await q
      .select(RECORD_COLUMNS)
      .where('a.id', '>', afterId)
      .orderBy('a.id')
      .limit(limit)
      .execute();
    const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return {
      rows: rows.map((r) => ({ ...r, id: Number(r.id), entity_id: Number(r.entity_id) })),
      total: Number(total.n),
    };
  }

  /**
   * Each candidate of the high-value measure (valid inventions) with its key in a dimension, for the
   * service to keep the ones part A classifies as high-value and count them.
   */
  async candidateKeys(
    tx: Executor,
    f: DashFilter,
    dim: Dim,
    k?: DimKey,
  ): Promise<{ id: number; key: string | null; label: string | null }[]> {
    const rows = await this.base(tx, f, 'high_value')
      .$if(k !== undefined, (x) => x.where((eb) => dimCondition(eb as QB, k!)))
      .select(['a.id', dimExpr(dim).as('key'), 'e.name as label'])
      .execute();
    return rows.map((r) => ({ id: Number(r.id), key: r.key, label: dim === 'entity' ? r.label : null }));
  }

  /** The record rows of these ids (the high-value drill-down pages its ids itself). */
  async recordsByIds(tx: Executor, ids: number[]): Promise<RecordRow[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .selectFrom('ip_asset as a')
      .innerJoin('ip_owner as o', (j) => j.onRef('o.asset_id', '=', 'a.id').on('o.seq', '=', 1))
      .innerJoin('entity as e', 'e.id', 'o.entity_id')
      .select(RECORD_COLUMNS)
      .where('a.id', 'in', ids)
      .orderBy('a.id')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), entity_id: Number(r.entity_id) }));
  }

  async streetNames(tx: Executor, region: string): Promise<Map<string, string>> {
    const rows = await tx
      .selectFrom('street')
      .select(['code', 'name'])
      .where('region_code', '=', region)
      .execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async geo(tx: Executor, region: string, layer: string) {
    return tx
      .selectFrom('region_geo')
      .selectAll()
      .where('region_code', '=', region)
      .where('layer', '=', layer)
      .executeTakeFirst();
  }

  async saveGeo(
    tx: Executor,
    row: {
      region_code: string;
      layer: string;
      geojson: string;
      feature_count: number;
      source: string | null;
      uploaded_at: string;
      uploaded_by: number | null;
    },
  ): Promise<void> {
    await tx
      .insertInto('region_geo')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['region_code', 'layer']).doUpdateSet({
          geojson: row.geojson,
          feature_count: row.feature_count,
          source: row.source,
          uploaded_at: row.uploaded_at,
          uploaded_by: row.uploaded_by,
        }),
      )
      .execute();
  }

  async deleteGeo(tx: Executor, region: string, layer: string): Promise<number> {
    const r = await tx
      .deleteFrom('region_geo')
      .where('region_code', '=', region)
      .where('layer', '=', layer)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
