/**
 * A search answered from memory: words from the in-memory word index (memory-index.ts), registry conditions
 * (type, status, year, IPC down to the subclass, Nice class, street) and the confidential scope tested on the
 * facet snapshot of the current data version (facet-snapshot.ts), and only the rest — substrings through the
 * trigram index, numbers, deeper IPC symbols — read from SQL as id sets. The matching set is combined as
 * sorted id arrays; total and facets are counted on the snapshot; relevance is bm25 over the matching set
 * (the same scores as FTS5's, see memory-index.ts), newest / oldest are read off the id order.
 *
 * It gives the same matching set, total and facets as the SQL index (the snapshot holds the same values
 * ip_asset does at that version); search-index.test.ts compares both on real data. Sorting by a date is left
 * to SQL (`page` undefined): the caller pages it there.
 *
 * A relevance cursor made here carries its score as `bm25:<score>`, so a cursor of the other order (ts_rank
 * on PostgreSQL) is never read as one of these: `memorySearch` returns null for it and SQL answers.
 */
import { sql } from 'kysely';
import { RuleError } from '../../domain/errors.ts';
import type { Executor } from '../connect.ts';
import type { QueryNode } from '../../domain/search/query.ts';
import { toHalfWidth } from '../../domain/names.ts';
import type { FacetSnapshot } from './facet-snapshot.ts';
import type { Bm25Stats, MemoryIndex } from './memory-index.ts';
import {
  decodeCursor,
  pageOf,
  rankTokens,
  type Atom,
  type CursorPos,
  type Plan,
  type SearchSort,
} from './plan.ts';
import { atomIdSet, likeEscape, type TextDialect } from './sql-common.ts';
import type { FacetName, SearchOptions, SearchResult } from './search-index.ts';
import { except, filter, intersect, union } from './id-sets.ts';

/** A part of the plan: a sorted set of ids, a test of one id, or everything but a sorted set. */
type Part =
  { set: Int32Array } | { test: (id: number) => boolean; all?: () => Int32Array } | { except: Int32Array };

const EMPTY: Int32Array = new Int32Array(0);
const RELEVANCE_TAG = 'bm25:';

/** true for a relevance cursor made by memorySearch */
export function isMemoryCursor(cursor: string | undefined, sort: SearchSort | undefined): boolean {
  if (!cursor || (sort ?? 'relevance') !== 'relevance') return false;
  try {
    const v = decodeCursor(cursor, 'relevance').value;
    return typeof v === 'string' && v.startsWith(RELEVANCE_TAG);
  } catch {
    return false;
  }
}

interface Context {
  exec: Executor;
  memory: MemoryIndex;
  snapshot: FacetSnapshot;
  text: TextDialect;
}

function sortedIds(rows: readonly { id: number | string }[]): Int32Array {
  const out = Int32Array.from(rows, (r) => Number(r.id));
  return out.sort();
}

/** The part as a set (a test or an exception is applied to every asset of the snapshot). */
function materialise(p: Part, cx: Context): Int32Array {
  if ('set' in p) return p.set;
  if ('test' in p) return p.all ? p.all() : filter(cx.snapshot.ids(), p.test);
  return except(cx.snapshot.ids(), p.except);
}

/** A condition on a facet's values: tested per id on the snapshot, or read as the snapshot's id lists. */
function facetPart(snapshot: FacetSnapshot, facet: FacetName, accept: (value: string) => boolean): Part {
  return { test: snapshot.matcher(facet, accept), all: () => snapshot.idsWhere(facet, accept) };
}

/** IPC levels held by the snapshot: symbol prefix length → facet */
const IPC_LEVELS = [
  [1, 'ipcSection'],
  [3, 'ipcClass'],
  [4, 'ipcSubclass'],
] as const;

async function atomPart(a: Atom, cx: Context): Promise<Part> {
  const { snapshot } = cx;
  switch (a.a) {
    case 'token':
      return { set: cx.memory.hits(a.token, a.columns, a.prefix) };
    case 'substring': {
      const inMemory = cx.memory.substringHits(a.text, a.columns);
      if (inMemory) return { set: inMemory };
      const q = cx.text.ids('substring', a);
      return { set: q ? sortedIds((await q.execute(cx.exec)).rows) : EMPTY };
    }
    case 'ipc': {
      const level = a.match === 'prefix' ? IPC_LEVELS.find(([n]) => n >= a.value.length) : undefined;
      if (level) return facetPart(snapshot, level[1], (v) => v.startsWith(a.value));
      return { set: sortedIds((await atomIdSet(a).execute(cx.exec)).rows) };
    }
    case 'number':
      return { set: sortedIds((await atomIdSet(a).execute(cx.exec)).rows) };
    case 'nice':
      return facetPart(snapshot, 'nice', (v) => v === String(a.value));
    case 'street': {
      const v = toHalfWidth(a.value).trim();
      const rows = await cx.exec
        .selectFrom('street')
        .select('code')
        .where((eb) =>
          eb.or([
            eb('code', '=', v),
            eb('name', '=', v),
            eb('name', 'like', sql<string>`${`${likeEscape(v)}%`} ESCAPE '\\'`),
          ]),
        )
        .execute();
      const codes = new Set(rows.map((r) => r.code));
      return facetPart(snapshot, 'street', (c) => codes.has(c));
    }
    case 'year':
      return facetPart(snapshot, 'year', (y) => {
        const n = Number(y);
        return (a.from === null || n >= a.from) && (a.to === null || n <= a.to);
      });
    case 'kind':
    case 'status':
    case 'subType':
      return facetPart(snapshot, a.a, (v) => v === a.value);
    case 'all':
      return { test: () => true };
    case 'none':
      return { set: EMPTY };
  }
}

async function part(p: Plan, cx: Context): Promise<Part> {
  if ('a' in p) return atomPart(p, cx);
  if (p.op === 'not') {
    const c = await part(p.child, cx);
    if ('set' in c) return { except: c.set };
    if ('except' in c) return { set: c.except };
    const t = c.test;
    return { test: (id) => !t(id) };
  }
  if (p.op === 'or') {
    const parts: Part[] = [];
    for (const c of p.children) parts.push(await part(c, cx));
    let out = EMPTY;
    for (const c of parts) out = union(out, materialise(c, cx));
    return { set: out };
  }
  // a substring beside a set of candidates is tested on the candidates' texts in memory, instead of asking
  // for every row holding a common string (有限公司 in a full applicant name)
  const substrings: { test: (id: number) => boolean; negated: boolean }[] = [];
  const parts: Part[] = [];
  // words: the rarest one read as a set, a much more common one tested on it (上海 in a full applicant name)
  const words = p.children
    .filter((c): c is Extract<Atom, { a: 'token' }> => 'a' in c && c.a === 'token' && !c.prefix)
    .map((atom) => ({ atom, n: cx.memory.estimate(atom.token) }))
    .sort((x, y) => x.n - y.n);
  for (const [i, w] of words.entries())
    parts.push(
      i > 0 && w.n > 16 * words[0]!.n
        ? { test: cx.memory.tokenTest(w.atom.token, w.atom.columns) }
        : { set: cx.memory.hits(w.atom.token, w.atom.columns) },
    );
  for (const c of p.children) {
    if (words.some((w) => w.atom === c)) continue;
    const negated = 'op' in c && c.op === 'not';
    const inner = negated ? c.child : c;
    const test =
      'a' in inner && inner.a === 'substring' ? cx.memory.substringTest(inner.text, inner.columns) : null;
    if (test) substrings.push({ test, negated });
    else parts.push(await part(c, cx));
  }
  if (substrings.length && !parts.some((x) => 'set' in x))
    // no candidates to test: the first positive substring gives them
    for (const x of p.children) {
      const inner = 'a' in x && x.a === 'substring' ? x : null;
      const hits = inner ? cx.memory.substringHits(inner.text, inner.columns) : null;
      if (hits) {
        parts.push({ set: hits });
        break;
      }
    }
  for (const x of substrings) {
    const t = x.test;
    parts.push({ test: x.negated ? (id) => !t(id) : t });
  }
  return andParts(parts, cx);
}

/** The AND of evaluated parts. */
function andParts(parts: Part[], cx: Context): Part {
  let tests = parts.flatMap((c) => ('test' in c ? [c] : []));
  const sets = parts.flatMap((c) => ('set' in c ? [c.set] : []));
  if (sets.length === 0) {
    // only conditions: the smallest one the snapshot lists is the set the others test
    const listed = tests.flatMap((t) => (t.all ? [{ t, ids: t.all() }] : []));
    listed.sort((x, y) => x.ids.length - y.ids.length);
    if (listed[0]) {
      sets.push(listed[0].ids);
      tests = tests.filter((t) => t !== listed[0]!.t);
    }
  }
  sets.sort((x, y) => x.length - y.length);
  const excepts = parts.flatMap((c) => ('except' in c ? [c.except] : []));
  if (sets.length === 0 && excepts.length === 0) return { test: (id) => tests.every((t) => t.test(id)) };
  let out = sets.length ? sets[0]! : materialise({ except: excepts.shift()! }, cx);
  for (const s of sets.slice(1)) out = intersect(out, s);
  for (const t of tests) out = filter(out, t.test);
  for (const e of excepts) out = except(out, e);
  return { set: out };
}

export interface MemoryAnswer {
  /** every matching id, ascending */
  ids: Int32Array;
  total: number;
  facets: SearchResult['facets'];
  /** the whole result, when the sort is one memory can page (relevance, newest, oldest) */
  page?: SearchResult;
}

/**
 * The search from memory, or null when the options carry no up-to-date memory index and facet snapshot, or
 * when its cursor belongs to the SQL order (a relevance cursor made there). `limit`: the page size, already
 * bounded by the caller.
 */
export async function answerFromMemory(
  exec: Executor,
  plan: Plan,
  ast: QueryNode,
  opts: SearchOptions,
  limit: number,
  text: TextDialect,
): Promise<MemoryAnswer | null> {
  const { memory, facetSnapshot: snapshot } = opts;
  if (!memory || !snapshot) return null;
  const toks = rankTokens(ast);
  let sort: SearchSort = opts.sort ?? 'relevance';
  if (sort === 'relevance' && toks.length === 0) sort = 'newest';
  const cursor = opts.cursor ? decodeCursor(opts.cursor, sort) : undefined;
  if (sort === 'relevance' && cursor && !isTagged(cursor)) return null;

  const cx: Context = { exec, memory, snapshot, text };
  let ids: Int32Array = materialise(await part(plan, cx), cx);
  ids = filter(ids, (id) => snapshot.has(id));
  const scope = opts.confidential ?? 'include';
  if (scope === 'exclude') ids = filter(ids, (id) => !snapshot.isConfidential(id));
  else if (scope !== 'include') {
    const own = snapshot.matcher('entity', (v) => v === String(scope.ownerEntityId));
    ids = filter(ids, (id) => !snapshot.isConfidential(id) || own(id));
  }
  const after = opts.afterAssetId;
  const upTo = opts.upToAssetId;
  if (after !== undefined || upTo !== undefined)
    ids = filter(ids, (id) => (after === undefined || id > after) && (upTo === undefined || id <= upTo));

  const counted =
    opts.count === false
      ? { total: -1, facets: {} }
      : snapshot.count(ids, opts.facets ?? [], opts.facetLimit ?? 50);
  const answer: MemoryAnswer = { ids, total: counted.total, facets: counted.facets };
  const page =
    sort === 'relevance'
      ? relevancePage(ids, memory, toks, limit, cursor)
      : sort === 'newest' || sort === 'oldest'
        ? idPage(ids, sort, limit, cursor)
        : undefined;
  if (page) answer.page = { total: counted.total, facets: counted.facets, ...page };
  return answer;
}

function isTagged(c: CursorPos): boolean {
  return typeof c.value === 'string' && c.value.startsWith(RELEVANCE_TAG);
}

/** Newest (id descending) or oldest (ascending) page after the cursor (the SQL order: value = id). */
function idPage(ids: Int32Array, sort: 'newest' | 'oldest', limit: number, cursor: CursorPos | undefined) {
  const rows: { id: number; sv: number }[] = [];
  if (sort === 'oldest') {
    for (let i = 0; i < ids.length && rows.length <= limit; i++)
      if (!cursor || ids[i]! > cursor.id) rows.push({ id: ids[i]!, sv: ids[i]! });
  } else
    for (let i = ids.length - 1; i >= 0 && rows.length <= limit; i--)
      if (!cursor || ids[i]! < cursor.id) rows.push({ id: ids[i]!, sv: ids[i]! });
  return pageOf(sort, rows, limit);
}

/**
 * The page by relevance: score ascending (bm25 is negative, best first; 0 for a row holding none of the words,
 * last), ties by id ascending — the order of the SQLite index — after the cursor. The cursor carries the
 * collection statistics the first page was scored with (`bm25:<score>/<docs>/<tokens>/<df,…>`), and the next
 * pages score with them: rows written meanwhile take their place in that order, the rows already shown keep
 * theirs, so the pages neither repeat nor skip a row that was there.
 */
function relevancePage(
  ids: Int32Array,
  memory: MemoryIndex,
  words: ReturnType<typeof rankTokens>,
  limit: number,
  cursor: CursorPos | undefined,
) {
  let stats: Bm25Stats | undefined;
  let cs = 0;
  if (cursor) {
    const [score, docs, tokens, df] = (cursor.value as string).slice(RELEVANCE_TAG.length).split('/');
    const dfs = df ? df.split(',').map(Number) : [];
    stats = { docs: Number(docs), tokens: Number(tokens), df: dfs };
    cs = Number(score);
    if (![cs, stats.docs, stats.tokens, ...dfs].every(Number.isFinite) || dfs.length !== words.length)
      throw new RuleError('BAD_CURSOR', 'the cursor is not one this search returned', [
        { field: 'cursor', reason: 'malformed' },
      ]);
  }
  stats ??= memory.stats(words);
  const score = memory.bm25(ids, words, stats);
  const before = (i: number, j: number) =>
    score[i]! < score[j]! || (score[i] === score[j] && ids[i]! < ids[j]!);
  // the best limit + 1 positions after the cursor, kept sorted (a page is small)
  const best: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (cursor && !(score[i]! > cs || (score[i] === cs && ids[i]! > cursor.id))) continue;
    if (best.length > limit && !before(i, best[best.length - 1]!)) continue;
    let at = best.length;
    while (at > 0 && before(i, best[at - 1]!)) at--;
    best.splice(at, 0, i);
    if (best.length > limit + 1) best.pop();
  }
  const frozen = `${stats.docs}/${stats.tokens}/${stats.df.join(',')}`;
  return pageOf(
    'relevance',
    best.map((i) => ({ id: ids[i]!, sv: `${RELEVANCE_TAG}${score[i]!}/${frozen}` })),
    limit,
  );
}
