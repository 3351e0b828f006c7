import { request } from '../../../lib/api.ts';

export function logout(): Promise<void> {
  return request<void>('/auth/logout', { method: 'POST' });
}
