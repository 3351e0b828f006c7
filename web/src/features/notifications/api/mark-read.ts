import { request } from '../../../lib/api.ts';

/** Mark notifications read: the given ids, or all of mine. */
export function markRead(ids: number[] | 'all'): Promise<{ updated: number; unread: number }> {
  return request('/notifications/read', { method: 'POST', body: ids === 'all' ? { all: true } : { ids } });
}
