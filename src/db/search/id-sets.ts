/** Sets of asset ids as ascending Int32Arrays: the operations memory-search.ts combines a query with. */

/** true when the sorted set holds the id (binary search) */
export function has(set: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = set[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** the ids in both sorted sets (the smaller one probed into the larger one when much smaller) */
export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Int32Array(a.length);
  let k = 0;
  if (a.length * 16 < b.length) {
    for (let i = 0; i < a.length; i++) if (has(b, a[i]!)) out[k++] = a[i]!;
    return out.subarray(0, k);
  }
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if (j < b.length && b[j] === x) out[k++] = x;
  }
  return out.subarray(0, k);
}

/** the ids in either sorted set */
export function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out.subarray(0, k);
}

/** the ids of `a` not in `b` (both sorted) */
export function except(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let j = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if (!(j < b.length && b[j] === x)) out[k++] = x;
  }
  return out.subarray(0, k);
}

/** the ids of `a` that `keep` accepts, in order */
export function filter(a: Int32Array, keep: (id: number) => boolean): Int32Array {
  const out = new Int32Array(a.length);
  let k = 0;
  for (let i = 0; i < a.length; i++) if (keep(a[i]!)) out[k++] = a[i]!;
  return out.subarray(0, k);
}
