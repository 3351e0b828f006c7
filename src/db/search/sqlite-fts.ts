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
import { decodeCursor, encodeCursor, planQuery, rankTokens, type Plan, type SearchSort } from './plan.ts';
import { normalizeText, segmentForIndex } from './segment.ts';
import {
  confidentialCond,
  facetCounts,
  keyRows,
  keysetCond,
  orderFor,
  renderPlan,
  type Cond,
  type OrderSpec,
  type TextDialect,
  type TextKind,
} from './sql-common.ts';
import { forEachDocPage, refreshDocs } from './docs.ts';
import type { SearchDoc, SearchIndex, SearchOptions, SearchResult } from './search-index.ts';

/** bm25 column weights: title, abstract, applicants */
const BM25 = sql.raw('bm25(search_fts, 10.0, 2.0, 4.0)');
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
    const expr = matchExpr(plan, kind);
    if (expr === null) return null;
    return kind === 'token'
      ? sql<SqlBool>`a.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${expr})`
      : sql<SqlBool>`a.id IN (SELECT rowid FROM search_tri WHERE search_tri MATCH ${expr})`;
  },
};

/** The OR of the query's words for bm25, or null when there is nothing to rank by. */
function rankExpr(ast: QueryNode): string | null {
  const toks = rankTokens(ast);
  if (toks.length === 0) return null;
  return toks.map((t) => `${columnFilter(t.columns)}${quote(t.token)}`).join(' OR ');
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
    'delFts' | 'delTri' | 'delKeys' | 'insFts' | 'insTri' | 'insKey',
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
    };
    return this.statements;
  }

  async upsert(tx: Executor, docs: readonly SearchDoc[]): Promise<void> {
    await this.write(tx, docs, true);
  }

  /** `replace`: delete the documents' rows first (not needed right after a 'delete-all') */
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
      }
      return;
    }
    if (replace)
      await this.remove(
        tx,
        docs.map((d) => d.assetId),
      );
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
  }

  async rebuild(exec: Executor, onProgress?: (done: number, total: number) => void): Promise<number> {
    if (!exec.isTransaction) return exec.transaction().execute((tx) => this.rebuild(tx, onProgress));
    await sql`INSERT INTO search_fts (search_fts) VALUES ('delete-all')`.execute(exec);
    await sql`INSERT INTO search_tri (search_tri) VALUES ('delete-all')`.execute(exec);
    await exec.deleteFrom('search_key').execute();
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
    const conds: Cond[] = [renderPlan(plan, textDialect)];
    const scope = confidentialCond(opts.confidential);
    if (scope) conds.push(scope);
    const match = conds.length === 1 ? conds[0]! : sql<SqlBool>`(${sql.join(conds, sql` AND `)})`;

    const rank = rankExpr(ast);
    let sort: SearchSort = opts.sort ?? 'relevance';
    if (sort === 'relevance' && rank === null) sort = 'newest';
    const relevance: OrderSpec | null = rank ? { expr: sql`coalesce(r.score, 0)`, dir: 'asc' } : null;
    const order = orderFor(sort, relevance);
    const cursor = opts.cursor ? decodeCursor(opts.cursor, sort) : undefined;

    // the ranking is materialised once (joined to a virtual-table subquery, SQLite would re-run the
    // MATCH for every row)
    const ranked = rank !== null && sort === 'relevance';
    const q = exec
      .with(
        (cte) => cte('r').materialized(),
        () =>
          ranked
            ? sql<{ rid: number; score: number }>`(SELECT rowid AS rid, ${BM25} AS score FROM search_fts
                WHERE search_fts MATCH ${rank})`
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
    const page = rows.slice(0, limit);
    const lastRow = page[page.length - 1];
    const nextCursor =
      rows.length > limit && lastRow
        ? encodeCursor({ sort, value: lastRow.sv as string | number | null, id: Number(lastRow.id) })
        : null;

    const { total, facets } = await facetCounts(exec, match, opts.facets ?? [], opts.facetLimit ?? 50);
    return { total, ids: page.map((r) => Number(r.id)), facets, nextCursor };
  }
}
