import { request } from '../../../lib/api.ts';
import type { Schedule } from '../types.ts';

/** The deadlines of one right (annual fees or trademark renewals), as of today unless `asOf` is given. */
export function getAssetDeadlines(assetId: number, asOf?: string, signal?: AbortSignal): Promise<Schedule> {
  return request<Schedule>(`/assets/${assetId}/deadlines`, { query: { asOf }, signal });
}
