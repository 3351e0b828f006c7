/**
 * Facet counts in process: a columnar copy of every asset's facet values (integer codes in typed arrays), read
 * from the registry tables at one data version, so that counting the facets of a matching set is one pass
 * over its ids instead of a GROUP BY per facet over joins. The counts are exactly those of the SQL statement
 * in sql-common.ts (facetCounts): the same values, multi-valued facets counting distinct assets, the same
 * order (most frequent first, then by value) and the same per-facet limit.
 *
 * A snapshot is only valid at the data version it was read at (the audit log head, which every write
 * moves); FacetSnapshots keeps the current one and rebuilds it in the background when the version moves,
 * the SQL statement counting meanwhile.
 */
import { sql } from 'kysely';
import type { Executor } from '../connect.ts';
import type { FacetBucket, FacetName } from './search-index.ts';
import { unknownFacet } from './sql-common.ts';
import { filter, union } from './id-sets.ts';

type SingleFacet = 'kind' | 'subType' | 'status' | 'year';
type MultiFacet = Exclude<FacetName, SingleFacet>;

const SINGLE: readonly SingleFacet[] = ['kind', 'subType', 'status', 'year'];
const MULTI: readonly MultiFacet[] = [
  'ipcSection',
  'ipcClass',
  'ipcSubclass',
  'nice',
  'street',
  'entity',
  'industry',
];
/** IPC facet → length of the symbol prefix it counts */
const IPC_LEVEL: Readonly<Partial<Record<MultiFacet, number>>> = {
  ipcSection: 1,
  ipcClass: 3,
  ipcSubclass: 4,
};
/** a new version with at most this many changed assets is a patch of the current snapshot */
const PATCH_MAX = 20_000;
/** … made while a search waits when at most this many */
const PATCH_INLINE = 1_000;
/** rows read per statement while building (keeps every statement short) */
const PAGE = 20_000;

/** Values of one facet as codes: `values[code]`, labels where the facet has them. */
class Dictionary {
  readonly values: string[] = [];
  readonly labels: (string | undefined)[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string, label?: string | null): number {
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.codes.set(value, c);
      this.values.push(value);
      this.labels.push(undefined);
    }
    // the SQL statement labels a bucket with max(name): keep the greatest
    if (label && (this.labels[c] === undefined || label > this.labels[c]!)) this.labels[c] = label;
    return c;
  }
}

/** Per-asset lists of distinct codes, as compressed rows (offsets into one array). */
class CodeLists {
  offsets = new Uint32Array(1);
  codes = new Int32Array(0);
  /** (position, code) pairs as read, flat */
  private pairs: number[] = [];

  add(pos: number, code: number): void {
    this.pairs.push(pos, code);
  }

  /** Build the rows of `size` positions; a code repeated for one asset is kept once. */
  seal(size: number): void {
    const { pairs } = this;
    const counts = new Uint32Array(size + 1);
    for (let i = 0; i < pairs.length; i += 2) counts[pairs[i]! + 1]!++;
    for (let p = 0; p < size; p++) counts[p + 1]! += counts[p]!;
    const start = counts.slice();
    const fill = counts.slice(0, size);
    const codes = new Int32Array(pairs.length / 2);
    for (let i = 0; i < pairs.length; i += 2) {
      const p = pairs[i]!;
      const c = pairs[i + 1]!;
      let seen = false;
      for (let j = start[p]!; j < fill[p]! && !seen; j++) seen = codes[j] === c;
      if (!seen) codes[fill[p]!++] = c;
    }
    // close the gaps the duplicates left
    this.offsets = new Uint32Array(size + 1);
    let n = 0;
    for (let p = 0; p < size; p++) {
      for (let j = start[p]!; j < fill[p]!; j++) codes[n++] = codes[j]!;
      this.offsets[p + 1] = n;
    }
    this.codes = codes.slice(0, n);
    this.pairs = [];
  }
}

export class FacetSnapshot {
  /** asset id → position, -1 when the asset does not exist */
  private posOf = new Int32Array(0);
  /** code of each single-valued facet per position, -1 for none (sub-type, filing year missing) */
  private readonly single = {} as Record<SingleFacet, Int32Array>;
  private readonly multi = {} as Record<MultiFacet, CodeLists>;
  private readonly dict = {} as Record<FacetName, Dictionary>;
  /** 1 for a confidential asset, per position */
  private confidential = new Uint8Array(0);
  /** number of assets */
  size = 0;
  private allIds?: Int32Array;

  /** `dict`: the dictionaries of the snapshot this one is patched from (codes only ever get appended) */
  private constructor(
    readonly version: number,
    dict?: Record<FacetName, Dictionary>,
  ) {
    for (const f of [...SINGLE, ...MULTI]) this.dict[f] = dict?.[f] ?? new Dictionary();
    for (const f of MULTI) this.multi[f] = new CodeLists();
  }

  /** Read every asset's facet values (call it in a transaction for a consistent read). */
  static async load(exec: Executor, version: number): Promise<FacetSnapshot> {
    const s = new FacetSnapshot(version);
    await s.read(exec);
    return s;
  }

  /**
   * A snapshot at `version` made from `base` and the current values of the assets in `changed` (written,
   * created or deleted since `base`): only those are read, the others are copied — the same snapshot as a
   * full load when nothing else changed (test).
   */
  static async patch(
    base: FacetSnapshot,
    exec: Executor,
    changed: readonly number[],
    version: number,
  ): Promise<FacetSnapshot> {
    const fresh = new FacetSnapshot(version, base.dict);
    await fresh.read(
      exec,
      [...new Set(changed)].sort((a, b) => a - b),
    );
    const gone = new Set(changed);
    const ids = union(
      filter(base.ids(), (id) => !gone.has(id)),
      fresh.ids(),
    );
    const s = new FacetSnapshot(version, base.dict);
    s.size = ids.length;
    const maxId = ids.length ? ids[ids.length - 1]! : 0;
    s.posOf = new Int32Array(maxId + 1).fill(-1);
    const from = new Uint8Array(ids.length); // 1: from `fresh`
    const at = new Int32Array(ids.length); // position in its source
    for (let p = 0; p < ids.length; p++) {
      const id = ids[p]!;
      s.posOf[id] = p;
      const f = fresh.has(id);
      from[p] = f ? 1 : 0;
      at[p] = f ? fresh.posOf[id]! : base.posOf[id]!;
    }
    const src = [base, fresh];
    // runs of positions taken in order from one source: copied a slice at a time
    const runs: { p: number; from: number; at: number; n: number }[] = [];
    for (let p = 0; p < ids.length; p++) {
      const r = runs[runs.length - 1];
      if (r && r.from === from[p] && r.at + r.n === at[p]) r.n++;
      else runs.push({ p, from: from[p]!, at: at[p]!, n: 1 });
    }
    for (const f of SINGLE) {
      const out = new Int32Array(ids.length);
      for (const r of runs) out.set(src[r.from]!.single[f].subarray(r.at, r.at + r.n), r.p);
      s.single[f] = out;
    }
    s.confidential = new Uint8Array(ids.length);
    for (const r of runs) s.confidential.set(src[r.from]!.confidential.subarray(r.at, r.at + r.n), r.p);
    for (const f of MULTI) {
      const offsets = new Uint32Array(ids.length + 1);
      let total = 0;
      for (const r of runs) {
        const l = src[r.from]!.multi[f];
        const start = l.offsets[r.at]!;
        for (let i = 0; i < r.n; i++) offsets[r.p + i + 1] = total + l.offsets[r.at + i + 1]! - start;
        total += l.offsets[r.at + r.n]! - start;
      }
      const codes = new Int32Array(total);
      for (const r of runs) {
        const l = src[r.from]!.multi[f];
        codes.set(l.codes.subarray(l.offsets[r.at]!, l.offsets[r.at + r.n]!), offsets[r.p]!);
      }
      s.multi[f].offsets = offsets;
      s.multi[f].codes = codes;
    }
    return s;
  }

  /** Read the facet values of every asset, or of the assets `only` (ascending ids). */
  private async read(exec: Executor, only?: readonly number[]): Promise<void> {
    const ids: number[] = [];
    const single: Record<SingleFacet, number[]> = { kind: [], subType: [], status: [], year: [] };
    const confidential: number[] = [];
    let last = 0;
    for (let chunk = 0; ; chunk++) {
      const some = only?.slice(chunk * 500, chunk * 500 + 500);
      if (some?.length === 0) break;
      const rows = await exec
        .selectFrom('ip_asset')
        .select(['id', 'kind', 'sub_type', 'status', 'filing_date', 'confidential'])
        .$if(!some, (q) => q.where('id', '>', last).limit(PAGE))
        .$if(!!some, (q) => q.where('id', 'in', some!))
        .orderBy('id')
        .execute();
      if (rows.length === 0) {
        if (some) continue;
        break;
      }
      const first = Number(rows[0]!.id);
      last = Number(rows[rows.length - 1]!.id);
      const base = ids.length;
      for (const r of rows) {
        ids.push(Number(r.id));
        confidential.push(Number(r.confidential) ? 1 : 0);
        single.kind.push(this.dict.kind.code(String(r.kind)));
        single.status.push(this.dict.status.code(String(r.status)));
        single.subType.push(r.sub_type === null ? -1 : this.dict.subType.code(r.sub_type));
        single.year.push(r.filing_date === null ? -1 : this.dict.year.code(r.filing_date.slice(0, 4)));
      }
      const at = new Map<number, number>();
      for (let i = base; i < ids.length; i++) at.set(ids[i]!, i);
      const listed = some ? rows.map((r) => Number(r.id)) : undefined;
      await this.readKeys(exec, first, last, at, listed);
      await this.readOwners(exec, first, last, at, listed);
    }
    this.size = ids.length;
    const maxId = ids.length ? ids[ids.length - 1]! : 0;
    this.posOf = new Int32Array(maxId + 1).fill(-1);
    ids.forEach((id, i) => (this.posOf[id] = i));
    for (const f of SINGLE) this.single[f] = Int32Array.from(single[f]);
    this.confidential = Uint8Array.from(confidential);
    for (const f of MULTI) this.multi[f].seal(this.size);
  }

  private async readKeys(
    exec: Executor,
    first: number,
    last: number,
    at: Map<number, number>,
    /** the page's ids when they are not a whole range */
    listed?: number[],
  ): Promise<void> {
    const keys = await exec
      .selectFrom('search_key')
      .select(['asset_id', 'k', 'v'])
      .where('k', 'in', ['ipc', 'nice'])
      .$if(!listed, (q) => q.where('asset_id', '>=', first).where('asset_id', '<=', last))
      .$if(!!listed, (q) => q.where('asset_id', 'in', listed!))
      .execute();
    for (const k of keys) {
      const p = at.get(Number(k.asset_id));
      if (p === undefined) continue;
      if (k.k === 'nice') {
        this.multi.nice.add(p, this.dict.nice.code(k.v));
        continue;
      }
      for (const f of ['ipcSection', 'ipcClass', 'ipcSubclass'] as const)
        this.multi[f].add(p, this.dict[f].code(k.v.slice(0, IPC_LEVEL[f])));
    }
  }

  private async readOwners(
    exec: Executor,
    first: number,
    last: number,
    at: Map<number, number>,
    listed?: number[],
  ): Promise<void> {
    const owners = await sql<{
      asset_id: number | string;
      entity_id: number | string;
      entity_name: string;
      street_code: string | null;
      street_name: string | null;
      industry: string | null;
    }>`SELECT o.asset_id, o.entity_id, e.name AS entity_name, e.street_code, s.name AS street_name, e.industry
      FROM ip_owner o JOIN entity e ON e.id = o.entity_id LEFT JOIN street s ON s.code = e.street_code
      WHERE ${
        listed
          ? sql`o.asset_id IN (${sql.join(listed)})`
          : sql`o.asset_id >= ${first} AND o.asset_id <= ${last}`
      }`.execute(exec);
    for (const o of owners.rows) {
      const p = at.get(Number(o.asset_id));
      if (p === undefined) continue;
      this.multi.entity.add(p, this.dict.entity.code(String(o.entity_id), o.entity_name));
      if (o.street_code !== null)
        this.multi.street.add(p, this.dict.street.code(o.street_code, o.street_name));
      if (o.industry !== null) this.multi.industry.add(p, this.dict.industry.code(o.industry));
    }
  }

  /** every asset id, ascending */
  ids(): Int32Array {
    if (!this.allIds) {
      this.allIds = new Int32Array(this.size);
      for (let id = 0; id < this.posOf.length; id++)
        if (this.posOf[id]! >= 0) this.allIds[this.posOf[id]!] = id;
    }
    return this.allIds;
  }

  /** true when the asset id is one of the snapshot's */
  has(id: number): boolean {
    return id < this.posOf.length && this.posOf[id]! >= 0;
  }

  /**
   * A test of asset ids: true when the asset is in the snapshot and one of its values of `facet` passes
   * `accept` (the values as the facet reports them: kind, sub-type and status codes, the filing year, IPC
   * section / class / subclass, Nice class, street code, entity id, industry).
   */
  matcher(facet: FacetName, accept: (value: string) => boolean): (id: number) => boolean {
    if (!Object.hasOwn(this.dict, facet)) throw unknownFacet(facet);
    const values = this.dict[facet].values;
    const ok = new Uint8Array(values.length);
    for (let c = 0; c < values.length; c++) ok[c] = accept(values[c]!) ? 1 : 0;
    const { posOf } = this;
    if ((SINGLE as readonly string[]).includes(facet)) {
      const codes = this.single[facet as SingleFacet];
      return (id) => {
        const p = id < posOf.length ? posOf[id]! : -1;
        if (p < 0) return false;
        const c = codes[p]!;
        return c >= 0 && ok[c] === 1;
      };
    }
    const { offsets, codes } = this.multi[facet as MultiFacet];
    return (id) => {
      const p = id < posOf.length ? posOf[id]! : -1;
      if (p < 0) return false;
      for (let j = offsets[p]!; j < offsets[p + 1]!; j++) if (ok[codes[j]!] === 1) return true;
      return false;
    };
  }

  /**
   * Every asset id (ascending) with a value of `facet` that passes `accept`: the matcher's set, read from the
   * facet's lists of ids per value (built on first use) instead of testing every asset.
   */
  idsWhere(facet: FacetName, accept: (value: string) => boolean): Int32Array {
    if (!Object.hasOwn(this.dict, facet)) throw unknownFacet(facet);
    const lists = this.idLists(facet);
    const values = this.dict[facet].values;
    const picked: Int32Array[] = [];
    for (let c = 0; c < values.length; c++) if (accept(values[c]!)) picked.push(lists[c]!);
    if (picked.length === 1) return picked[0]!;
    const all = this.ids();
    // an id listed under several picked values (IPC, owners) is kept once: mark positions, read them in order
    const mark = new Uint8Array(this.size);
    for (const list of picked) for (let i = 0; i < list.length; i++) mark[this.posOf[list[i]!]!] = 1;
    let n = 0;
    for (let p = 0; p < this.size; p++) n += mark[p]!;
    const out = new Int32Array(n);
    let k = 0;
    for (let p = 0; p < this.size; p++) if (mark[p]) out[k++] = all[p]!;
    return out;
  }

  private readonly lists = new Map<FacetName, Int32Array[]>();

  /** per value code of the facet: the ids holding it, ascending */
  private idLists(facet: FacetName): Int32Array[] {
    let lists = this.lists.get(facet);
    if (lists) return lists;
    const all = this.ids();
    const n = this.dict[facet].values.length;
    const count = new Int32Array(n);
    const single = (SINGLE as readonly string[]).includes(facet) ? this.single[facet as SingleFacet] : null;
    const multi = single ? null : this.multi[facet as MultiFacet];
    const each = (visit: (p: number, c: number) => void) => {
      for (let p = 0; p < this.size; p++) {
        if (single) {
          if (single[p]! >= 0) visit(p, single[p]!);
        } else for (let j = multi!.offsets[p]!; j < multi!.offsets[p + 1]!; j++) visit(p, multi!.codes[j]!);
      }
    };
    each((_, c) => count[c]!++);
    lists = Array.from(count, (k) => new Int32Array(k));
    const fill = new Int32Array(n);
    // positions ascend with ids, so each list comes out sorted
    each((p, c) => (lists![c]![fill[c]!++] = all[p]!));
    this.lists.set(facet, lists);
    return lists;
  }

  /** true for a confidential asset of the snapshot */
  isConfidential(id: number): boolean {
    const p = id < this.posOf.length ? this.posOf[id]! : -1;
    return p >= 0 && this.confidential[p] === 1;
  }

  /**
   * Total and facet counts of a set of asset ids (each at most once), top `limit` buckets per facet. A set
   * holding more than half of the assets is counted through the rest: the counts of everything (kept) minus
   * those of the assets not in the set — the same numbers, with less than half the work.
   */
  count(
    ids: ArrayLike<number>,
    facets: readonly FacetName[],
    limit: number,
  ): { total: number; facets: Partial<Record<FacetName, FacetBucket[]>> } {
    const { posOf } = this;
    let pos = new Int32Array(ids.length);
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const p = id < posOf.length ? posOf[id]! : -1;
      if (p >= 0) pos[n++] = p;
    }
    const complement = n > this.size / 2;
    if (complement) {
      const inSet = new Uint8Array(this.size);
      for (let i = 0; i < n; i++) inSet[pos[i]!] = 1;
      const rest = new Int32Array(this.size - n);
      let k = 0;
      for (let p = 0; p < this.size; p++) if (inSet[p] === 0) rest[k++] = p;
      pos = rest.subarray(0, k);
    } else pos = pos.subarray(0, n);
    const out: Partial<Record<FacetName, FacetBucket[]>> = {};
    for (const f of new Set(facets)) {
      if (!Object.hasOwn(this.dict, f)) throw unknownFacet(f);
      const tally = this.tally(f, pos);
      if (complement) {
        const all = this.tallyAll(f);
        for (let c = 0; c < tally.length; c++) tally[c] = all[c]! - tally[c]!;
      }
      out[f] = this.buckets(f, tally, limit);
    }
    return { total: ids.length, facets: out };
  }

  private readonly everything = new Map<FacetName, Int32Array>();

  /** the counts of every asset (kept) */
  private tallyAll(f: FacetName): Int32Array {
    let t = this.everything.get(f);
    if (!t) {
      const all = new Int32Array(this.size);
      for (let p = 0; p < this.size; p++) all[p] = p;
      this.everything.set(f, (t = this.tally(f, all)));
    }
    return t;
  }

  private tally(f: FacetName, pos: Int32Array): Int32Array {
    const n = new Int32Array(this.dict[f].values.length);
    if ((SINGLE as readonly string[]).includes(f)) {
      const codes = this.single[f as SingleFacet];
      for (let i = 0; i < pos.length; i++) {
        const c = codes[pos[i]!]!;
        if (c >= 0) n[c]!++;
      }
      return n;
    }
    const { offsets, codes } = this.multi[f as MultiFacet];
    for (let i = 0; i < pos.length; i++) {
      const p = pos[i]!;
      const end = offsets[p + 1]!;
      for (let j = offsets[p]!; j < end; j++) n[codes[j]!]!++;
    }
    return n;
  }

  private buckets(f: FacetName, n: Int32Array, limit: number): FacetBucket[] {
    const d = this.dict[f];
    const before = (x: number, y: number) => n[x]! > n[y]! || (n[x] === n[y] && d.values[x]! < d.values[y]!);
    // the `limit` first codes by count, then value: kept sorted, a code enters only when it beats the last
    const top: number[] = [];
    for (let c = 0; c < n.length; c++) {
      if (n[c]! <= 0) continue;
      if (top.length >= limit && !before(c, top[top.length - 1]!)) continue;
      let at = top.length;
      while (at > 0 && before(c, top[at - 1]!)) at--;
      top.splice(at, 0, c);
      if (top.length > limit) top.pop();
    }
    return top.map((c) => {
      const b: FacetBucket = { value: d.values[c]!, count: n[c]! };
      if (d.labels[c]) b.label = d.labels[c];
      return b;
    });
  }
}

/**
 * The facet snapshot of the current data version, rebuilt in the background when the version moves. A build
 * runs without a long transaction (a page at a time, so writers are not held up): it reads the version
 * before and after, and keeps the snapshot only when no write came in between.
 */
export class FacetSnapshots {
  private current?: FacetSnapshot;
  private building?: Promise<FacetSnapshot | undefined>;
  /** when the last background build was thrown away because writes moved the version (ms since epoch) */
  private lastDiscarded = 0;

  constructor(
    private readonly exec: Executor,
    /** the data version now (the audit log head) */
    private readonly version: () => Promise<number>,
    /** after a build that writes overtook, the next background build waits this long (during an import) */
    private readonly retryAfterMs = 10_000,
    /**
     * The assets whose facet values may differ between two versions, or null when that cannot be told (then
     * everything is read again); with it a new version is a patch of the current snapshot.
     */
    private readonly changedBetween?: (from: number, to: number) => Promise<number[] | null>,
  ) {}

  /** The snapshot of `version`, or undefined while there is none (a build of the current one is started). */
  at(version: number): FacetSnapshot | undefined {
    if (this.current?.version === version) return this.current;
    if (!this.closed && Date.now() - this.lastDiscarded >= this.retryAfterMs)
      void this.build()
        .then((s) => {
          if (!s) this.lastDiscarded = Date.now();
        })
        .catch(() => undefined);
    return undefined;
  }

  /**
   * The snapshot of `version`: the current one, or the current one patched now when the writes since name few
   * assets (a fraction of a second at a million records, so the first search after an edit is not left to
   * SQL); otherwise undefined and a build starts in the background, as `at`.
   */
  async atOrPatch(version: number): Promise<FacetSnapshot | undefined> {
    if (this.current?.version === version) return this.current;
    const base = this.current;
    if (base && !this.building && !this.closed && this.changedBetween) {
      const changed = await this.changedBetween(base.version, version);
      if (changed && changed.length <= PATCH_INLINE) {
        this.building ??= (async () => {
          try {
            const patched = await FacetSnapshot.patch(base, this.exec, changed, version);
            if (this.current === base) this.current = patched;
            return patched;
          } finally {
            this.building = undefined;
          }
        })();
        const s = await this.building;
        if (s?.version === version) return s;
      }
    }
    return this.at(version);
  }

  /** The snapshot of the current data version, built now if needed (undefined when writes kept moving it). */
  async ready(): Promise<FacetSnapshot | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const version = await this.version();
      if (this.current?.version === version) return this.current;
      await this.build();
    }
    return undefined;
  }

  private closed = false;

  /** No new background builds; resolves when the one in progress (if any) has ended. */
  async close(): Promise<void> {
    this.closed = true;
    await this.building?.catch(() => undefined);
  }

  private build(): Promise<FacetSnapshot | undefined> {
    this.building ??= (async () => {
      try {
        const before = await this.version();
        if (this.current?.version === before) return this.current;
        const base = this.current;
        const changed = base && this.changedBetween ? await this.changedBetween(base.version, before) : null;
        const snapshot =
          base && changed && changed.length <= PATCH_MAX
            ? await FacetSnapshot.patch(base, this.exec, changed, before)
            : await FacetSnapshot.load(this.exec, before);
        if ((await this.version()) !== before) return undefined;
        this.current = snapshot;
        return snapshot;
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }
}
