import { request } from '../../../lib/api.ts';
import type { Asset } from '../types.ts';

/** One asset with its owners and legal events. */
export function getAsset(id: number, signal?: AbortSignal): Promise<Asset> {
  return request<Asset>(`/assets/${id}`, { signal });
}
