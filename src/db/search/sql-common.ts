/**
 * SQL shared by both index implementations: the plan rendered to a condition on `ip_asset AS a`, the
 * registry-table filters, the confidential scope, sort orders with keyset cursors, and the facet statement.
 * The dialects supply the full-text parts ({@link TextDialect}).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { RuleError } from '../../domain/errors.ts';
import { toHalfWidth } from '../../domain/names.ts';
import type { Executor } from '../connect.ts';
import type { Atom, CursorPos, Plan, SearchSort } from './plan.ts';
import type { ConfidentialScope, FacetBucket, FacetName, SearchDoc, SearchOptions } from './search-index.ts';

export type Cond = RawBuilder<SqlBool>;
export type TextKind = 'token' | 'substring';

export interface TextDialect {
  /**
   * A condition on `a.id` for a subtree whose leaves are all `kind` atoms (a single atom, or AND / OR / NOT
   * of them), as one index look-up; null when the subtree cannot be one look-up (the caller then combines
   * its parts in SQL). Must accept every single atom.
   */
  pure(kind: TextKind, plan: Plan): Cond | null;
  /** The ids (`id`) of such a subtree straight from the index, or null (the same rules as `pure`). */
  ids(kind: TextKind, plan: Plan): RawBuilder<{ id: number | string }> | null;
  /**
   * The ids of a subtree of text atoms of both kinds as one look-up, where the dialect keeps both in one
   * table (PostgreSQL: `applicant:上海…有限公司` is one scan led by the selective words, not a set of every
   * row containing 有限公司 intersected with the others); null where it cannot.
   */
  mixedIds?(plan: Plan): RawBuilder<{ id: number | string }> | null;
}

type IdSet = RawBuilder<{ id: number | string }>;

/**
 * The matching ids as one statement over the indexes alone, when that gives the same set: every leaf is a set
 * of ids (a text look-up, search_key, owners by street, an indexed ip_asset column), combined with INTERSECT /
 * UNION / EXCEPT instead of testing each ip_asset row against every part (5–10× faster for a broad word with
 * a drill-down). Null when the plan or the options need the row test: a NOT without a positive side, a
 * confidential scope, an id window.
 */
export function idSetOf(plan: Plan, text: TextDialect, opts: SearchOptions): IdSet | null {
  return unscoped(opts) ? idSet(plan, text) : null;
}

/** true when the options limit the matching set no further (no confidential scope, no id window) */
export function unscoped(opts: SearchOptions): boolean {
  if (opts.confidential !== undefined && opts.confidential !== 'include') return false;
  return opts.afterAssetId === undefined && opts.upToAssetId === undefined;
}

function compound(sets: IdSet[], op: 'INTERSECT' | 'UNION' | 'EXCEPT'): IdSet {
  if (sets.length === 1) return sets[0]!;
  const parts = sets.map((q, i) => sql`SELECT id FROM (${q}) AS ${sql.id(`s${i}`)}`);
  return sql<{ id: number | string }>`${sql.join(parts, sql.raw(` ${op} `))}`;
}

function idSet(plan: Plan, text: TextDialect): IdSet | null {
  if ('a' in plan) {
    if (plan.a === 'token' || plan.a === 'substring') return text.ids(plan.a, plan);
    return atomIdSet(plan);
  }
  if (plan.op === 'not') return null;
  const kind = pureKind(plan);
  const whole =
    kind === 'token' || kind === 'substring'
      ? text.ids(kind, plan)
      : kind === 'mixed'
        ? (text.mixedIds?.(plan) ?? null)
        : null;
  if (whole) return whole;
  const positive: IdSet[] = [];
  const negative: IdSet[] = [];
  for (const c of plan.children) {
    const negated = 'op' in c && c.op === 'not';
    if (negated && plan.op === 'or') return null;
    const set = idSet(negated ? c.child : c, text);
    if (set === null) return null;
    (negated ? negative : positive).push(set);
  }
  if (positive.length === 0) return null;
  const base = compound(positive, plan.op === 'and' ? 'INTERSECT' : 'UNION');
  return negative.length ? compound([base, ...negative], 'EXCEPT') : base;
}

/** The ids of one registry-table condition (distinct). */
export function atomIdSet(atom: Exclude<Atom, { a: 'token' | 'substring' }>): IdSet {
  switch (atom.a) {
    case 'number':
    case 'ipc':
    case 'nice':
    case 'street':
      return sql<{ id: number | string }>`SELECT DISTINCT asset_id AS id FROM (${keySet(atom)}) AS k`;
    default:
      return sql<{ id: number | string }>`SELECT a.id AS id FROM ip_asset a WHERE ${filterCond(atom)}`;
  }
}

/** The text kind of a subtree whose leaves are all of one kind; `mixed` / null otherwise. */
function pureKind(p: Plan): TextKind | 'mixed' | null {
  if ('a' in p) return p.a === 'token' || p.a === 'substring' ? p.a : null;
  if (p.op === 'not') return pureKind(p.child);
  let kind: TextKind | undefined;
  for (const c of p.children) {
    const k = pureKind(c);
    if (k === null || k === 'mixed') return k === null ? null : 'mixed';
    if (kind !== undefined && kind !== k) return 'mixed';
    kind = k;
  }
  return kind ?? null;
}

function joinConds(parts: Cond[], op: 'AND' | 'OR'): Cond {
  if (parts.length === 1) return parts[0]!;
  return sql<SqlBool>`(${sql.join(parts, sql.raw(` ${op} `))})`;
}

/** The plan as a condition on `ip_asset AS a`. */
export function renderPlan(plan: Plan, text: TextDialect): Cond {
  if ('a' in plan) {
    if (plan.a === 'token' || plan.a === 'substring') return text.pure(plan.a, plan)!;
    return filterCond(plan);
  }
  if (plan.op === 'not') return sql<SqlBool>`NOT (${renderPlan(plan.child, text)})`;
  // children of one text kind are merged into one index look-up where the dialect can
  const parts: Cond[] = [];
  const groups = new Map<TextKind, Plan[]>();
  const rest: Plan[] = [];
  for (const c of plan.children) {
    const k = pureKind(c);
    const negated = 'op' in c && c.op === 'not';
    if ((k === 'token' || k === 'substring') && !(negated && plan.op === 'or')) {
      const g = groups.get(k) ?? [];
      g.push(c);
      groups.set(k, g);
    } else rest.push(c);
  }
  for (const [kind, group] of groups) {
    const merged = group.length > 1 ? text.pure(kind, { op: plan.op, children: group }) : null;
    if (merged) parts.push(merged);
    else for (const c of group) parts.push(renderPlan(c, text));
  }
  for (const c of rest) parts.push(renderPlan(c, text));
  return joinConds(parts, plan.op === 'and' ? 'AND' : 'OR');
}

/** `G06F` → `G06G`: the first string after every string starting with the prefix. */
function prefixEnd(p: string): string {
  return p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
}

function keyCond(k: string, cond: Cond): RawBuilder<{ asset_id: number }> {
  return sql`SELECT asset_id FROM search_key WHERE k = ${k} AND ${cond}`;
}

/** The asset ids (`asset_id`, possibly repeated) of a key or street atom. */
function keySet(atom: Extract<Atom, { a: 'number' | 'ipc' | 'nice' | 'street' }>): RawBuilder<unknown> {
  switch (atom.a) {
    case 'number':
      return keyCond('num', sql<SqlBool>`v IN (${sql.join(atom.keys)})`);
    case 'ipc':
      return atom.match === 'exact'
        ? keyCond('ipc', sql<SqlBool>`v = ${atom.value}`)
        : keyCond('ipc', sql<SqlBool>`v >= ${atom.value} AND v < ${prefixEnd(atom.value)}`);
    case 'nice':
      return keyCond('nice', sql<SqlBool>`v = ${String(atom.value)}`);
    case 'street': {
      const v = toHalfWidth(atom.value).trim();
      return sql`SELECT o.asset_id FROM ip_owner o JOIN entity e ON e.id = o.entity_id
        WHERE e.street_code IN (SELECT code FROM street
          WHERE code = ${v} OR name = ${v} OR name LIKE ${`${likeEscape(v)}%`} ESCAPE '\\')`;
    }
  }
}

/** Escape LIKE wildcards (the pattern is used with ESCAPE '\'). */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterCond(atom: Exclude<Atom, { a: 'token' | 'substring' }>): Cond {
  switch (atom.a) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'none':
      return sql<SqlBool>`1 = 0`;
    case 'number':
    case 'ipc':
    case 'nice':
    case 'street':
      return sql<SqlBool>`a.id IN (${keySet(atom)})`;
    case 'year': {
      const parts: Cond[] = [sql<SqlBool>`a.filing_date IS NOT NULL`];
      if (atom.from !== null) parts.push(sql<SqlBool>`a.filing_date >= ${String(atom.from)}`);
      if (atom.to !== null) parts.push(sql<SqlBool>`a.filing_date < ${String(atom.to + 1)}`);
      return joinConds(parts, 'AND');
    }
    case 'kind':
      return sql<SqlBool>`a.kind = ${atom.value}`;
    case 'status':
      return sql<SqlBool>`a.status = ${atom.value}`;
    case 'subType':
      return sql<SqlBool>`(a.sub_type IS NOT NULL AND a.sub_type = ${atom.value})`;
  }
}

/** The plan's condition with the options' limits (confidential scope, assets after a mark), as one condition. */
export function scopedMatch(planCond: Cond, opts: SearchOptions): Cond {
  const conds: Cond[] = [planCond];
  const scope = confidentialCond(opts.confidential);
  if (scope) conds.push(scope);
  if (opts.afterAssetId !== undefined) conds.push(sql<SqlBool>`a.id > ${opts.afterAssetId}`);
  if (opts.upToAssetId !== undefined) conds.push(sql<SqlBool>`a.id <= ${opts.upToAssetId}`);
  return conds.length === 1 ? conds[0]! : sql<SqlBool>`(${sql.join(conds, sql` AND `)})`;
}

/**
 * Total and facets of a search, or none when the options say not to count. With a facet snapshot the counts
 * are taken over the matching ids (`ids` when the caller already has them).
 */
export async function countsFor(
  exec: Executor,
  match: Cond,
  opts: SearchOptions,
  ids?: () => Promise<ArrayLike<number>>,
): Promise<{ total: number; facets: Partial<Record<FacetName, FacetBucket[]>> }> {
  if (opts.count === false) return { total: -1, facets: {} };
  if (opts.facetSnapshot && opts.facets?.length) {
    const all = ids
      ? await ids()
      : (
          await sql<{ id: number | string }>`SELECT a.id FROM ip_asset a WHERE ${match}`.execute(exec)
        ).rows.map((r) => Number(r.id));
    return opts.facetSnapshot.count(all, opts.facets, opts.facetLimit ?? 50);
  }
  return facetCounts(exec, match, opts.facets ?? [], opts.facetLimit ?? 50);
}

/**
 * Every matching asset id: the facet snapshot's ids for a query of everything, else one statement over the
 * indexes where the plan allows it (idSetOf), else through ip_asset.
 */
export async function matchingIds(
  exec: Executor,
  plan: Plan,
  match: Cond,
  text: TextDialect,
  opts: SearchOptions,
): Promise<ArrayLike<number>> {
  const unlimited = idSetOf({ a: 'all' }, text, opts) !== null;
  if ('a' in plan && plan.a === 'all' && unlimited && opts.facetSnapshot) return opts.facetSnapshot.ids();
  const q =
    idSetOf(plan, text, opts) ?? sql<{ id: number | string }>`SELECT a.id FROM ip_asset a WHERE ${match}`;
  const res = await q.execute(exec);
  return res.rows.map((r) => Number(r.id));
}

export function confidentialCond(scope: ConfidentialScope | undefined): Cond | null {
  if (scope === undefined || scope === 'include') return null;
  if (scope === 'exclude') return sql<SqlBool>`a.confidential = 0`;
  return sql<SqlBool>`(a.confidential = 0 OR a.id IN (SELECT asset_id FROM ip_owner WHERE entity_id = ${scope.ownerEntityId}))`;
}

// ---------------------------------------------------------------- sorting and cursors

export interface OrderSpec {
  /** the sort value expression */
  expr: RawBuilder<unknown>;
  dir: 'asc' | 'desc';
  /** SQL cast for the cursor value (PostgreSQL compares ts_rank as real) */
  cast?: string;
}

/** Order by a date column of ip_asset: missing dates last in both directions. */
export function dateOrder(column: 'filing_date' | 'publication_date', dir: 'asc' | 'desc'): OrderSpec {
  const missing = dir === 'asc' ? '9999-99-99' : '';
  return { expr: sql`coalesce(${sql.ref(`a.${column}`)}, ${missing})`, dir };
}

export function orderFor(sort: SearchSort, relevance: OrderSpec | null): OrderSpec {
  switch (sort) {
    case 'relevance':
      return relevance ?? { expr: sql`a.id`, dir: 'desc' };
    case 'newest':
      return { expr: sql`a.id`, dir: 'desc' };
    case 'oldest':
      return { expr: sql`a.id`, dir: 'asc' };
    case 'filingDate':
      return dateOrder('filing_date', 'asc');
    case '-filingDate':
      return dateOrder('filing_date', 'desc');
    case 'publicationDate':
      return dateOrder('publication_date', 'asc');
    case '-publicationDate':
      return dateOrder('publication_date', 'desc');
  }
}

/** Rows after the cursor: (value, id) beyond the last row, ties broken by id in the same direction. */
export function keysetCond(order: OrderSpec, cursor: CursorPos): Cond {
  const gt = order.dir === 'asc' ? sql.raw('>') : sql.raw('<');
  const v = order.cast ? sql`CAST(${cursor.value} AS ${sql.raw(order.cast)})` : sql`${cursor.value}`;
  return sql<SqlBool>`(${order.expr} ${gt} ${v} OR (${order.expr} = ${v} AND a.id ${gt} ${cursor.id}))`;
}

// ---------------------------------------------------------------- documents → key rows

export function keyRows(doc: SearchDoc): { asset_id: number; k: string; v: string }[] {
  const rows = new Map<string, { asset_id: number; k: string; v: string }>();
  const add = (k: string, v: string) => {
    if (v) rows.set(`${k}\u0000${v}`, { asset_id: doc.assetId, k, v });
  };
  for (const n of doc.numbers) add('num', toHalfWidth(n).replace(/\s/g, '').toUpperCase());
  for (const c of doc.ipc) add('ipc', c.replace(/\s/g, '').toUpperCase());
  for (const c of doc.niceClasses) add('nice', String(c));
  return [...rows.values()];
}

// ---------------------------------------------------------------- facets

/** The error for a facet name that is none of FACET_NAMES. */
export function unknownFacet(name: unknown): RuleError {
  return new RuleError('BAD_FACET', `unknown facet "${String(name)}"`, [
    { field: 'facets', reason: `"${String(name)}" is not a facet` },
  ]);
}

/**
 * Total and facet counts over the matching set, in one statement: the matching ids are materialised once
 * (`WITH m AS MATERIALIZED`, and their IPC symbols `mk` once for the three IPC levels), every facet is a
 * GROUP BY over them. The matching set is the outer loop of every join (`m CROSS JOIN …`: SQLite keeps that
 * order, so a small set never scans entity or search_key; PostgreSQL plans it as an ordinary join).
 * Multi-valued facets (IPC, Nice, street, entity, industry) count distinct assets: an asset with two H01M
 * symbols counts once for H01M.
 */
export async function facetCounts(
  exec: Executor,
  match: Cond,
  facets: readonly FacetName[],
  limit: number,
): Promise<{ total: number; facets: Partial<Record<FacetName, FacetBucket[]>> }> {
  const branch = (name: FacetName): RawBuilder<unknown> => {
    const f = sql.lit(name);
    const top = (inner: RawBuilder<unknown>) =>
      sql`SELECT * FROM (${inner} ORDER BY n DESC, v ASC LIMIT ${limit}) AS ${sql.id(`f_${name}`)}`;
    const ipc = (len: number) =>
      top(sql`SELECT ${f} AS f, substr(mk.v, 1, ${sql.lit(len)}) AS v, count(DISTINCT mk.asset_id) AS n,
        '' AS l FROM mk GROUP BY 2`);
    switch (name) {
      case 'kind':
        return top(sql`SELECT ${f} AS f, m.kind AS v, count(*) AS n, '' AS l FROM m GROUP BY m.kind`);
      case 'subType':
        return top(sql`SELECT ${f} AS f, m.sub_type AS v, count(*) AS n, '' AS l FROM m
          WHERE m.sub_type IS NOT NULL GROUP BY m.sub_type`);
      case 'status':
        return top(sql`SELECT ${f} AS f, m.status AS v, count(*) AS n, '' AS l FROM m GROUP BY m.status`);
      case 'year':
        return top(sql`SELECT ${f} AS f, substr(m.filing_date, 1, 4) AS v, count(*) AS n, '' AS l FROM m
          WHERE m.filing_date IS NOT NULL GROUP BY substr(m.filing_date, 1, 4)`);
      case 'ipcSection':
        return ipc(1);
      case 'ipcClass':
        return ipc(3);
      case 'ipcSubclass':
        return ipc(4);
      case 'nice':
        return top(sql`SELECT ${f} AS f, k.v AS v, count(*) AS n, '' AS l
          FROM m CROSS JOIN search_key k WHERE k.asset_id = m.id AND k.k = 'nice' GROUP BY k.v`);
      case 'street':
        return top(sql`SELECT ${f} AS f, e.street_code AS v, count(DISTINCT o.asset_id) AS n,
            max(s.name) AS l
          FROM m CROSS JOIN ip_owner o JOIN entity e ON e.id = o.entity_id
            LEFT JOIN street s ON s.code = e.street_code
          WHERE o.asset_id = m.id AND e.street_code IS NOT NULL GROUP BY e.street_code`);
      case 'entity':
        return top(sql`SELECT ${f} AS f, CAST(o.entity_id AS TEXT) AS v, count(DISTINCT o.asset_id) AS n,
            max(e.name) AS l
          FROM m CROSS JOIN ip_owner o JOIN entity e ON e.id = o.entity_id
          WHERE o.asset_id = m.id GROUP BY o.entity_id`);
      case 'industry':
        return top(sql`SELECT ${f} AS f, e.industry AS v, count(DISTINCT o.asset_id) AS n, '' AS l
          FROM m CROSS JOIN ip_owner o JOIN entity e ON e.id = o.entity_id
          WHERE o.asset_id = m.id AND e.industry IS NOT NULL GROUP BY e.industry`);
      default:
        throw unknownFacet(name);
    }
  };
  const unique = [...new Set(facets)];
  const branches = [sql`SELECT 'total' AS f, '' AS v, count(*) AS n, '' AS l FROM m`, ...unique.map(branch)];
  // the IPC symbols of the matching set, joined once for the three IPC levels
  const ipcKeys = unique.some((f) => f.startsWith('ipc'))
    ? sql`, mk AS MATERIALIZED (
        SELECT k.asset_id, k.v FROM m CROSS JOIN search_key k WHERE k.asset_id = m.id AND k.k = 'ipc')`
    : sql``;
  const res = await sql<{ f: string; v: string | number; n: number | string; l: string | null }>`
    WITH m AS MATERIALIZED (
      SELECT a.id, a.kind, a.sub_type, a.status, a.filing_date FROM ip_asset a WHERE ${match}
    )${ipcKeys}
    ${sql.join(branches, sql` UNION ALL `)}`.execute(exec);
  let total = 0;
  const out: Partial<Record<FacetName, FacetBucket[]>> = {};
  for (const f of unique) out[f] = [];
  for (const r of res.rows) {
    if (r.f === 'total') {
      total = Number(r.n);
      continue;
    }
    const bucket: FacetBucket = { value: String(r.v), count: Number(r.n) };
    if (r.l) bucket.label = r.l;
    out[r.f as FacetName]!.push(bucket);
  }
  for (const list of Object.values(out))
    list.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
  return { total, facets: out };
}
