import { request } from '../../../lib/api.ts';
import type { PublicUser } from '../../auth/types.ts';

export function getUsers(signal?: AbortSignal): Promise<PublicUser[]> {
  return request<PublicUser[]>('/users', { signal });
}
