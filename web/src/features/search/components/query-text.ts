/**
 * Client-side handling of the query text (the server parses it; see src/domain/search/query.ts): the
 * top-level terms, adding and removing a field term, the words to highlight, and where a parse error is.
 */

/** Field names of the query language with their aliases, as the server reads them. */
const FIELD_RE =
  /^(title|ti|标题|名称|abstract|ab|摘要|applicant|owner|申请人|权利人|专利权人|ipc|分类号|nice|尼斯|street|街道|year|年份|申请年|status|状态|法律状态|kind|种类|type|类型|number|no|号码|申请号|公开号|注册号)[:：]/i;
const TEXT_FIELD_RE = /^(title|ti|标题|名称|abstract|ab|摘要|applicant|owner|申请人|权利人|专利权人)[:：]/i;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

/** Split the query at top-level white space, keeping quoted text and parenthesised groups whole. */
export function topLevelTokens(q: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quote: string | null = null;
  for (const ch of q) {
    if (quote) {
      cur += ch;
      if (ch === quote || (quote === '“' && ch === '”')) quote = null;
      continue;
    }
    if (ch === '"' || ch === '“') quote = ch;
    else if (ch === '(' || ch === '（') depth++;
    else if ((ch === ')' || ch === '）') && depth > 0) depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** The field terms written at the top level of the query (`ipc:H01M*`, `year:2020`, `-status:有效`). */
export function activeTerms(q: string): string[] {
  return topLevelTokens(q).filter((t) => FIELD_RE.test(t.replace(/^-/, '')));
}

/** Drop operators left dangling at either end or doubled after a term was removed. */
function tidy(tokens: string[]): string {
  const out: string[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (OPERATORS.has(t) && t !== 'NOT' && (out.length === 0 || (prev && OPERATORS.has(prev)))) continue;
    out.push(t);
  }
  while (out.length && OPERATORS.has(out[out.length - 1]!)) out.pop();
  return out.join(' ');
}

/** The query with `term` required as well (a query with a top-level OR is parenthesised first). */
export function addTerm(q: string, term: string): string {
  const tokens = topLevelTokens(q);
  if (tokens.includes(term)) return q.trim();
  if (tokens.length === 0) return term;
  return tokens.includes('OR') ? `(${q.trim()}) ${term}` : `${q.trim()} ${term}`;
}

/** The query without one top-level term. */
export function removeTerm(q: string, term: string): string {
  const tokens = topLevelTokens(q);
  const i = tokens.indexOf(term);
  if (i < 0) return q;
  tokens.splice(i, 1);
  // a NOT that negated the term goes with it
  if (i > 0 && tokens[i - 1] === 'NOT') tokens.splice(i - 1, 1);
  return tidy(tokens);
}

/**
 * The literal words and phrases the query asks for (not those after NOT or `-`, not field values other
 * than title/abstract/applicant), longest first, for highlighting.
 */
export function positiveWords(q: string): string[] {
  const words = new Set<string>();
  const re = /(-|NOT\s+)?(?:([^\s:：()（）"“”]+)[:：])?(?:"([^"]*)"?|“([^”]*)”?|([^\s()（）"“”]+))/g;
  for (const m of q.matchAll(re)) {
    const [, neg, field, p1, p2, word] = m;
    if (neg) continue;
    if (field && !TEXT_FIELD_RE.test(`${field}:`)) continue;
    const w = (p1 ?? p2 ?? word ?? '').replace(/\*$/, '').trim();
    if (!w || OPERATORS.has(w)) continue;
    words.add(w);
  }
  return [...words].sort((a, b) => b.length - a.length);
}

/** `text` cut into plain and highlighted parts (case-insensitive, the longest word first). */
export function highlightParts(text: string, words: readonly string[]): { text: string; hit: boolean }[] {
  if (!words.length || !text) return [{ text, hit: false }];
  const esc = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(${esc.join('|')})`, 'gi');
  return text
    .split(re)
    .filter((s) => s !== '')
    .map((s) => ({ text: s, hit: words.some((w) => w.toLowerCase() === s.toLowerCase()) }));
}

/** The 0-based position of a parse error, from `… (at position N)` in the reason or detail. */
export function errorPosition(...messages: (string | undefined)[]): number | null {
  for (const m of messages) {
    const hit = m && /\bposition (\d+)/.exec(m);
    if (hit) return Number(hit[1]);
  }
  return null;
}
