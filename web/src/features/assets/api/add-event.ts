import { request } from '../../../lib/api.ts';
import type { Asset } from '../types.ts';

/** Record a legal-status event (CNIPA code such as CF01, RR01, PE01); answers the asset, status re-derived. */
export function addEvent(
  assetId: number,
  event: { code: string; date: string; note?: string },
): Promise<Asset> {
  return request<Asset>(`/assets/${assetId}/events`, { method: 'POST', body: event });
}
