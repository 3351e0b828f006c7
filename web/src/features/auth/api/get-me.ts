import { request } from '../../../lib/api.ts';
import type { Me } from '../types.ts';

/** The current user and rights (role `public` when not logged in). */
export function getMe(signal?: AbortSignal): Promise<Me> {
  return request<Me>('/auth/me', { signal });
}
