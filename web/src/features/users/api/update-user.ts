import { request } from '../../../lib/api.ts';
import type { PublicUser } from '../../auth/types.ts';

export function updateUser(
  id: number,
  patch: {
    password?: string;
    displayName?: string;
    role?: string;
    entityId?: number | null;
    email?: string | null;
    active?: boolean;
  },
): Promise<PublicUser> {
  return request<PublicUser>(`/users/${id}`, { method: 'PATCH', body: patch });
}
