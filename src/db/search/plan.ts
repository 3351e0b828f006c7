/**
 * A parsed query (domain/search/query.ts) turned into a dialect-neutral plan: a boolean tree whose leaves
 * are either look-ups in the full-text index or conditions on the registry tables. Each dialect renders the
 * plan to SQL (sqlite-fts.ts, pg-fts.ts; shared parts in sql-common.ts).
 *
 * What text matches (the same on both dialects):
 * - A Chinese string of one or two characters is a token of the word index (every Han character and pair is
 *   indexed, see segment.ts): found exactly where the text contains it.
 * - A longer string in a phrase, or a longer jieba word of an unquoted term, is a substring match through
 *   the trigram index: found exactly where the text contains it.
 * - An unquoted term is segmented by jieba (锂离子电池 → 锂离子 + 电池); all of its words must occur.
 * - Latin words and digits are whole words of the word index (`led` does not find `oled`), `led*` a prefix;
 *   a term of letters and digits with a digit (`106844`, `2016SR30`) also finds a record whose number
 *   contains it.
 */
import type { QueryNode, TextField } from '../../domain/search/query.ts';
import { RuleError } from '../../domain/errors.ts';
import { hasHan, isHanOnly, MAX_TOKEN_LENGTH, normalizeText, segmentQuery } from './segment.ts';

/** Text columns of the index. */
export type TextColumn = 'title' | 'abstract' | 'applicants';
/** Columns of the substring (trigram) index: the text columns and the numbers' written forms. */
export type SubstringColumn = TextColumn | 'numbers';

export const TEXT_COLUMNS: readonly TextColumn[] = ['title', 'abstract', 'applicants'];

export type Atom =
  /** a token of the word index, in any of `columns` */
  | { a: 'token'; columns: TextColumn[]; token: string; prefix: boolean }
  /** a substring (at least 3 characters) of any of `columns`, through the trigram index */
  | { a: 'substring'; columns: SubstringColumn[]; text: string }
  | { a: 'number'; keys: string[] }
  | { a: 'ipc'; value: string; match: 'prefix' | 'exact' }
  | { a: 'nice'; value: number }
  | { a: 'street'; value: string }
  | { a: 'year'; from: number | null; to: number | null }
  | { a: 'status' | 'kind' | 'subType'; value: string }
  | { a: 'all' }
  | { a: 'none' };

export type Plan = Atom | { op: 'and' | 'or'; children: Plan[] } | { op: 'not'; child: Plan };

const FIELD_COLUMN: Readonly<Record<TextField, TextColumn>> = {
  title: 'title',
  abstract: 'abstract',
  applicant: 'applicants',
};

/** true for a leaf of the full-text index (as opposed to a condition on the registry tables) */
export function isTextAtom(p: Plan): p is Atom & { a: 'token' | 'substring' } {
  return 'a' in p && (p.a === 'token' || p.a === 'substring');
}

function and(children: Plan[]): Plan {
  const flat: Plan[] = [];
  for (const c of children) {
    if ('op' in c && c.op === 'and') flat.push(...c.children);
    else if ('a' in c && c.a === 'all') continue;
    else flat.push(c);
  }
  if (flat.some((c) => 'a' in c && c.a === 'none')) return { a: 'none' };
  if (flat.length === 0) return { a: 'all' };
  return flat.length === 1 ? flat[0]! : { op: 'and', children: flat };
}

function or(children: Plan[]): Plan {
  const flat: Plan[] = [];
  for (const c of children) {
    if ('op' in c && c.op === 'or') flat.push(...c.children);
    else if ('a' in c && c.a === 'none') continue;
    else flat.push(c);
  }
  if (flat.some((c) => 'a' in c && c.a === 'all')) return { a: 'all' };
  if (flat.length === 0) return { a: 'none' };
  return flat.length === 1 ? flat[0]! : { op: 'or', children: flat };
}

/** One word of a term → its atom: a token (Han of 1–2 characters, Latin/digit word) or a substring. */
function wordAtom(word: string, columns: TextColumn[], prefix: boolean): Atom {
  if ((isHanOnly(word) && Array.from(word).length >= 3) || word.length > MAX_TOKEN_LENGTH)
    return { a: 'substring', columns, text: word };
  return { a: 'token', columns, token: word, prefix: prefix && !hasHan(word) };
}

/** Collapse whitespace; the text as the index holds it (normalised, lower case). */
function cleanPhrase(s: string): string {
  return normalizeText(s).replace(/\s+/g, ' ').trim();
}

/**
 * The words of an unquoted term: jieba's words, where a run of single Han characters that jieba left apart
 * is kept together (钠电 stays one string rather than 钠 AND 电); a Han term of one or two characters is one
 * word.
 */
export function queryWords(value: string): string[] {
  const words = segmentQuery(value);
  const compact = words.join('');
  if (isHanOnly(compact) && Array.from(compact).length <= 2) return [compact];
  const out: string[] = [];
  let run = '';
  const flush = () => {
    if (run) out.push(run);
    run = '';
  };
  for (const w of words) {
    if (isHanOnly(w) && Array.from(w).length === 1) run += w;
    else {
      flush();
      out.push(w);
    }
  }
  flush();
  return out;
}

function textPlan(n: QueryNode & { type: 'text' }): Plan {
  const columns = n.field ? [FIELD_COLUMN[n.field]] : [...TEXT_COLUMNS];
  let plan: Plan;
  if (n.phrase) {
    const s = cleanPhrase(n.value);
    const words = queryWords(s);
    if (words.length === 0) return { a: 'none' };
    if (Array.from(s).length >= 3) plan = { a: 'substring', columns, text: s };
    else plan = and(words.map((w) => wordAtom(w, columns, false)));
  } else {
    const words = queryWords(n.value);
    if (words.length === 0) return { a: 'none' };
    plan = and(words.map((w, i) => wordAtom(w, columns, n.prefix && i === words.length - 1)));
  }
  // letters and digits with at least one digit may be part of a number: also look in the numbers' forms
  const compact = normalizeText(n.value).replace(/\s+/g, '');
  if (n.field === null && !n.prefix && /\d/.test(compact) && !hasHan(compact) && compact.length >= 3)
    plan = or([plan, { a: 'substring', columns: ['numbers'], text: compact }]);
  return plan;
}

/** The plan of a query. */
export function planQuery(node: QueryNode): Plan {
  switch (node.type) {
    case 'all':
      return { a: 'all' };
    case 'and':
      return and(node.children.map(planQuery));
    case 'or':
      return or(node.children.map(planQuery));
    case 'not': {
      const child = planQuery(node.child);
      if ('a' in child && child.a === 'all') return { a: 'none' };
      if ('a' in child && child.a === 'none') return { a: 'all' };
      return { op: 'not', child };
    }
    case 'text':
      return textPlan(node);
    case 'number':
      return node.keys.length ? { a: 'number', keys: node.keys } : { a: 'none' };
    case 'ipc':
      return { a: 'ipc', value: node.value, match: node.match };
    case 'nice':
      return { a: 'nice', value: node.value };
    case 'street':
      return { a: 'street', value: node.value };
    case 'year':
      return { a: 'year', from: node.from, to: node.to };
    case 'status':
      return { a: 'status', value: node.value };
    case 'kind':
      return { a: 'kind', value: node.value };
    case 'subType':
      return { a: 'subType', value: node.value };
  }
}

/**
 * Words for relevance ranking: jieba's words of every text term that is not negated, with the columns they
 * were asked for. Empty when the query has no positive text (then results are ordered by date / id).
 */
export function rankTokens(node: QueryNode): { columns: TextColumn[]; token: string }[] {
  const out: { columns: TextColumn[]; token: string }[] = [];
  const seen = new Set<string>();
  const walk = (n: QueryNode, negated: boolean) => {
    if (n.type === 'and' || n.type === 'or') for (const c of n.children) walk(c, negated);
    else if (n.type === 'not') walk(n.child, !negated);
    else if (n.type === 'text' && !negated) {
      const columns = n.field ? [FIELD_COLUMN[n.field]] : [...TEXT_COLUMNS];
      for (const token of segmentQuery(n.value)) {
        if (token.length > MAX_TOKEN_LENGTH) continue;
        const key = `${columns.join(',')}|${token}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push({ columns, token });
        }
      }
    }
  };
  walk(node, false);
  return out;
}

/**
 * What to highlight in a result: the words of every text term that is not negated (a phrase as a whole),
 * normalised like indexed text (normalizeText), with the field they were asked for (null = any).
 */
export function highlightTerms(node: QueryNode): { field: TextField | null; text: string }[] {
  const out: { field: TextField | null; text: string }[] = [];
  const seen = new Set<string>();
  const add = (field: TextField | null, text: string) => {
    const key = `${field ?? ''}|${text}`;
    if (text && !seen.has(key)) {
      seen.add(key);
      out.push({ field, text });
    }
  };
  const walk = (n: QueryNode, negated: boolean) => {
    if (n.type === 'and' || n.type === 'or') for (const c of n.children) walk(c, negated);
    else if (n.type === 'not') walk(n.child, !negated);
    else if (n.type === 'text' && !negated) {
      if (n.phrase) add(n.field, cleanPhrase(n.value));
      else for (const w of queryWords(n.value)) add(n.field, w);
    }
  };
  walk(node, false);
  return out;
}

/** Sort orders. `relevance` falls back to `newest` when the query has no text to rank by. */
export type SearchSort =
  'relevance' | 'newest' | 'oldest' | 'filingDate' | '-filingDate' | 'publicationDate' | '-publicationDate';

export const SEARCH_SORTS: readonly SearchSort[] = [
  'relevance',
  'newest',
  'oldest',
  'filingDate',
  '-filingDate',
  'publicationDate',
  '-publicationDate',
];

/** Position after the last row of a page: the sort value and the asset id (the tie-breaker). */
export interface CursorPos {
  sort: SearchSort;
  value: string | number | null;
  id: number;
}

export function encodeCursor(c: CursorPos): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id]), 'utf8').toString('base64url');
}

/** One page of ids and the cursor after its last row (null on the last page). */
export interface Page {
  ids: number[];
  nextCursor: string | null;
}

/**
 * The first `limit` of up to `limit + 1` rows in order, and the cursor after them when there are more (`sv`:
 * the row's sort value).
 */
export function pageOf(
  sort: SearchSort,
  rows: readonly { id: number; sv: string | number | null }[],
  limit: number,
): Page {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ sort, value: last.sv, id: last.id }) : null;
  return { ids: page.map((r) => r.id), nextCursor };
}

/** Decode a cursor made by the same sort; anything else is a 400. */
export function decodeCursor(cursor: string, sort: SearchSort): CursorPos {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    !(parsed[1] === null || typeof parsed[1] === 'string' || typeof parsed[1] === 'number') ||
    typeof parsed[2] !== 'number' ||
    !Number.isInteger(parsed[2])
  )
    throw new RuleError('BAD_CURSOR', 'the cursor is not one this search returned', [
      { field: 'cursor', reason: 'malformed' },
    ]);
  if (parsed[0] !== sort)
    throw new RuleError('BAD_CURSOR', `the cursor belongs to sort "${String(parsed[0])}", not "${sort}"`, [
      { field: 'cursor', reason: 'made for another sort order' },
    ]);
  return { sort, value: parsed[1] as string | number | null, id: parsed[2] };
}
