import { request } from '../../../lib/api.ts';
import type { AssetHighValue, Pledge, PledgeInput } from '../types.ts';

export function getAssetHighValue(assetId: number, signal?: AbortSignal): Promise<AssetHighValue> {
  return request(`/assets/${assetId}/high-value`, { signal });
}

export function setHighValueMark(
  assetId: number,
  category: 'foreign_family' | 'award',
  body: { since: string; note?: string | null },
): Promise<AssetHighValue> {
  return request(`/assets/${assetId}/high-value/marks/${category}`, { method: 'PUT', body });
}

export function deleteHighValueMark(
  assetId: number,
  category: 'foreign_family' | 'award',
): Promise<AssetHighValue> {
  return request(`/assets/${assetId}/high-value/marks/${category}`, { method: 'DELETE' });
}

export function getPledges(assetId: number, signal?: AbortSignal): Promise<{ items: Pledge[] }> {
  return request(`/assets/${assetId}/pledges`, { signal });
}

export function addPledge(assetId: number, p: PledgeInput): Promise<Pledge> {
  return request(`/assets/${assetId}/pledges`, { method: 'POST', body: p });
}

export function releasePledge(
  assetId: number,
  pledgeId: number,
  releaseDate: string | null,
): Promise<Pledge> {
  return request(`/assets/${assetId}/pledges/${pledgeId}/release`, { method: 'PUT', body: { releaseDate } });
}
