import { request } from '../../../lib/api.ts';
import type { NotificationPage } from '../types.ts';

/** My notifications, newest first, with the unread count. */
export function getNotifications(
  p: { cursor?: string; limit?: number; unread?: boolean },
  signal?: AbortSignal,
): Promise<NotificationPage> {
  return request<NotificationPage>('/notifications', { query: { ...p }, signal });
}
