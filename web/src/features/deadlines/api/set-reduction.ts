import { request } from '../../../lib/api.ts';
import type { ReductionInput, Schedule } from '../types.ts';

/** 费减备案: record the fee reduction of a right; answers the new schedule. */
export function setReduction(assetId: number, reduction: ReductionInput): Promise<Schedule> {
  return request<Schedule>(`/assets/${assetId}/reduction`, { method: 'PUT', body: reduction });
}
