import { request } from '../../../lib/api.ts';
import type { Entity, EntityInput } from '../types.ts';

export function createEntity(input: EntityInput): Promise<Entity> {
  return request<Entity>('/entities', { method: 'POST', body: input });
}
