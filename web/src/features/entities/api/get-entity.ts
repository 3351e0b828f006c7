import { request } from '../../../lib/api.ts';
import type { EntityDetail } from '../types.ts';

/** One entity with its portfolio summary (and private fields when the caller may see them). */
export function getEntity(id: number, signal?: AbortSignal): Promise<EntityDetail> {
  return request<EntityDetail>(`/entities/${id}`, { signal });
}
