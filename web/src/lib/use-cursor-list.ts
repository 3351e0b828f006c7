import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from './api.ts';

export type PageFetcher<T> = (
  cursor: string | undefined,
  limit: number,
  signal?: AbortSignal,
) => Promise<Page<T>>;

export interface CursorList<T> {
  items: T[];
  total: number;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

/**
 * A list paged by the server's opaque cursor: the first page loads whenever `key` (the filter and sort)
 * changes, `loadMore` appends the next one.
 */
export function useCursorList<T>(fetchPage: PageFetcher<T>, key: string, pageSize = 50): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  useEffect(() => {
    const gen = ++generation.current;
    const ac = new AbortController();
    setLoading(true);
    setError(undefined);
    fetchRef.current(undefined, pageSize, ac.signal).then(
      (p) => {
        if (gen !== generation.current) return;
        setItems(p.items);
        setTotal(p.total);
        setCursor(p.nextCursor);
        setLoading(false);
      },
      (e: unknown) => {
        if (gen !== generation.current) return;
        setError(e);
        setItems([]);
        setLoading(false);
      },
    );
    return () => ac.abort();
  }, [key, tick, pageSize]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    const gen = generation.current;
    setLoadingMore(true);
    fetchRef.current(cursor, pageSize).then(
      (p) => {
        if (gen !== generation.current) return;
        setItems((cur) => [...cur, ...p.items]);
        setTotal(p.total);
        setCursor(p.nextCursor);
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (gen !== generation.current) return;
        setError(e);
        setLoadingMore(false);
      },
    );
  }, [cursor, pageSize]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { items, total, loading, loadingMore, error, hasMore: cursor !== null, loadMore, reload };
}

/** Page through the whole filtered list (for exports), reporting progress. */
export async function fetchAllPages<T>(
  fetchPage: PageFetcher<T>,
  onProgress?: (loaded: number, total: number) => void,
  pageSize = 500,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await fetchPage(cursor, pageSize);
    out.push(...p.items);
    onProgress?.(out.length, p.total);
    if (!p.nextCursor || p.items.length === 0) break;
    cursor = p.nextCursor;
  }
  return out;
}
