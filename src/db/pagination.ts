import { RuleError } from '../domain/errors.ts';

/** Opaque keyset cursor: the sort value and id of the last row of the previous page. */
export interface Cursor {
  v: string | number | null;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (!s) return undefined;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'number') throw new Error('no id');
    return c;
  } catch {
    throw new RuleError('BAD_CURSOR', 'the cursor is not one this server issued', [
      { field: 'cursor', reason: 'malformed cursor' },
    ]);
  }
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** `-filingDate` → { key: 'filingDate', desc: true }, checked against the allowed keys. */
export function parseSort<K extends string>(
  sort: string | undefined,
  allowed: readonly K[],
  fallback: K,
): { key: K; desc: boolean } {
  if (!sort) return { key: fallback, desc: false };
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as K;
  if (!allowed.includes(key))
    throw new RuleError('BAD_SORT', `cannot sort by "${key}"`, [
      { field: 'sort', reason: `must be one of ${allowed.join(', ')} (prefix - for descending)` },
    ]);
  return { key, desc };
}

/** The cursor after a full page: the last row's sort value and id; null when the page was the last one. */
export function nextCursorOf<R extends { id: number }>(
  rows: readonly R[],
  limit: number,
  sortColumn: string,
): string | null {
  const last = rows[rows.length - 1];
  if (rows.length < limit || !last) return null;
  const v = (last as unknown as Record<string, string | number | null>)[sortColumn] ?? null;
  return encodeCursor({ v, id: Number(last.id) });
}
