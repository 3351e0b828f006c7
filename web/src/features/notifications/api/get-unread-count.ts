import { request } from '../../../lib/api.ts';

/** How many of my notifications are unread. */
export function getUnreadCount(signal?: AbortSignal): Promise<{ unread: number }> {
  return request('/notifications/unread-count', { signal });
}
