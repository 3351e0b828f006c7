import { request, type Page } from '../../../lib/api.ts';
import type { Entity, EntityFilter } from '../types.ts';

/** One page of market entities matching the filter (cursor paging). */
export function getEntities(
  filter: EntityFilter & { cursor?: string; limit?: number },
  signal?: AbortSignal,
): Promise<Page<Entity>> {
  return request<Page<Entity>>('/entities', { query: { ...filter }, signal });
}
