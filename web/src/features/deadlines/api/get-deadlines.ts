import { request } from '../../../lib/api.ts';
import type { DeadlineFilter, DeadlineItem } from '../types.ts';

/** Region-wide deadlines with their rights, by due date (offset paging). */
export function getDeadlines(
  filter: DeadlineFilter & { limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<{ items: DeadlineItem[]; total: number }> {
  return request('/deadlines', { query: { ...filter }, signal });
}
