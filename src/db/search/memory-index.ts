/**
 * The word index in memory: the same tokens as the full-text index (segment.ts indexTokens of title, abstract
 * and applicant names), as posting lists of asset ids with each token's count per column. It answers what
 * scoring every hit in SQL cannot at a million records: the matching ids of a broad word (一种, 装置, 电池) in
 * a few milliseconds, and bm25 over all of them (memory-search.ts).
 *
 * Shape: a base built once from every document (sorted id arrays and packed counts per token), and a delta
 * for the documents written since — base postings of a changed or deleted asset are skipped (`live`), its
 * new document lives in the delta. The base is rebuilt when the delta grows large. The index follows the
 * database through the change log (changes.ts), so it sees the writes of every process; MemoryIndexes keeps
 * the current one per process and never blocks a search on a build (the SQL index answers meanwhile).
 *
 * bm25 is FTS5's (fts5_aux.c): k1 1.2, b 0.75, idf = ln((N − n + 0.5) / (n + 0.5)) (at least 1e-6), the
 * frequency of a word in a row = Σ column weight × occurrences (title 10, abstract 2, applicants 4) over
 * the columns the word is asked in, the row length = its tokens in all columns; score = −Σ words. With the
 * same tokens the scores are FTS5's own, so pages read from here and from search_fts agree.
 */
import type { Dialect, Executor } from '../connect.ts';
import { changeHead, readChanges, type ChangeCursor } from './changes.ts';
import { forEachTextPage, loadSearchDocs, type DocText } from './docs.ts';
import type { SubstringColumn, TextColumn } from './plan.ts';
import { filter, intersect, union } from './id-sets.ts';
import { hanGrams, indexTokens, normalizeText } from './segment.ts';

const K1 = 1.2;
const B = 0.75;
/** column weights of bm25, as the SQLite index ranks (sqlite-fts.ts BM25_SQL) */
export const COLUMN_WEIGHT: Readonly<Record<TextColumn, number>> = { title: 10, abstract: 2, applicants: 4 };

// counts per posting packed in 16 bits: title 5 bits, applicants 5 bits, abstract 6 bits; larger counts are
// kept exactly beside (`over`)
const T_MAX = 31;
const P_MAX = 31;
const A_MAX = 63;
const OVER = 0xffff;

type Counts = [title: number, abstract: number, applicants: number];

function pack(c: Counts): number {
  return c[0] > T_MAX || c[1] > A_MAX || c[2] > P_MAX ? OVER : c[0] | (c[2] << 5) | (c[1] << 10);
}

/** Per column: how many times each token occurs; the document's length in tokens. */
/** The normalised texts of a document per column, as the trigram index holds them (sqlite-fts.ts triRow). */
function docTexts(doc: DocText): [title: string, abstract: string, applicants: string] {
  return [
    normalizeText(doc.title ?? ''),
    normalizeText(doc.abstract ?? ''),
    doc.applicants.map(normalizeText).join('\n'),
  ];
}

const COLUMN_INDEX: Readonly<Record<TextColumn, 0 | 1 | 2>> = { title: 0, abstract: 1, applicants: 2 };

function docCounts(doc: DocText): { counts: Map<string, Counts>; length: number } {
  const counts = new Map<string, Counts>();
  let length = 0;
  const add = (tokens: string[], col: 0 | 1 | 2) => {
    length += tokens.length;
    for (const t of tokens) {
      let c = counts.get(t);
      if (!c) counts.set(t, (c = [0, 0, 0]));
      c[col]++;
    }
  };
  add(indexTokens(doc.title), 0);
  add(indexTokens(doc.abstract), 1);
  for (const a of doc.applicants) add(indexTokens(a), 2);
  return { counts, length };
}

/** Column weights of a look-up (title, abstract, applicants): 0 for a column not asked for. */
type Weights = readonly [number, number, number];

function weightsOf(columns: readonly TextColumn[]): Weights {
  return [
    columns.includes('title') ? COLUMN_WEIGHT.title : 0,
    columns.includes('abstract') ? COLUMN_WEIGHT.abstract : 0,
    columns.includes('applicants') ? COLUMN_WEIGHT.applicants : 0,
  ];
}

/** The weight of a token's counts in a document (0: the token is in none of the columns asked for). */
function weigh(c: Counts, w: Weights): number {
  return w[0] * c[0] + w[1] * c[1] + w[2] * c[2];
}

class Postings {
  ids = new Int32Array(4);
  counts = new Uint16Array(4);
  n = 0;
  over?: Map<number, Counts>;

  push(id: number, c: Counts): void {
    if (this.n === this.ids.length) {
      const ids = new Int32Array(this.n * 2);
      ids.set(this.ids);
      this.ids = ids;
      const counts = new Uint16Array(this.n * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    const p = pack(c);
    if (p === OVER) (this.over ??= new Map()).set(this.n, [...c]);
    this.ids[this.n] = id;
    this.counts[this.n++] = p;
  }

  /** drop the spare room of the growing arrays */
  seal(): void {
    if (this.ids.length !== this.n) {
      this.ids = this.ids.slice(0, this.n);
      this.counts = this.counts.slice(0, this.n);
    }
  }

  /** the weight of posting i (see weigh), without unpacking into an array */
  weightAt(i: number, w: Weights): number {
    const p = this.counts[i]!;
    if (p === OVER) return weigh(this.over!.get(i)!, w);
    return w[0] * (p & 31) + w[1] * (p >>> 10) + w[2] * ((p >>> 5) & 31);
  }
}

/** What bm25 takes from the whole collection: documents, their tokens, and per word its document frequency. */
export interface Bm25Stats {
  docs: number;
  tokens: number;
  df: number[];
}

const NO_HITS: Int32Array = new Int32Array(0);

export class MemoryIndex {
  private readonly base = new Map<string, Postings>();
  private sortedTerms?: string[];
  /** per asset id: 1 while its base document is current */
  private live = new Uint8Array(0);
  /** per asset id: its base document's length in tokens */
  private length = new Uint32Array(0);
  /** per asset id: its base document's normalised texts (title, abstract, applicants) */
  private readonly texts: [string[], string[], string[]] = [[], [], []];
  private readonly delta = new Map<
    number,
    { counts: Map<string, Counts>; length: number; texts: [string, string, string] }
  >();
  private readonly deltaPostings = new Map<string, Set<number>>();
  /** documents now, and their tokens */
  private docs = 0;
  private tokens = 0;
  private baseSize = 0;
  /** hits of recent look-ups (a search asks for a word's hits to match and again to rank) */
  private readonly recent = new Map<string, Int32Array>();

  private constructor(
    /** where this index stands in the change log */
    public cursor: ChangeCursor,
  ) {}

  /**
   * Every document of the database (read a page at a time, no long transaction); `stop` is asked between
   * pages, and a build told to stop ends with an error.
   */
  static async build(exec: Executor, dialect: Dialect, stop = () => false): Promise<MemoryIndex> {
    const index = new MemoryIndex(await changeHead(exec, dialect));
    await forEachTextPage(exec, (docs) => {
      if (stop()) throw new Error('the memory index build was stopped');
      for (const d of docs) index.addBase(d);
    });
    for (const p of index.base.values()) p.seal();
    index.baseSize = index.docs;
    return index;
  }

  private grow(id: number): void {
    if (id < this.live.length) return;
    const size = Math.max(id + 1, this.live.length * 2, 1024);
    const live = new Uint8Array(size);
    live.set(this.live);
    this.live = live;
    const length = new Uint32Array(size);
    length.set(this.length);
    this.length = length;
  }

  /** a base document, in ascending id order */
  private addBase(doc: DocText): void {
    const { counts, length } = docCounts(doc);
    const id = doc.assetId;
    this.grow(id);
    this.live[id] = 1;
    this.length[id] = length;
    const texts = docTexts(doc);
    for (let c = 0; c < 3; c++) if (texts[c]) this.texts[c]![id] = texts[c]!;
    this.docs++;
    this.tokens += length;
    for (const [t, c] of counts) {
      let p = this.base.get(t);
      if (!p) this.base.set(t, (p = new Postings()));
      p.push(id, c);
    }
  }

  /** Documents written since the base: the asset's current document, or null when it was deleted. */
  apply(assetId: number, doc: DocText | null): void {
    this.recent.clear();
    if (assetId < this.live.length && this.live[assetId]) {
      this.live[assetId] = 0;
      this.docs--;
      this.tokens -= this.length[assetId]!;
    }
    const old = this.delta.get(assetId);
    if (old) {
      for (const t of old.counts.keys()) this.deltaPostings.get(t)?.delete(assetId);
      this.delta.delete(assetId);
      this.docs--;
      this.tokens -= old.length;
    }
    if (!doc) return;
    const d = { ...docCounts(doc), texts: docTexts(doc) };
    this.delta.set(assetId, d);
    this.docs++;
    this.tokens += d.length;
    for (const t of d.counts.keys()) {
      let s = this.deltaPostings.get(t);
      if (!s) this.deltaPostings.set(t, (s = new Set()));
      s.add(assetId);
    }
  }

  /** number of documents written since the base was built */
  get deltaSize(): number {
    return this.delta.size;
  }

  get size(): number {
    return this.docs;
  }

  /** true when replaying more writes costs more than building again */
  get worn(): boolean {
    return this.delta.size > Math.max(20_000, this.baseSize / 5);
  }

  /** a document's normalised text in one column ('' when it has none) */
  private textOf(id: number, col: 0 | 1 | 2): string {
    if (id < this.live.length && this.live[id]) return this.texts[col][id] ?? '';
    return this.delta.get(id)?.texts[col] ?? '';
  }

  /**
   * The documents whose text in one of `columns` contains `text` — what the trigram index finds — or null when
   * memory cannot tell (no Han character to narrow by, or the numbers column). The candidates hold every Han
   * pair of the text in those columns (segment.ts hanGrams); each is then tested on its text.
   */
  substringHits(text: string, columns: readonly SubstringColumn[]): Int32Array | null {
    if (columns.some((c) => c === 'numbers')) return null;
    const grams = hanGrams(text);
    if (grams.length === 0) return null;
    const cols = columns as readonly TextColumn[];
    const lists = grams.map((g) => this.hits(g, cols)).sort((a, b) => a.length - b.length);
    let candidates = lists[0]!;
    for (let i = 1; i < lists.length && candidates.length; i++) candidates = intersect(candidates, lists[i]!);
    return filter(candidates, this.substringTest(text, columns)!);
  }

  /** A test of one document for what substringHits finds; null for the numbers column (not in memory). */
  substringTest(text: string, columns: readonly SubstringColumn[]): ((id: number) => boolean) | null {
    if (columns.some((c) => c === 'numbers')) return null;
    const needle = normalizeText(text);
    const at = (columns as readonly TextColumn[]).map((c) => COLUMN_INDEX[c]);
    return (id) => at.some((c) => this.textOf(id, c).includes(needle));
  }

  private lengthOf(id: number): number {
    if (id < this.live.length && this.live[id]) return this.length[id]!;
    return this.delta.get(id)?.length ?? 0;
  }

  /**
   * The documents holding `token` in any of `columns`, ascending; `prefix`: any token starting with it. The
   * last 32 look-ups are kept until the next write (a search asks for a word to match and again to rank).
   */
  hits(token: string, columns: readonly TextColumn[], prefix = false): Int32Array {
    const key = `${prefix ? '*' : ''}${columns.join(',')}|${token}`;
    let h = this.recent.get(key);
    if (!h) {
      h = NO_HITS;
      for (const t of prefix ? this.termsStartingWith(token) : [token])
        h = union(h, this.oneTerm(t, columns));
      if (this.recent.size >= 32) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(key, h);
    }
    return h;
  }

  private termsStartingWith(prefix: string): string[] {
    this.sortedTerms ??= [...this.base.keys()].sort();
    const terms = this.sortedTerms;
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < terms.length && terms[i]!.startsWith(prefix); i++) out.push(terms[i]!);
    for (const t of this.deltaPostings.keys()) if (t.startsWith(prefix) && !this.base.has(t)) out.push(t);
    return out;
  }

  private oneTerm(term: string, columns: readonly TextColumn[]): Int32Array {
    const p = this.base.get(term);
    const w = weightsOf(columns);
    const ids = new Int32Array(p?.n ?? 0);
    let k = 0;
    for (let i = 0; p && i < p.n; i++) {
      const id = p.ids[i]!;
      if (this.live[id] && p.weightAt(i, w) > 0) ids[k++] = id;
    }
    const delta = [...(this.deltaPostings.get(term) ?? [])]
      .filter((id) => weigh(this.delta.get(id)!.counts.get(term)!, w) > 0)
      .sort((x, y) => x - y);
    return union(ids.subarray(0, k), Int32Array.from(delta));
  }

  /** How many documents may hold the token (its postings, without looking at columns or deletions). */
  estimate(token: string): number {
    return (this.base.get(token)?.n ?? 0) + (this.deltaPostings.get(token)?.size ?? 0);
  }

  /** How many documents hold the token in one of the columns. */
  documentFrequency(token: string, columns: readonly TextColumn[]): number {
    return this.hits(token, columns).length;
  }

  /**
   * The token's weighted frequency in each of `ids` (ascending), 0 where absent: looked up (binary search)
   * when `ids` are few beside its postings, read in one merge otherwise.
   */
  frequencies(token: string, columns: readonly TextColumn[], ids: Int32Array): Float64Array {
    const out = new Float64Array(ids.length);
    const p = this.base.get(token);
    const w = weightsOf(columns);
    const { live } = this;
    if (p && ids.length * 16 < p.n) {
      for (let i = 0; i < ids.length; i++) {
        const j = live[ids[i]!] ? indexOf(p.ids, p.n, ids[i]!) : -1;
        if (j >= 0) out[i] = p.weightAt(j, w);
      }
    } else if (p) {
      let j = 0;
      for (let i = 0; i < ids.length && j < p.n; i++) {
        const id = ids[i]!;
        while (j < p.n && p.ids[j]! < id) j++;
        if (j < p.n && p.ids[j] === id && live[id]) out[i] = p.weightAt(j, w);
      }
    }
    if (this.deltaPostings.get(token)?.size)
      for (let i = 0; i < ids.length; i++) {
        const c = this.delta.get(ids[i]!)?.counts.get(token);
        if (c) out[i] = weigh(c, w);
      }
    return out;
  }

  /** A test of one document: does it hold the token in one of the columns (a binary search). */
  tokenTest(token: string, columns: readonly TextColumn[]): (id: number) => boolean {
    const p = this.base.get(token);
    const w = weightsOf(columns);
    return (id) => {
      if (this.live[id]) {
        const j = p ? indexOf(p.ids, p.n, id) : -1;
        return j >= 0 && p!.weightAt(j, w) > 0;
      }
      const c = this.delta.get(id)?.counts.get(token);
      return c !== undefined && weigh(c, w) > 0;
    };
  }

  /** The collection statistics bm25 needs for these words, now. */
  stats(words: readonly { token: string; columns: readonly TextColumn[] }[]): Bm25Stats {
    return {
      docs: this.docs,
      tokens: this.tokens,
      df: words.map((w) => this.documentFrequency(w.token, w.columns)),
    };
  }

  /**
   * bm25 of each of `ids` (ascending) for the words, as FTS5 computes it (see the module comment): 0 for a
   * document holding none of them, negative otherwise (lower is better). `stats`: the collection statistics
   * to score with (default: now) — the pages after the first keep those of the first, so that writes in
   * between do not move the rows already shown (memory-search.ts).
   */
  bm25(
    ids: Int32Array,
    words: readonly { token: string; columns: readonly TextColumn[] }[],
    stats: Bm25Stats = this.stats(words),
  ): Float64Array {
    const score = new Float64Array(ids.length);
    if (stats.docs === 0) return score;
    const avgdl = stats.tokens / stats.docs;
    // FTS5 adds the words in order, each term idf × (f × (k1 + 1)) / (f + k1 × (1 − b + b × D / avgdl))
    const sums = new Float64Array(ids.length);
    const any = new Uint8Array(ids.length);
    for (const [k, w] of words.entries()) {
      const n = stats.df[k] ?? 0;
      let idf = Math.log((stats.docs - n + 0.5) / (n + 0.5));
      if (idf <= 0) idf = 1e-6;
      const freq = this.frequencies(w.token, w.columns, ids);
      for (let i = 0; i < ids.length; i++) {
        const f = freq[i]!;
        if (f === 0) continue;
        const D = this.lengthOf(ids[i]!);
        sums[i] = sums[i]! + idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
        any[i] = 1;
      }
    }
    for (let i = 0; i < ids.length; i++) if (any[i]) score[i] = -1.0 * sums[i]!;
    return score;
  }
}

/** Position of `id` among the first `n` of ascending `ids`, or -1. */
function indexOf(ids: Int32Array, n: number, id: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Replay at most this many changes in a search; more are replayed (or the index rebuilt) in the background. */
const REPLAY_INLINE = 2_000;
const REPLAY_MAX = 200_000;

/**
 * The memory index of the current data, per process: built in the background on first use, brought up to
 * date from the change log when the data version moves (inline for a few changes, in the background for
 * many), rebuilt when worn. `at` never waits for a build: while there is no index that is up to date it
 * returns undefined and the SQL index answers.
 */
export class MemoryIndexes {
  private current?: MemoryIndex;
  /** the data version the current index is known to be up to date with */
  private version?: number;
  private work?: Promise<void>;
  /** the last failure of a background build (reported by `ready`) */
  private failure?: unknown;
  private closed = false;

  constructor(
    private readonly exec: Executor,
    private readonly dialect: Dialect,
  ) {}

  /** The index, up to date with `version`; undefined while it is being built or caught up. */
  async at(version: number): Promise<MemoryIndex | undefined> {
    if (this.current && this.version === version) return this.current;
    if (this.work || this.closed) return undefined;
    if (this.current && !this.current.worn && (await this.catchUp(this.current, REPLAY_INLINE))) {
      this.version = version;
      return this.current;
    }
    this.start(version);
    return undefined;
  }

  /** Build or catch up now (bench, warm-up); the index, or undefined when it cannot be had. */
  async ready(version: number): Promise<MemoryIndex | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const m = await this.at(version);
      if (m) return m;
      await this.work;
    }
    if (this.failure) throw this.failure;
    return undefined;
  }

  private start(version: number): void {
    this.work = (async () => {
      try {
        let index = this.current;
        if (!index || index.worn || !(await this.catchUp(index, REPLAY_MAX))) {
          index = await MemoryIndex.build(this.exec, this.dialect, () => this.closed);
          // the writes made while it was read; a rebuild meanwhile: the next search starts again
          if (!(await this.catchUp(index, REPLAY_MAX))) return;
        }
        this.current = index;
        // up to date with the version asked for only if nothing was written meanwhile: the next search
        // with a newer version replays the rest
        this.version = version;
        this.failure = undefined;
      } catch (e) {
        this.failure = e;
      } finally {
        this.work = undefined;
      }
    })();
  }

  /** Stop: no new builds; a build in progress ends at its next page. Resolves when no work is left. */
  async close(): Promise<void> {
    this.closed = true;
    await this.work;
  }

  /**
   * Replay the change log after the index's cursor: false (nothing applied) when there are more than `max`
   * changes or the whole index was rebuilt — the index must then be built again.
   */
  private async catchUp(index: MemoryIndex, max: number): Promise<boolean> {
    const changes = await readChanges(this.exec, this.dialect, index.cursor, max);
    if (!changes || changes.assetIds === 'all') return false;
    const { assetIds } = changes;
    const docs = new Map((await loadSearchDocs(this.exec, assetIds)).map((d) => [d.assetId, d]));
    for (const id of assetIds) index.apply(id, docs.get(id) ?? null);
    index.cursor = changes.cursor;
    return true;
  }
}
