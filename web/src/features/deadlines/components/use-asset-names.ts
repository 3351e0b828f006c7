import { useEffect, useState } from 'react';
import { getAsset } from '../../assets/api/get-asset.ts';
import { mainNumber } from '../../assets/components/asset-number.ts';

export interface AssetName {
  title: string | null;
  number: string;
}

/**
 * Titles and numbers of the rights with these ids, loaded as they are first asked for (a page of a
 * list at a time) and kept. A right that cannot be loaded keeps no name; the caller shows its id.
 */
export function useAssetNames(ids: readonly number[]): Map<number, AssetName> {
  const [names, setNames] = useState<Map<number, AssetName>>(new Map());
  const key = [...new Set(ids)].sort((a, b) => a - b).join(',');

  useEffect(() => {
    const missing = key
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((id) => !names.has(id));
    if (missing.length === 0) return;
    const ac = new AbortController();
    void Promise.allSettled(missing.map((id) => getAsset(id, ac.signal))).then((results) => {
      if (ac.signal.aborted) return;
      setNames((prev) => {
        const next = new Map(prev);
        for (const r of results)
          if (r.status === 'fulfilled')
            next.set(r.value.id, { title: r.value.title, number: mainNumber(r.value) });
        return next;
      });
    });
    return () => ac.abort();
  }, [key]);

  return names;
}
