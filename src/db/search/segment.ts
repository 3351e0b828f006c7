/**
 * Chinese word segmentation for the search index (jieba, via @node-rs/jieba) and the text normalisation
 * shared by index and query.
 *
 * Index tokens of a text (`segmentForIndex`), space-separated, lower case, punctuation dropped:
 * - jieba's search-mode words, so a long word also yields the shorter words inside it
 *   (人工智能 → 人工 智能 人工智能; 锂离子 → 离子 锂离子);
 * - every single Han character and every pair of adjacent Han characters of the text that jieba did not
 *   already produce. With these, a one- or two-character Chinese query is an exact token lookup: a record
 *   is found by 电机 exactly when its text contains 电机, even where jieba cut the text differently
 *   (风电|机组, 贴标机|器人). Longer strings are matched exactly through the trigram index.
 * Latin letters and digits stay whole words (`LED`, `5G`, `ABC-123` → `led`, `5g`, `abc`, `123`).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/** The jieba instance with the default dictionary, loaded on first use (about 0.3 s). */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Full-width → half-width and compatibility forms (NFKC), lower case. Applied to indexed text and queries. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Longer tokens (a gene sequence, a hash, a run-on code in an abstract) are not indexed as words; they are
 * still found as substrings through the trigram index (plan.ts). PostgreSQL refuses lexemes over 2046 bytes.
 */
export const MAX_TOKEN_LENGTH = 60;

const HAN = /\p{Script=Han}/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;
/** Runs of letters and digits (any script); everything else separates words. */
const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;
const HAN_RUN = /\p{Script=Han}+/gu;

export function hasHan(s: string): boolean {
  return HAN.test(s);
}

export function isHanOnly(s: string): boolean {
  return HAN_ONLY.test(s);
}

/** Split jieba's output into words: letters/digits only, punctuation and spaces dropped. */
function words(raw: string[]): string[] {
  const out: string[] = [];
  for (const t of raw) {
    const parts = t.match(WORD_RUN);
    if (parts) for (const p of parts) out.push(p);
  }
  return out;
}

/** The index tokens of a text (see the module comment), in text order then the added character n-grams. */
export function indexTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const t = normalizeText(text);
  const out = words(segmenter().cutForSearch(t, true)).filter((w) => w.length <= MAX_TOKEN_LENGTH);
  const seen = new Set(out);
  for (const run of t.match(HAN_RUN) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) {
      const uni = chars[i]!;
      if (!seen.has(uni)) {
        seen.add(uni);
        out.push(uni);
      }
      if (i + 1 < chars.length) {
        const bi = uni + chars[i + 1]!;
        if (!seen.has(bi)) {
          seen.add(bi);
          out.push(bi);
        }
      }
    }
  }
  return out;
}

/**
 * The index tokens every text containing `s` has: the pairs of adjacent Han characters of `s` (a lone Han
 * character itself). Empty when `s` holds no Han character.
 */
export function hanGrams(s: string): string[] {
  const out = new Set<string>();
  for (const run of normalizeText(s).match(HAN_RUN) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) out.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out];
}

/** Index tokens of a text as one space-separated string (what the full-text column holds). */
export function segmentForIndex(text: string | null | undefined): string {
  return indexTokens(text).join(' ');
}

/**
 * The words of a query string: jieba's precise mode (固态电池 → 固态 电池, 锂离子电池 → 锂离子 电池),
 * normalised like indexed text, punctuation dropped.
 */
export function segmentQuery(text: string): string[] {
  const t = normalizeText(text);
  if (t.trim() === '') return [];
  return words(segmenter().cut(t, true));
}
