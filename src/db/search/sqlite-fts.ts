/**
 * The search index on SQLite: two contentless FTS5 tables keyed by rowid = ip_asset.id, and search_key.
 *
 * - `search_fts(title, abstract, applicants)`, tokenizer unicode61 over pre-segmented text (segment.ts):
 *   token look-ups (`{title abstract applicants} : "电池"`, `"led"*`) and bm25 ranking
 *   (weights title 10, abstract 2, applicants 4).
 * - `search_tri(title, abstract, applicants, numbers)`, tokenizer trigram over the normalised text:
 *   substrings of three or more characters (`title : "锂离子"`), phrases, parts of numbers.
 * - `search_key`: number keys, IPC symbols, Nice classes (exact and prefix look-ups, facets).
 *
 * Boolean subtrees of one kind become one MATCH expression (`(a AND b) NOT (c)`); the rest is SQL.
 */
import type SQLite from 'better-sqlite3';
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../connect.ts';
import type { QueryNode } from '../../domain/search/query.ts';
import {
  decodeCursor,
  pageOf,
  planQuery,
  rankTokens,
  type CursorPos,
  type Page,
  type Plan,
  type SearchSort,
} from './plan.ts';
import { normalizeText, segmentForIndex } from './segment.ts';
import {
  countsFor,
  keyRows,
  matchingIds,
  keysetCond,
  orderFor,
  renderPlan,
  scopedMatch,
  type Cond,
  type TextDialect,
  type TextKind,
} from './sql-common.ts';
import { forEachDocPage, refreshDocs } from './docs.ts';
import { recordChanges, recordRebuild } from './changes.ts';
import { answerFromMemory } from './memory-search.ts';
import { COLUMN_WEIGHT } from './memory-index.ts';
import type { SearchDoc, SearchIndex, SearchOptions, SearchResult } from './search-index.ts';

/** bm25 with the column weights of title, abstract, applicants (the memory index ranks with the same) */
const BM25_SQL = `bm25(search_fts, ${COLUMN_WEIGHT.title}, ${COLUMN_WEIGHT.abstract}, ${COLUMN_WEIGHT.applicants})`;
const BM25 = sql.raw(BM25_SQL);
const BATCH = 200;

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function columnFilter(columns: readonly string[]): string {
  return columns.length === 1 ? `${columns[0]} : ` : `{${columns.join(' ')}} : `;
}

/** An FTS5 MATCH expression for a subtree of one kind, or null (a NOT without a positive side, …). */
function matchExpr(p: Plan, kind: TextKind): string | null {
  if ('a' in p) {
    if (p.a === 'token' && kind === 'token')
      return `${columnFilter(p.columns)}${quote(p.token)}${p.prefix ? '*' : ''}`;
    if (p.a === 'substring' && kind === 'substring') return `${columnFilter(p.columns)}${quote(p.text)}`;
    return null;
  }
  if (p.op === 'not') return null;
  if (p.op === 'or') {
    const parts = p.children.map((c) => matchExpr(c, kind));
    return parts.every((x): x is string => x !== null) ? `(${parts.join(' OR ')})` : null;
  }
  const pos: string[] = [];
  const neg: string[] = [];
  for (const c of p.children) {
    const e = 'op' in c && c.op === 'not' ? matchExpr(c.child, kind) : matchExpr(c, kind);
    if (e === null) return null;
    ('op' in c && c.op === 'not' ? neg : pos).push(e);
  }
  if (pos.length === 0) return null;
  return `(${pos.join(' AND ')}${neg.map((n) => ` NOT ${n}`).join('')})`;
}

const textDialect: TextDialect = {
  pure(kind, plan) {
    const ids = this.ids(kind, plan);
    return ids === null ? null : sql<SqlBool>`a.id IN (${ids})`;
  },
  ids(kind, plan) {
    const expr = matchExpr(plan, kind);
    if (expr === null) return null;
    return kind === 'token'
      ? sql<{ id: number }>`SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ${expr}`
      : sql<{ id: number }>`SELECT rowid AS id FROM search_tri WHERE search_tri MATCH ${expr}`;
  },
};

/** The query's words (rankTokens) joined by OR / AND, for bm25. */
function rankExpr(toks: readonly { columns: readonly string[]; token: string }[], op: 'OR' | 'AND'): string {
  return toks.map((t) => `${columnFilter(t.columns)}${quote(t.token)}`).join(` ${op} `);
}

interface TextRow {
  rowid: number;
  title: string;
  abstract: string;
  applicants: string;
}

function ftsRow(d: SearchDoc): TextRow {
  return {
    rowid: d.assetId,
    title: segmentForIndex(d.title),
    abstract: segmentForIndex(d.abstract),
    applicants: d.applicants.map((a) => segmentForIndex(a)).join(' '),
  };
}

function triRow(d: SearchDoc): TextRow & { numbers: string } {
  return {
    rowid: d.assetId,
    title: normalizeText(d.title ?? ''),
    abstract: normalizeText(d.abstract ?? ''),
    applicants: d.applicants.map(normalizeText).join('\n'),
    numbers: normalizeText(d.numbers.join(' ')),
  };
}

export class SqliteFtsIndex implements SearchIndex {
  readonly dialect = 'sqlite' as const;
  private statements?: Record<
    'delFts' | 'delTri' | 'delKeys' | 'insFts' | 'insTri' | 'insKey' | 'insChange',
    SQLite.Statement
  >;

  /** `raw`: the better-sqlite3 handle behind the Kysely instance, for fast bulk writes (optional) */
  constructor(private readonly raw?: SQLite.Database) {}

  private prepared() {
    if (!this.raw) return undefined;
    this.statements ??= {
      delFts: this.raw.prepare('DELETE FROM search_fts WHERE rowid = ?'),
      delTri: this.raw.prepare('DELETE FROM search_tri WHERE rowid = ?'),
      delKeys: this.raw.prepare('DELETE FROM search_key WHERE asset_id = ?'),
      insFts: this.raw.prepare(
        'INSERT INTO search_fts (rowid, title, abstract, applicants) VALUES (?, ?, ?, ?)',
      ),
      insTri: this.raw.prepare(
        'INSERT INTO search_tri (rowid, title, abstract, applicants, numbers) VALUES (?, ?, ?, ?, ?)',
      ),
      insKey: this.raw.prepare('INSERT OR IGNORE INTO search_key (asset_id, k, v) VALUES (?, ?, ?)'),
      insChange: this.raw.prepare('INSERT INTO search_change (asset_id) VALUES (?)'),
    };
    return this.statements;
  }

  async upsert(tx: Executor, docs: readonly SearchDoc[]): Promise<void> {
    await this.write(tx, docs, true);
  }

  /**
   * `replace`: delete the documents' rows first and record the change (search_change); neither is needed in a
   * rebuild, which starts from 'delete-all' and records itself once
   */
  private async write(tx: Executor, docs: readonly SearchDoc[], replace: boolean): Promise<void> {
    if (docs.length === 0) return;
    const st = this.prepared();
    if (st) {
      // the raw handle is the connection the Kysely transaction runs on: these writes are part of it.
      // All deletes first, then all inserts: FTS5 flushes its pending inserts before every delete.
      if (replace)
        for (const d of docs) {
          st.delFts.run(d.assetId);
          st.delTri.run(d.assetId);
          st.delKeys.run(d.assetId);
        }
      for (const d of docs) {
        const f = ftsRow(d);
        st.insFts.run(f.rowid, f.title, f.abstract, f.applicants);
        const t = triRow(d);
        st.insTri.run(t.rowid, t.title, t.abstract, t.applicants, t.numbers);
        for (const k of keyRows(d)) st.insKey.run(k.asset_id, k.k, k.v);
        if (replace) st.insChange.run(d.assetId);
      }
      return;
    }
    if (replace)
      await this.remove(
        tx,
        docs.map((d) => d.assetId),
      ); // records the change too
    for (let i = 0; i < docs.length; i += BATCH) {
      const batch = docs.slice(i, i + BATCH);
      await tx.insertInto('search_fts').values(batch.map(ftsRow)).execute();
      await tx.insertInto('search_tri').values(batch.map(triRow)).execute();
      const keys = batch.flatMap(keyRows);
      for (let j = 0; j < keys.length; j += 300)
        await tx
          .insertInto('search_key')
          .values(keys.slice(j, j + 300))
          .execute();
    }
  }

  async refresh(tx: Executor, assetIds: readonly number[]): Promise<void> {
    await refreshDocs(this, tx, assetIds);
  }

  async remove(tx: Executor, assetIds: readonly number[]): Promise<void> {
    for (let i = 0; i < assetIds.length; i += 500) {
      const ids = assetIds.slice(i, i + 500);
      await tx.deleteFrom('search_fts').where('rowid', 'in', ids).execute();
      await tx.deleteFrom('search_tri').where('rowid', 'in', ids).execute();
      await tx.deleteFrom('search_key').where('asset_id', 'in', ids).execute();
    }
    await recordChanges(tx, assetIds);
  }

  async rebuild(exec: Executor, onProgress?: (done: number, total: number) => void): Promise<number> {
    if (!exec.isTransaction) return exec.transaction().execute((tx) => this.rebuild(tx, onProgress));
    await sql`INSERT INTO search_fts (search_fts) VALUES ('delete-all')`.execute(exec);
    await sql`INSERT INTO search_tri (search_tri) VALUES ('delete-all')`.execute(exec);
    await exec.deleteFrom('search_key').execute();
    await recordRebuild(exec);
    const done = await forEachDocPage(
      exec,
      async (docs) => {
        await this.write(exec, docs, false);
      },
      onProgress,
    );
    await sql`INSERT INTO search_fts (search_fts) VALUES ('optimize')`.execute(exec);
    await sql`INSERT INTO search_tri (search_tri) VALUES ('optimize')`.execute(exec);
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

    const toks = rankTokens(ast);
    let sort: SearchSort = opts.sort ?? 'relevance';
    if (sort === 'relevance' && toks.length === 0) sort = 'newest';
    const cursor = opts.cursor ? decodeCursor(opts.cursor, sort) : undefined;
    const page =
      sort === 'relevance' && this.raw
        ? rankedPage(this.raw, toks, await matching(), limit, cursor)
        : await this.orderedPage(exec, match, sort, toks, limit, cursor);
    const { total, facets } = fromMemory ?? (await countsFor(exec, match, opts, matching));
    return { total, ids: page.ids, facets, nextCursor: page.nextCursor };
  }

  /** A page in SQL: any sort, relevance with bm25 over every matching row (without the raw handle). */
  private async orderedPage(
    exec: Executor,
    match: Cond,
    sort: SearchSort,
    toks: RankToken[],
    limit: number,
    cursor: CursorPos | undefined,
  ): Promise<Page> {
    const ranked = sort === 'relevance';
    const order = orderFor(sort, ranked ? { expr: sql`coalesce(r.score, 0)`, dir: 'asc' } : null);
    // the ranking is materialised once (joined to a virtual-table subquery, SQLite would re-run the
    // MATCH for every row)
    const q = exec
      .with(
        (cte) => cte('r').materialized(),
        () =>
          ranked
            ? sql<{ rid: number; score: number }>`(SELECT rowid AS rid, ${BM25} AS score FROM search_fts
                WHERE search_fts MATCH ${rankExpr(toks, 'OR')})`
            : sql<{ rid: number; score: number }>`(SELECT 0 AS rid, 0.0 AS score WHERE 0)`,
      )
      .selectFrom('ip_asset as a')
      .$if(ranked, (b) => b.leftJoin('r', 'r.rid', 'a.id'))
      .select(['a.id', order.expr.as('sv')])
      .where(match)
      .$if(!!cursor, (b) => b.where(keysetCond(order, cursor!)))
      .orderBy(order.expr, order.dir)
      .orderBy('a.id', order.dir)
      .limit(limit + 1);
    const rows = await q.execute();
    return pageOf(
      sort,
      rows.map((r) => ({ id: Number(r.id), sv: r.sv as string | number | null })),
      limit,
    );
  }
}

type RankToken = ReturnType<typeof rankTokens>[number];

/**
 * A page by relevance, as orderedPage computes it — bm25 of the OR of the query's words ascending (best
 * first), matching rows without any of the words last (score 0), ties by id — but with FTS5 ordering the
 * ranked rows itself and the page read off the front of that order, keeping the matching ones.
 *
 * When every matching row holds every word, the words are ranked as an AND instead: bm25 sums one term per
 * word, computed from that word's hits in the row and its frequency in the whole index, so a row holding
 * all the words gets the same score from the AND as from the OR — and FTS5 then only scores the rows holding
 * all of them (`applicant:<full name>` no longer scores every row that says 上海 or 有限公司).
 */
function rankedPage(
  raw: SQLite.Database,
  toks: RankToken[],
  matchingIds: ArrayLike<number>,
  limit: number,
  cursor: CursorPos | undefined,
): Page {
  const matching = Array.from(matchingIds);
  const inMatch = new Set(matching);
  let expr = rankExpr(toks, 'OR');
  if (toks.length > 1) {
    const and = rankExpr(toks, 'AND');
    const holdingAll = new Set(
      raw.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck().all(and) as number[],
    );
    if (matching.every((id) => holdingAll.has(id))) expr = and;
  }
  const after = (score: number, id: number) =>
    !cursor || score > Number(cursor.value) || (score === Number(cursor.value) && id > cursor.id);
  const rows: { id: number; sv: number }[] = [];
  const scored = new Set<number>();
  const stream = raw
    .prepare(`SELECT rowid, ${BM25_SQL} AS s FROM search_fts WHERE search_fts MATCH ? ORDER BY s, rowid`)
    .raw()
    .iterate(expr) as IterableIterator<[number, number]>;
  for (const [id, score] of stream) {
    if (!inMatch.has(id)) continue;
    scored.add(id);
    if (after(score, id)) rows.push({ id, sv: score });
    if (rows.length > limit) break; // leaving the loop finalises the statement
  }
  if (rows.length <= limit) {
    const unscored = matching.filter((id) => !scored.has(id) && after(0, id)).sort((x, y) => x - y);
    for (const id of unscored.slice(0, limit + 1 - rows.length)) rows.push({ id, sv: 0 });
  }
  return pageOf('relevance', rows, limit);
}
