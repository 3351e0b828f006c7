import { request } from '../../../lib/api.ts';
import type { Street } from '../types.ts';

/** Streets (街道) of a region, the default region when none is given. */
export function getStreets(region?: string, signal?: AbortSignal): Promise<Street[]> {
  return request<Street[]>('/streets', { query: { region }, signal });
}
