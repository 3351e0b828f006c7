/**
 * In-memory counting index over analytics_validity, per scope (region, and region|street) and kind_key: sorted
 * day numbers of validity starts and ends, high-value starts and ends, filing and registration dates. Every count
 * the indicators need is then two binary searches (valid on D = starts ≤ D − ends ≤ D), whatever the date, so past
 * dates cost what today costs. Built once per data version, patched for single-right writes.
 */

export interface CountRow {
  region_code: string | null;
  street_code: string | null;
  kind_key: string;
  valid_from: string | null;
  valid_to: string | null;
  hv_from: string | null;
  filing_date: string | null;
  registration_date: string | null;
}

/** `2025-12-31` → 20251231 (order-preserving). */
export function dayNum(d: string): number {
  const c = (i: number) => d.charCodeAt(i) - 48;
  return (
    c(0) * 10_000_000 +
    c(1) * 1_000_000 +
    c(2) * 100_000 +
    c(3) * 10_000 +
    c(5) * 1000 +
    c(6) * 100 +
    c(8) * 10 +
    c(9)
  );
}

const SERIES = ['from', 'to', 'hvFrom', 'hvTo', 'filed', 'registered'] as const;
type SeriesKey = (typeof SERIES)[number];

/** Sorted day numbers; plain arrays while loading, typed arrays (fast numeric sort, compact) once finished. */
type Series = Record<SeriesKey, number[] | Int32Array>;

const newSeries = (): Series => ({ from: [], to: [], hvFrom: [], hvTo: [], filed: [], registered: [] });

/** Number of elements ≤ x in a sorted array. */
function countLe(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function inserted(a: Int32Array, x: number): Int32Array {
  const i = countLe(a, x);
  const out = new Int32Array(a.length + 1);
  out.set(a.subarray(0, i));
  out[i] = x;
  out.set(a.subarray(i), i + 1);
  return out;
}

function removed(a: Int32Array, x: number): Int32Array {
  const i = countLe(a, x) - 1;
  if (i < 0 || a[i] !== x) return a;
  const out = new Int32Array(a.length - 1);
  out.set(a.subarray(0, i));
  out.set(a.subarray(i + 1), i);
  return out;
}

/** Call `put(series, day)` for each value one row contributes (nothing for a right never valid). */
function contribute(r: CountRow, put: (k: SeriesKey, v: number) => void): void {
  if (r.filing_date) put('filed', dayNum(r.filing_date));
  if (r.registration_date) put('registered', dayNum(r.registration_date));
  if (!r.valid_from) return;
  put('from', dayNum(r.valid_from));
  if (r.valid_to) put('to', dayNum(r.valid_to));
  if (r.hv_from) {
    const start = r.hv_from > r.valid_from ? r.hv_from : r.valid_from;
    if (r.valid_to === null || start < r.valid_to) {
      put('hvFrom', dayNum(start));
      if (r.valid_to) put('hvTo', dayNum(r.valid_to));
    }
  }
}

export class CountIndex {
  private readonly scopes = new Map<string, Map<string, Series>>();
  private readonly sizes = new Map<string, number>();
  private sorted = true;

  static scopeKey(region: string, street?: string): string {
    return street ? `${region}|${street}` : region;
  }

  private series(scope: string, kind: string): Series {
    let kinds = this.scopes.get(scope);
    if (!kinds) this.scopes.set(scope, (kinds = new Map()));
    let s = kinds.get(kind);
    if (!s) kinds.set(kind, (s = newSeries()));
    return s;
  }

  private scopesOf(r: CountRow): string[] {
    if (!r.region_code) return [];
    const out = [r.region_code];
    if (r.street_code) out.push(CountIndex.scopeKey(r.region_code, r.street_code));
    return out;
  }

  /** Bulk load (call finish() after the last row). */
  push(r: CountRow): void {
    for (const scope of this.scopesOf(r)) {
      this.sizes.set(scope, (this.sizes.get(scope) ?? 0) + 1);
      const s = this.series(scope, r.kind_key);
      contribute(r, (k, v) => (s[k] as number[]).push(v));
    }
    this.sorted = false;
  }

  finish(): void {
    for (const kinds of this.scopes.values())
      for (const s of kinds.values()) for (const k of SERIES) s[k] = Int32Array.from(s[k]).sort();
    this.sorted = true;
  }

  /** Replace the contribution of one right (old row → new row, either may be absent). */
  patch(before: CountRow | undefined, after: CountRow | undefined): void {
    if (!this.sorted) this.finish();
    if (before)
      for (const scope of this.scopesOf(before)) {
        this.sizes.set(scope, (this.sizes.get(scope) ?? 1) - 1);
        const s = this.series(scope, before.kind_key);
        contribute(before, (k, v) => (s[k] = removed(Int32Array.from(s[k]), v)));
      }
    if (after)
      for (const scope of this.scopesOf(after)) {
        this.sizes.set(scope, (this.sizes.get(scope) ?? 0) + 1);
        const s = this.series(scope, after.kind_key);
        contribute(after, (k, v) => (s[k] = inserted(Int32Array.from(s[k]), v)));
      }
  }

  private get(scope: string, kind: string): Series | undefined {
    return this.scopes.get(scope)?.get(kind);
  }

  validOn(scope: string, kind: string, date: string): number {
    const s = this.get(scope, kind);
    if (!s) return 0;
    const d = dayNum(date);
    return countLe(s.from, d) - countLe(s.to, d);
  }

  highValueOn(scope: string, kind: string, date: string): number {
    const s = this.get(scope, kind);
    if (!s) return 0;
    const d = dayNum(date);
    return countLe(s.hvFrom, d) - countLe(s.hvTo, d);
  }

  private between(a: ArrayLike<number> | undefined, from: string, to: string): number {
    if (!a) return 0;
    return countLe(a, dayNum(to)) - countLe(a, dayNum(from) - 1);
  }

  filedBetween(scope: string, kind: string, from: string, to: string): number {
    return this.between(this.get(scope, kind)?.filed, from, to);
  }

  registeredBetween(scope: string, kind: string, from: string, to: string): number {
    return this.between(this.get(scope, kind)?.registered, from, to);
  }

  size(scope: string): number {
    return this.sizes.get(scope) ?? 0;
  }
}
