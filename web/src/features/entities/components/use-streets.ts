import { useEffect, useState } from 'react';
import { getStreets } from '../api/get-streets.ts';
import type { Street } from '../types.ts';

let cache: Promise<Street[]> | undefined;

/** The streets (街道) of the region, loaded once per page load. */
export function useStreets(): { streets: Street[]; byCode: Map<string, string> } {
  const [streets, setStreets] = useState<Street[]>([]);
  useEffect(() => {
    let live = true;
    cache ??= getStreets().catch((e: unknown) => {
      cache = undefined;
      throw e;
    });
    cache.then(
      (s) => live && setStreets(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return { streets, byCode: new Map(streets.map((s) => [s.code, s.name])) };
}
