import { request, type Page } from '../../../lib/api.ts';
import type { Asset, AssetFilter } from '../types.ts';

/** One page of IP assets matching the filter (cursor paging). */
export function getAssets(
  filter: AssetFilter & { cursor?: string; limit?: number },
  signal?: AbortSignal,
): Promise<Page<Asset>> {
  return request<Page<Asset>>('/assets', { query: { ...filter }, signal });
}
