import { request } from '../../../lib/api.ts';
import type { Asset, AssetInput } from '../types.ts';

/** Register an IP right by hand; it goes through the same rules as an import. */
export function createAsset(input: AssetInput): Promise<Asset> {
  return request<Asset>('/assets', { method: 'POST', body: input });
}
