import { request } from '../../../lib/api.ts';
import type { Entity, EntityInput } from '../types.ts';

/** Change an entity; `version` guards against overwriting someone else's change (If-Match). */
export function updateEntity(id: number, patch: Partial<EntityInput>, version: number): Promise<Entity> {
  return request<Entity>(`/entities/${id}`, {
    method: 'PATCH',
    body: patch,
    headers: { 'if-match': `"${version}"` },
  });
}
