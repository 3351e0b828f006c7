/**
 * The search index on PostgreSQL: `search_doc` (one row per asset) and search_key.
 *
 * - `tsv`: a tsvector of the same pre-segmented tokens as SQLite's search_fts (segment.ts), weighted by
 *   field — A title, B abstract, C applicants — with a GIN index. It is built from the tokens directly
 *   (a tsvector literal, like the 'simple' configuration: no stemming, no stop words, lower case), not by
 *   `to_tsvector`, so PostgreSQL's parser cannot split a token differently from SQLite's tokenizer (it
 *   splits `v1.5`, hyphenated words, e-mail addresses and URLs in its own way).
 *   Token look-ups are tsqueries (`'电池':ABC`, `'led':*A`); a field restricts the weights.
 * - `title`, `abstract`, `applicants`, `numbers`: the normalised text with pg_trgm GIN indexes, for
 *   substrings (`title LIKE '%锂离子%'`). pg_trgm counts CJK characters as word characters under a UTF-8
 *   ctype (C.UTF-8, zh_CN.UTF-8 …); under the plain C ctype the index cannot narrow such a LIKE and
 *   PostgreSQL falls back to scanning search_doc (same results, slower).
 * - Ranking: ts_rank with weights A 1.0, B 0.2, C 0.4 (as SQLite's bm25 weights 10 / 2 / 4).
 */
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../connect.ts';
import type { QueryNode } from '../../domain/search/query.ts';
import {
  decodeCursor,
  encodeCursor,
  pageOf,
  planQuery,
  rankTokens,
  type CursorPos,
  type Plan,
  type SearchSort,
  type SubstringColumn,
  type TextColumn,
} from './plan.ts';
import { indexTokens, normalizeText } from './segment.ts';
import {
  countsFor,
  keyRows,
  matchingIds,
  keysetCond,
  likeEscape,
  orderFor,
  renderPlan,
  scopedMatch,
  unscoped,
  type Cond,
  type OrderSpec,
  type TextDialect,
  type TextKind,
} from './sql-common.ts';
import { forEachDocPage, refreshDocs } from './docs.ts';
import { recordChanges, recordRebuild } from './changes.ts';
import { answerFromMemory } from './memory-search.ts';
import type { SearchDoc, SearchIndex, SearchOptions, SearchResult } from './search-index.ts';

const WEIGHT: Readonly<Record<TextColumn, string>> = { title: 'A', abstract: 'B', applicants: 'C' };
/** ts_rank weights {D, C, B, A} */
const RANK_WEIGHTS = sql.raw("'{0.1, 0.4, 0.2, 1.0}'::float4[]");
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 255;

function quoteLexeme(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A tsvector literal of the tokens of each field: `'电池':1A,7B '芯片':2A`. */
export function tsvectorLiteral(fields: readonly { tokens: readonly string[]; weight: string }[]): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  for (const f of fields)
    for (const t of f.tokens) {
      pos = Math.min(pos + 1, MAX_POSITION);
      const list = positions.get(t) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${pos}${f.weight}`);
      positions.set(t, list);
    }
  return [...positions].map(([t, ps]) => `${quoteLexeme(t)}:${ps.join(',')}`).join(' ');
}

function weights(columns: readonly TextColumn[]): string {
  return columns.map((c) => WEIGHT[c]).join('');
}

/** A tsquery for a subtree of tokens, or null (a NOT without a positive side …). */
function tsquery(p: Plan): string | null {
  if ('a' in p)
    return p.a === 'token' ? `${quoteLexeme(p.token)}:${p.prefix ? '*' : ''}${weights(p.columns)}` : null;
  if (p.op === 'not') return null;
  if (p.op === 'or') {
    const parts = p.children.map(tsquery);
    return parts.every((x): x is string => x !== null) ? `(${parts.join(' | ')})` : null;
  }
  const parts: string[] = [];
  let positive = false;
  for (const c of p.children) {
    const negated = 'op' in c && c.op === 'not';
    const e = tsquery(negated ? c.child : c);
    if (e === null) return null;
    parts.push(negated ? `!${e}` : e);
    positive ||= !negated;
  }
  return positive ? `(${parts.join(' & ')})` : null;
}

/** A condition on search_doc for a subtree of substrings. */
function likeCond(p: Plan): Cond | null {
  if ('a' in p) {
    if (p.a !== 'substring') return null;
    const pattern = `%${likeEscape(p.text)}%`;
    const cols = p.columns.map((c: SubstringColumn) => sql<SqlBool>`${sql.ref(`d.${c}`)} LIKE ${pattern}`);
    return cols.length === 1 ? cols[0]! : sql<SqlBool>`(${sql.join(cols, sql` OR `)})`;
  }
  if (p.op === 'not') {
    const inner = likeCond(p.child);
    return inner ? sql<SqlBool>`NOT (${inner})` : null;
  }
  const parts = p.children.map(likeCond);
  if (!parts.every((x): x is Cond => x !== null)) return null;
  return sql<SqlBool>`(${sql.join(parts, sql.raw(p.op === 'and' ? ' AND ' : ' OR '))})`;
}

/**
 * A condition on search_doc for a subtree of text atoms of both kinds; null for a NOT under an OR (a row
 * without a document would then match) and for anything but text.
 */
function docCond(p: Plan): Cond | null {
  if ('a' in p) {
    if (p.a === 'token') return sql<SqlBool>`d.tsv @@ CAST(${tsquery(p)} AS tsquery)`;
    return p.a === 'substring' ? likeCond(p) : null;
  }
  if (p.op === 'not') {
    const inner = docCond(p.child);
    return inner ? sql<SqlBool>`NOT (${inner})` : null;
  }
  if (p.op === 'or' && p.children.some((c) => 'op' in c && c.op === 'not')) return null;
  const parts = p.children.map(docCond);
  if (!parts.every((x): x is Cond => x !== null)) return null;
  return sql<SqlBool>`(${sql.join(parts, sql.raw(p.op === 'and' ? ' AND ' : ' OR '))})`;
}

/** docCond of a whole plan with a positive side (a NOT alone would match assets without a document) */
function positiveDocCond(plan: Plan): Cond | null {
  if ('op' in plan && plan.op === 'not') return null;
  if ('op' in plan && plan.op === 'and' && plan.children.every((c) => 'op' in c && c.op === 'not'))
    return null;
  return docCond(plan);
}

const textDialect: TextDialect = {
  mixedIds(plan: Plan) {
    const c = positiveDocCond(plan);
    return c === null ? null : sql<{ id: string }>`SELECT d.asset_id AS id FROM search_doc d WHERE ${c}`;
  },
  pure(kind: TextKind, plan: Plan) {
    const ids = this.ids(kind, plan);
    return ids === null ? null : sql<SqlBool>`a.id IN (${ids})`;
  },
  ids(kind: TextKind, plan: Plan) {
    if ('op' in plan && plan.op === 'not') return null;
    if (kind === 'token') {
      const q = tsquery(plan);
      return q === null
        ? null
        : sql<{ id: string }>`SELECT asset_id AS id FROM search_doc WHERE tsv @@ CAST(${q} AS tsquery)`;
    }
    if ('op' in plan && plan.op === 'and' && plan.children.every((c) => 'op' in c && c.op === 'not'))
      return null;
    const c = likeCond(plan);
    return c === null ? null : sql<{ id: string }>`SELECT d.asset_id AS id FROM search_doc d WHERE ${c}`;
  },
};

function rankQuery(ast: QueryNode): string | null {
  const toks = rankTokens(ast);
  if (toks.length === 0) return null;
  return toks.map((t) => `${quoteLexeme(t.token)}:${weights(t.columns)}`).join(' | ');
}

function docRow(d: SearchDoc) {
  const tsv = tsvectorLiteral([
    { tokens: indexTokens(d.title), weight: 'A' },
    { tokens: indexTokens(d.abstract), weight: 'B' },
    { tokens: d.applicants.flatMap((a) => indexTokens(a)), weight: 'C' },
  ]);
  return {
    asset_id: d.assetId,
    tsv: sql<string>`CAST(${tsv} AS tsvector)`,
    title: normalizeText(d.title ?? ''),
    abstract: normalizeText(d.abstract ?? ''),
    applicants: d.applicants.map(normalizeText).join('\n'),
    numbers: normalizeText(d.numbers.join(' ')),
  };
}

const BATCH = 200;
const GIN_INDEXES = [
  'search_doc_tsv_idx',
  'search_doc_title_trgm_idx',
  'search_doc_abstract_trgm_idx',
  'search_doc_applicants_trgm_idx',
  'search_doc_numbers_trgm_idx',
];

export class PgFtsIndex implements SearchIndex {
  readonly dialect = 'postgres' as const;

  async upsert(tx: Executor, docs: readonly SearchDoc[]): Promise<void> {
    await this.write(tx, docs);
    await recordChanges(
      tx,
      docs.map((d) => d.assetId),
    );
  }

  private async write(tx: Executor, docs: readonly SearchDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) {
      const batch = docs.slice(i, i + BATCH);
      await tx
        .insertInto('search_doc')
        .values(batch.map(docRow))
        .onConflict((oc) =>
          oc.column('asset_id').doUpdateSet((eb) => ({
            tsv: eb.ref('excluded.tsv'),
            title: eb.ref('excluded.title'),
            abstract: eb.ref('excluded.abstract'),
            applicants: eb.ref('excluded.applicants'),
            numbers: eb.ref('excluded.numbers'),
          })),
        )
        .execute();
      await tx
        .deleteFrom('search_key')
        .where(
          'asset_id',
          'in',
          batch.map((d) => d.assetId),
        )
        .execute();
      const keys = batch.flatMap(keyRows);
      for (let j = 0; j < keys.length; j += 1000)
        await tx
          .insertInto('search_key')
          .values(keys.slice(j, j + 1000))
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
  }

  async refresh(tx: Executor, assetIds: readonly number[]): Promise<void> {
    await refreshDocs(this, tx, assetIds);
  }

  async remove(tx: Executor, assetIds: readonly number[]): Promise<void> {
    for (let i = 0; i < assetIds.length; i += 1000) {
      const ids = assetIds.slice(i, i + 1000);
      await tx.deleteFrom('search_doc').where('asset_id', 'in', ids).execute();
      await tx.deleteFrom('search_key').where('asset_id', 'in', ids).execute();
    }
    await recordChanges(tx, assetIds);
  }

  async rebuild(exec: Executor, onProgress?: (done: number, total: number) => void): Promise<number> {
    if (!exec.isTransaction) return exec.transaction().execute((tx) => this.rebuild(tx, onProgress));
    await exec.deleteFrom('search_doc').execute();
    await exec.deleteFrom('search_key').execute();
    await recordRebuild(exec);
    const done = await forEachDocPage(
      exec,
      async (docs) => {
        await this.write(exec, docs);
      },
      onProgress,
    );
    // move the GIN pending lists into the indexes (a long pending list makes every look-up scan it, and
    // the planner then prefers a sequential scan) and refresh the statistics; VACUUM cannot run in a
    // transaction, these can
    for (const index of GIN_INDEXES)
      await sql`SELECT gin_clean_pending_list(${sql.lit(index)}::regclass)`.execute(exec);
    // the registry tables too: a bulk import leaves their statistics behind, and the planner then misjudges
    // the matching set's joins
    for (const table of ['search_doc', 'search_key', 'ip_asset', 'ip_owner', 'entity'])
      await sql`ANALYZE ${sql.id(table)}`.execute(exec);
    return done;
  }

  async search(exec: Executor, ast: QueryNode, opts: SearchOptions): Promise<SearchResult> {
    const limit = Math.max(1, Math.min(1000, Math.trunc(opts.limit)));
    const plan = planQuery(ast);
    const match = scopedMatch(renderPlan(plan, textDialect), opts);
    let ids: Promise<ArrayLike<number>> | undefined;
    const matching = () => (ids ??= matchingIds(exec, plan, match, textDialect, opts));

    const fromMemory = await answerFromMemory(exec, plan, ast, opts, limit, textDialect);
    if (fromMemory?.page) return fromMemory.page;
    if (fromMemory) ids = Promise.resolve(fromMemory.ids);

    const rank = rankQuery(ast);
    let sort: SearchSort = opts.sort ?? 'relevance';
    if (sort === 'relevance' && rank === null) sort = 'newest';
    const ranked = rank !== null && sort === 'relevance';
    const relevance: OrderSpec | null = rank
      ? {
          expr: sql`coalesce(ts_rank(${RANK_WEIGHTS}, rd.tsv, CAST(${rank} AS tsquery)), 0)`,
          dir: 'desc',
          cast: 'real',
        }
      : null;
    const order = orderFor(sort, relevance);
    const cursor = opts.cursor ? decodeCursor(opts.cursor, sort) : undefined;

    // a text-only query, ranked: matching rows and their ts_rank in one scan of search_doc, the page picked
    // here (the ids serve the facet counts too)
    const docOnly = ranked && unscoped(opts) ? positiveDocCond(plan) : null;
    if (docOnly) {
      const scored = await sql<{ id: string; sv: number }>`
        SELECT d.asset_id AS id, ts_rank(${RANK_WEIGHTS}, d.tsv, CAST(${rank} AS tsquery)) AS sv
        FROM search_doc d WHERE ${docOnly}`.execute(exec);
      const all = scored.rows.map((r) => ({ id: Number(r.id), sv: Number(r.sv) }));
      ids = Promise.resolve(all.map((r) => r.id));
      const page = topByRank(all, cursor, limit);
      const { total, facets } = await countsFor(exec, match, opts, matching);
      return { total, ids: page.ids, facets, nextCursor: page.nextCursor };
    }

    // ranked: ts_rank over the matching ids only, sorting (id, rank) pairs — not every asset's row with its
    // tsvector, which the planner otherwise joins first
    const rows = ranked
      ? await sql<{ id: string; sv: number }>`SELECT id, sv FROM (
            SELECT m.id AS id, ${order.expr} AS sv
            FROM unnest(CAST(${Array.from(await matching())} AS bigint[])) AS m(id)
              LEFT JOIN search_doc rd ON rd.asset_id = m.id
          ) AS a
          WHERE ${cursor ? keysetCond({ ...order, expr: sql`a.sv` }, cursor) : sql`TRUE`}
          ORDER BY a.sv DESC, a.id DESC LIMIT ${limit + 1}`
          .execute(exec)
          .then((r) => r.rows)
      : await exec
          .selectFrom('ip_asset as a')
          .select(['a.id', order.expr.as('sv')])
          .where(match)
          .$if(!!cursor, (b) => b.where(keysetCond(order, cursor!)))
          .orderBy(order.expr, order.dir)
          .orderBy('a.id', order.dir)
          .limit(limit + 1)
          .execute();
    const page = rows.slice(0, limit);
    const lastRow = page[page.length - 1];
    const nextCursor =
      rows.length > limit && lastRow
        ? encodeCursor({ sort, value: lastRow.sv as string | number | null, id: Number(lastRow.id) })
        : null;

    const { total, facets } = fromMemory ?? (await countsFor(exec, match, opts, matching));
    return { total, ids: page.map((r) => Number(r.id)), facets, nextCursor };
  }
}

/**
 * The page of rows ranked by ts_rank descending, ties by id descending (as the SQL order), after the cursor.
 * The ranks are the float4 values as PostgreSQL prints them, so equal ranks compare equal here too.
 */
function topByRank(
  rows: { id: number; sv: number }[],
  cursor: CursorPos | undefined,
  limit: number,
): { ids: number[]; nextCursor: string | null } {
  const cv = cursor ? Number(cursor.value) : 0;
  const after = cursor ? rows.filter((r) => r.sv < cv || (r.sv === cv && r.id < cursor.id)) : rows;
  after.sort((x, y) => y.sv - x.sv || y.id - x.id);
  return pageOf('relevance', after.slice(0, limit + 1), limit);
}
